import VigieExtractor

/// The extractor the benchmark measures: the one `vigie extract` uses, over the bundled
/// lexicons or those in `lexiconDirectory`.
func makeExtractor(lexiconDirectory: String?) throws -> Extractor {
    if let lexiconDirectory {
        return Extractor(lexicon: try Lexicon.load(directory: lexiconDirectory))
    }
    return try Extractor.bundled()
}
