import Foundation
import Testing
import VigieEval

/// The open dev gold (`Tests/Fixtures/dev-open/gold`) against a fixed, shuffled and mutated
/// prediction file (`Tests/Fixtures/scorer/pred.jsonl`: the coder's output with dropped,
/// doubled, coarsened, re-sized and reversed events, stream messages among them). The expected
/// text and JSON were printed by `../shared/eval/score.py` (the version with the Hungarian
/// matching) and are committed, so this agreement is checked on every clone, Python or not.
enum ScorerFixture {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path
    static let gold = fixtures + "/dev-open/gold"
    static let predictions = fixtures + "/scorer/pred.jsonl"
    static let expectedText = fixtures + "/scorer/expected.txt"
    static let expectedJSON = fixtures + "/scorer/expected.json"
}

struct ScorerFixtureTests {
    func report() throws -> ScoreReport {
        let gold = try GoldLoader.load(path: ScorerFixture.gold)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: ScorerFixture.predictions)))
        let predictions = try PredictionSet.parse(ndjson: bytes)
        return Scorer(gold: gold, predictions: predictions.byDispatch).score()
    }

    @Test func printsWhatScorePyPrinted() throws {
        let report = try report()
        #expect(report.text() == (try String(contentsOfFile: ScorerFixture.expectedText, encoding: .utf8)))
        #expect(report.json() == (try String(contentsOfFile: ScorerFixture.expectedJSON, encoding: .utf8)))
    }

    @Test func theBuiltCommandPrintsWhatScorePyPrinted() throws {
        let vigie =
            try #require(BuiltExecutables.binDir, "vigie is not built: run swift build --build-tests") + "/vigie"
        let (status, text) = try EvalCommandTests.run(
            vigie, ["eval", "--gold", ScorerFixture.gold, "--pred", ScorerFixture.predictions])
        #expect(status == 0)
        #expect(text == (try String(contentsOfFile: ScorerFixture.expectedText, encoding: .utf8)))
        let (_, json) = try EvalCommandTests.run(
            vigie, ["eval", "--json", "--gold", ScorerFixture.gold, "--pred", ScorerFixture.predictions])
        #expect(json == (try String(contentsOfFile: ScorerFixture.expectedJSON, encoding: .utf8)))
    }
}
