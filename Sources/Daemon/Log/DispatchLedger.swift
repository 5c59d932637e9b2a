import Foundation
import Synchronization

/// What the daemon has already done with dispatches, so that a restart neither re-emits nor
/// skips: the SHA-256 of every finished dispatch, and for a file still being written, how much
/// of it was already extracted.
///
/// On disk: one `FramedFile` (`ledger`) of JSON entries. The order of work makes any crash safe:
/// events are appended to the `EventLog` first, then `finished` is recorded here, then the file
/// is moved or deleted. A crash before `finished` re-processes the file and the log's id index
/// drops the events it already has; a crash after it finds the sha done and only completes the
/// disposition.
///
/// The ledger needs no fsync of its own for correctness: the log's id index is the guarantee.
/// A ledger entry lost in a power cut only means its file is extracted again (if still there)
/// and its events, already in the log (fsynced first), are not appended twice. So the daemon
/// opens it with `sync: false` and fsyncs it on close and every second (`LogMaintenance`).
public final class DispatchLedger: Sendable {
    static let magic = Array("VIGLED1\n".utf8)

    /// One ledger entry.
    public struct Entry: Codable, Sendable, Hashable {
        public enum Kind: String, Codable, Sendable {
            /// A version of a dispatch was fully extracted and its events are in the log.
            case finished
            /// A growing file was extracted up to `bytes` (a paragraph boundary).
            case progress
            /// A daemon run began (written at start-up).
            case started
            /// The extraction of a finished dispatch (`sha256`) is about to start.
            case attempt
            /// The daemon stopped cleanly.
            case stopped
            /// Dispatches are extracted and their events are being appended: those in `batch`
            /// (written before 0.3: every dispatch attempted since the last commit).
            case committing
            /// The coding of `sha256` was given up (past its time budget); the file is quarantined.
            case abandoned
        }

        public var kind: Kind
        /// File name in the drop directory.
        public var name: String
        /// `finished`: hex SHA-256 of the whole file.
        public var sha256: String?
        /// `progress`: the file's identity, so a replaced file starts again.
        public var device: UInt64?
        public var inode: UInt64?
        /// `progress`: bytes already extracted; `finished`: file size.
        public var bytes: Int
        /// `progress`: complete paragraphs already extracted.
        public var paragraphs: Int?
        /// Events extracted and events newly appended (others were in the log already).
        public var events: Int
        public var appended: Int
        /// Milliseconds since 1970.
        public var at: Int64
        /// `committing`: the SHA-256 of each dispatch of the batch.
        public var batch: [String]?
        /// `finished`: the version of each story the dispatch gave a version of, when its format
        /// numbers them (a later, older version then changes nothing even if it wrote nothing).
        public var versions: [String: Int]?

        public init(
            kind: Kind, name: String, sha256: String? = nil, device: UInt64? = nil, inode: UInt64? = nil,
            bytes: Int, paragraphs: Int? = nil, events: Int, appended: Int, at: Int64 = Entry.nowMillis(),
            batch: [String]? = nil, versions: [String: Int]? = nil
        ) {
            self.batch = batch
            self.versions = versions
            self.kind = kind
            self.name = name
            self.sha256 = sha256
            self.device = device
            self.inode = inode
            self.bytes = bytes
            self.paragraphs = paragraphs
            self.events = events
            self.appended = appended
            self.at = at
        }

        public static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
    }

    /// Where a growing file's extraction stands.
    public struct Progress: Sendable, Hashable {
        public var device: UInt64
        public var inode: UInt64
        public var bytes: Int
        public var paragraphs: Int
    }

    struct Storage {
        var file: FramedFile?
        var finished: Set<String>
        var progress: [String: Progress]
        /// The newest version finished of each numbered story.
        var versions: [String: Int] = [:]
        /// Runs that ended (crashed or were killed) while extracting a dispatch, per sha.
        var crashes: [String: Int]
        var entries: Int
        var syncEachEntry: Bool
    }

    private let state: Mutex<Storage>
    public let path: String
    /// Bytes of torn tail cut at open.
    public let truncatedBytes: Int

    /// Opens (or creates) the ledger at `path`. `sync` false skips fsync (fsync policy `never`).
    public init(path: String, sync: Bool = true, readOnly: Bool = false) throws(LogError) {
        self.path = path
        var finished = Set<String>()
        var progress: [String: Progress] = [:]
        var versions: [String: Int] = [:]
        var crashes: [String: Int] = [:]
        var count = 0
        var file: FramedFile?
        var truncated = 0
        if !readOnly || access(path, F_OK) == 0 {
            let (f, rec) = try FramedFile.open(path: path, magic: Self.magic, create: true, readOnly: readOnly)
            let decoder = JSONDecoder()
            var coding = Set<String>()
            for frame in rec.frames {
                guard let e = try? decoder.decode(Entry.self, from: Data(frame.payload)) else {
                    throw LogError(.corrupt, "\(path): unreadable entry at offset \(frame.offset)")
                }
                count += 1
                if e.kind == .started { Self.countCrashes(&coding, finished: finished, into: &crashes) }
                Self.track(e, coding: &coding)
                Self.apply(e, finished: &finished, progress: &progress, versions: &versions)
            }
            Self.countCrashes(&coding, finished: finished, into: &crashes)
            file = readOnly ? nil : f
            truncated = rec.truncatedBytes
        }
        truncatedBytes = truncated
        state = Mutex(
            Storage(
                file: file, finished: finished, progress: progress, versions: versions, crashes: crashes,
                entries: count, syncEachEntry: sync))
    }

