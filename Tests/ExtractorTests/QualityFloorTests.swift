import Foundation
import Testing
import VigieProtocol

@testable import VigieExtractor

/// The quality floor: the extractor, in process, over the dev set (`../shared/eval/dev`), scored
/// with the Swift port of the reference scorer. The floors sit slightly below the scores reached,
/// so a regression fails the test. Skipped when the dev set is not next to the repository.
struct QualityFloorTests {
    static let dev = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/eval/dev").path

    static var devPresent: Bool { FileManager.default.fileExists(atPath: dev + "/gold") }

    @Test(.enabled(if: QualityFloorTests.devPresent, "needs ../shared/eval/dev"))
    func devSetScoresAboveTheFloor() throws {
        let gold = try GoldLoader.load(path: QualityFloorTests.dev + "/gold")
        var predictions = PredictionSet()
        let reader = DispatchReader()
        let names = try FileManager.default.contentsOfDirectory(atPath: QualityFloorTests.dev).filter {
            $0.hasSuffix(".txt")
        }.sorted()
        for name in names {
            let dispatch = try reader.read(path: QualityFloorTests.dev + "/" + name)
            for record in Coding.extractor.extract(dispatch) { predictions.add(record: record) }
        }
        let report = Scorer(gold: gold, predictions: predictions.byDispatch).score()
        print("dev set: " + report.text())
        #expect(report.full.f1 >= QualityFloor.full)
        #expect(report.type.f1 >= QualityFloor.type)
        #expect((report.accuracy["date"]?.accuracy ?? 0) >= QualityFloor.date)
        #expect((report.accuracy["size"]?.accuracy ?? 0) >= QualityFloor.size)
    }
}

/// The floors, a little below what the extractor reached on the dev set when they were set.
enum QualityFloor {
    static let full = 0.82
    static let type = 0.93
    static let date = 0.89
    // 8 of 10 sized gold events: the reference scorer pairs dispatch 022's two same-party clashes
    // crosswise whatever their order in the text, so 0.80 is the most it can give today.
    static let size = 0.78
}
