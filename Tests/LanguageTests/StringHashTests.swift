import Testing

@testable import VigieLanguage

@Suite struct StringHashTests {
    // Values printed by spaCy 3.8 (`spacy.strings.hash_string`): every tail length of
    // MurmurHash64A, multi-byte UTF-8.
    @Test(arguments: [
        ("", 14_313_749_767_032_693_980 as UInt64), ("a", 11_901_859_001_352_538_922),
        ("paris", 15_322_182_186_497_800_017), ("aujourd'hui", 9_478_438_274_351_682_003),
        ("Élysée", 15_246_259_507_242_029_199), ("abcdefgh", 17_751_780_907_874_141_760),
        ("abcdefghi", 13_885_881_106_499_164_936),
    ])
    func wordIdsMatchSpaCy(word: String, id: UInt64) {
        #expect(StringHash.id(word) == id)
        #expect(StringHash.id(Substring(word)) == id)
        #expect(StringHash.id(Substring(word).utf8) == id)
    }

    // Thinc 8.3 `NumpyOps().hash(ids, seed=8)`.
    @Test func bucketKeysMatchThinc() {
        let keys = StringHash.bucketKeys(15_322_182_186_497_800_017, seed: 8)
        #expect(keys.0 == 3_460_228_952 && keys.1 == 3_841_420_525)
        #expect(keys.2 == 3_042_859_780 && keys.3 == 3_614_647_140)
        let one = StringHash.bucketKeys(1, seed: 8)
        #expect(one.0 == 1_161_550_108 && one.1 == 2_247_783_286 && one.2 == 1_742_325_162 && one.3 == 1_224_191_281)
    }
}
