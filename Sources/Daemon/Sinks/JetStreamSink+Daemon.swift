import Configuration
import Logging

#if canImport(Glibc)
    import Glibc
#endif

// How the JetStream sink joins vigied: its options, read with the daemon's other settings, and
// the service made from them.

extension DaemonOption {
    /// The sink's options; none is set by default, which leaves the sink off.
    public static let jetStream: [DaemonOption] = [
        .init(
            key: "natsUrl", valueName: "nats://HOST:PORT[,...]",
            help: "publish events to NATS JetStream at these servers (default: off)"),
        .init(key: "natsCreds", valueName: "FILE", help: "NATS credentials file (default: none)"),
        .init(key: "natsStream", valueName: "NAME", help: "JetStream stream (default VIGIE)"),
        .init(
            key: "natsSubjectPrefix", valueName: "PREFIX",
            help: "subjects PREFIX.<EVENT>.<COUNTRY> (default vigie.events)"),
        .init(
            key: "natsReplicas", valueName: "N", help: "stream replicas when vigied creates it (default 1)"),
    ]
}

extension JetStreamConfiguration {
    /// The configuration keys of the sink: flat camelCase like the daemon's other keys, so
    /// `natsUrl` is `--nats-url`, `VIGIE_NATS_URL` and `"natsUrl"` in the config file.
    public enum Keys {
        /// Comma-separated server URLs (a list in the JSON file works too).
        public static let url: ConfigKey = ["natsUrl"]
        public static let credentials: ConfigKey = ["natsCreds"]
        public static let stream: ConfigKey = ["natsStream"]
        public static let subjectPrefix: ConfigKey = ["natsSubjectPrefix"]
        public static let replicas: ConfigKey = ["natsReplicas"]
    }

    /// Reads the sink's keys (see `Keys`); nil, that is the sink off, when no URL is given.
    public init?(config: ConfigReader, stateDirectory: String) {
        // The command line splits `a,b` into a list; a file or the environment gives a string.
        let urls =
            config.stringArray(forKey: Keys.url).map { $0.joined(separator: ",") }
            ?? config.string(forKey: Keys.url)
        let replicas = config.int(forKey: Keys.replicas) ?? config.string(forKey: Keys.replicas).flatMap { Int($0) }
        self.init(
            natsURL: urls, credentialsFile: config.string(forKey: Keys.credentials),
            stream: config.string(forKey: Keys.stream),
            subjectPrefix: config.string(forKey: Keys.subjectPrefix),
            replicas: replicas, stateDirectory: stateDirectory)
    }

    /// Reads and checks the sink's configuration for `vigied`; nil when the sink is off.
    static func load(
        _ config: ConfigReader, stateDirectory: String
    ) throws(ConfigurationError) -> JetStreamConfiguration? {
        if let raw = config.string(forKey: Keys.replicas), Int(raw) == nil {
            throw ConfigurationError(
                .badValue, "invalid value '\(raw)' for --nats-replicas: expected an integer from 1 to 5")
        }
        guard let c = JetStreamConfiguration(config: config, stateDirectory: stateDirectory) else { return nil }
        do {
            try c.validate()
        } catch {
            throw ConfigurationError(.badValue, "JetStream sink: \(error.message)")
        }
        if let creds = c.credentialsFile, access(creds, R_OK) != 0 {
            throw ConfigurationError(
                .badValue, "the NATS credentials file \(creds) (--nats-creds) cannot be read; check the path")
        }
        return c
    }
}

/// The JetStream sink of a daemon, reading its log, or nil when the configuration leaves it off.
func makeJetStreamSink(
    configuration: DaemonConfiguration, log: any EventSource, logger: Logger
) -> JetStreamSink? {
    guard var sink = configuration.jetStream else { return nil }
    // The cursor lives with the log it points into.
    sink.stateDirectory = configuration.stateDirectory
    return JetStreamSink(configuration: sink, source: log, logger: logger)
}
