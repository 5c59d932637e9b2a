import Foundation
import Synchronization
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// When the event log calls fsync.
public enum FsyncPolicy: String, Sendable, Hashable, CaseIterable {
    /// fsync before an append returns, hence before any reader sees the events. The default.
    case always
    /// fsync at most once per `EventLogConfiguration.batchInterval` (and on segment roll and
    /// close): readers may see events a power cut would lose.
    case batch
    /// Never fsync except on segment roll and close: the kernel decides. A crash of the process
    /// loses nothing; a power cut may.
    case never
}

/// Settings of the event log. Defaults are good for a first run.
public struct EventLogConfiguration: Sendable, Hashable {
    /// The directory holding the segments (created if missing).
    public var directory: String
    /// Default `.always`.
    public var fsync: FsyncPolicy = .always
    /// With `.batch`: the longest time between two fsyncs. Default 1 s.
    public var batchInterval: Duration = .seconds(1)
    /// A segment is closed and a new one started once it is this large. Default 64 MiB.
    public var segmentBytes: Int = 64 << 20
    /// Oldest segments are deleted while the log is larger than this; 0 keeps everything.
    /// Default 1 GiB. The active segment is never deleted.
    public var retentionBytes: Int64 = 1 << 30
    /// Segments whose newest event is older than this are deleted; nil keeps them forever.
    /// Default 30 days.
    public var retentionAge: Duration? = .seconds(30 * 24 * 3600)

    public init(directory: String) {
        self.directory = directory
    }
}

/// The durable, append-only event log: the single source of truth that the subscriber server
/// and the sinks read from.
///
/// On disk: `directory/<first seq, 20 digits>.seg` segments of `FramedFile` frames, one entry
/// per frame. An event without a story (written before 0.4, or by `append`): `u8 kind (1) |
/// u64 seq | i64 append time (ms since 1970) | u16 id length | id | record JSON`. An entry of a
/// story (`commit`): `u8 kind (2) | u64 seq | i64 time | u16 id length | id | u8 flags (1:
/// retraction, 2: revives a retracted id) | u64 story version | u64 retracted seq | u16 story
/// length | story | record JSON`. The record JSON is `LineCodec.encode`'s, the bytes readers
/// send; a retraction holds the retracted event's. Seqs start at 1 and increase by one with no
/// hole. `directory/retired-ids` keeps the ids of entries dropped by retention (a retraction's
/// as `-id`), so the id index (idempotent append) covers the whole history.
///
/// Thread-safety: all state lives in a `Mutex` holding an explicit `State` enum; file I/O
/// happens under it (appends are one write and at most one fsync).
public final class EventLog: EventSource, Sendable {
    static let segmentMagic = Array("VIGSEG1\n".utf8)
    static let retiredMagic = Array("VIGRID1\n".utf8)
    static let eventKind: UInt8 = 1
    static let storyKind: UInt8 = 2

    public let configuration: EventLogConfiguration
    /// True when opened with `readOnly`: appends are refused, recovery truncates nothing.
    public let isReadOnly: Bool

    let state: Mutex<State>
    private let waiterIDs = Atomic<UInt64>(0)

    /// What recovery found at open.
    public struct RecoveryReport: Sendable, Hashable {
        /// Bytes cut from the end of the last segment (a torn write of a crashed process).
        public var truncatedBytes: Int
        /// Segments found.
        public var segments: Int
        /// Events retained.
        public var events: Int
    }

    public let recovery: RecoveryReport

    struct Segment {
        var firstSeq: UInt64
        var file: FramedFile
        /// Offset of each frame; the frame at index i holds seq firstSeq + i.
        var offsets: [Int]
        /// Append time of the newest event, ms since 1970.
        var newestMillis: Int64
        var lastSeq: UInt64 { firstSeq + UInt64(offsets.count) - 1 }
    }

    struct Waiter {
        var after: UInt64
        var continuation: CheckedContinuation<UInt64, Never>
    }

