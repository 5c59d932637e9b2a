import VigieProtocol

/// The French event coder: a decoded dispatch in, event records out. Pure and synchronous.
///
/// PLACEHOLDER (skeleton commit): the extraction pipeline is being built in the
/// extraction work; this facade fixes the API the client and the daemon call.
public struct Extractor: Sendable {
    /// The coder's name and version, written in every record's `coder` field.
    public static let coderName = "vigie-fr"
    public static let coderVersion = "0.1.0"

    public let lexiconVersion: String

    public init(lexiconVersion: String = "none") {
        self.lexiconVersion = lexiconVersion
    }

    /// The events of `dispatch`, in text order, one per real-world event.
    public func extract(_ dispatch: Dispatch) -> [EventRecord] {
        []
    }
}
