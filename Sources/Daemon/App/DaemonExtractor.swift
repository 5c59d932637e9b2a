import VigieExtractor

/// The one place the daemon (and its tests) get their extractor from: the lexicons of
/// `directory` when one is configured (`--lexicons`), else the lexicons built into vigied.
/// Lexicon errors name the file and line.
public func loadDaemonExtractor(lexiconDirectory directory: String? = nil) throws -> Extractor {
    guard let directory else { return try Extractor.bundled() }
    return Extractor(lexicon: try Lexicon.load(directory: directory))
}
