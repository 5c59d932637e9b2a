import Foundation
import Logging
import VigieDispatchFile
import VigieExtractor
import VigieFormats
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Turns files of the drop directory into events in the log, one file at a time: decode,
/// extract, append, record in the ledger, dispose. Synchronous; the pipeline service calls it.
///
/// Rules:
/// - A file is read as plain text or as wire copy (NewsML-G2, NITF, ninjs, HTML: `DispatchFile`);
///   each item is a dispatch, a version of a story (the item's guid/uri/doc-id; for plain text,
///   the file name).
/// - A file version is identified by the SHA-256 of its bytes. A version already finished
///   (same bytes, any name) adds nothing and is logged as a duplicate.
/// - A new version of a story replaces the earlier one (`EventLog.commit`): its events already
///   live are not appended again, the live events it no longer gives are retracted, and a
///   version older than one already committed changes nothing.
/// - A file still being written (IN_MODIFY) is extracted up to its last complete paragraph
///   (the last blank line) each time that boundary moves. Only the new paragraphs are
///   extracted, with the lead and the paragraph before them as context (`growthWindow`), so
///   a file written in many small pieces costs extraction time linear in its size; ids being
///   stable as a file grows, the close (one full extraction) adds the events of the rest and
///   retracts those of the partial readings that the whole text no longer gives.
/// - Refused files (symlink, FIFO, device, socket, empty, binary, too large, unreadable) are
///   moved to `quarantine/` with a `<name>.reason` file. Subdirectories are ignored (logged).
struct DispatchProcessor {
    let configuration: IngestConfiguration
    let log: EventLog
    let ledger: DispatchLedger
    let stats: DaemonStats
    /// `Extractor.extract` in the daemon; unit tests give a deterministic stand-in.
    let extract: @Sendable (Dispatch) -> [EventRecord]
    /// The same with a deadline, past which it gives up (`CodingError.tooSlow`).
    let code: @Sendable (Dispatch, ContinuousClock.Instant?) throws(CodingError) -> [EventRecord]
    let logger: Logger

    init(
        configuration: IngestConfiguration, log: EventLog, ledger: DispatchLedger, stats: DaemonStats,
        extract: @escaping @Sendable (Dispatch) -> [EventRecord],
        code: (@Sendable (Dispatch, ContinuousClock.Instant?) throws(CodingError) -> [EventRecord])? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.log = log
        self.ledger = ledger
        self.stats = stats
        self.extract = extract
        self.code = code ?? { dispatch, _ in extract(dispatch) }
        self.logger = logger
    }

    var reader: DispatchReader { DispatchReader(maxBytes: configuration.maxDispatchBytes) }
    /// The languages the coder reads; items in others are skipped, never miscoded.
    var languages: [String] { Extractor.languages }
    var fileReader: DropFileReader { DropFileReader(maxBytes: configuration.maxDispatchBytes) }

    func path(_ name: String) -> String { configuration.dropDirectory + "/" + name }

    // MARK: Entry points

    /// Lists the drop directory and processes every entry as finished, in name order.
    func rescan() throws(IngestError) {
        let names = try listDropDirectory()
        stats.update { $0.rescans += 1 }
        logger.info("rescanning the drop directory", metadata: ["entries": "\(names.count)"])
        process(names.map { .finished($0) })
    }

