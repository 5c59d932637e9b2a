/// A failure of the event log or the dispatch ledger. The code is stable; the message says what
/// to do next.
public struct LogError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The state directory or a log file cannot be created, opened or locked.
        public static let unusableDirectory = Code(rawValue: "unusable_directory")
        /// Another process holds the state directory.
        public static let locked = Code(rawValue: "locked")
        /// A write or fsync failed (disk full, I/O error).
        public static let writeFailed = Code(rawValue: "write_failed")
        /// A read failed.
        public static let readFailed = Code(rawValue: "read_failed")
        /// Committed data is damaged somewhere other than the tail: recovery cannot repair it.
        public static let corrupt = Code(rawValue: "corrupt")
        /// The log was closed.
        public static let closed = Code(rawValue: "closed")
    }

    public var code: Code
    public var message: String
    /// The system error number behind it, when there is one.
    public var errno: Int32?

    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String {
        if let errno { return "\(code): \(message) (\(systemErrorString(errno)))" }
        return "\(code): \(message)"
    }
}
