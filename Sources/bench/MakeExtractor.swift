import VigieExtractor

/// The extractor the benchmark measures: the one `vigie extract` uses.
func makeExtractor(lexiconDirectory: String?) throws -> Extractor {
    if lexiconDirectory != nil {
        fail("--lexicon needs the lexicon loader (Extractor(lexicon:)); not in this build")
    }
    return Extractor()
}
