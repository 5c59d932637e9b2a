import Foundation
import Testing
import VigieDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// kill -9 at random moments while 200 dispatches are dropped; after the last restart every
/// dispatch is recorded exactly once and the log holds each expected event once.
@Suite(.serialized) struct CrashTests {
    @Test func killNineWhileDroppingTwoHundredDispatches() throws {
        // The crash-loop guard is off: random kills would count as crashes of the dispatch being
        // extracted, which is what the guard is for but not what this test checks.
        let d = DaemonProcess(extraArguments: ["--disposition", "move", "--max-extraction-crashes", "0"])
        defer { d.cleanUp() }
        let seeds = seedTexts()
        let texts = (0..<200).map { shortDispatch(1000 + $0, seeds: seeds) }
        let names = (0..<200).map { String(format: "crash%03d.txt", $0) }
        let writerDone = DispatchSemaphore(value: 0)
        let writer = Thread {
            for (name, text) in zip(names, texts) {
                d.dropAtomically(name, text)
                // Spread over the whole kill/restart series.
                usleep(UInt32.random(in: 20_000...120_000))
            }
            writerDone.signal()
        }
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var failures: [String] = []
        writer.start()
        var writing = true
        while writing || kills < 20 {
            // Half the time kill during start-up and recovery, else once it is watching.
            let early = Bool.random(using: &generator)
            try d.start(waitReady: !early)
            usleep(UInt32.random(in: 1_000...(early ? 150_000 : 250_000), using: &generator))
            if !d.kill9() { failures.append(d.stderr()) }
            kills += 1
            if writing && writerDone.wait(timeout: .now()) == .success { writing = false }
        }
        try d.start()
        try waitUntil("all 200 dispatches", seconds: 60) { try d.finished().count >= 200 }
        #expect(d.stop() == 0)

        #expect(failures.isEmpty, "vigied exited on its own: \(failures.prefix(2))")
        for (run, text) in d.allStderr().enumerated() where text.contains("cannot start") || text.contains("corrupt") {
            Issue.record("run \(run + 1) failed to recover: \(text.suffix(500))")
        }
        let finished = try d.finished()
        #expect(finished.count == 200, "a dispatch was recorded \(finished.count - 200) extra times")
        #expect(Set(finished.compactMap(\.sha256)).count == 200)
        let processed = try FileManager.default.contentsOfDirectory(atPath: d.drop + "/processed")
        #expect(processed.count == 200)
        let left = try FileManager.default.contentsOfDirectory(atPath: d.drop).filter { !$0.hasPrefix(".") }
        #expect(Set(left) == ["processed"], "\(left)")

        let events = try d.loggedEvents()
        let ids = events.map(\.record.id)
        #expect(Set(ids).count == ids.count, "an event was logged twice")
        var expected = Set<String>()
        for (name, text) in zip(names, texts) { expected.formUnion(expectedIDs(name: name, text: text)) }
        #expect(Set(ids) == expected)
        let truncations = d.allStderr().filter { $0.contains("truncated_bytes=") && !$0.contains("truncated_bytes=0") }
        print("figures: \(kills) kills, \(events.count) events, \(truncations.count) recoveries cut a torn tail")
    }

    @Test func aTornTailLeftByACrashIsCutAtRestartAndNothingCommittedIsLost() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        let seeds = seedTexts()
        try d.start()
        for i in 0..<5 { d.dropAtomically("t\(i).txt", shortDispatch(2000 + i, seeds: seeds)) }
        try waitUntil("5 dispatches") { try d.finished().count == 5 }
        d.kill9()
        let before = try d.loggedEvents()
        // What a write cut by a power loss leaves: half a frame at the end of both files.
        let segments = try FileManager.default.contentsOfDirectory(atPath: d.state + "/log").filter {
            $0.hasSuffix(".seg")
        }.sorted()
        for path in [d.state + "/log/" + segments.last!, d.state + "/ledger"] {
            let handle = FileHandle(forWritingAtPath: path)!
            handle.seekToEndOfFile()
            handle.write(Data([0x40, 0x00, 0x00, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02]))
            handle.closeFile()
        }
        try d.start()
        #expect(d.stderr().contains(" truncated_bytes=10"))
        #expect(d.stderr().contains("ledger_truncated_bytes=10"))
        for i in 5..<8 { d.dropAtomically("t\(i).txt", shortDispatch(2000 + i, seeds: seeds)) }
        try waitUntil("8 dispatches") { try d.finished().count == 8 }
        #expect(d.stop() == 0)
        let after = try d.loggedEvents()
        #expect(Array(after.prefix(before.count)) == before, "committed events survive recovery")
        #expect(after.map(\.seq) == Array(stride(from: UInt64(1), through: UInt64(after.count), by: 1)))
        var expected = Set<String>()
        for i in 0..<8 {
            expected.formUnion(expectedIDs(name: "t\(i).txt", text: shortDispatch(2000 + i, seeds: seeds)))
        }
        #expect(Set(after.map(\.record.id)) == expected)
    }
}
