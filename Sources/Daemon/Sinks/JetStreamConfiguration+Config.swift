import Configuration

extension JetStreamConfiguration {
    /// The configuration keys of the sink, with their flags.
    public enum Keys {
        /// `--nats-url nats://HOST:PORT[,...]`; JSON `{"nats": {"url": "..."}}`, a string or a list.
        public static let url: ConfigKey = ["nats", "url"]
        /// `--nats-creds FILE`: a NATS credentials file.
        public static let credentials: ConfigKey = ["nats", "creds"]
        /// `--nats-stream NAME`, default `VIGIE`.
        public static let stream: ConfigKey = ["nats", "stream"]
        /// `--nats-subject-prefix PREFIX`, default `vigie.events`.
        public static let subjectPrefix: ConfigKey = ["nats", "subject", "prefix"]
        /// `--nats-replicas N`, default 1: replicas of the stream when the sink creates it.
        public static let replicas: ConfigKey = ["nats", "replicas"]
    }

    /// Reads the sink's keys (see `Keys`); nil, that is the sink off, when no URL is given.
    public init?(config: ConfigReader, stateDirectory: String) {
        // The command line splits `a,b` into a list; a file or the environment gives a string.
        let urls =
            config.stringArray(forKey: Keys.url).map { $0.joined(separator: ",") }
            ?? config.string(forKey: Keys.url)
        self.init(
            natsURL: urls, credentialsFile: config.string(forKey: Keys.credentials),
            stream: config.string(forKey: Keys.stream),
            subjectPrefix: config.string(forKey: Keys.subjectPrefix),
            replicas: config.int(forKey: Keys.replicas), stateDirectory: stateDirectory)
    }
}
