import VigieExtractor

/// The one place the daemon (and its tests) get their extractor from.
///
/// Today's `Extractor` has no lexicon to load; once the lexicon-backed extractor is merged this
/// becomes `try Extractor.bundled()` (or `Extractor(lexicon: Lexicon.load(directory:))` for a
/// configured directory), and nothing else in the daemon changes.
public func loadDaemonExtractor() throws -> Extractor {
    try Extractor.bundled()
}