    /// Processes a batch of watcher events in order. Consecutive finished files are extracted
    /// one by one and their events appended together (one fsync); a growing file's event is
    /// skipped when a later event of the batch concerns the same file.
    ///
    /// A batch is committed once it holds `maxBatch` dispatches or its first one has waited
    /// `maxBatchDelay`: one fsync per burst, yet the first file of a long burst is not held back
    /// until the whole burst is extracted.
    func process(_ events: [WatchEvent], maxBatch: Int = 256, maxBatchDelay: Duration = .milliseconds(100)) {
        var later: [String: Int] = [:]
        for (i, e) in events.enumerated() {
            switch e {
            case .finished(let n), .grew(let n), .created(let n): later[n] = i
            default: break
            }
        }
        var pending: [Prepared] = []
        func flush() {
            if !pending.isEmpty { commit(pending) }
            pending = []
        }
        for (i, event) in events.enumerated() {
            let work = stats.beginWork()
            defer { stats.endWork(work) }
            switch event {
            case .finished(let name):
                if let p = prepare(name: name) { pending.append(p) }
                if let first = pending.first,
                    pending.count >= maxBatch || ContinuousClock.now - first.started >= maxBatchDelay
                {
                    flush()
                }
            case .grew(let name):
                guard later[name] == i else { continue }
                flush()
                grew(name: name)
            case .created(let name):
                flush()
                created(name: name)
            case .overflow:
                // Events were lost: look at everything again (finished shas are skipped cheaply).
                flush()
                logger.warning("inotify queue overflowed: rescanning the drop directory")
                do { try rescan() } catch {
                    logger.error("rescan after an overflow failed", metadata: ["error": "\(error)"])
                }
            case .directoryGone:
                flush()
            case .retry:
                flush()
                logger.warning("retrying the dispatches left in place after a failed write")
                do { try rescan() } catch {
                    logger.error("rescan for a retry failed", metadata: ["error": "\(error)"])
                }
            }
        }
        flush()
    }

    /// Something was created: refuse it now if it is not a regular file (no write will follow).
    func created(name: String) {
        guard !InotifyWatcher.isSkipped(name) else { return }
        var st = stat()
        guard lstat(path(name), &st) == 0 else { return }
        if (st.st_mode & S_IFMT) != S_IFREG { finish(name: name) }
    }

    /// A file read and extracted, waiting for its events to be appended: one story update per
    /// dispatch of the file.
    struct Prepared {
        var name: String
        var sha: String
        var bytes: Int
        var updates: [StoryUpdate]
        var started: ContinuousClock.Instant
        var modified: timespec

        var events: Int { updates.reduce(0) { $0 + $1.records.count } }
    }

    /// The file was closed after writing, moved in, or found by a rescan: process all of it.
    func finish(name: String) {
        if let p = prepare(name: name) { commit([p]) }
    }

    /// Reads, checks and extracts a finished file. Refusals, duplicates and vanished files are
    /// dealt with here (nil); a dispatch to record is returned for `commit`.
    func prepare(name: String) -> Prepared? {
        guard let a = accept(name: name) else { return nil }
        return Prepared(
            name: a.name, sha: a.sha, bytes: a.bytes,
            updates: a.file.dispatches.map { Self.update($0, records: extract($0)) }, started: a.started,
            modified: a.modified)
    }

    /// The story update a coded dispatch gives: the whole story, at the format's version.
    static func update(_ d: Dispatch, records: [EventRecord]) -> StoryUpdate {
        StoryUpdate(story: d.storyKey, version: d.version, records: records, replaces: true)
    }

    /// A finished file read, decoded and checked, its attempt recorded: ready to be coded.
    struct Accepted: Sendable {
        var name: String
        var sha: String
        var bytes: Int
        var file: DispatchFile
        var started: ContinuousClock.Instant
        var modified: timespec
    }

    /// Reads and checks a finished file, without coding it. Refusals, duplicates, crash-loop
    /// quarantines and vanished files are dealt with here (nil).
    func accept(name: String) -> Accepted? {
        guard !InotifyWatcher.isSkipped(name) else { return nil }
        let started = ContinuousClock.now
        let p = path(name)
        var st = stat()
        guard lstat(p, &st) == 0 else {
            logger.debug("dispatch vanished before it was read", metadata: ["dispatch": "\(name)"])
            return nil
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            if name != IngestConfiguration.processedName && name != IngestConfiguration.quarantineName {
                logger.notice(
                    "subdirectory ignored: dispatches must be placed directly in the drop directory",
                    metadata: ["dispatch": "\(name)"])
            }
            return nil
        case S_IFLNK:
            quarantine(
                name,
                DispatchError(
                    .notRegularFile, path: p, "is a symbolic link; links are never followed, drop the file itself"))
            return nil
        default:
            quarantine(
                name, DispatchError(.notRegularFile, path: p, "is not a regular file (FIFO, socket or device)"))
            return nil
        }
        let bytes: [UInt8]
        do { bytes = try fileReader.read(path: p).bytes } catch {
            if error.errno == ENOENT { return nil }
            quarantine(name, error)
            return nil
        }
        // Decoding hashes the bytes (the dispatch's identity); refusals do not depend on history.
        let file: DispatchFile
        do { file = try reader.decodeFile(name: name, bytes: bytes, path: p, languages: languages) } catch {
            quarantine(name, error)
            return nil
        }
        for skipped in file.skipped {
            logger.warning(
                "dispatch item skipped",
                metadata: ["dispatch": "\(name)", "code": "\(skipped.code)", "reason": "\(skipped.message)"])
        }
        let sha = file.sha256
        if ledger.isFinished(sha256: sha) {
            duplicate(name, sha: sha)
            return nil
        }
        let crashes = ledger.crashes(sha256: sha)
        if configuration.maxExtractionCrashes > 0 && crashes >= configuration.maxExtractionCrashes {
            quarantine(
                name,
                DispatchError(
                    DispatchError.Code(rawValue: "crashed_extractor"), path: p,
                    "vigied died \(crashes) times while extracting it (crash or watchdog); report it with this file (a copy dropped again is quarantined too)"
                ))
            return nil
        }
        // If the daemon dies before the next ledger entry, this dispatch was the one being
        // extracted: see `DispatchLedger.crashes`.
        try? ledger.record(.init(kind: .attempt, name: name, sha256: sha, bytes: bytes.count, events: 0, appended: 0))
        return Accepted(
            name: name, sha: sha, bytes: bytes.count, file: file, started: started, modified: st.st_mtim)
    }