    struct Storage {
        var segments: [Segment]
        var lastSeq: UInt64
        var ids: EventIDIndex
        /// Ids whose latest entry is a retraction: appending them again revives them.
        var retracted = EventIDIndex()
        /// The live events of every story seen in the retained log, and its newest version.
        var stories: [String: StoryState] = [:]
        var retired: FramedFile?
        var waiters: [UInt64: Waiter] = [:]
        var unsynced = false
        /// The events of the last append, as appended: the live readers' next read, served
        /// without reading the file or decoding JSON again.
        var lastAppended: [LoggedEvent] = []
        var lastSync = ContinuousClock.now
        var lock: Int32
        /// Stamps appends and ages segments; see `LogClock`.
        var clock: LogClock
    }

    enum State {
        case open(Storage)
        case closed(lastSeq: UInt64)
    }

    /// Opens the log in `configuration.directory`, creating it if needed, and recovers it: a torn
    /// tail of the last segment is truncated; damage anywhere else is an error (`.corrupt`).
    /// Unless `readOnly`, takes an exclusive lock so that two daemons never share a log.
    public init(configuration: EventLogConfiguration, readOnly: Bool = false) throws(LogError) {
        self.configuration = configuration
        self.isReadOnly = readOnly
        let dir = configuration.directory
        if !readOnly { try makeDirectories(dir) }
        var lockFD: Int32 = -1
        if !readOnly {
            lockFD = Glibc.open(dir + "/LOCK", O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
            guard lockFD >= 0 else { throw LogError(.unusableDirectory, "cannot create \(dir)/LOCK", errno: errno) }
            guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
                Glibc.close(lockFD)
                throw LogError(
                    .locked, "\(dir) is in use by another vigied; stop it or give this one another --state")
            }
        }
        do throws(LogError) {
            var names = try Self.segmentNames(in: dir)
            var ids = EventIDIndex()
            var retracted = EventIDIndex()
            var stories: [String: StoryState] = [:]
            var retired: FramedFile?
            if !readOnly || access(dir + "/retired-ids", F_OK) == 0 {
                let (file, rec) = try FramedFile.open(
                    path: dir + "/retired-ids", magic: Self.retiredMagic, create: true, readOnly: readOnly)
                for frame in rec.frames {
                    for line in frame.payload.split(separator: 0x0A) {
                        if line.first == UInt8(ascii: "-") {
                            retracted.insert(utf8: line.dropFirst())
                        } else {
                            ids.insert(utf8: line)
                            retracted.remove(utf8: line)
                        }
                    }
                }
                retired = readOnly ? nil : file
            }
            if names.isEmpty && !readOnly { names = [(1, Self.segmentPath(dir, 1))] }
            var segments: [Segment] = []
            var truncated = 0
            var events = 0
            for (index, (firstSeq, path)) in names.enumerated() {
                let isLast = index == names.count - 1
                var offsets: [Int] = []
                var newestMillis: Int64 = 0
                // Frame by frame as the file is read: a segment is never in memory whole, and an id
                // becomes a string only if it is not one of the extractor's hex ids.
                let file: FramedFile
                let garbage: Int
                do throws(LogError) {
                    (file, garbage) = try FramedFile.open(
                        path: path, magic: Self.segmentMagic, create: true, readOnly: readOnly || !isLast
                    ) { (offset, payload) throws(LogError) in
                        guard let event = Self.decodeFrameHeader(payload),
                            event.seq == firstSeq + UInt64(offsets.count)
                        else {
                            throw LogError(.corrupt, "\(path): unexpected record at offset \(offset)")
                        }
                        offsets.append(offset)
                        newestMillis = event.millis
                        Self.index(event, ids: &ids, retracted: &retracted, stories: &stories)
                    }
                } catch {
                    // A reader beside a running daemon (`vigied --dump-log`): retention may delete the
                    // oldest segments between the listing and the open. Only those, never a later one.
                    if readOnly, segments.isEmpty, !isLast, error.errno == ENOENT { continue }
                    throw error
                }
                let segment = Segment(firstSeq: firstSeq, file: file, offsets: offsets, newestMillis: newestMillis)
                if garbage > 0 && !isLast {
                    throw LogError(
                        .corrupt,
                        "\(path) is damaged before its end (\(garbage) bad bytes) though later segments exist; restore it from a backup or move the state directory away"
                    )
                }
                truncated += garbage
                if let previous = segments.last, previous.lastSeq + 1 != firstSeq {
                    throw LogError(.corrupt, "\(path) does not follow seq \(previous.lastSeq)")
                }
                events += segment.offsets.count
                segments.append(segment)
            }
            let lastSeq = segments.last.map { $0.firstSeq + UInt64($0.offsets.count) - 1 } ?? 0
            recovery = RecoveryReport(truncatedBytes: truncated, segments: segments.count, events: events)
            state = Mutex(
                .open(
                    Storage(
                        segments: segments, lastSeq: lastSeq, ids: ids, retracted: retracted, stories: stories,
                        retired: retired, lock: lockFD, clock: LogClock(floor: segments.map(\.newestMillis).max() ?? 0))
                ))
        } catch {
            if lockFD >= 0 { Glibc.close(lockFD) }
            throw error
        }
    }