    /// The dispatches being coded within a run: attempted, and not yet committing, finished or
    /// abandoned. With several coding workers there may be several.
    static func track(_ e: Entry, coding: inout Set<String>) {
        switch e.kind {
        case .attempt:
            if let sha = e.sha256 { coding.insert(sha) }
        case .committing:
            if let batch = e.batch { coding.subtract(batch) } else { coding.removeAll() }
        case .finished, .abandoned:
            if let sha = e.sha256 { coding.remove(sha) }
        case .stopped:
            // A clean stop: whatever was under way was given up, not crashed on.
            coding.removeAll()
        case .started, .progress:
            break
        }
    }

    /// A run that ended while dispatches were being coded died coding them: each of them counts
    /// one crash (the culprit among several is not known; the others finish on the next run
    /// before they could reach the limit).
    static func countCrashes(_ coding: inout Set<String>, finished: Set<String>, into crashes: inout [String: Int]) {
        for sha in coding where !finished.contains(sha) { crashes[sha, default: 0] += 1 }
        coding.removeAll()
    }

    static func apply(
        _ e: Entry, finished: inout Set<String>, progress: inout [String: Progress], versions: inout [String: Int]
    ) {
        switch e.kind {
        case .started, .attempt, .stopped, .committing, .abandoned: break
        case .finished:
            if let sha = e.sha256 { finished.insert(sha) }
            for (story, version) in e.versions ?? [:] { versions[story] = max(versions[story] ?? version, version) }
            progress.removeValue(forKey: e.name)
        case .progress:
            progress[e.name] = Progress(
                device: e.device ?? 0, inode: e.inode ?? 0, bytes: e.bytes, paragraphs: e.paragraphs ?? 0)
        }
    }

    /// Records an entry durably (fsync unless opened with `sync: false`).
    public func record(_ entry: Entry) throws(LogError) {
        let payload = Array(try! JSONEncoder().encode(entry))
        try state.withLock { s throws(LogError) in
            guard let file = s.file else { throw LogError(.closed, "the ledger is closed or read-only") }
            _ = try file.append([payload])
            if s.syncEachEntry { try file.sync() }
            Self.apply(entry, finished: &s.finished, progress: &s.progress, versions: &s.versions)
            s.entries += 1
        }
    }

    /// True when a dispatch with these exact bytes was finished before.
    public func isFinished(sha256: String) -> Bool {
        state.withLock { $0.finished.contains(sha256) }
    }

    /// The newest finished version of each of `stories` that has one.
    public func versions(of stories: some Sequence<String>) -> [String: Int] {
        state.withLock { s in
            var out: [String: Int] = [:]
            for story in stories { if let v = s.versions[story] { out[story] = v } }
            return out
        }
    }

    /// How many daemon runs died while extracting the dispatch with these bytes.
    public func crashes(sha256: String) -> Int {
        state.withLock { $0.crashes[sha256] ?? 0 }
    }

    /// How far a growing file was extracted, if it is in progress.
    public func progress(name: String) -> Progress? {
        state.withLock { $0.progress[name] }
    }

    /// Distinct dispatch versions finished so far.
    public var finishedCount: Int { state.withLock { $0.finished.count } }

    /// Every entry, in order (for the dump command and tests).
    public static func entries(path: String) throws(LogError) -> [Entry] {
        guard access(path, F_OK) == 0 else { return [] }
        let (_, rec) = try FramedFile.open(path: path, magic: magic, create: false, readOnly: true)
        let decoder = JSONDecoder()
        return rec.frames.compactMap { try? decoder.decode(Entry.self, from: Data($0.payload)) }
    }

    /// Records the start of a daemon run (so a run that dies while extracting is recognized).
    public func beginRun() throws(LogError) {
        try record(.init(kind: .started, name: "", bytes: 0, events: 0, appended: 0))
    }

    /// Records a clean stop.
    public func endRun() throws(LogError) {
        try record(.init(kind: .stopped, name: "", bytes: 0, events: 0, appended: 0))
    }

    /// Fsyncs the entries recorded so far.
    public func sync() throws(LogError) {
        try state.withLock { s throws(LogError) in try s.file?.sync() }
    }

    public func close() {
        state.withLock { s in
            try? s.file?.sync()
            s.file = nil
        }
    }
}