    /// Codes an accepted dispatch within `budget` (from now): its events for `commit`, or
    /// `CodingError.tooSlow`, for `abandon`.
    func code(_ a: Accepted, budget: Duration?) throws(CodingError) -> Prepared {
        // One budget for the whole file, whatever number of items it holds.
        let deadline = budget.map { ContinuousClock.now + $0 }
        var updates: [StoryUpdate] = []
        for d in a.file.dispatches { updates.append(Self.update(d, records: try code(d, deadline))) }
        return Prepared(
            name: a.name, sha: a.sha, bytes: a.bytes, updates: updates, started: a.started, modified: a.modified)
    }

    /// Gives up a dispatch whose coding went past its budget: quarantined as `too_slow`, with
    /// its size and the time spent in the log and in its `.reason` file.
    func abandon(_ a: Accepted, spent: Duration) {
        try? ledger.record(.init(kind: .abandoned, name: a.name, sha256: a.sha, bytes: a.bytes, events: 0, appended: 0))
        stats.update { $0.tooSlow += 1 }
        let ms = milliseconds(spent)
        logger.warning(
            "dispatch abandoned: coding went past its time budget",
            metadata: ["dispatch": "\(a.name)", "sha": "\(a.sha)", "bytes": "\(a.bytes)", "coding_ms": "\(ms)"])
        quarantine(
            a.name,
            DispatchError(
                DispatchError.Code(rawValue: "too_slow"), path: path(a.name),
                "coding took more than its budget (\(ms) ms for \(a.bytes) bytes; --coding-budget-seconds)"))
    }

    /// Appends the events of `batch` in one append (one fsync), then records each dispatch as
    /// finished and disposes of its file.
    func commit(_ batch: [Prepared]) {
        var seen = Set<String>()
        var unique: [Prepared] = []
        for p in batch {
            // The same bytes under two names, coded side by side: the first one committed wins.
            if !ledger.isFinished(sha256: p.sha), seen.insert(p.sha).inserted {
                unique.append(p)
            } else {
                duplicate(p.name, sha: p.sha)
            }
        }
        guard !unique.isEmpty else { return }
        try? ledger.record(
            .init(kind: .committing, name: "", bytes: 0, events: 0, appended: 0, batch: unique.map(\.sha)))
        let updates = unique.flatMap(\.updates)
        var outcomes: [StoryOutcome]
        do {
            outcomes = try log.commit(updates, minimumVersions: ledger.versions(of: updates.map(\.story)))
        } catch {
            stats.update { $0.failures += unique.count }
            logger.error(
                "cannot append events to the log; the dispatches stay in place and are retried at their next change or restart",
                metadata: ["dispatches": "\(unique.map(\.name))", "error": "\(error)"])
            return
        }
        for p in unique {
            let mine = outcomes.prefix(p.updates.count)
            outcomes.removeFirst(mine.count)
            finished(p, outcomes: Array(mine), batch: unique.count)
        }
    }

