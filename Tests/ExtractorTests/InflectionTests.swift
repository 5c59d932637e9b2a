import Foundation
import Testing
import VigieProtocol

@testable import VigieExtractor

/// Cues written once as a lemma (`~décréter`) match every form `inflections.tsv` lists, and the
/// loader refuses a lemma with no forms and a cue written twice, naming file and line.
struct InflectionTests {
    let loader = LexiconLoaderTests()

    @Test func aLemmaCueStandsForEveryFormOfTheLemma() throws {
        let lexicon = try Lexicon.bundled()
        let variants = lexicon.inflections.variants(of: "~rompre ... relations diplomatiques")
        #expect(variants.contains("rompu ... relations diplomatiques"))
        #expect(variants.contains("rompent ... relations diplomatiques"))
        #expect(variants.contains("rompra ... relations diplomatiques"))
        #expect(lexicon.inflections.variants(of: "cessez-le-feu") == ["cessez-le-feu"])
    }

    @Test func aVerbHasNoFormThatIsANounOrAnAdjective() throws {
        let forms = try Lexicon.bundled().inflections.forms
        // The present participle is invariable: "protestants", "opposantes" are nouns or adjectives.
        let protester = try #require(forms["protester"])
        #expect(protester.contains("protestant") && !protester.contains("protestants"))
        // "-ions" the package knows as a noun is the noun ("les expulsions"), not "nous expulsions".
        let expulser = try #require(forms["expulser"])
        #expect(expulser.contains("expulsons") && !expulser.contains("expulsions"))
        // The noun lemma has its plural.
        #expect(forms["agression"]?.contains("agressions") == true)
    }

    @Test(arguments: [
        "Le gouvernement malien a décrété l'état d'urgence.",
        "Le gouvernement malien décrète l'état d'urgence.",
        "Le gouvernement malien avait décrété l'état d'urgence dans la capitale.",
    ])
    func everyTenseOfALemmaCueCodesTheEvent(sentence: String) {
        let e = Coding.events(sentence, published: "2021-03")
        let coerce = Coding.first(.coerce, in: e)
        #expect(coerce != nil, "\(e.map(\.event))")
        #expect(Coding.keys(coerce?.actor ?? []) == ["MLI"])
    }

    @Test func aLemmaWithoutFormsIsALoadErrorAtItsLine() throws {
        let text = "cue\tevent\tmode\tcameo\tkind\tnotes\n~zzzbloquer\tCOERCE\t\t\tverb\t\n"
        let error = try #require(try loader.loadError("frames.tsv", text))
        #expect(error.code == .unknownLemma)
        #expect(error.line == 2)
        #expect(error.file.hasSuffix("frames.tsv"))
    }

    @Test func aCueWrittenTwiceIsALoadErrorNamingTheFirst() throws {
        let text = "cue\tevent\tmode\tcameo\tkind\tnotes\nblocus\tCOERCE\trestrict\t191\tnoun\t\n"
        let error = try #require(try loader.loadError("frames.tsv", text))
        #expect(error.code == .duplicate)
        #expect(error.message.contains("predicates.tsv:"))
    }

    @Test func aBadPartOfSpeechIsRefused() throws {
        let text = "form\tlemma\tpos\nrompu\trompre\tverbe\n"
        let error = try #require(try loader.loadError("inflections.tsv", text))
        #expect(error.code == .unknownCode)
        #expect(error.line == 2)
    }
}
