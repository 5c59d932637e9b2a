import Foundation
import VigieExtractor

/// What happens to a dispatch file once its events are durable in the log.
public enum Disposition: String, Sendable, Hashable, CaseIterable {
    /// Leave it in the drop directory (the default). Its sha is remembered, so it is not
    /// processed again.
    case keep
    /// Move it to `processed/` inside the drop directory.
    case move
    /// Delete it.
    case delete
}

/// Settings of the ingest pipeline. Defaults are good for a first run.
public struct IngestConfiguration: Sendable, Hashable {
    /// The directory producers drop dispatches into. Only its direct entries are dispatches.
    public var dropDirectory: String
    /// Files larger than this are refused (quarantined). Default 4 MiB.
    public var maxDispatchBytes: Int = DispatchReader.defaultMaxBytes
    /// Default `.keep`.
    public var disposition: Disposition = .keep
    /// Extract the complete paragraphs of a file still being written. Default true.
    public var incremental: Bool = true
    /// A dispatch during whose extraction the daemon died (crash, watchdog kill) this many
    /// times is quarantined instead of being tried again, so one bad file cannot keep the
    /// daemon in a crash loop. 0 turns the guard off. Default 3.
    public var maxExtractionCrashes: Int = 3
    /// After the log or the ledger refused a write (disk full, I/O error), the drop directory is
    /// rescanned this long after, and again while writes keep failing, so dispatches left in
    /// place go through once space returns without waiting for a restart. Default 2 s.
    public var retryInterval: Duration = .seconds(2)
    /// Dispatches coded at once, each on its own thread. Default: one per core.
    public var codingWorkers: Int = IngestConfiguration.defaultCodingWorkers
    /// Longest the coding of one dispatch may take before it is abandoned and quarantined as
    /// `too_slow`; nil: no limit. Default 10 s.
    public var codingBudget: Duration? = .seconds(10)

    /// One coding worker per core the process may use.
    public static var defaultCodingWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Where `move` puts processed files: `processed/` in the drop directory.
    public var processedDirectory: String { dropDirectory + "/" + Self.processedName }
    /// Where refused files go, each with a `<name>.reason` file: `quarantine/` in the drop directory.
    public var quarantineDirectory: String { dropDirectory + "/" + Self.quarantineName }

    public static let processedName = "processed"
    public static let quarantineName = "quarantine"

    public init(dropDirectory: String) {
        self.dropDirectory = dropDirectory
    }

    /// Names that are never dispatches: dotfiles (a producer's temporary name), `*.tmp`,
    /// `*.part` and `*~`.
    public static func isIgnoredName(_ name: String) -> Bool {
        name.isEmpty || name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part")
            || name.hasSuffix("~") || name.contains("/")
    }
}
