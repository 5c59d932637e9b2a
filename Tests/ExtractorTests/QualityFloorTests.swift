import Foundation
import Testing
import VigieEval
import VigieProtocol

@testable import VigieExtractor

/// The quality floor: the extractor, in process, over development dispatches, scored with the
/// Swift port of the reference scorer. The floors sit slightly below the scores reached, so a
/// regression fails the test.
/// - The open part of the dev set (the seeds and the Wikinews articles, copied with their gold
///   under `Tests/Fixtures/dev-open`) runs on every clone.
/// - The whole dev set, and the dev2/dev3 sets, are read from `../shared/eval` when present
///   (their press texts may not be committed).
struct QualityFloorTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let openDev = repository.appendingPathComponent("Tests/Fixtures/dev-open").path
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared/eval").path

    static func present(_ set: String) -> Bool { FileManager.default.fileExists(atPath: shared + "/" + set + "/gold") }

    /// Extracts every `.txt` dispatch of `directory` and scores it against `directory/gold`.
    static func score(_ directory: String) throws -> ScoreReport {
        let gold = try GoldLoader.load(path: directory + "/gold")
        var predictions = PredictionSet()
        let reader = DispatchReader()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".txt") }
            .sorted()
        try #require(names.count == gold.count, "every gold file needs its dispatch in \(directory)")
        for name in names {
            let dispatch = try reader.read(path: directory + "/" + name)
            for record in Coding.extractor.extract(dispatch) { predictions.add(record: record) }
        }
        let report = Scorer(gold: gold, predictions: predictions.byDispatch).score()
        print("\(directory): " + report.text())
        return report
    }

    static func expect(_ report: ScoreReport, _ floor: QualityFloor, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(report.full.f1 >= floor.full, "full F1", sourceLocation: sourceLocation)
        #expect(report.type.f1 >= floor.type, "type F1", sourceLocation: sourceLocation)
        #expect((report.accuracy["date"]?.accuracy ?? 0) >= floor.date, "date accuracy", sourceLocation: sourceLocation)
        if let size = floor.size {
            #expect((report.accuracy["size"]?.accuracy ?? 0) >= size, "size accuracy", sourceLocation: sourceLocation)
        }
    }

    @Test func openDevSetScoresAboveTheFloor() throws {
        Self.expect(try Self.score(Self.openDev), .openDev)
    }

    @Test(.enabled(if: QualityFloorTests.present("dev"), "needs ../shared/eval/dev (press texts, never committed)"))
    func wholeDevSetScoresAboveTheFloor() throws {
        Self.expect(try Self.score(Self.shared + "/dev"), .dev)
    }

    @Test(.enabled(if: QualityFloorTests.present("dev2"), "needs ../shared/eval/dev2 (never committed)"))
    func dev2ScoresAboveTheFloor() throws {
        Self.expect(try Self.score(Self.shared + "/dev2"), .dev2)
    }

    /// Events on the dispatches whose gold has none (sport, culture, business, science, weather),
    /// and how many such dispatches there are.
    static func nonPoliticalEvents(_ directory: String) throws -> (events: Int, dispatches: Int) {
        let reader = DispatchReader()
        var events = 0
        var dispatches = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).filter({ $0.hasSuffix(".txt") }) {
            let gold = try String(contentsOfFile: directory + "/gold/" + name + ".jsonl", encoding: .utf8)
            guard gold.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            dispatches += 1
            events += Coding.extractor.extract(try reader.read(path: directory + "/" + name)).count
        }
        return (events, dispatches)
    }

    // The goal: at most one event per ten non-political dispatches (0 and 0 when set).
    @Test(
        .enabled(
            if: QualityFloorTests.present("dev2") && QualityFloorTests.present("dev3"),
            "needs ../shared/eval/dev2 and dev3 (never committed)"))
    func nonPoliticalDispatchesGiveAlmostNoEvents() throws {
        for set in ["dev2", "dev3"] {
            let found = try Self.nonPoliticalEvents(Self.shared + "/" + set)
            #expect(found.dispatches >= 5, "\(set) has non-political dispatches")
            #expect(found.events * 10 <= found.dispatches, "\(set): \(found.events) events")
        }
    }

    @Test(.enabled(if: QualityFloorTests.present("dev3"), "needs ../shared/eval/dev3 (never committed)"))
    func dev3ScoresAboveTheFloor() throws {
        Self.expect(try Self.score(Self.shared + "/dev3"), .dev3)
    }
}

/// The floors, a little below what the extractor reached on each set when they were set.
struct QualityFloor {
    var full: Double
    var type: Double
    var date: Double
    var size: Double?

    /// Seeds and Wikinews: full 0.912, type 0.974, date 0.97 of 36, size 1.00 of 4.
    static let openDev = QualityFloor(full: 0.89, type: 0.95, date: 0.93, size: 0.99)
    /// The whole dev set: full 0.820, type 0.933, date 0.91 of 81 (0.835 and 0.943 before
    /// frames.tsv, whose broader cues cost some precision on its three topics).
    static let dev = QualityFloor(full: 0.80, type: 0.91, date: 0.91, size: 0.89)
    /// 0.280 before frames.tsv; rules chosen on it since the implied-participants round: full
    /// 0.720, type 0.806, date 0.94 of 99.
    static let dev2 = QualityFloor(full: 0.70, type: 0.78, date: 0.90, size: nil)
    /// Held out while the frames were written and through the implied-participants round; its
    /// errors read from the rounds after (rules written from its families): full 0.661, type
    /// 0.809, date 0.92 of 199 (2026-12-06 midday round).
    static let dev3 = QualityFloor(full: 0.64, type: 0.79, date: 0.89, size: nil)
}
