import Foundation
import Testing
import VigieDaemon
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

// Faults of issue 7 that the other end-to-end tests do not already cover (repeated kill -9
// during ingestion and a torn last record are in CrashTests; a state path that is a file in
// DropDirectoryTests.badConfigurationAndUnusableStateExitNonZeroWithAMessage). `make
// test-faults` runs this suite alone.

/// A field of /proc/<pid>/status in KiB (`VmRSS`, `VmHWM`), or nil once the process is gone.
func procStatusKiB(_ pid: Int32, _ field: String) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}

/// A blocking Unix-socket client speaking the subscriber protocol, line by line.
final class LineClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(socketPath: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8)
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if ok != 0 {
            close(fd)
            throw TimedOut(description: "cannot connect to \(socketPath): errno \(errno)")
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The next complete line, or nil at end of stream (a partial last line is dropped, as a
    /// client must when the connection breaks).
    func readLine() -> String? {
        while true {
            if let nl = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            buffer += chunk[..<n]
        }
    }

    /// The seq of an event line, nil for any other line.
    static func eventSeq(_ line: String) -> UInt64? {
        guard line.hasPrefix("{\"type\":\"event\",\"seq\":") else { return nil }
        let digits = line.dropFirst("{\"type\":\"event\",\"seq\":".count).prefix { $0.isNumber }
        return UInt64(digits)
    }
}

/// A synthetic event, as the extractor would log it, for logs built in-process.
func syntheticRecord(_ i: Int) -> EventRecord {
    EventRecord(
        id: "fault-\(i)",
        dispatch: DispatchRef(name: "d\(i).txt", sha256: String(repeating: "0", count: 64), published: "2020-10-04"),
        event: EventType.allCases[i % EventType.allCases.count], mode: nil,
        actor: [Entity(text: "les forces azerbaïdjanaises", country: "AZE")],
        recipient: [Entity(text: "Stepanakert", country: "ARM")], date: "2020-10-04",
        evidence: Evidence(text: "Preuve \(i) " + String(repeating: "x", count: 300), start: 0, end: 8),
        confidence: 0.8, coder: Coder(name: "fault", version: "1", lexicon: "1"))
}

func buildLog(state: String, events: Int) throws {
    var configuration = EventLogConfiguration(directory: state + "/log")
    configuration.fsync = .never
    let log = try EventLog(configuration: configuration)
    defer { log.close() }
    for start in stride(from: 0, to: events, by: 5000) {
        _ = try log.append((start..<min(start + 5000, events)).map(syntheticRecord))
    }
}

@Suite(.serialized) struct FaultTests {
    /// kill -9 while a subscriber replays a 30,000-event log, three times: each time the
    /// subscriber resumes with since = last seq + 1 and, in the end, has seen 1...N exactly once
    /// and in order.
    @Test func killNineDuringSubscriberReplayLosesAndRepeatsNothing() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        let total: UInt64 = 30_000
        try buildLog(state: d.state, events: Int(total))
        var seen: [UInt64] = []
        var kills = 0
        try d.start()
        while seen.last ?? 0 < total {
            let client = try LineClient(socketPath: d.socket)
            client.send("{\"op\":\"subscribe\",\"since\":\((seen.last ?? 0) + 1)}")
            var thisRound = 0
            while let line = client.readLine() {
                if let seq = LineClient.eventSeq(line) {
                    seen.append(seq)
                    thisRound += 1
                    if seq == total { break }
                } else if line.contains("\"type\":\"gap\"") || line.contains("\"type\":\"error\"") {
                    Issue.record("unexpected line during replay: \(line)")
                }
                // Mid-replay: the daemon is still sending the rest of the log.
                if kills < 3 && thisRound == 4000 + 1500 * kills {
                    #expect(d.kill9(), "vigied exited on its own: \(d.stderr())")
                    kills += 1
                    // What was already in the socket buffer still counts; the stream then ends.
                    continue
                }
            }
            if seen.last ?? 0 < total {
                #expect(d.process == nil, "the stream ended but vigied was not killed")
                try d.start()
            }
        }
        #expect(kills == 3)
        #expect(seen == Array(1...total), "a gap or a duplicate: \(seen.count) events seen for \(total)")
        #expect(d.stop() == 0)
        #expect(try d.loggedEvents().count == Int(total))
    }

    /// The state directory on a 2 MiB tmpfs that fills up: dispatches are refused loudly and
    /// stay in the drop directory (not quarantined), the log stays readable and contiguous, and
    /// once space returns they go through without a restart or a new file event.
    @Test(.enabled(if: geteuid() == 0, "needs root (CAP_SYS_ADMIN) to mount a tmpfs"))
    func aFullStateDiskRefusesWorkLoudlyAndRecoversWhenSpaceReturns() throws {
        let d = DaemonProcess(extraArguments: ["--disposition", "move"])
        defer { d.cleanUp() }
        mkdir(d.state, 0o755)
        guard mount("tmpfs", d.state, "tmpfs", 0, "size=2m") == 0 else {
            // Root without CAP_SYS_ADMIN (an unprivileged container): recorded as a skip.
            try Test.cancel("mount(2) of a tmpfs was refused: errno \(errno)")
        }
        defer { umount2(d.state, Int32(MNT_DETACH)) }
        let seeds = seedTexts()
        try d.start()
        d.dropAtomically("before.txt", uniqueDispatch(3000, seeds: seeds))
        try waitUntil("the first dispatch") { try d.finished().count == 1 }
        let logBefore = try d.loggedEvents()
        #expect(!logBefore.isEmpty)

        // Fill the file system to the last page.
        let filler = d.state + "/filler"
        let fd = open(filler, O_WRONLY | O_CREAT, 0o600)
        let chunk = [UInt8](repeating: 0x55, count: 4096)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        close(fd)

        let names = (0..<6).map { "full\($0).txt" }
        for (i, name) in names.enumerated() { d.dropAtomically(name, uniqueDispatch(3001 + i, seeds: seeds)) }
        try waitUntil("the refusal to be logged") { d.stderr().contains("cannot append events to the log") }
        try waitUntil("a retry while the disk is still full") {
            d.stderr().contains("retrying the dispatches left in place")
        }
        let quarantine = (try? FileManager.default.contentsOfDirectory(atPath: d.drop + "/quarantine")) ?? []
        #expect(quarantine.isEmpty, "a dispatch refused for lack of space was quarantined: \(quarantine)")
        let left = try FileManager.default.contentsOfDirectory(atPath: d.drop).filter { $0.hasPrefix("full") }
        #expect(!left.isEmpty, "no dispatch was held back by the full disk")
        // The log is consistent while full: readable, contiguous, nothing half-written.
        let whileFull = try d.loggedEvents()
        #expect(whileFull.map(\.seq) == Array(1...UInt64(whileFull.count)))
        #expect(Array(whileFull.prefix(logBefore.count)) == logBefore)

        // Space returns: the retry timer gets everything through, no restart and no new file.
        unlink(filler)
        try waitUntil("every dispatch once space is back", seconds: 60) { try d.finished().count == 7 }
        #expect(d.stop() == 0)
        try d.start()
        #expect(!d.stderr().contains("corrupt"))
        #expect(d.stop() == 0)
        let after = try d.loggedEvents()
        let ids = after.map(\.record.id)
        #expect(after.map(\.seq) == Array(1...UInt64(after.count)))
        #expect(Set(ids).count == ids.count, "an event was logged twice")
        var expected = expectedIDs(name: "before.txt", text: uniqueDispatch(3000, seeds: seeds))
        for (i, name) in names.enumerated() {
            expected.formUnion(expectedIDs(name: name, text: uniqueDispatch(3001 + i, seeds: seeds)))
        }
        #expect(Set(ids) == expected)
        let processed = try FileManager.default.contentsOfDirectory(atPath: d.drop + "/processed")
        #expect(processed.count == 7)
    }

    /// A state directory vigied may not read (root-owned 0700, vigied as `nobody`): a clear
    /// error naming it and exit status 73, not a crash or a silent start.
    @Test(
        .enabled(
            if: DaemonProcess.canRunAsNobody, "needs root and /usr/bin/setpriv to run vigied as another user"))
    func anUnreadableStateDirectoryStopsTheStartWithAMessage() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        d.runAsNobody()
        chown(d.drop, 65534, 65534)
        mkdir(d.state, 0o700)
        try d.start(waitReady: false)
        d.process!.waitUntilExit()
        let status = d.process!.terminationStatus
        d.process = nil
        #expect(status == 73, "exit status \(status): \(d.stderr())")
        #expect(d.stderr().contains(d.state), "the message should name the directory: \(d.stderr())")
    }

    /// A 50 MB dispatch is refused by the 4 MiB limit without being read: vigied's peak RSS
    /// grows by far less than the file.
    @Test func aFiftyMegabyteDispatchIsRefusedWithoutBeingRead() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        try d.start()
        let pid = d.process!.processIdentifier
        let peakBefore = procStatusKiB(pid, "VmHWM") ?? 0
        let line = Array("Le président a appelé son homologue à Bakou.\n\n".utf8)
        let mebibyte = [UInt8]((0..<(1 << 20)).map { line[$0 % line.count] })
        // One written in place (8 MiB in the first write, so that no prefix under the limit is
        // extracted first, then 1 MiB writes: vigied sees it grow 43 times, then the close)...
        let fd = open(d.drop + "/huge.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let first = Array(Array(repeating: mebibyte, count: 8).joined())
        _ = first.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        for _ in 8..<50 { _ = mebibyte.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
        close(fd)
        // ...and one renamed in whole, as producers should.
        let tmp = d.drop + "/.huge2.txt.tmp"
        let fd2 = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        for _ in 0..<50 { _ = mebibyte.withUnsafeBytes { write(fd2, $0.baseAddress, $0.count) } }
        close(fd2)
        rename(tmp, d.drop + "/huge2.txt")
        for name in ["huge.txt", "huge2.txt"] {
            try waitUntil("the refusal of \(name)") {
                FileManager.default.fileExists(atPath: d.drop + "/quarantine/\(name).reason")
            }
            let reason = try String(contentsOfFile: d.drop + "/quarantine/\(name).reason", encoding: .utf8)
            #expect(reason.hasPrefix("too_large:"), "\(reason)")
        }
        let peakAfter = procStatusKiB(pid, "VmHWM") ?? Int.max
        print(
            "figures: 50 MB dispatch refused; vigied peak RSS \(peakBefore / 1024) MiB before, \(peakAfter / 1024) MiB after"
        )
        #expect(peakAfter - peakBefore < 16 * 1024, "peak RSS grew by \((peakAfter - peakBefore) / 1024) MiB")
        #expect(d.stop() == 0)
    }

    /// 10,000 dispatches queued in the drop directory before start: vigied drains them all with
    /// a bounded peak RSS (idle + 64 MiB).
    @Test func tenThousandQueuedDispatchesDrainInBoundedMemory() throws {
        let d = DaemonProcess(extraArguments: ["--disposition", "delete"])
        defer { d.cleanUp() }
        // The idle figure first, on an empty drop directory.
        try d.start()
        let idle = procStatusKiB(d.process!.processIdentifier, "VmHWM") ?? 0
        #expect(d.stop() == 0)
        let count = 10_000
        // Each about 2 KB (a seed line and filler), 20 MB in all, small enough for a debug build
        // to extract quickly.
        let seeds = seedTexts()
        let filler = "\n\n" + String(repeating: "Suite sans événement, pour le volume de la dépêche. ", count: 40)
        for i in 0..<count {
            d.writePlain(String(format: "q%05d.txt", i), Array((shortDispatch(i, seeds: seeds) + filler).utf8))
        }
        try d.start(waitReady: false)
        let pid = d.process!.processIdentifier
        var peak = 0
        try waitUntil("10,000 dispatches drained", seconds: 540) {
            peak = max(peak, procStatusKiB(pid, "VmRSS") ?? 0)
            usleep(200_000)
            return try d.finished().count >= count
        }
        peak = max(peak, procStatusKiB(pid, "VmHWM") ?? 0)
        print(
            "figures: 10,000 queued dispatches; vigied idle peak RSS \(idle / 1024) MiB, peak while draining \(peak / 1024) MiB"
        )
        #expect(peak < idle + 64 * 1024, "peak RSS \(peak / 1024) MiB for idle \(idle / 1024) MiB")
        #expect(d.stop() == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: d.drop).filter { $0.hasPrefix("q") }
        #expect(left.isEmpty)
    }
    /// Wall-clock jumps while vigied runs (Tests/FaultInjection/wallclock-shift.c preloaded
    /// into vigied: CLOCK_REALTIME moved by the seconds in a file, read at every call; the
    /// monotonic clocks and timers left alone, as a real jump does):
    /// - a day back: the dispatch dropped then is recorded once, with the ids its text gives,
    ///   seqs go on; heartbeats keep coming; retention (30 s here) still deletes segments as
    ///   real time passes, where wall-clock ages would be negative for a day;
    /// - a year ahead: retention deletes nothing younger than 30 s of real time, where
    ///   wall-clock ages would delete every segment but the active one;
    /// - then and afterwards the log stays contiguous, no event twice.
    @Test func wallClockJumpsBreakNeitherSeqsNorRetentionNorTimers() throws {
        let d = DaemonProcess(extraArguments: ["--segment-bytes", "4096", "--retention-seconds", "30"])
        defer { d.cleanUp() }
        let library = d.root + "/libwallclock-shift.so"
        let source = repositoryRoot.appendingPathComponent("Tests/FaultInjection/wallclock-shift.c").path
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cc.arguments = ["cc", "-shared", "-fPIC", "-O2", "-o", library, source, "-ldl"]
        try cc.run()
        cc.waitUntilExit()
        try #require(cc.terminationStatus == 0, "cannot compile \(source) with cc")
        let offset = d.root + "/wallclock-offset"
        // Replaced by a rename, so that vigied never reads a half-written offset.
        func setClock(seconds: Int) {
            _ = FileManager.default.createFile(atPath: offset + ".new", contents: Data("\(seconds)\n".utf8))
            rename(offset + ".new", offset)
        }
        setClock(seconds: 0)
        d.environment = [
            "LD_PRELOAD": library, "VIGIE_WALLCLOCK_OFFSET_FILE": offset,
            "VIGIE_TEST_RETENTION_INTERVAL_SECONDS": "1",
        ]
        let seeds = seedTexts()
        var texts: [String: String] = [:]
        // One at a time: each dispatch gets its own 4 KiB segment.
        func drop(_ i: Int) throws {
            let name = "clock\(i).txt"
            // The tag on the first line: ids hash it, so each dispatch's events are its own.
            let seed = seeds[i % seeds.count]
            let firstLine = seed.range(of: "\n").map(\.lowerBound) ?? seed.endIndex
            texts[name] = seed[..<firstLine] + " (horloge \(i))" + seed[firstLine...]
            let before = try d.finished().count
            d.dropAtomically(name, texts[name]!)
            try waitUntil("dispatch \(i)") { try d.finished().count == before + 1 }
        }
        // Event ids never depend on the wall clock: those the text gives in-process.
        func expectLoggedAsExtracted(_ i: Int) throws {
            let name = "clock\(i).txt"
            let logged = Set(try d.loggedEvents().filter { $0.record.dispatch.name == name }.map(\.record.id))
            #expect(!logged.isEmpty && logged == expectedIDs(name: name, text: texts[name]!), "\(name)")
        }
        try d.start()
        let client = try LineClient(socketPath: d.socket)
        _ = client.readLine()  // hello
        client.send("{\"op\":\"subscribe\",\"since\":\"now\"}")
        for i in 0..<3 { try drop(i) }

        // A day back.
        setClock(seconds: -86_400)
        try drop(3)
        try expectLoggedAsExtracted(3)
        // Retention still ages segments in real time: the first dispatch's segment goes.
        try waitUntil("retention after the backward jump", seconds: 120) {
            (try d.loggedEvents().first?.seq ?? 1) > 1
        }
        // A heartbeat after 15 s of silence, whatever the wall clock says.
        var heartbeat = false
        while !heartbeat, let line = client.readLine() {
            heartbeat = line.contains("\"type\":\"heartbeat\"")
        }
        #expect(heartbeat, "no heartbeat after the backward jump")

        // A year ahead, just after two fresh dispatches: clock4's segment is no longer the
        // active one, yet only seconds old in real time. (Older segments may go meanwhile:
        // they are 30 s old in real time.)
        try drop(4)
        try drop(5)
        setClock(seconds: 365 * 86_400)
        // Retention runs every second: give it a few passes at the new wall-clock time.
        sleep(4)
        try drop(6)
        for i in 4...6 { try expectLoggedAsExtracted(i) }
        #expect(d.stop() == 0)
        // vigied's own log lines are stamped by the wall clock: both jumps happened in it.
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate]
        for shift in [-86_400, 365 * 86_400] {
            let day = format.string(from: Date().addingTimeInterval(TimeInterval(shift)))
            #expect(d.stderr().contains(day + "T"), "vigied never saw the wall clock at \(day)")
        }

        let events = try d.loggedEvents()
        let ids = events.map(\.record.id)
        #expect(Set(ids).count == ids.count, "an event was logged twice")
        #expect(events.map(\.seq) == Array((events.first?.seq ?? 1)...(events.last?.seq ?? 0)))
        let finished = try d.finished()
        #expect(finished.count == 7, "\(finished.map(\.name))")
        #expect(Set(finished.map(\.name)).count == 7, "a dispatch was recorded twice")
    }
}
