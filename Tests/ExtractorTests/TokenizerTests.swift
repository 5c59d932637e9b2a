import Testing

@testable import VigieExtractor

/// Tokens and sentences: elision, apostrophes, hyphens, accents, French numbers, abbreviations.
struct TokenizerTests {
    func words(_ text: String) -> [String] { Tokenizer.tokenize(text).map(\.folded) }

    @Test func elisionAndApostropheVariants() {
        #expect(words("l'Arménie") == ["l'", "armenie"])
        #expect(words("l’Azerbaïdjan") == ["l'", "azerbaidjan"])
        #expect(words("qu'il jusqu'à aujourd'hui") == ["qu'", "il", "jusqu'", "à", "aujourd'hui"])
    }

    @Test func accentsFoldAndHyphensSplit() {
        #expect(words("Çavuşoğlu Lachín") == ["cavusoglu", "lachin"])
        #expect(words("cessez-le-feu Haut-Karabakh") == ["cessez", "le", "feu", "haut", "karabakh"])
        // "à" (to) never folds into "a" (has).
        #expect(words("Il a appelé à") == ["il", "a", "appele", "à"])
    }

    @Test func frenchNumbers() {
        let t = Tokenizer.tokenize("plus de 1 250 morts, 30.000 victimes, le 1er octobre, 1,5 million")
        let numbers = t.filter { $0.kind == .number }
        #expect(numbers.map(\.value) == [1250, 30000, 1, nil])
        #expect(numbers[2].folded == "1er")
    }

    @Test func acronymsKeepTheirCapitals() {
        let t = Tokenizer.tokenize("l'ONU et au sein de l'UE")
        #expect(t.first { $0.folded == "onu" }?.upper == true)
        #expect(t.first { $0.folded == "au" }?.upper == false)
    }

    @Test func sentencesKeepAbbreviationsAndSplitRunOns() {
        let text = "M. Macron a appelé Mme Merkel. Le président a parlé.M.Macron a ajouté.\nUne ligne"
        let tokens = Tokenizer.tokenize(text)
        let sentences = Tokenizer.sentences(tokens)
        #expect(sentences.count == 4)
        #expect(tokens[sentences[1].range.lowerBound].folded == "le")
        #expect(tokens[sentences[2].range.lowerBound].folded == "m")
    }

    @Test func aLowercaseLineContinuesTheSentence() {
        let tokens = Tokenizer.tokenize("des pourparlers soutenus par\nl’Union européenne.")
        #expect(Tokenizer.sentences(tokens).count == 1)
    }
}
