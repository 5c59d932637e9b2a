/// Why the French analysis could not be loaded or run.
///
/// The code is a closed set (``Code``); the message names the path and, for a missing or
/// damaged model, the command that installs it.
public struct LanguageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure: a closed set of values, compared by their snake_case name.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        // A private enum behind static members: callers match the known codes, and adding one
        // later does not break a caller's exhaustive switch.
        private enum Base: String, Sendable, Hashable {
            case modelMissing = "model_missing"
            case modelDamaged = "model_damaged"
            case modelVersion = "model_version"
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No converted model at the path.
        public static let modelMissing = Code(.modelMissing)
        /// Files present but unreadable, truncated or inconsistent.
        public static let modelDamaged = Code(.modelDamaged)
        /// A model converted by another version of the converter, or another spaCy model.
        public static let modelVersion = Code(.modelVersion)

        /// The snake_case name.
        public var rawValue: String { base.rawValue }

        /// The snake_case name, as ``rawValue``.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What was wrong, for a person, with the path and what to run.
    public var message: String
    /// The underlying failure in words, when there is one.
    public var cause: String?

    /// An error with `code`, `message` and an optional `cause`.
    public init(code: Code, message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// "code: message (cause)".
    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (\(cause))" }
        return text
    }

    /// The command that fetches, checks and converts the model.
    package static let installHint = "run `scripts/language/setup-model.sh` (or `make model`)"
}
