/// Why a wire file, or one item of it, could not be read.
///
/// The code is a closed set (``Code``); the message says what was wrong in words a person can
/// act on, with libxml2's or Foundation's own wording when they found the fault.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure: a closed set of values, compared by their snake_case name.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        // A private enum behind static members: callers can match the known codes, and adding
        // one later does not break a caller's exhaustive switch.
        private enum Base: String, Sendable, Hashable {
            case badXML = "bad_xml"
            case badJSON = "bad_json"
            case badHTML = "bad_html"
            case noText = "no_text"
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// XML that is not well formed, uses refused constructs (entity declarations, deep
        /// nesting) or whose root is not a known wire format.
        public static let badXML = Code(.badXML)
        /// JSON that does not parse, nests too deep or is not a ninjs object.
        public static let badJSON = Code(.badJSON)
        /// HTML the parser cannot read at all.
        public static let badHTML = Code(.badHTML)
        /// A document or an item without any text to code.
        public static let noText = Code(.noText)

        /// The snake_case name: "bad_xml", "bad_json", "bad_html" or "no_text".
        public var rawValue: String { base.rawValue }

        /// The snake_case name, as ``rawValue``.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What was wrong, for a person.
    public var message: String
    /// The index of the item in the file (in document order) when the error is about one item.
    public var item: Int?
    /// The underlying failure in words (a parser's own message), when there is one. A string
    /// rather than an `Error` so that the error stays `Hashable`.
    public var cause: String?

    /// An error with `code` and `message`, about the item at index `item` when given.
    public init(code: Code, message: String, item: Int? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.item = item
        self.cause = cause
    }

    /// "code: message", with the item index and the cause when present.
    public var description: String {
        var text = "\(code): \(message)"
        if let item { text += " (item \(item))" }
        if let cause { text += " [\(cause)]" }
        return text
    }

    static func badXML(_ message: String, cause: String? = nil) -> WireError {
        WireError(code: .badXML, message: message, cause: cause)
    }

    static func badJSON(_ message: String, cause: String? = nil) -> WireError {
        WireError(code: .badJSON, message: message, cause: cause)
    }

    static func badHTML(_ message: String) -> WireError {
        WireError(code: .badHTML, message: message)
    }

    static func noText(_ message: String, item: Int? = nil) -> WireError {
        WireError(code: .noText, message: message, item: item)
    }
}
