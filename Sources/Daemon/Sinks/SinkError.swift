/// A failure of the JetStream sink: a stable code, a message saying what to do, and the cause.
public struct SinkError: Error, Sendable, CustomStringConvertible {
    /// Stable, machine-readable codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A configuration value is unusable.
        public static let badConfiguration = Code(rawValue: "bad_configuration")
        /// The client could not be set up or reach a server.
        public static let connection = Code(rawValue: "connection")
        /// The stream could not be found or created.
        public static let stream = Code(rawValue: "stream")
        /// Publishing failed or was not acknowledged in time.
        public static let publish = Code(rawValue: "publish")
        /// The cursor file could not be read or written.
        public static let cursor = Code(rawValue: "cursor")
        /// Reading the event log failed.
        public static let source = Code(rawValue: "source")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(code): \(message) (\(cause))" }
        return "\(code): \(message)"
    }
}

/// A status code of the NATS C client with its text, used as the cause of a `SinkError`.
public struct NatsStatusError: Error, Sendable, CustomStringConvertible {
    /// The `natsStatus` value.
    public var status: Int
    /// The client's text for it, and the JetStream error code when there is one.
    public var text: String
    public var jetStreamCode: Int

    public init(status: Int, text: String, jetStreamCode: Int = 0) {
        self.status = status
        self.text = text
        self.jetStreamCode = jetStreamCode
    }

    public var description: String {
        jetStreamCode == 0 ? "nats: \(text)" : "nats: \(text) (JetStream error \(jetStreamCode))"
    }
}
