import Foundation
import Logging
import Testing
import VigieDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// Socket activation through `systemd-socket-activate`, which passes a real listening socket.
@Suite struct ListenFdsTests {
    @Test func socketActivationHandsOverTheEventsSocket() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let socketPath = dir.path("events.sock")
        let activator = try Child(
            "/usr/bin/systemd-socket-activate",
            [
                "-l", socketPath, "--fdname=events",
                binDirectory().appendingPathComponent("vigie-systemd-probe").path, "listen",
            ],
            environment: childEnvironment(), in: dir)
        defer { activator.signal(SIGKILL) }
        // systemd-socket-activate binds first, then starts the probe on the first connection.
        let greeting = try await connectAndRead(socketPath)
        #expect(greeting.hasPrefix("hello from probe pid"))
        #expect(await activator.wait() == 0)
        let report = activator.stdout
        #expect(report.contains("count=1"), "\(report)")
        #expect(report.contains("socket=3:events"))
        #expect(report.contains("events=3 path=\(socketPath)"))
        // Unset once read, so children of the daemon do not claim the socket.
        #expect(report.contains("env-after=unset"))
    }

    @Test(arguments: [
        [String: String](),
        ["LISTEN_FDS": "1", "LISTEN_PID": "1", "LISTEN_FDNAMES": "events"],
    ])
    func noSocketWhenSystemdPassedNoneToThisProcess(environment: [String: String]) async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path, ["listen"],
            environment: childEnvironment(environment), in: dir)
        #expect(await probe.wait() == 0)
        #expect(probe.stdout.contains("count=0"))
        #expect(probe.stdout.contains("events=none"))
    }

    /// Connects (retrying until the path exists) and reads until EOF.
    func connectAndRead(_ path: String) async throws -> String {
        for _ in 0..<250 {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if connected == 0 {
                var data: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 512)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count <= 0 { break }
                    data += buffer.prefix(count)
                }
                close(fd)
                return String(decoding: data, as: UTF8.self)
            }
            close(fd)
            try await Task.sleep(for: .milliseconds(20))
        }
        throw SupportError("could not connect to \(path)")
    }
}

/// The log handler: readable lines on a terminal, structured journal entries under systemd.
@Suite struct LoggingTests {
    @Test func journalFieldNamesAreUppercaseAndSafe() {
        #expect(SystemdLogHandler.journalFieldName("dispatch") == "DISPATCH")
        #expect(SystemdLogHandler.journalFieldName("seq") == "SEQ")
        #expect(SystemdLogHandler.journalFieldName("event.count") == "EVENT_COUNT")
        #expect(SystemdLogHandler.journalFieldName("_pid") == "PID")
        #expect(SystemdLogHandler.journalFieldName("2fast") == "FAST")
        #expect(SystemdLogHandler.journalFieldName("message") == "META_MESSAGE")
        #expect(SystemdLogHandler.journalFieldName("é") == nil)
    }

    @Test func prioritiesFollowSyslog() {
        #expect(SystemdLogHandler.syslogPriority(.debug) == 7)
        #expect(SystemdLogHandler.syslogPriority(.info) == 6)
        #expect(SystemdLogHandler.syslogPriority(.warning) == 4)
        #expect(SystemdLogHandler.syslogPriority(.error) == 3)
        #expect(SystemdLogHandler.syslogPriority(.critical) == 2)
    }

    @Test func terminalLinesAreReadable() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path, ["log"],
            environment: childEnvironment(), in: dir)
        #expect(await probe.wait() == 0)
        #expect(probe.stdout.contains("output=terminal"))
        #expect(
            probe.stderr.contains("info [vigie.probe] Dispatch processed dispatch=a.txt event.count=3 seq=42"),
            "\(probe.stderr)")
        #expect(probe.stderr.contains("error [vigie.probe] Dispatch refused dispatch=b.bin reason=binary"))
    }

    /// stderr is "the journal" when JOURNAL_STREAM names its device and inode. Where journald
    /// does not run (these machines), entries become `<N>`-prefixed lines on stderr.
    @Test func journalStreamIsDetectedAndFallsBackToPriorityPrefixes() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let stderrPath = dir.path("stream")
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        var info = stat()
        #expect(stat(stderrPath, &info) == 0)
        let process = Process()
        process.executableURL = try binDirectory().appendingPathComponent("vigie-systemd-probe")
        process.arguments = ["log"]
        process.environment = childEnvironment(["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)"])
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        let stdoutPath = dir.path("stdout")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        let printed = try String(contentsOfFile: stdoutPath, encoding: .utf8)
        guard access("/run/systemd/journal/socket", W_OK) != 0 else {
            #expect(printed.contains("output=journal"))
            return
        }
        #expect(printed.contains("output=priorityPrefixed"))
        do {
            let lines = try String(contentsOfFile: stderrPath, encoding: .utf8)
            #expect(lines.contains("<6>Dispatch processed dispatch=a.txt event.count=3 seq=42"), "\(lines)")
            #expect(lines.contains("<3>Dispatch refused dispatch=b.bin reason=binary"))
        }
    }

    /// The structured entries themselves, received on a journal socket of our own: in a private
    /// mount namespace, /run/systemd gets a tmpfs and socat listens at the path libsystemd uses.
    @Test func journalEntriesCarryStructuredFields() async throws {
        guard getuid() == 0 else { try Test.cancel("needs root for a private mount namespace (unshare)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/socat") else {
            try Test.cancel("socat is not installed (scripts/install-deps.sh installs it)")
        }
        let dir = try TempDir()
        defer { dir.remove() }
        let probe = try binDirectory().appendingPathComponent("vigie-systemd-probe").path
        let received = dir.path("journal")
        let script = """
            set -e
            mount -t tmpfs tmpfs /run/systemd
            mkdir -p /run/systemd/journal
            socat -u UNIX-RECV:/run/systemd/journal/socket OPEN:\(received),creat,append &
            for i in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.02; done
            '\(probe)' log --output journal
            sleep 0.3
            kill $!
            """
        let result = try await run(
            "/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script])
        // Root with unshare, mount and socat present: a failing script is a failure, not a skip.
        try #require(result.status == 0, "could not set up a private journal socket: \(result.output)")
        let entries = try String(contentsOfFile: received, encoding: .utf8)
        #expect(entries.contains("MESSAGE=Dispatch processed dispatch=a.txt event.count=3 seq=42\n"), "\(entries)")
        #expect(entries.contains("PRIORITY=6\n"))
        #expect(entries.contains("PRIORITY=3\n"))
        #expect(entries.contains("DISPATCH=a.txt\n"))
        #expect(entries.contains("SEQ=42\n"))
        #expect(entries.contains("EVENT_COUNT=3\n"))
        #expect(entries.contains("SYSLOG_IDENTIFIER=vigied\n"))
        #expect(entries.contains("REASON=binary\n"))
    }
}
