import CSystemd
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Where `SystemdLogHandler` writes.
public enum LogOutput: Sendable, Equatable {
    /// Structured entries to journald with `sd_journal_sendv(3)`: `MESSAGE=`, `PRIORITY=`,
    /// and each metadata key as an uppercase field (`DISPATCH=`, `SEQ=`, ...). If the journal
    /// refuses an entry, the line goes to stderr with a `<N>` priority prefix, which journald's
    /// stream reader understands.
    case journal
    /// `<N>`-prefixed lines on stderr (`<6>message key=value`): journald's stream reader turns
    /// the prefix into the entry's priority.
    case priorityPrefixed
    /// Readable lines on stderr: time, level, label, message, `key=value` metadata.
    case terminal

    /// The path libsystemd sends native journal entries to.
    public static let journalSocketPath = "/run/systemd/journal/socket"

    /// When stderr is connected to the journal (`JOURNAL_STREAM` names stderr's device and
    /// inode, as systemd sets it for `StandardError=journal`): `.journal` if journald's native
    /// socket exists, else `.priorityPrefixed` (libsystemd drops entries silently when the socket
    /// is missing). Otherwise `.terminal`.
    public static func detect() -> LogOutput {
        guard let stream = getenv("JOURNAL_STREAM").map({ String(cString: $0) }) else { return .terminal }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0, stream == "\(info.st_dev):\(info.st_ino)" else { return .terminal }
        return access(journalSocketPath, W_OK) == 0 ? .journal : .priorityPrefixed
    }
}

/// Logging for `vigied`: structured journal entries under systemd, readable lines elsewhere.
public enum SystemdLogging {
    /// Bootstraps swift-log once per process with `SystemdLogHandler` writing to `output`
    /// (default: detected from `JOURNAL_STREAM`).
    public static func bootstrap(level: Logger.Level = .info, output: LogOutput = .detect()) {
        LoggingSystem.bootstrap { label in
            var handler = SystemdLogHandler(label: label, output: output)
            handler.logLevel = level
            return handler
        }
    }
}

/// A swift-log handler for journald or a terminal; see `LogOutput`.
public struct SystemdLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    public let label: String
    public let output: LogOutput

    public init(label: String, output: LogOutput) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        let pairs = merged.sorted { $0.key < $1.key }
        let text = event.message.description
        let suffix = pairs.map { " \($0.key)=\(Self.render($0.value))" }.joined()

        switch output {
        case .journal:
            var fields = [
                "MESSAGE=\(text)\(suffix)",
                "PRIORITY=\(Self.syslogPriority(event.level))",
                "SYSLOG_IDENTIFIER=vigied",
                "LOGGER=\(label)",
                "CODE_FILE=\(event.file)",
                "CODE_LINE=\(event.line)",
                "CODE_FUNC=\(event.function)",
            ]
            for (key, value) in pairs {
                guard let field = Self.journalFieldName(key) else { continue }
                fields.append("\(field)=\(Self.render(value))")
            }
            if Self.sendToJournal(fields) < 0 {
                Self.writeStderr("<\(Self.syslogPriority(event.level))>\(text)\(suffix)\n")
            }
        case .priorityPrefixed:
            Self.writeStderr("<\(Self.syslogPriority(event.level))>\(text)\(suffix)\n")
        case .terminal:
            Self.writeStderr("\(Self.timestamp()) \(event.level) [\(label)] \(text)\(suffix)\n")
        }
    }

    /// syslog(3) priorities as journald stores them.
    public static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// Journal field names are uppercase ASCII letters, digits and `_`, not starting with `_`
    /// (reserved for trusted fields) or a digit: `dispatch` -> `DISPATCH`, `event.seq` ->
    /// `EVENT_SEQ`. Nil when nothing usable is left.
    public static func journalFieldName(_ key: String) -> String? {
        var name = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9": name.unicodeScalars.append(scalar)
            default: name.append("_")
            }
        }
        while let first = name.first, first == "_" || first.isNumber { name.removeFirst() }
        guard !name.isEmpty else { return nil }
        // Fields the handler sets itself keep their meaning.
        let reserved: Set<String> = [
            "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "LOGGER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
        ]
        return reserved.contains(name) ? "META_" + name : String(name.prefix(64))
    }

    static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let array): return "[" + array.map(render).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            return "{"
                + dictionary.sorted { $0.key < $1.key }.map { "\($0.key)=\(render($0.value))" }
                .joined(separator: ",") + "}"
        }
    }

    /// Returns `sd_journal_sendv`'s result: negative errno on failure.
    static func sendToJournal(_ fields: [String]) -> Int32 {
        let buffers = fields.map { strdup($0) }
        defer { buffers.forEach { free($0) } }
        var vectors = buffers.map { iovec(iov_base: UnsafeMutableRawPointer($0), iov_len: strlen($0!)) }
        return vectors.withUnsafeMutableBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
    }

    /// One write(2) per line, so concurrent lines do not interleave.
    static func writeStderr(_ line: String) {
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = now.tv_nsec / 1_000_000
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