    deinit {
        close()
    }

    // MARK: Writing

    /// Appends the records whose id is not in the log, or was retracted (idempotent append),
    /// in order, with consecutive seqs, as events of no story; returns those appended. Durable
    /// per the fsync policy before it returns and before readers can see them. The daemon
    /// appends through `commit`, which also keeps stories.
    @discardableResult
    public func append(_ records: [EventRecord]) throws(LogError) -> [LoggedEvent] {
        try withStorage { s throws(LogError) -> [LoggedEvent] in
            var fresh: [PendingEntry] = []
            var seen = Set<String>()
            for r in records where seen.insert(r.id).inserted {
                let retracted = s.retracted.contains(r.id)
                guard !s.ids.contains(r.id) || retracted else { continue }
                let event = LoggedEvent(
                    seq: s.lastSeq + 1 + UInt64(fresh.count), record: r, json: LineCodec.encode(r), revives: retracted)
                fresh.append(PendingEntry(logged: event, story: nil, version: 0, target: 0))
            }
            return try Self.write(fresh, to: &s, configuration: configuration)
        }
    }

    /// Runs `body` on the open storage under the lock, then wakes the readers waiting for the
    /// entries it wrote (the last seq moved).
    func withStorage<T: Sendable>(_ body: @Sendable (inout Storage) throws(LogError) -> T) throws(LogError) -> T {
        if isReadOnly { throw LogError(.closed, "the log was opened read-only") }
        let (result, wake, last) = try state.withLock { state throws(LogError) -> (T, [Waiter], UInt64) in
            guard case .open(var s) = state else { throw LogError(.closed, "the event log is closed") }
            state = .closed(lastSeq: s.lastSeq)  // placeholder while we own `s`
            defer { state = .open(s) }
            let before = s.lastSeq
            let result = try body(&s)
            guard s.lastSeq > before else { return (result, [], s.lastSeq) }
            let wake = s.waiters.filter { $0.value.after < s.lastSeq }
            for key in wake.keys { s.waiters.removeValue(forKey: key) }
            return (result, Array(wake.values), s.lastSeq)
        }
        for w in wake { w.continuation.resume(returning: last) }
        return result
    }

    /// An entry about to be written: an event or a retraction, of a story or of none.
    struct PendingEntry {
        var logged: LoggedEvent
        /// Nil: an event of no story (kind 1).
        var story: String?
        var version: UInt64
        /// A retraction's retracted seq.
        var target: UInt64
    }

