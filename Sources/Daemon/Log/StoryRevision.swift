import VigieProtocol

/// What the log knows of one story: the seqs of its live events (appended and not retracted,
/// in the retained log) and the newest version it was given.
struct StoryState: Sendable, Hashable {
    /// 0 when no version was ever given (plain text, or a format without one).
    var version: UInt64 = 0
    var live: [UInt64] = []
}

/// A new version of a story, or more of it, to commit to the log.
public struct StoryUpdate: Sendable, Hashable {
    /// The story: the wire item's guid, uri or doc-id; the file name for plain text.
    public var story: String
    /// The version the format gives; nil orders versions by arrival.
    public var version: Int?
    /// Every event of this version, in text order.
    public var records: [EventRecord]
    /// True: the records are the whole story, so live events they do not give are retracted.
    /// False: they add to it (the new paragraphs of a file still being written).
    public var replaces: Bool

    public init(story: String, version: Int?, records: [EventRecord], replaces: Bool = true) {
        self.story = story
        self.version = version
        self.records = records
        self.replaces = replaces
    }
}

/// What committing a `StoryUpdate` did.
public struct StoryOutcome: Sendable, Hashable {
    public var story: String
    /// The events appended (the version's events that were not live already).
    public var appended: [LoggedEvent]
    /// The retraction entries appended (their records are the retracted events).
    public var retracted: [LoggedEvent]
    /// Set when the update was older than a version already committed: nothing was written.
    public var staleAgainst: Int?
}

/// The pure part of a story's revision: given its live events and a new version's, which
/// events to retract and which to append, and which new event replaces which retracted one.
enum StoryRevision {
    struct Plan {
        /// The live events the new version no longer gives, in log order.
        var retract: [LoggedEvent]
        /// The version's events that are not live, in text order, with `supersedes` set.
        var append: [EventRecord]
    }

    /// `live` are the story's live events, `incoming` the new version's. With `replaces` false
    /// nothing is retracted.
    static func plan(live: [LoggedEvent], incoming: [EventRecord], replaces: Bool) -> Plan {
        let liveIDs = Set(live.map(\.record.id))
        let incomingIDs = Set(incoming.map(\.id))
        var seen = Set<String>()
        var append = incoming.filter { !liveIDs.contains($0.id) && seen.insert($0.id).inserted }
        let retract = replaces ? live.filter { !incomingIDs.contains($0.record.id) } : []
        // An event of the new version with the same parties, type and mode as a retracted one
        // is that event with another toll or date: it names it, each retracted event once.
        var unclaimed: [String: [String]] = [:]
        for old in retract { unclaimed[identity(of: old.record), default: []].append(old.record.id) }
        for i in append.indices {
            let key = identity(of: append[i])
            guard var ids = unclaimed[key], !ids.isEmpty else { continue }
            append[i].supersedes = ids.removeFirst()
            unclaimed[key] = ids
        }
        return Plan(retract: retract, append: append)
    }

    /// Type, mode, actors and recipients: what an event keeps when a story's toll or date moves.
    static func identity(of r: EventRecord) -> String {
        let actors = r.actor.map { $0.matchKey ?? ($0.name ?? $0.text) }.sorted().joined(separator: ",")
        let recipients = r.recipient.map { $0.matchKey ?? ($0.name ?? $0.text) }.sorted().joined(separator: ",")
        return "\(r.event.rawValue)\u{0}\(r.mode ?? "")\u{0}\(actors)\u{0}\(recipients)"
    }
}
