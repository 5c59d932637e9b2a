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

    /// Seeds and Wikinews: full 0.877, type 0.939, date 1.00 of 34, size 1.00 of 4.
    static let openDev = QualityFloor(full: 0.86, type: 0.92, date: 0.93, size: 0.99)
    /// The whole dev set: full 0.805, type 0.915, date 0.95 of 77, size 0.90 of 10 (0.835 and
    /// 0.943 before frames.tsv, whose broader cues cost some precision on its three topics).
    static let dev = QualityFloor(full: 0.79, type: 0.90, date: 0.91, size: 0.89)
    /// Not tuned on before frames.tsv (0.280 then): full 0.322, type 0.669, date 0.95 of 44;
    /// with recipients implied by the dispatch's main country: full 0.507.
    static let dev2 = QualityFloor(full: 0.49, type: 0.64, date: 0.92, size: nil)
    /// Held out while the frames were written and chosen: full 0.312, type 0.695, date 0.94 of
    /// 93; with the world leaders and armed groups of the lexicons (checked once, not tuned on):
    /// full 0.326; with recipients implied by the dispatch's main country (chosen on dev2, dev3
    /// then checked): full 0.483, date 0.91 of 140.
    static let dev3 = QualityFloor(full: 0.46, type: 0.67, date: 0.88, size: nil)
}
