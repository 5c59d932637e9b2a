import Testing

@testable import VigieExtractor

/// The fast word lists give exactly the answers of the plain comparisons they replace.
@Suite struct WordListTests {
    static let words = [
        "", "a", "e", "evitent", "evit", "crainte", "redouter", "interdiction", "cessation", "stopper", "provoquant",
        "apres", "élection", "e\u{301}vitent", "evitE", "Evitent", "zz", "veille", "veiller", "tentai", "x\u{301}cess",
        "c\u{327}a", "ça", "ﬁn", "\u{212A}evit", "éviter", "«", "prépare", "prepar", "susciter",
    ]

    @Test func stemListAnswersAsHasPrefixDoes() {
        let stems = ["evit", "crai", "redout", "interdi", "cess", "stopp", "veille", "tentai", "prepar", "suscit", "e"]
        let list = StemList(stems)
        for w in WordListTests.words {
            #expect(list.matches(w) == stems.contains { w.hasPrefix($0) }, "\(w)")
        }
    }

    @Test func foldedSetAnswersAsStringEqualityDoes() {
        let keys = ["evit", "«", "à", "qui", "dont", "ça", "e"]
        let set = FoldedSet(keys)
        for w in WordListTests.words + keys + ["a\u{300}", "c\u{327}a"] {
            #expect(set.contains(w) == keys.contains(w), "\(w)")
        }
    }
}
