import Synchronization
import VigieExtractor
import VigieProtocol

/// The extractor the pipeline uses, replaceable while the daemon runs (a configuration or
/// lexicon reload): the dispatch being extracted keeps the extractor it started with, the next
/// one uses the new one.
public final class SwappableExtractor: Sendable {
    private let current: Mutex<Extractor>

    public init(_ extractor: Extractor) {
        current = Mutex(extractor)
    }

    /// The extractor in use now.
    public var extractor: Extractor { current.withLock { $0 } }

    /// Uses `extractor` for every dispatch from now on.
    public func replace(with extractor: Extractor) {
        current.withLock { $0 = extractor }
    }

    public func extract(_ dispatch: Dispatch) -> [EventRecord] {
        extractor.extract(dispatch)
    }
}
