import Foundation

/// How the optional JetStream sink publishes the event log to NATS.
///
/// The sink is off unless at least one server URL is given (`--nats-url`), so the embedded
/// defaults need no NATS server.
public struct JetStreamConfiguration: Sendable, Hashable {
    /// Server URLs such as `nats://10.0.0.1:4222`. The client also learns the other members of a
    /// cluster from the server it reaches. No default: the sink is off without one.
    public var servers: [String]
    /// A NATS credentials file (JWT and NKey seed, `.creds`), or nil for no authentication.
    public var credentialsFile: String?
    /// The JetStream stream the events go to. Default `VIGIE`.
    public var stream: String
    /// Subjects are `<subjectPrefix>.<EVENT>.<actor country or XXX>`. Default `vigie.events`.
    public var subjectPrefix: String
    /// Replicas of the stream when the sink creates it (1 on a single server, 3 in a 3-node
    /// cluster). An existing stream is used as it is. Default 1.
    public var replicas: Int
    /// The stream's duplicate window when the sink creates it: how long the server remembers
    /// event ids to drop republished events. Republishing after an outage longer than this
    /// window may store an event twice. Default 10 minutes (the server's own default is 2).
    public var duplicateWindow: Duration
    /// The most events published without an acknowledgement yet; this bounds the sink's memory.
    /// Default 256.
    public var maxInFlight: Int
    /// How long to wait for the acknowledgements of a batch, and for JetStream API answers.
    /// Default 5 seconds.
    public var ackTimeout: Duration
    /// The first delay before retrying after a failure; it doubles on each failure in a row.
    /// Default 100 ms.
    public var initialBackoff: Duration
    /// The longest delay between retries. Default 10 seconds.
    public var maxBackoff: Duration
    /// How long the client waits between reconnection attempts to the servers. Default 250 ms.
    public var reconnectWait: Duration
    /// The directory of the cursor file (the state directory of the daemon).
    public var stateDirectory: String

    /// The default stream name.
    public static let defaultStream = "VIGIE"
    /// The default subject prefix.
    public static let defaultSubjectPrefix = "vigie.events"

    public init(
        servers: [String], credentialsFile: String? = nil, stream: String = defaultStream,
        subjectPrefix: String = defaultSubjectPrefix, replicas: Int = 1,
        duplicateWindow: Duration = .seconds(600), maxInFlight: Int = 256,
        ackTimeout: Duration = .seconds(5), initialBackoff: Duration = .milliseconds(100),
        maxBackoff: Duration = .seconds(10), reconnectWait: Duration = .milliseconds(250),
        stateDirectory: String
    ) {
        self.servers = servers
        self.credentialsFile = credentialsFile
        self.stream = stream
        self.subjectPrefix = subjectPrefix
        self.replicas = replicas
        self.duplicateWindow = duplicateWindow
        self.maxInFlight = maxInFlight
        self.ackTimeout = ackTimeout
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.reconnectWait = reconnectWait
        self.stateDirectory = stateDirectory
    }

    /// The configuration for `--nats-url` (a comma-separated list), or nil when the value is
    /// missing or empty, which turns the sink off.
    public init?(
        natsURL: String?, credentialsFile: String? = nil, stream: String? = nil,
        subjectPrefix: String? = nil, replicas: Int? = nil, stateDirectory: String
    ) {
        let servers = Self.parseServers(natsURL ?? "")
        guard !servers.isEmpty else { return nil }
        self.init(
            servers: servers,
            credentialsFile: credentialsFile.flatMap { $0.isEmpty ? nil : $0 },
            stream: stream.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultStream,
            subjectPrefix: subjectPrefix.flatMap { $0.isEmpty ? nil : $0 }
                ?? Self.defaultSubjectPrefix,
            replicas: replicas ?? 1, stateDirectory: stateDirectory)
    }

    /// Splits `nats://a:4222,nats://b:4222` into URLs, dropping blanks.
    public static func parseServers(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Checks the values the server would refuse later, with a message saying what to change.
    public func validate() throws(SinkError) {
        guard !servers.isEmpty else {
            throw SinkError(.badConfiguration, "no NATS server URL; pass --nats-url nats://HOST:PORT")
        }
        for url in servers where !(url.hasPrefix("nats://") || url.hasPrefix("tls://")) {
            throw SinkError(
                .badConfiguration, "'\(url)' is not a NATS URL; write it as nats://HOST:PORT")
        }
        guard Subjects.isValidStreamName(stream) else {
            throw SinkError(
                .badConfiguration,
                "stream name '\(stream)' must be letters, digits, '-' or '_' (for example VIGIE)")
        }
        guard Subjects.isValidPrefix(subjectPrefix) else {
            throw SinkError(
                .badConfiguration,
                "subject prefix '\(subjectPrefix)' must be dot-separated tokens without spaces or wildcards (for example vigie.events)"
            )
        }
        guard (1...5).contains(replicas) else {
            throw SinkError(.badConfiguration, "replicas must be from 1 to 5, not \(replicas)")
        }
        guard maxInFlight >= 1 else {
            throw SinkError(.badConfiguration, "maxInFlight must be at least 1")
        }
    }

    /// The file that holds the last acknowledged seq.
    public var cursorPath: String {
        stateDirectory + "/jetstream-" + stream + ".cursor"
    }
}