    /// Records a committed file as finished, logs what its versions did, and disposes of it.
    private func finished(_ p: Prepared, outcomes: [StoryOutcome], batch: Int) {
        var versions: [String: Int] = [:]
        for u in p.updates { if let v = u.version { versions[u.story] = max(versions[u.story] ?? v, v) } }
        let appended = outcomes.flatMap(\.appended).map(\.seq)
        let retracted = outcomes.flatMap(\.retracted).map(\.seq)
        do {
            try ledger.record(
                .init(
                    kind: .finished, name: p.name, sha256: p.sha, bytes: p.bytes, events: p.events,
                    appended: appended.count, versions: versions.isEmpty ? nil : versions))
        } catch {
            stats.update { $0.failures += 1 }
            logger.error(
                "cannot record a finished dispatch in the ledger; it will be extracted again (no event twice)",
                metadata: ["dispatch": "\(p.name)", "error": "\(error)"])
            return
        }
        stats.update {
            $0.dispatches += 1
            $0.events += appended.count
            $0.retracted += retracted.count
        }
        for (u, o) in zip(p.updates, outcomes) {
            if let known = o.staleAgainst {
                logger.notice(
                    "older story version ignored: a newer one was already processed",
                    metadata: [
                        "dispatch": "\(p.name)", "story": "\(u.story)", "version": "\(u.version ?? 0)",
                        "newest": "\(known)",
                    ])
            }
        }
        var metadata: Logger.Metadata = [
            "dispatch": "\(p.name)", "sha": "\(p.sha)", "events": "\(p.events)",
            "appended": "\(appended.count)", "bytes": "\(p.bytes)",
            "process_ms": "\(milliseconds(ContinuousClock.now - p.started))",
            "latency_ms": "\(latencySince(p.modified))",
        ]
        if !retracted.isEmpty { metadata["retracted"] = "\(retracted.count)" }
        if p.updates.count > 1 { metadata["items"] = "\(p.updates.count)" }
        if let first = (appended + retracted).min(), let last = (appended + retracted).max() {
            metadata["seq"] = "\(first)-\(last)"
        }
        if batch > 1 { metadata["batch"] = "\(batch)" }
        logger.info("dispatch processed", metadata: metadata)
        dispose(p.name)
    }

    func duplicate(_ name: String, sha: String) {
        stats.update { $0.duplicates += 1 }
        logger.info(
            "duplicate dispatch: these exact bytes were already processed, no new events",
            metadata: ["dispatch": "\(name)", "sha": "\(sha)"])
        dispose(name)
    }

    /// The file grew while still open: extract its new complete paragraphs if there are any.
    func grew(name: String) {
        guard configuration.incremental, !InotifyWatcher.isSkipped(name) else { return }
        let p = path(name)
        var st = stat()
        guard lstat(p, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return }
        let device = UInt64(st.st_dev)
        let inode = UInt64(st.st_ino)
        let done = ledger.progress(name: name).flatMap { $0.device == device && $0.inode == inode ? $0 : nil }
        guard Int(st.st_size) > (done?.bytes ?? 0) else { return }
        // Over the limit or unreadable: the close will refuse it with a reason.
        guard let bytes = try? fileReader.read(path: p).bytes else { return }
        let boundary = Self.lastParagraphBoundary(bytes)
        guard boundary > (done?.bytes ?? 0) else { return }
        // Wire formats are read whole: a prefix of XML or JSON is not a document.
        guard WireReader.detect(bytes) == .text else { return }
        let prefix = Array(bytes[..<boundary])
        guard let dispatch = try? reader.decode(name: name, bytes: prefix, path: p) else { return }
        let window = Self.growthWindow(dispatch.text, extracted: done?.paragraphs ?? 0)
        var records: [EventRecord] = []
        if !window.isEmpty {
            let part = Dispatch(
                name: dispatch.name, sha256: dispatch.sha256, published: dispatch.published, text: window.text,
                encoding: dispatch.encoding)
            records = window.place(extract(part))
        }
        do {
            let outcome = try log.commit([
                StoryUpdate(story: dispatch.storyKey, version: nil, records: records, replaces: false)
            ])
            let appended = outcome.flatMap(\.appended)
            try ledger.record(
                .init(
                    kind: .progress, name: name, device: device, inode: inode, bytes: boundary,
                    paragraphs: window.paragraphs, events: records.count, appended: appended.count))
            stats.update {
                $0.partialExtractions += 1
                $0.partialExtractedBytes += window.text.utf8.count
                $0.events += appended.count
            }
            logger.info(
                "complete paragraphs of a growing dispatch extracted",
                metadata: [
                    "dispatch": "\(name)", "bytes": "\(boundary)", "paragraphs": "\(window.paragraphs)",
                    "extracted_bytes": "\(window.text.utf8.count)", "events": "\(records.count)",
                    "appended": "\(appended.count)",
                ])
        } catch {
            stats.update { $0.failures += 1 }
            logger.error(
                "cannot record events of a growing dispatch; retried at its next change",
                metadata: ["dispatch": "\(name)", "error": "\(error)"])
        }
    }

