/// The version of the line protocol this module speaks.
public let protocolVersion = 1

/// Where a subscription starts.
public enum SubscriptionStart: Sendable, Hashable {
    /// Replay from this sequence number onward, then follow live.
    case seq(UInt64)
    /// Only events appended after the subscription.
    case now
}

/// Which events a subscriber wants. Every key is optional; all given keys must hold.
public struct EventFilter: Codable, Sendable, Hashable {
    public var types: [EventType]?
    public var modes: [String]?
    /// Matches when an actor or a recipient belongs to one of these ISO alpha-3 countries.
    public var countries: [String]?
    /// Matches when an actor or a recipient is one of these organizations.
    public var orgs: [String]?
    public var minConfidence: Double?
    /// Case- and accent-insensitive text searched in actor names and surface texts.
    public var actor: String?

    public init(
        types: [EventType]? = nil, modes: [String]? = nil, countries: [String]? = nil,
        orgs: [String]? = nil, minConfidence: Double? = nil, actor: String? = nil
    ) {
        self.types = types
        self.modes = modes
        self.countries = countries?.map { $0.uppercased() }
        self.orgs = orgs?.map { $0.uppercased() }
        self.minConfidence = minConfidence
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case types, modes, countries, orgs
        case minConfidence = "min_confidence"
        case actor
    }

    /// True when the filter has no condition.
    public var isEmpty: Bool {
        types == nil && modes == nil && countries == nil && orgs == nil && minConfidence == nil
            && actor == nil
    }

    /// Whether `record` passes every condition of the filter.
    public func matches(_ record: EventRecord) -> Bool {
        if let types, !types.contains(record.event) { return false }
        if let modes {
            guard let mode = record.mode, modes.contains(mode) else { return false }
        }
        let parties = record.actor + record.recipient
        if let countries {
            guard parties.contains(where: { $0.country.map { countries.contains($0) } ?? false })
            else { return false }
        }
        if let orgs {
            guard
                parties.contains(where: { $0.org.map { orgs.contains($0.uppercased()) } ?? false })
            else { return false }
        }
        if let minConfidence, record.confidence < minConfidence { return false }
        if let actor {
            let needle = TextFolding.fold(actor)
            guard
                record.actor.contains(where: {
                    TextFolding.fold($0.text).contains(needle)
                        || ($0.name.map { TextFolding.fold($0).contains(needle) } ?? false)
                })
            else { return false }
        }
        return true
    }
}

/// A request a client sends, one per line.
public enum ClientRequest: Sendable, Hashable {
    case subscribe(since: SubscriptionStart, filter: EventFilter)
    case ping
    case status
}

/// Daemon counters, answered to `{"op":"status"}`.
public struct StatusReport: Codable, Sendable, Hashable {
    public var dispatches: Int
    public var events: Int
    public var subscribers: Int
    public var firstSeq: UInt64
    public var lastSeq: UInt64
    public var uptimeSeconds: Double
    public var quarantined: Int
    public var extra: [String: String]

    public init(
        dispatches: Int, events: Int, subscribers: Int, firstSeq: UInt64, lastSeq: UInt64,
        uptimeSeconds: Double, quarantined: Int = 0, extra: [String: String] = [:]
    ) {
        self.dispatches = dispatches
        self.events = events
        self.subscribers = subscribers
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.uptimeSeconds = uptimeSeconds
        self.quarantined = quarantined
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey {
        case dispatches, events, subscribers
        case firstSeq = "first_seq"
        case lastSeq = "last_seq"
        case uptimeSeconds = "uptime_s"
        case quarantined, extra
    }
}

/// A message the server sends, one per line, each with a `"type"`.
public enum ServerMessage: Sendable, Hashable {
    case hello(server: String, firstSeq: UInt64, lastSeq: UInt64)
    /// `nextSeq`: the first seq the subscription can deliver (with `since: "now"`, the seq the
    /// next appended event will get), so a client knows where to resume even before any event.
    case subscribed(since: SubscriptionStart, filter: EventFilter, nextSeq: UInt64)
    case event(seq: UInt64, record: EventRecord)
    /// An event delivered earlier (`record`, as it was) no longer holds: a later version of its
    /// story does not give it. A subscriber that drops it holds the events of the latest versions.
    case retract(seq: UInt64, retraction: Retraction, record: EventRecord)
    case gap(from: UInt64, to: UInt64)
    case heartbeat(lastSeq: UInt64)
    case pong
    case status(StatusReport)
    case error(ProtocolError)
    case bye(reason: String?)
}

/// A stable error code with a human message, sent as `{"type":"error",...}`.
public struct ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable, machine-readable codes.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The line is not a JSON object.
        public static let notJSON = Code(rawValue: "not_json")
        /// The line is JSON but has no string `op`.
        public static let missingOp = Code(rawValue: "missing_op")
        /// `op` names no known request.
        public static let unknownOp = Code(rawValue: "unknown_op")
        /// `since` is neither a non-negative integer nor "now".
        public static let badSince = Code(rawValue: "bad_since")
        /// The filter has an unknown key or a value of the wrong kind.
        public static let badFilter = Code(rawValue: "bad_filter")
        /// The connection already has a subscription.
        public static let alreadySubscribed = Code(rawValue: "already_subscribed")
        /// The line is longer than the server accepts; the connection is closed.
        public static let lineTooLong = Code(rawValue: "line_too_long")
        /// The line is not valid UTF-8.
        public static let badEncoding = Code(rawValue: "bad_encoding")
        /// The client did not read fast enough; it is disconnected and may resume.
        public static let slowConsumer = Code(rawValue: "slow_consumer")
        /// The server is shutting down or cannot serve the request now.
        public static let unavailable = Code(rawValue: "unavailable")
    }

    public var code: Code
    public var message: String
    /// For `slow_consumer`: the first sequence number the client has not received.
    public var resumeFrom: UInt64?

    public init(_ code: Code, _ message: String, resumeFrom: UInt64? = nil) {
        self.code = code
        self.message = message
        self.resumeFrom = resumeFrom
    }

    public var description: String { "\(code): \(message)" }
}

/// Why and for which story an event was retracted: the fields of a `retract` message besides
/// its seq and the retracted record.
public struct Retraction: Sendable, Hashable {
    /// Why an event is retracted. Closed set; new reasons are added here.
    public struct Reason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A later version of the story no longer gives the event (or gives it with another toll
        /// or date: the new event names this one in `supersedes`).
        public static let superseded = Reason(rawValue: "superseded")
    }

    /// The id of the retracted event.
    public var id: String
    /// The story whose new version retracts it: the wire item's guid/uri/doc-id, or for plain
    /// text the file name.
    public var story: String
    public var reason: Reason

    public init(id: String, story: String, reason: Reason = .superseded) {
        self.id = id
        self.story = story
        self.reason = reason
    }
}