    /// Writes `entries` (consecutive seqs from `s.lastSeq + 1`) in one append, fsyncs per the
    /// policy, and only then updates the indexes; returns the entries as logged.
    static func write(
        _ entries: [PendingEntry], to s: inout Storage, configuration: EventLogConfiguration
    ) throws(LogError) -> [LoggedEvent] {
        guard !entries.isEmpty else { return [] }
        if let active = s.segments.last, active.file.size >= configuration.segmentBytes, !active.offsets.isEmpty {
            try roll(&s, configuration: configuration)
        }
        let millis = s.clock.now()
        let payloads = entries.map { payload(of: $0, millis: millis) }
        let index = s.segments.count - 1
        let offsets = try s.segments[index].file.append(payloads)
        switch configuration.fsync {
        case .always:
            try syncOrUndo(&s, index: index, offsets: offsets)
        case .batch:
            s.unsynced = true
            if ContinuousClock.now - s.lastSync >= configuration.batchInterval {
                try syncOrUndo(&s, index: index, offsets: offsets)
            }
        case .never:
            s.unsynced = true
        }
        s.segments[index].offsets += offsets
        s.segments[index].newestMillis = millis
        for e in entries {
            let id = Array(e.logged.record.id.utf8)[...]
            Self.index(
                FrameHeader(
                    seq: e.logged.seq, millis: millis, id: id, flags: flags(of: e), version: e.version,
                    target: e.target, story: e.story.map { Array($0.utf8)[...] }, jsonStart: 0),
                ids: &s.ids, retracted: &s.retracted, stories: &s.stories)
        }
        s.lastSeq = entries.last!.logged.seq
        s.lastAppended = entries.map(\.logged)
        return s.lastAppended
    }

    static func flags(of e: PendingEntry) -> UInt8 {
        (e.logged.retraction != nil ? retractionFlag : 0) | (e.logged.revives ? revivalFlag : 0)
    }

    static let retractionFlag: UInt8 = 1
    static let revivalFlag: UInt8 = 2

    /// The frame of an entry (see the format in the type's documentation).
    static func payload(of e: PendingEntry, millis: Int64) -> [UInt8] {
        let id = Array(e.logged.record.id.utf8.prefix(0xFFFF))
        var p: [UInt8] = [e.story == nil ? eventKind : storyKind]
        p.reserveCapacity(40 + id.count + e.logged.json.count + (e.story?.utf8.count ?? 0))
        FramedFile.appendU64(&p, e.logged.seq)
        FramedFile.appendU64(&p, UInt64(bitPattern: millis))
        appendU16(&p, id.count)
        p.append(contentsOf: id)
        if let story = e.story {
            let bytes = Array(story.utf8.prefix(0xFFFF))
            p.append(flags(of: e))
            FramedFile.appendU64(&p, e.version)
            FramedFile.appendU64(&p, e.target)
            appendU16(&p, bytes.count)
            p.append(contentsOf: bytes)
        }
        p.append(contentsOf: e.logged.json)
        return p
    }

    static func appendU16(_ p: inout [UInt8], _ n: Int) {
        p.append(UInt8(truncatingIfNeeded: n))
        p.append(UInt8(truncatingIfNeeded: n >> 8))
    }

    /// Keeps the indexes in step with one entry, at recovery and after a write.
    static func index(
        _ h: FrameHeader, ids: inout EventIDIndex, retracted: inout EventIDIndex, stories: inout [String: StoryState]
    ) {
        if h.flags & retractionFlag != 0 {
            retracted.insert(utf8: h.id)
        } else {
            ids.insert(utf8: h.id)
            if h.flags & revivalFlag != 0 { retracted.remove(utf8: h.id) }
        }
        guard let storyBytes = h.story else { return }
        let story = String(decoding: storyBytes, as: UTF8.self)
        var state = stories[story] ?? StoryState()
        state.version = max(state.version, h.version)
        if h.flags & retractionFlag != 0 {
            state.live.removeAll { $0 == h.target }
        } else {
            state.live.append(h.seq)
        }
        stories[story] = state
    }

    /// Fsyncs the active segment; if that fails, cuts the frames just written so that readers
    /// never see events that may not be durable.
    private static func syncOrUndo(_ s: inout Storage, index: Int, offsets: [Int]) throws(LogError) {
        let file = s.segments[index].file
        do { try file.sync() } catch {
            // Through the file, not ftruncate(2) alone: its size must go back too, or the next
            // append would leave a hole of zeros that recovery reads as the end of the log.
            file.cut(to: offsets[0])
            throw error
        }
        s.unsynced = false
        s.lastSync = .now
    }

