/// Why the coder gave up on a dispatch. The code is stable; the message says which dispatch.
public struct CodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case tooSlow = "too_slow"
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Coding went past its deadline (`--coding-budget-seconds` in vigied).
        public static let tooSlow = Code(.tooSlow)

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, dispatch: String) {
        self.code = code
        self.message = "\(dispatch): coding went past its time budget"
    }

    public var description: String { "\(message) [\(code)]" }
}
