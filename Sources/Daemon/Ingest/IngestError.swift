/// A failure of the ingest side (the watcher, the drop directory). The code is stable.
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// inotify could not be set up on the drop directory.
        public static let watchFailed = Code(rawValue: "watch_failed")
        /// The drop directory is missing, not a directory, or was removed while watched.
        public static let dropDirectory = Code(rawValue: "drop_directory")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
