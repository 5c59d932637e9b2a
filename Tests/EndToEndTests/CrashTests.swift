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
}
