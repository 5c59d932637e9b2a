import Foundation
import Testing

@testable import VigieLanguage

/// The sample of the parity check that runs in `make test`: the seeds and every twentieth line
/// of the corpus in Tests/Fixtures/language, analysed here and by spaCy itself (the test-only
/// environment .build/spacy-venv that `make model` makes) through scripts/language/parity.py.
/// The whole comparison is `make parity`.
@Suite(.enabled(if: LanguageParity.available, LanguageParity.reason))
struct LanguageParityTests {
    @Test func sampleAgreesWithSpaCy() throws {
        let analyzer = try #require(TestModel.analyzer)
        var lines: [String] = []
        for file in LanguageParity.files(in: "seeds").filter({ $0.hasSuffix(".txt") }) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            lines.append(analyzer.analyze(text).jsonLine(id: file))
        }
        for file in LanguageParity.files(in: "Tests/Fixtures/language").filter({ $0.hasSuffix(".txt") }) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n").enumerated() where number % 20 == 0 {
                lines.append(analyzer.analyze(String(line)).jsonLine(id: "\(file):\(number + 1)"))
            }
        }
        try #require(lines.count > 70)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-parity-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let analysis = directory.appendingPathComponent("analysis.jsonl")
        let summary = directory.appendingPathComponent("summary.json")
        try (lines.joined(separator: "\n") + "\n").write(to: analysis, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LanguageParity.python)
        process.arguments = [
            LanguageParity.root + "/scripts/language/parity.py", analysis.path, "--summary", summary.path, "--show",
            "20",
        ]
        try process.run()
        process.waitUntilExit()
        let figures = try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as? [String: [String: Double]]
        let all = try #require(figures?["all"])
        for column in ["tokenization", "pos", "lemma", "morph", "head", "dep", "ent", "sent_start"] {
            #expect((all[column] ?? 0) >= 0.995, "\(column): \(all[column] ?? 0)")
        }
        #expect(process.terminationStatus == 0)
    }
}

enum LanguageParity {
    /// The package root, from this file's place in Tests/LanguageTests.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let python = root + "/.build/spacy-venv/bin/python"
    static let available = TestModel.available && FileManager.default.isExecutableFile(atPath: python)
    static let reason: Comment = "no test-only spaCy environment or model (run `make model`)"

    static func files(in directory: String) -> [String] {
        let path = root + "/" + directory
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
    }
}
