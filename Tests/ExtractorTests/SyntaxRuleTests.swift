import Foundation
import Testing
import VigieLanguage

@testable import VigieExtractor

/// The coder's rules that read the French analysis (Reading+Syntax.swift), each on a sentence
/// of our own wording, with the real model (`make model`).
@Suite(.enabled(if: SyntaxModel.analyzer != nil, "no converted French model (run `make model`)"))
struct SyntaxRuleTests {

    /// A reader over `text` with its analysis, and the mentions of its first sentence.
    func reader(_ text: String) throws -> (EventReader, [Mention], [Token]) {
        let analyzer = try #require(SyntaxModel.analyzer)
        let extractor = try Extractor.bundled()
        let bytes = Array(text.utf8)
        var tokens = bytes.withUnsafeBufferPointer { Tokenizer.tokenize(bytes: $0) }
        extractor.compiled.vocabulary.number(&tokens)
        let syntax = Syntax(document: analyzer.analyze(text), tokens: tokens)
        let reader = EventReader(
            lex: extractor.compiled, tokens: tokens, sentences: Tokenizer.sentences(tokens), text: bytes,
            published: "2021-05-04", syntax: syntax)
        return (reader, try #require(reader.sentenceMentions.first), tokens)
    }

    func index(_ tokens: [Token], _ folded: String) throws -> Int {
        try #require(tokens.firstIndex { $0.folded == folded })
    }

    // The coder splits "Haut-Karabakh", spaCy does not: both pieces map to spaCy's token.
    @Test func tokensAreAlignedByTheirFirstByte() throws {
        let (reader, _, tokens) = try reader("Le Haut-Karabakh a été bombardé.")
        let syntax = try #require(reader.syntax)
        let haut = try index(tokens, "haut")
        let karabakh = try index(tokens, "karabakh")
        #expect(syntax.analysisToken(haut) == 1 && syntax.analysisToken(karabakh) == 1)
        #expect(syntax.coderToken(1) == haut)
        #expect(syntax.document.tokens[4].form == "bombardé")
        #expect(syntax.coderToken(4) == (try index(tokens, "bombarde")))
    }

    // "a" of "a été bombardé" stands for "bombardé".
    @Test func thePredicateIsTheVerbNotItsAuxiliary() throws {
        let (reader, _, tokens) = try reader("Le village a été bombardé mardi par l'armée soudanaise.")
        let a = try index(tokens, "a")
        let predicate = try #require(reader.predicate(cueStart: a, cueEnd: a + 1))
        #expect(reader.syntax?.document.tokens[predicate].form == "bombardé")
    }

    @Test func theAgentOfAPassiveIsTheActor() throws {
        let (reader, ms, tokens) = try reader("Trois civils ont été tués lundi par des soldats soudanais.")
        let verb = try index(tokens, "tues")
        let predicate = try #require(reader.predicate(cueStart: verb, cueEnd: verb + 1))
        let agent = try #require(reader.syntacticAgent(ms, predicate: predicate))
        #expect(agent.flatMap(\.entities).compactMap(\.code) == ["SDNMIL"])
    }

    // "a bombardé le village et tué dix civils": the second verb shares the first one's subject.
    @Test func aCoordinatedVerbSharesTheSubject() throws {
        let (reader, ms, tokens) = try reader("L'armée soudanaise a bombardé le village et tué dix civils.")
        let verb = try index(tokens, "tue")
        let predicate = try #require(reader.predicate(cueStart: verb, cueEnd: verb + 1))
        let subject = try #require(reader.syntacticSubject(ms, predicate: predicate))
        #expect(subject.flatMap(\.entities).compactMap(\.code) == ["SDNMIL"])
    }

    @Test func theObjectIsTheRecipient() throws {
        let (reader, ms, tokens) = try reader("Le Tchad a expulsé jeudi l'ambassadeur allemand.")
        let verb = try index(tokens, "expulse")
        let predicate = try #require(reader.predicate(cueStart: verb, cueEnd: verb + 1))
        let object = try #require(reader.syntacticObject(ms, predicate: predicate))
        #expect(object.flatMap(\.entities).compactMap(\.country) == ["DEU"])
    }

    // "les électeurs de X" are not X: a genitive does not name its head.
    @Test func aGenitiveDoesNotNameItsHead() throws {
        let (reader, ms, tokens) = try reader("Les électeurs de Macron soutiennent la réforme.")
        let verb = try index(tokens, "soutiennent")
        let predicate = try #require(reader.predicate(cueStart: verb, cueEnd: verb + 1))
        #expect(reader.syntacticSubject(ms, predicate: predicate) == nil)
    }

    // Off by default: without an analyzer the coder has no syntax and gives what it gave before.
    @Test func withoutTheAnalysisTheCoderHasNoSyntax() throws {
        let extractor = try Extractor.bundled()
        #expect(extractor.analyzer == nil)
        let text = "L'armée soudanaise a bombardé le village et tué dix civils."
        let dispatch = Dispatch(name: "t.txt", sha256: "0", published: "2021-05-04", text: text)
        let on = extractor.with(analyzer: SyntaxModel.analyzer)
        #expect(on.extract(dispatch).map(\.event) == extractor.extract(dispatch).map(\.event))
    }
}

enum SyntaxModel {
    static let analyzer: FrenchAnalyzer? = try? FrenchAnalyzer(modelDirectory: ModelLocation.resolve())
}
