import VigieProtocol

extension EventLog {
    /// Commits new versions of stories in one append (one fsync): for each update, in order,
    /// the live events of its story that it no longer gives are retracted and its events that
    /// are not live are appended (see `StoryRevision`). An update whose version is older than
    /// one already committed for its story, or than `minimumVersions[story]` (versions known
    /// from elsewhere, such as the ledger), changes nothing.
    ///
    /// Idempotent: committing the same updates again (after a crash between the log and the
    /// ledger) appends nothing, since their events are live and their retractions done.
    @discardableResult
    public func commit(_ updates: [StoryUpdate], minimumVersions: [String: Int] = [:]) throws(LogError)
        -> [StoryOutcome]
    {
        try withStorage { s throws(LogError) -> [StoryOutcome] in
            var batch = StoryBatch(base: s)
            var outcomes: [StoryOutcome] = []
            for update in updates {
                outcomes.append(
                    try batch.add(update, minimumVersion: UInt64(max(0, minimumVersions[update.story] ?? 0)), in: s))
            }
            _ = try Self.write(batch.pending, to: &s, configuration: configuration)
            // Versions that wrote nothing are remembered too: an older one coming later changes nothing.
            for (story, state) in batch.stories where state.version > 0 {
                s.stories[story, default: StoryState()].version = max(s.stories[story]?.version ?? 0, state.version)
            }
            return outcomes
        }
    }

    /// The live events of `story` in the retained log, oldest first.
    public func liveEvents(story: String) throws(LogError) -> [LoggedEvent] {
        try state.withLock { state throws(LogError) -> [LoggedEvent] in
            guard case .open(let s) = state else { throw LogError(.closed, "the event log is closed") }
            var out: [LoggedEvent] = []
            for seq in s.stories[story]?.live ?? [] {
                if let e = try Self.entry(at: seq, in: s) { out.append(e) }
            }
            return out
        }
    }

    /// The newest version committed for `story` (0 when none was given), or nil for a story the
    /// retained log does not know.
    public func version(story: String) -> Int? {
        state.withLock { state in
            guard case .open(let s) = state, let known = s.stories[story] else { return nil }
            return Int(clamping: known.version)
        }
    }

    /// The entry at `seq`, decoded; nil when retention dropped it.
    static func entry(at seq: UInt64, in s: Storage) throws(LogError) -> LoggedEvent? {
        if let newest = s.lastAppended.first, seq >= newest.seq, seq <= s.lastSeq {
            return s.lastAppended[Int(seq - newest.seq)]
        }
        guard let segment = s.segments.last(where: { $0.firstSeq <= seq }) else { return nil }
        let i = Int(seq - segment.firstSeq)
        guard i < segment.offsets.count else { return nil }
        let payload = try segment.file.readFrame(at: segment.offsets[i])
        guard let header = decodeFrameHeader(payload[...]), header.seq == seq,
            let record = try? LineCodec.decodeRecord(payload[header.jsonStart...])
        else {
            throw LogError(.corrupt, "\(segment.file.path): unreadable event \(seq)")
        }
        return LoggedEvent(
            seq: seq, record: record, json: Array(payload[header.jsonStart...]), retraction: header.retraction,
            revives: header.flags & revivalFlag != 0)
    }
}

/// The entries of one `commit` being planned: what earlier updates of the same batch did is
/// seen by later ones (two versions of a story in one batch) before anything is written.
struct StoryBatch {
    var pending: [EventLog.PendingEntry] = []
    var stories: [String: StoryState] = [:]
    /// Ids made live, and ids retracted, by the pending entries.
    var madeLive = Set<String>()
    var retracted = Set<String>()
    var pendingBySeq: [UInt64: LoggedEvent] = [:]
    let firstSeq: UInt64

    init(base s: EventLog.Storage) {
        firstSeq = s.lastSeq + 1
    }

    var nextSeq: UInt64 { firstSeq + UInt64(pending.count) }

    mutating func add(_ update: StoryUpdate, minimumVersion: UInt64, in s: EventLog.Storage) throws(LogError)
        -> StoryOutcome
    {
        var story = stories[update.story] ?? s.stories[update.story] ?? StoryState()
        let known = max(story.version, minimumVersion)
        if let v = update.version, UInt64(max(0, v)) < known {
            return StoryOutcome(story: update.story, appended: [], retracted: [], staleAgainst: Int(clamping: known))
        }
        let retained = s.segments.first(where: { !$0.offsets.isEmpty })?.firstSeq ?? s.lastSeq + 1
        var live: [LoggedEvent] = []
        for seq in story.live where seq >= retained {
            if let e = pendingBySeq[seq] {
                live.append(e)
            } else if let e = try EventLog.entry(at: seq, in: s) {
                live.append(e)
            }
        }
        let plan = StoryRevision.plan(live: live, incoming: update.records, replaces: update.replaces)
        let version = UInt64(max(0, update.version ?? 0))
        var outcome = StoryOutcome(story: update.story, appended: [], retracted: [], staleAgainst: nil)
        for old in plan.retract {
            let id = old.record.id
            let entry = LoggedEvent(
                seq: nextSeq, record: old.record, json: old.json,
                retraction: Retraction(id: id, story: update.story))
            pending.append(.init(logged: entry, story: update.story, version: version, target: old.seq))
            story.live.removeAll { $0 == old.seq }
            madeLive.remove(id)
            retracted.insert(id)
            outcome.retracted.append(entry)
        }
        for record in plan.append {
            let id = record.id
            let wasRetracted = retracted.contains(id) || (s.retracted.contains(id) && !madeLive.contains(id))
            // Live already, in this story or (the same text under another name) in another.
            if madeLive.contains(id) || (s.ids.contains(id) && !wasRetracted) { continue }
            let entry = LoggedEvent(
                seq: nextSeq, record: record, json: LineCodec.encode(record), revives: wasRetracted)
            pending.append(.init(logged: entry, story: update.story, version: version, target: 0))
            pendingBySeq[entry.seq] = entry
            story.live.append(entry.seq)
            madeLive.insert(id)
            retracted.remove(id)
            outcome.appended.append(entry)
        }
        story.version = max(story.version, version)
        stories[update.story] = story
        return outcome
    }
}