    /// What a growth hands to the extractor: the new paragraphs, after the context the coder
    /// reads around them.
    struct GrowthWindow {
        /// The lead, a blank line, then the text from the paragraph before the new ones to the
        /// end; the whole text while it is short.
        var text: String
        /// Where the new paragraphs start in `text` (UTF-8 offset): records found before are
        /// the context's, already extracted by an earlier growth.
        var newStart: Int
        /// How far the part after the lead was moved back from its place in the dispatch.
        var shift: Int
        /// Complete paragraphs of the whole text, extracted once this window is.
        var paragraphs: Int

        var isEmpty: Bool { newStart >= text.utf8.count }

        /// The records of the new paragraphs, with evidence offsets in the whole text.
        func place(_ records: [EventRecord]) -> [EventRecord] {
            records.filter { $0.evidence.start >= newStart }.map {
                var r = $0
                r.evidence.start += shift
                r.evidence.end += shift
                return r
            }
        }
    }

    /// Lines the coder reads as the lead (`Sentence.paragraph <= 3` dates the whole dispatch):
    /// the paragraphs holding them are kept in every growth's window.
    static let leadLines = 4

    /// Complete paragraphs before the new ones kept in every growth's window.
    static let contextParagraphs = 8

    /// The window of `text` (a decoded prefix ending at a paragraph boundary) whose first
    /// `extracted` paragraphs were already extracted. Its cost does not depend on how much of
    /// the file came before, only on the lead and the new paragraphs.
    static func growthWindow(_ text: String, extracted: Int) -> GrowthWindow {
        let u = Array(text.utf8)
        let paragraphs = paragraphRanges(u)
        let count = paragraphs.count
        guard extracted > 0, extracted < count else {
            let start = extracted == 0 ? 0 : u.count
            return GrowthWindow(text: text, newStart: start, shift: 0, paragraphs: count)
        }
        // The lead: whole paragraphs until they hold `leadLines` lines.
        var leadCount = 0
        var lines = 0
        while leadCount < count && lines < leadLines {
            let r = paragraphs[leadCount]
            lines += 1 + u[r].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            leadCount += 1
        }
        // The paragraphs just before the new ones are context too: a pluperfect reads its date
        // there, "le président" or "les dirigeants" the people named there.
        let contextIndex = max(0, extracted - contextParagraphs)
        let newStart = paragraphs[extracted].lowerBound
        if contextIndex <= leadCount {
            // The lead reaches the new paragraphs: the text itself, nothing to move.
            return GrowthWindow(text: text, newStart: newStart, shift: 0, paragraphs: count)
        }
        let leadEnd = paragraphs[leadCount - 1].upperBound
        let tailStart = paragraphs[contextIndex].lowerBound
        var window = Array(u[..<leadEnd])
        window += [0x0A, 0x0A]
        let shift = tailStart - window.count
        window += u[tailStart...]
        return GrowthWindow(
            text: String(decoding: window, as: UTF8.self), newStart: newStart - shift, shift: shift,
            paragraphs: count)
    }

    /// The ranges of the paragraphs of decoded text: runs holding something other than
    /// whitespace, separated by a blank line.
    static func paragraphRanges(_ u: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        func close(_ end: Int) {
            if u[start..<end].contains(where: { $0 != 0x0A && $0 != 0x20 && $0 != 0x09 }) {
                out.append(start..<end)
            }
        }
        while i + 1 < u.count {
            if u[i] == 0x0A && u[i + 1] == 0x0A {
                close(i)
                while i < u.count && u[i] == 0x0A { i += 1 }
                start = i
            } else {
                i += 1
            }
        }
        if start < u.count { close(u.count) }
        return out
    }