    private static func roll(_ s: inout Storage, configuration: EventLogConfiguration) throws(LogError) {
        try s.segments[s.segments.count - 1].file.sync()
        let first = s.lastSeq + 1
        let (file, _) = try FramedFile.open(
            path: segmentPath(configuration.directory, first), magic: segmentMagic, create: true, readOnly: false)
        syncDirectory(configuration.directory)
        s.segments.append(Segment(firstSeq: first, file: file, offsets: [], newestMillis: 0))
        s.unsynced = false
    }

    /// Fsyncs pending appends (policies `batch` and `never`).
    public func sync() throws(LogError) {
        try state.withLock { state throws(LogError) in
            guard case .open(var s) = state, s.unsynced else { return }
            try s.segments[s.segments.count - 1].file.sync()
            s.unsynced = false
            s.lastSync = .now
            state = .open(s)
        }
    }

    /// Deletes whole segments, oldest first, while the log is over `retentionBytes` or their newest
    /// event is older than `retentionAge` by log time (`LogClock`: wall-clock jumps do not age
    /// segments), or by `now` when given. The active segment is always kept. Returns how many
    /// segments were deleted; `bounds().first` tells the earliest retained seq.
    @discardableResult
    public func enforceRetention(now: Date? = nil) throws(LogError) -> Int {
        if isReadOnly { return 0 }
        return try state.withLock { state throws(LogError) -> Int in
            guard case .open(var s) = state else { return 0 }
            var total = s.segments.reduce(Int64(0)) { $0 + Int64($1.file.size) }
            let nowMillis = now.map { Int64($0.timeIntervalSince1970 * 1000) } ?? s.clock.now()
            let maxAgeMillis: Int64? = configuration.retentionAge.map {
                $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000
            }
            var deleted = 0
            while s.segments.count > 1 {
                let oldest = s.segments[0]
                let overSize = configuration.retentionBytes > 0 && total > configuration.retentionBytes
                let tooOld = maxAgeMillis.map { nowMillis - oldest.newestMillis > $0 } ?? false
                guard overSize || tooOld else { break }
                // Keep the ids first: a crash between the two steps only leaves an id known twice.
                // Read back from the segment rather than kept in memory for the whole history.
                let oldestIDs = try Self.ids(of: oldest)
                if let retired = s.retired, !oldestIDs.isEmpty {
                    _ = try retired.append([Array(oldestIDs.joined(separator: "\n").utf8)])
                    try retired.sync()
                }
                guard unlink(oldest.file.path) == 0 || errno == ENOENT else {
                    throw LogError(.writeFailed, "cannot delete \(oldest.file.path)", errno: errno)
                }
                total -= Int64(oldest.file.size)
                s.segments.removeFirst()
                deleted += 1
            }
            if deleted > 0 { syncDirectory(configuration.directory) }
            state = .open(s)
            return deleted
        }
    }

    /// Closes the files (fsyncing pending appends) and wakes every waiter. Idempotent.
    public func close() {
        let waiters = state.withLock { state -> [Waiter] in
            guard case .open(let s) = state else { return [] }
            if s.unsynced { try? s.segments.last?.file.sync() }
            if s.lock >= 0 { Glibc.close(s.lock) }
            state = .closed(lastSeq: s.lastSeq)
            return Array(s.waiters.values)
        }
        let last = lastSeq
        for w in waiters { w.continuation.resume(returning: last) }
    }

    // MARK: Reading

    /// The last committed seq (0 when nothing was ever appended).
    public var lastSeq: UInt64 {
        state.withLock { state in
            switch state {
            case .open(let s): return s.lastSeq
            case .closed(let last): return last
            }
        }
    }

    /// True when an event with this id is in the log (or was, before retention).
    public func contains(id: String) -> Bool {
        state.withLock { state in
            guard case .open(let s) = state else { return false }
            return s.ids.contains(id)
        }
    }

