import Foundation
import Testing

@testable import VigieDaemon

/// Prints throughput figures of the event log (no timing assertions: the machine is shared).
@Suite struct LogFigures {
    @Test(arguments: [FsyncPolicy.always, .never])
    func appendAndReadThroughput(policy: FsyncPolicy) throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        var c = EventLogConfiguration(directory: dir + "/log")
        c.fsync = policy
        let log = try EventLog(configuration: c)
        defer { log.close() }
        let batches = 200
        let perBatch = 10
        let start = ContinuousClock.now
        for b in 0..<batches {
            try log.append((0..<perBatch).map { record("b\(b)-\($0)") })
        }
        let appendTime = ContinuousClock.now - start
        let readStart = ContinuousClock.now
        var next: UInt64 = 1
        while true {
            let batch = try log.readEvents(from: next, maxCount: 500)
            guard let last = batch.last else { break }
            next = last.seq + 1
        }
        let readTime = ContinuousClock.now - readStart
        #expect(next == UInt64(batches * perBatch + 1))
        func perSecond(_ n: Int, _ d: Duration) -> Int {
            Int(Double(n) / (Double(d.components.attoseconds) / 1e18 + Double(d.components.seconds)))
        }
        print(
            "figures: fsync \(policy): \(batches) appends of \(perBatch) events: \(perSecond(batches, appendTime)) appends/s, "
                + "\(perSecond(batches * perBatch, appendTime)) events/s; replay \(perSecond(batches * perBatch, readTime)) events/s (debug build)"
        )
    }
}