    // MARK: Files

    /// Applies the disposition to a processed file (its events and ledger entry are durable).
    func dispose(_ name: String) {
        switch configuration.disposition {
        case .keep: return
        case .delete:
            if unlink(path(name)) != 0 && errno != ENOENT {
                logger.warning(
                    "cannot delete a processed dispatch",
                    metadata: ["dispatch": "\(name)", "error": "\(systemErrorString(errno))"])
            }
        case .move:
            do {
                _ = try moveAside(name, into: configuration.processedDirectory)
            } catch {
                logger.warning(
                    "cannot move a processed dispatch to processed/",
                    metadata: ["dispatch": "\(name)", "error": "\(error)"])
            }
        }
    }

    /// Moves a refused file to quarantine/ with a `.reason` file beside it; never throws.
    func quarantine(_ name: String, _ error: DispatchError) {
        stats.update { $0.quarantined += 1 }
        do {
            let target = try moveAside(name, into: configuration.quarantineDirectory)
            let reason = "\(error.code): \(error.message)\n"
            let fd = open(target + ".reason", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o640)
            if fd >= 0 {
                _ = reason.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
                close(fd)
            }
            logger.warning(
                "dispatch refused and quarantined",
                metadata: [
                    "dispatch": "\(name)", "code": "\(error.code)", "reason": "\(error.message)",
                    "quarantine": "\(target)",
                ])
        } catch {
            logger.error(
                "dispatch refused but cannot be quarantined; it is left in place",
                metadata: ["dispatch": "\(name)", "code": "\(error)"])
        }
    }

    /// Renames drop/name into `directory` (created if needed) under a free name; returns it.
    func moveAside(_ name: String, into directory: String) throws -> String {
        if mkdir(directory, 0o750) != 0 && errno != EEXIST {
            throw LogError(.unusableDirectory, "cannot create \(directory)", errno: errno)
        }
        // Never follow a symlink planted in place of processed/ or quarantine/ out of the drop directory.
        var st = stat()
        guard lstat(directory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw LogError(.unusableDirectory, "\(directory) is not a plain directory; remove it")
        }
        var target = directory + "/" + name
        var n = 1
        while exists(target) {
            target = directory + "/" + name + ".\(n)"
            n += 1
        }
        guard rename(path(name), target) == 0 else {
            throw LogError(.writeFailed, "cannot move \(name) to \(directory)", errno: errno)
        }
        return target
    }

    private func exists(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0
    }

    func listDropDirectory() throws(IngestError) -> [String] {
        guard let d = opendir(configuration.dropDirectory) else {
            throw IngestError(
                .dropDirectory, "cannot list \(configuration.dropDirectory): \(systemErrorString(errno))")
        }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || InotifyWatcher.isSkipped(name) { continue }
            names.append(name)
        }
        return names.sorted()
    }

    // MARK: Paragraphs

    /// The end of the last complete paragraph: the index just after the last blank line
    /// ("\n\n", CRLF tolerated), or 0 when there is none.
    static func lastParagraphBoundary(_ bytes: [UInt8]) -> Int {
        var i = bytes.count - 1
        while i > 0 {
            if bytes[i] == 0x0A {
                var j = i - 1
                if j >= 0 && bytes[j] == 0x0D { j -= 1 }
                if j >= 0 && bytes[j] == 0x0A {
                    // Only if some text comes before the blank line.
                    if bytes[..<j].contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) {
                        return i + 1
                    }
                    return 0
                }
            }
            i -= 1
        }
        return 0
    }

    private func milliseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
    }

    /// Milliseconds from the file's last modification to now: how long the dispatch waited.
    private func latencySince(_ modified: timespec) -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let ms =
            (Int64(now.tv_sec) - Int64(modified.tv_sec)) * 1000
            + (Int64(now.tv_nsec) - Int64(modified.tv_nsec)) / 1_000_000
        return max(0, ms)
    }
}

extension InotifyWatcher {
    /// Names the pipeline never looks at: see `IngestConfiguration.isIgnoredName`.
    static func isSkipped(_ name: String) -> Bool { IngestConfiguration.isIgnoredName(name) }
}