    /// The earliest retained seq and the last committed seq (see `EventSource`).
    public func currentBounds() -> (first: UInt64, last: UInt64) {
        state.withLock { state in
            switch state {
            case .open(let s):
                let first = s.segments.first(where: { !$0.offsets.isEmpty })?.firstSeq ?? s.lastSeq + 1
                return (first, s.lastSeq)
            case .closed(let last): return (last + 1, last)
            }
        }
    }

    /// Committed events from `from`, at most `maxCount` (see `EventSource.read`).
    public func readEvents(from: UInt64, maxCount: Int) throws(LogError) -> [LoggedEvent] {
        let (stored, appended) = try readFrames(from: from, maxCount: maxCount)
        if let appended { return appended }
        // Decoded outside the lock: appends and other readers do not wait for JSON parsing.
        var out: [LoggedEvent] = []
        out.reserveCapacity(stored.count)
        for event in stored {
            guard let record = try? LineCodec.decodeRecord(event.json) else {
                throw LogError(.corrupt, "\(configuration.directory): unreadable event \(event.seq)")
            }
            out.append(
                LoggedEvent(
                    seq: event.seq, record: record, json: event.json, retraction: event.retraction,
                    revives: event.revives))
        }
        return out
    }

    /// Committed events from `from` as stored, not decoded (see `EventSource.readStored`).
    public func readStoredEvents(from: UInt64, maxCount: Int) throws(LogError) -> [StoredEvent] {
        let (stored, appended) = try readFrames(from: from, maxCount: maxCount)
        return appended?.map { StoredEvent(seq: $0.seq, json: $0.json, retraction: $0.retraction, revives: $0.revives) }
            ?? stored
    }

