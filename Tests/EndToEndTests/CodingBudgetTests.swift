import Foundation
import Testing
import VigieDaemon
import VigieExtractor

/// One odd dispatch never stalls the others: with two coding workers, a coding-time bomb (1 MB
/// with no sentence punctuation, which the debug coder needs far longer than the budget for)
/// is dropped first, then ordinary dispatches. Each ordinary dispatch is committed well before
/// the bomb's budget runs out (checked with generous bounds, not as a benchmark); the bomb is
/// quarantined `too_slow`; nothing is lost or duplicated, also with `kill -9` during the bomb.
@Suite(.serialized)
struct CodingBudgetTests {
    static let budgetSeconds = 6.0

    static func bomb() -> String {
        let words = "le gouvernement a annoncé que les forces armées ont attaqué la ville et que la Russie condamne"
            .split(separator: " ")
        var out = ""
        var k = 0
        while out.utf8.count < 1_000_000 {
            out += words[k % words.count] + " "
            k += 7
        }
        return out
    }

    func daemon() -> DaemonProcess {
        DaemonProcess(extraArguments: [
            "--coding-workers", "2", "--coding-budget-seconds", "\(Self.budgetSeconds)", "--disposition", "move",
        ])
    }

    /// Drops ordinary dispatches one after another and returns how long each took to be
    /// finished in the ledger, measured from its drop.
    func dropOrdinary(_ d: DaemonProcess, _ range: Range<Int>, seeds: [String]) throws -> [Double] {
        var waits: [Double] = []
        for i in range {
            let name = "ordinary\(i).txt"
            let start = Date()
            d.dropAtomically(name, uniqueDispatch(9000 + i, seeds: seeds))
            try waitUntil("\(name) to be committed", seconds: 30) { try d.finished().contains { $0.name == name } }
            waits.append(Date().timeIntervalSince(start))
        }
        return waits
    }

    func expectedOrdinaryIDs(_ range: Range<Int>, seeds: [String]) -> Set<String> {
        var ids = Set<String>()
        for i in range {
            ids.formUnion(expectedIDs(name: "ordinary\(i).txt", text: uniqueDispatch(9000 + i, seeds: seeds)))
        }
        return ids
    }

    @Test func ordinaryDispatchesPassASlowOneAndTheSlowOneIsQuarantined() throws {
        let d = daemon()
        defer { d.cleanUp() }
        let seeds = seedTexts()
        try d.start()
        let bombDropped = Date()
        d.dropAtomically("bomb.txt", Self.bomb())
        usleep(300_000)
        let waits = try dropOrdinary(d, 0..<5, seeds: seeds)
        // All five were committed while the bomb was still being coded.
        #expect(Date().timeIntervalSince(bombDropped) < Self.budgetSeconds, "the ordinary dispatches waited: \(waits)")
        #expect(waits.allSatisfy { $0 < 1.0 }, "seconds from drop to commit: \(waits)")
        try waitUntil("the bomb to be quarantined", seconds: 60) {
            FileManager.default.fileExists(atPath: d.drop + "/quarantine/bomb.txt.reason")
        }
        let reason = try String(contentsOfFile: d.drop + "/quarantine/bomb.txt.reason", encoding: .utf8)
        #expect(reason.hasPrefix("too_slow:"), "\(reason)")
        #expect(d.stderr().contains("dispatch abandoned: coding went past its time budget"))
        #expect(d.stop() == 0)
        let ids = try d.loggedEvents().map(\.record.id)
        #expect(Set(ids).count == ids.count, "an event was logged twice")
        #expect(Set(ids) == expectedOrdinaryIDs(0..<5, seeds: seeds))
    }

    @Test func killNineDuringTheSlowCodingLosesNothing() throws {
        let d = daemon()
        defer { d.cleanUp() }
        let seeds = seedTexts()
        try d.start()
        d.dropAtomically("bomb.txt", Self.bomb())
        usleep(300_000)
        _ = try dropOrdinary(d, 0..<3, seeds: seeds)
        // The bomb is being coded now: kill the daemon in the middle of it.
        #expect(d.kill9())
        d.dropAtomically("ordinary3.txt", uniqueDispatch(9003, seeds: seeds))
        try d.start()
        _ = try dropOrdinary(d, 4..<6, seeds: seeds)
        try waitUntil("ordinary3.txt after the restart", seconds: 30) {
            try d.finished().contains { $0.name == "ordinary3.txt" }
        }
        try waitUntil("the bomb to be quarantined after the restart", seconds: 60) {
            FileManager.default.fileExists(atPath: d.drop + "/quarantine/bomb.txt.reason")
        }
        let reason = try String(contentsOfFile: d.drop + "/quarantine/bomb.txt.reason", encoding: .utf8)
        #expect(reason.hasPrefix("too_slow:"), "\(reason)")
        #expect(d.stop() == 0)
        let logged = try d.loggedEvents()
        let ids = logged.map(\.record.id)
        #expect(logged.map(\.seq) == Array(1...UInt64(logged.count)))
        #expect(Set(ids).count == ids.count, "an event was logged twice")
        #expect(Set(ids) == expectedOrdinaryIDs(0..<6, seeds: seeds))
    }
}
