import Logging
import VigieExtractor

/// Everything `vigied` can be told, with documented defaults good for a first run.
///
/// Sources, highest priority first: command-line flags (`--drop DIR`), environment variables
/// (`VIGIE_DROP`), the JSON config file (`{"drop": "DIR"}`; `--config FILE` or `VIGIE_CONFIG`,
/// else `$CONFIGURATION_DIRECTORY/vigied.json` when systemd gives one), then the defaults.
/// See `DaemonOption.all` for every key.
public struct DaemonConfiguration: Sendable, Hashable {
    /// Where producers drop dispatches. Default `./.vigie/drop`; under systemd
    /// (`$STATE_DIRECTORY` set) `/var/spool/vigie/drop`.
    public var dropDirectory: String
    /// The event log, the ledger. Default `./.vigie/state`; under systemd `$STATE_DIRECTORY`
    /// (`/var/lib/vigie`).
    public var stateDirectory: String
    /// The subscribers' Unix socket. Default `./.vigie/events.sock`; under systemd
    /// `$RUNTIME_DIRECTORY/events.sock` (`/run/vigie/events.sock`).
    public var socketPath: String
    /// The JSON config file read, if any.
    public var configFile: String?
    /// Default `.always`: events are on disk before a subscriber sees them.
    public var fsync: FsyncPolicy = .always
    /// Default 64 MiB.
    public var segmentBytes: Int = 64 << 20
    /// Log retention by size; 0 keeps everything. Default 1 GiB.
    public var retentionBytes: Int64 = 1 << 30
    /// Log retention by age in seconds; 0 keeps everything. Default 30 days.
    public var retentionSeconds: Int64 = 30 * 24 * 3600
    /// A directory of lexicon files (`countries.tsv`, `predicates.tsv`, ...) to load instead of
    /// the lexicons built into vigied, and to re-read on reload (SIGHUP). Default nil: built in.
    public var lexiconDirectory: String?
    /// Default 4 MiB.
    public var maxDispatchBytes: Int = DispatchReader.defaultMaxBytes
    /// Default `.keep`.
    public var disposition: Disposition = .keep
    /// Extract complete paragraphs of files still being written. Default true.
    public var incremental: Bool = true
    /// Code with the French analysis (VigieLanguage): participants from the parse. Default off.
    public var analysis: Bool = false
    /// The converted French model's directory; nil: `ModelLocation`'s default places.
    public var modelDirectory: String?
    /// Default `.info`.
    public var logLevel: Logger.Level = .info
    /// Quarantine a dispatch after the daemon died this many times extracting it; 0 = never.
    /// Default 3.
    public var maxExtractionCrashes: Int = 3
    /// Longest a single dispatch may take before the daemon counts as unhealthy. Default 30 s.
    public var healthDeadlineSeconds: Double = 30
    /// Dispatches coded at once. Default: one per core.
    public var codingWorkers: Int = IngestConfiguration.defaultCodingWorkers
    /// Longest the coding of one dispatch may take before it is quarantined as `too_slow`;
    /// 0 = no limit. Default 10 s.
    public var codingBudgetSeconds: Double = 10
    /// The subscriber server's limits (heartbeat, slow-consumer cut, buffers, connections, shared
    /// cache): `--heartbeat-seconds` and the other options of `DaemonOption.subscribers`. Defaults
    /// are `ServerConfiguration`'s; its listener and server name are the daemon's to set.
    public var server = ServerConfiguration()
    /// The live page and its event stream over HTTP: `HOST:PORT` (`--http`), loopback unless a
    /// token is given. Default nil: off (`make run` turns it on at 127.0.0.1:8750). Under
    /// systemd, a socket passed as `http` (`vigie-http.socket`) is used instead.
    public var httpAddress: String?
    /// A file holding the bearer token the HTTP endpoint requires (`--http-token-file`);
    /// required when the endpoint is not on a loopback address. Default nil: no token.
    public var httpTokenFile: String?
    /// The optional JetStream sink (`--nats-url` and the other `--nats-*` options). Default nil:
    /// off, so the defaults need no NATS server.
    public var jetStream: JetStreamConfiguration?

    /// The defaults for this environment (see each property).
    public static func defaults(environment: [String: String]) -> DaemonConfiguration {
        if let state = environment["STATE_DIRECTORY"].flatMap({ $0.split(separator: ":").first }) {
            let runtime =
                environment["RUNTIME_DIRECTORY"].flatMap { $0.split(separator: ":").first }
                .map(String.init) ?? "/run/vigie"
            return DaemonConfiguration(
                dropDirectory: "/var/spool/vigie/drop", stateDirectory: String(state),
                socketPath: runtime + "/events.sock")
        }
        return DaemonConfiguration(
            dropDirectory: ".vigie/drop", stateDirectory: ".vigie/state", socketPath: ".vigie/events.sock")
    }

    public init(dropDirectory: String, stateDirectory: String, socketPath: String) {
        self.dropDirectory = dropDirectory
        self.stateDirectory = stateDirectory
        self.socketPath = socketPath
    }

    /// The event log's settings: segments in `<state>/log`.
    public var eventLog: EventLogConfiguration {
        var c = EventLogConfiguration(directory: stateDirectory + "/log")
        c.fsync = fsync
        c.segmentBytes = segmentBytes
        c.retentionBytes = retentionBytes
        c.retentionAge = retentionSeconds > 0 ? .seconds(retentionSeconds) : nil
        return c
    }

    /// The dispatch ledger: `<state>/ledger`.
    public var ledgerPath: String { stateDirectory + "/ledger" }

    /// The ingest pipeline's settings.
    public var ingest: IngestConfiguration {
        var c = IngestConfiguration(dropDirectory: dropDirectory)
        c.maxDispatchBytes = maxDispatchBytes
        c.disposition = disposition
        c.incremental = incremental
        c.maxExtractionCrashes = maxExtractionCrashes
        c.codingWorkers = codingWorkers
        c.codingBudget = codingBudgetSeconds > 0 ? .milliseconds(Int64(codingBudgetSeconds * 1000)) : nil
        return c
    }
}

/// A configuration that cannot be used. The message names the option and says what is allowed.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A flag nobody knows.
        public static let unknownOption = Code(rawValue: "unknown_option")
        /// A value of the wrong form.
        public static let badValue = Code(rawValue: "bad_value")
        /// The config file cannot be read or is not JSON.
        public static let badFile = Code(rawValue: "bad_file")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