    /// The frames from `from`, read under the lock; or, when `from` is within the last append,
    /// those events as appended (no file read).
    private func readFrames(
        from: UInt64, maxCount: Int
    ) throws(LogError) -> (stored: [StoredEvent], appended: [LoggedEvent]?) {
        try state.withLock { state throws(LogError) -> ([StoredEvent], [LoggedEvent]?) in
            guard case .open(let s) = state else { throw LogError(.closed, "the event log is closed") }
            var out: [StoredEvent] = []
            var seq = max(from, 1)
            guard maxCount > 0, seq <= s.lastSeq else { return ([], nil) }
            // Always in the active segment, which retention never deletes.
            if let newest = s.lastAppended.first, seq >= newest.seq {
                return ([], Array(s.lastAppended[Int(seq - newest.seq)...].prefix(maxCount)))
            }
            // The last segment whose first seq is <= seq.
            var lo = 0
            var hi = s.segments.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if s.segments[mid].firstSeq <= seq { lo = mid } else { hi = mid - 1 }
            }
            var index = lo
            if s.segments[index].firstSeq > seq { seq = s.segments[index].firstSeq }
            while out.count < maxCount, index < s.segments.count {
                let segment = s.segments[index]
                let i = Int(seq - segment.firstSeq)
                if i >= segment.offsets.count {
                    index += 1
                    continue
                }
                let payload = try segment.file.readFrame(at: segment.offsets[i])
                guard let header = Self.decodeFrameHeader(payload[...]), header.seq == seq else {
                    throw LogError(.corrupt, "\(segment.file.path): unreadable event \(seq)")
                }
                out.append(
                    StoredEvent(
                        seq: seq, json: Array(payload[header.jsonStart...]), retraction: header.retraction,
                        revives: header.flags & Self.revivalFlag != 0))
                seq += 1
            }
            return (out, nil)
        }
    }

    public func bounds() async -> (first: UInt64, last: UInt64) { currentBounds() }

    public func read(from: UInt64, maxCount: Int) async throws -> [LoggedEvent] {
        try readEvents(from: from, maxCount: maxCount)
    }

    public func readStored(from: UInt64, maxCount: Int) async throws -> [StoredEvent] {
        try readStoredEvents(from: from, maxCount: maxCount)
    }

    /// Also returns (with the last seq) once the log is closed: a reader looping on it must
    /// check for cancellation or shutdown.
    public func waitForAppend(after seq: UInt64) async -> UInt64 {
        let id = waiterIDs.add(1, ordering: .relaxed).newValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<UInt64, Never>) in
                let now: UInt64? = state.withLock { state in
                    switch state {
                    case .closed(let last): return last
                    case .open(var s):
                        // Checked under the lock: a cancellation that came before registration
                        // has already set the flag, so no waiter is left behind.
                        if s.lastSeq > seq || Task.isCancelled { return s.lastSeq }
                        s.waiters[id] = Waiter(after: seq, continuation: continuation)
                        state = .open(s)
                        return nil
                    }
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard case .open(var s) = state else { return nil }
                let w = s.waiters.removeValue(forKey: id)
                state = .open(s)
                return w
            }
            waiter?.continuation.resume(returning: lastSeq)
        }
    }

    // MARK: Format

    /// The fixed part of a frame, without the record JSON (which starts at `jsonStart`).
    struct FrameHeader {
        var seq: UInt64
        var millis: Int64
        var id: ArraySlice<UInt8>
        var flags: UInt8 = 0
        var version: UInt64 = 0
        var target: UInt64 = 0
        /// Nil for an event of no story (kind 1).
        var story: ArraySlice<UInt8>?
        var jsonStart: Int

        /// The retraction this frame is, if it is one.
        var retraction: Retraction? {
            guard flags & EventLog.retractionFlag != 0, let story else { return nil }
            return Retraction(
                id: String(decoding: id, as: UTF8.self), story: String(decoding: story, as: UTF8.self))
        }
    }

    /// The header of a frame (no string, no JSON), or nil when it is not a log entry.
    static func decodeFrameHeader(_ payload: ArraySlice<UInt8>) -> FrameHeader? {
        guard payload.count > 19, let kind = payload.first, kind == eventKind || kind == storyKind else { return nil }
        let base = payload.startIndex
        let idLength = Int(payload[base + 17]) | Int(payload[base + 18]) << 8
        guard payload.count >= 19 + idLength else { return nil }
        var h = FrameHeader(
            seq: FramedFile.readU64(payload, 1), millis: Int64(bitPattern: FramedFile.readU64(payload, 9)),
            id: payload[(base + 19)..<(base + 19 + idLength)], story: nil, jsonStart: base + 19 + idLength)
        guard kind == storyKind else { return h }
        let at = 19 + idLength
        guard payload.count >= at + 19 else { return nil }
        h.flags = payload[base + at]
        h.version = FramedFile.readU64(payload, at + 1)
        h.target = FramedFile.readU64(payload, at + 9)
        let storyLength = Int(payload[base + at + 17]) | Int(payload[base + at + 18]) << 8
        guard payload.count >= at + 19 + storyLength else { return nil }
        h.story = payload[(base + at + 19)..<(base + at + 19 + storyLength)]
        h.jsonStart = base + at + 19 + storyLength
        return h
    }

    /// The ids of a segment's events, read from its file.
    static func ids(of segment: Segment) throws(LogError) -> [String] {
        var ids: [String] = []
        ids.reserveCapacity(segment.offsets.count)
        for offset in segment.offsets {
            let payload = try segment.file.readFrame(at: offset)
            guard let header = decodeFrameHeader(payload[...]) else {
                throw LogError(.corrupt, "\(segment.file.path): unexpected record at offset \(offset)")
            }
            let id = String(decoding: header.id, as: UTF8.self)
            ids.append(header.flags & retractionFlag != 0 ? "-" + id : id)
        }
        return ids
    }

    static func segmentPath(_ dir: String, _ firstSeq: UInt64) -> String {
        let digits = String(firstSeq)
        return dir + "/" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".seg"
    }

    static func segmentNames(in dir: String) throws(LogError) -> [(UInt64, String)] {
        guard let d = opendir(dir) else {
            if errno == ENOENT { return [] }
            throw LogError(.unusableDirectory, "cannot list \(dir)", errno: errno)
        }
        defer { closedir(d) }
        var out: [(UInt64, String)] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name.hasSuffix(".seg"), let first = UInt64(name.dropLast(4)) else { continue }
            out.append((first, dir + "/" + name))
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
