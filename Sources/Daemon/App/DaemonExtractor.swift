import VigieExtractor
import VigieLanguage

/// The one place the daemon (and its tests) get their extractor from: the lexicons of
/// `directory` when one is configured (`--lexicons`), else the lexicons built into vigied;
/// reading the French analysis when `analysis` is on (`--analysis on`), from `modelDirectory`
/// or `ModelLocation`'s default places. Lexicon errors name the file and line; a missing model
/// names its path and the command that installs it.
public func loadDaemonExtractor(
    lexiconDirectory directory: String? = nil, analysis: Bool = false, modelDirectory: String? = nil
) throws -> Extractor {
    let extractor =
        if let directory { Extractor(lexicon: try Lexicon.load(directory: directory)) } else { try Extractor.bundled() }
    guard analysis else { return extractor }
    return extractor.with(analyzer: try FrenchAnalyzer(modelDirectory: ModelLocation.resolve(explicit: modelDirectory)))
}
