import Foundation
import Logging
import Testing
import VigieExtractor
import VigieProtocol

@testable import VigieDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// The processing rules, run in-process on a real drop directory (no watcher).
@Suite struct DispatchProcessorTests {
    struct Fixture {
        let root: String
        let drop: String
        let log: EventLog
        let ledger: DispatchLedger
        let stats = DaemonStats()
        let processor: DispatchProcessor

        init(
            disposition: Disposition = .keep, maxBytes: Int = 1 << 20,
            extract: (@Sendable (Dispatch) -> [EventRecord])? = nil
        ) throws {
            root = makeTempDirectory()
            drop = root + "/drop"
            mkdir(drop, 0o755)
            log = try EventLog(configuration: EventLogConfiguration(directory: root + "/state/log"))
            ledger = try DispatchLedger(path: root + "/state/ledger")
            var c = IngestConfiguration(dropDirectory: drop)
            c.disposition = disposition
            c.maxDispatchBytes = maxBytes
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let real = try loadDaemonExtractor()
            processor = DispatchProcessor(
                configuration: c, log: log, ledger: ledger, stats: stats, extract: extract ?? real.extract,
                logger: logger)
        }

        /// The ids a subscriber holds after applying every entry of the log (events minus
        /// retractions), in the order they were appended.
        func ids() throws -> [String] { try heldIDs(log) }

        func close() {
            log.close()
            ledger.close()
            removeTree(root)
        }

        func exists(_ relative: String) -> Bool {
            var st = stat()
            return lstat(drop + "/" + relative, &st) == 0
        }

        func reason(_ name: String) -> String {
            (try? String(contentsOfFile: drop + "/quarantine/" + name + ".reason", encoding: .utf8)) ?? ""
        }
    }

    static let text = " date 2020-10 Le président a appelé son homologue.\n\nDeuxième paragraphe.\n"

    @Test func paragraphBoundaries() {
        func b(_ s: String) -> Int { DispatchProcessor.lastParagraphBoundary(Array(s.utf8)) }
        #expect(b("abc") == 0)
        #expect(b("abc\n") == 0)
        #expect(b("abc\n\n") == 5)
        #expect(b("abc\n\ndef") == 5)
        #expect(b("abc\n\ndef\n\nghi") == 10)
        #expect(b("abc\r\n\r\ndef") == 7)
        #expect(b("\n\nabc") == 0)
        #expect(DispatchProcessor.paragraphRanges(Array("a\n\nb\n\n\nc".utf8)) == [0..<1, 3..<4, 7..<8])
        #expect(DispatchProcessor.paragraphRanges(Array("\n\n \n\nab\ncd\n\n".utf8)) == [5..<10])
    }

    @Test func ignoredNames() {
        for n in [".hidden", "a.tmp", "a.part", "a~", ""] { #expect(IngestConfiguration.isIgnoredName(n)) }
        for n in ["a.txt", "dispatch", "tmp.txt"] { #expect(!IngestConfiguration.isIgnoredName(n)) }
    }

    @Test func aDispatchIsFinishedOnceAndItsDuplicateAddsNothing() throws {
        let f = try Fixture()
        defer { f.close() }
        writeFile(f.drop + "/a.txt", Self.text)
        f.processor.finish(name: "a.txt")
        let sha = ContentHash.sha256Hex(Array(Self.text.utf8))
        #expect(f.ledger.isFinished(sha256: sha))
        #expect(f.stats.snapshot().dispatches == 1)
        writeFile(f.drop + "/copy.txt", Self.text)
        f.processor.finish(name: "copy.txt")
        f.processor.finish(name: "a.txt")
        #expect(f.stats.snapshot().dispatches == 1)
        #expect(f.stats.snapshot().duplicates == 2)
        #expect(try DispatchLedger.entries(path: f.ledger.path).filter { $0.kind == .finished }.count == 1)
        #expect(f.exists("a.txt") && f.exists("copy.txt"))
    }

    @Test func aFileChangedAfterItWasFinishedIsANewVersion() throws {
        let f = try Fixture()
        defer { f.close() }
        writeFile(f.drop + "/a.txt", Self.text)
        f.processor.finish(name: "a.txt")
        writeFile(f.drop + "/a.txt", Self.text + "\nTroisième paragraphe.\n")
        f.processor.finish(name: "a.txt")
        let finished = try DispatchLedger.entries(path: f.ledger.path).filter { $0.kind == .finished }
        #expect(finished.count == 2)
        #expect(Set(finished.compactMap(\.sha256)).count == 2)
        #expect(f.stats.snapshot().dispatches == 2)
    }

    @Test func growingFilesRecordProgressAtParagraphBoundaries() throws {
        let f = try Fixture()
        defer { f.close() }
        writeFile(f.drop + "/g.txt", "Premier paragraphe sans fin")
        f.processor.grew(name: "g.txt")
        #expect(f.ledger.progress(name: "g.txt") == nil)
        writeFile(f.drop + "/g.txt", "Premier paragraphe.\n\nDeuxième en cours")
        f.processor.grew(name: "g.txt")
        #expect(f.ledger.progress(name: "g.txt")?.bytes == "Premier paragraphe.\n\n".utf8.count)
        #expect(f.ledger.progress(name: "g.txt")?.paragraphs == 1)
        f.processor.grew(name: "g.txt")
        #expect(try DispatchLedger.entries(path: f.ledger.path).count == 1, "no new boundary, no new entry")
        f.processor.finish(name: "g.txt")
        #expect(f.ledger.progress(name: "g.txt") == nil)
    }

    @Test func refusedFilesGoToQuarantineWithAReason() throws {
        let f = try Fixture(maxBytes: 100)
        defer { f.close() }
        writeFile(f.drop + "/empty.txt", "")
        writeFile(f.drop + "/blank.txt", " \n\n ")
        _ = FileManager.default.createFile(atPath: f.drop + "/binary.bin", contents: Data([0x41, 0, 0x42]))
        writeFile(f.drop + "/big.txt", String(repeating: "x", count: 200))
        writeFile(f.root + "/outside.txt", Self.text)
        symlink(f.root + "/outside.txt", f.drop + "/link.txt")
        mkfifo(f.drop + "/fifo", 0o644)
        mkdir(f.drop + "/subdir", 0o755)
        try f.processor.rescan()
        for (name, code) in [
            ("empty.txt", "empty"), ("blank.txt", "empty"), ("binary.bin", "binary"), ("big.txt", "too_large"),
            ("link.txt", "not_regular_file"), ("fifo", "not_regular_file"),
        ] {
            #expect(!f.exists(name), "\(name) left in the drop directory")
            #expect(f.exists("quarantine/" + name), "\(name) not quarantined")
            #expect(f.reason(name).hasPrefix(code + ":"), "\(name): \(f.reason(name))")
        }
        #expect(f.exists("subdir"), "subdirectories are ignored, not moved")
        #expect(f.stats.snapshot().quarantined == 6)
        #expect(f.stats.snapshot().dispatches == 0)
        // The link was moved, never followed: its target is untouched.
        #expect(FileManager.default.fileExists(atPath: f.root + "/outside.txt"))
        // A second bad file with a name already in quarantine gets a free name.
        writeFile(f.drop + "/empty.txt", "")
        f.processor.finish(name: "empty.txt")
        #expect(f.exists("quarantine/empty.txt.1"))
    }

    @Test func dispositionMoveAndDelete() throws {
        let moving = try Fixture(disposition: .move)
        defer { moving.close() }
        writeFile(moving.drop + "/a.txt", Self.text)
        moving.processor.finish(name: "a.txt")
        #expect(!moving.exists("a.txt"))
        #expect(moving.exists("processed/a.txt"))
        writeFile(moving.drop + "/a.txt", Self.text)
        moving.processor.finish(name: "a.txt")
        #expect(moving.exists("processed/a.txt.1"), "a duplicate is moved too, under a free name")

        let deleting = try Fixture(disposition: .delete)
        defer { deleting.close() }
        writeFile(deleting.drop + "/a.txt", Self.text)
        deleting.processor.finish(name: "a.txt")
        #expect(!deleting.exists("a.txt"))
        #expect(deleting.ledger.finishedCount == 1)
    }

    @Test func aDispatchThatKeepsKillingTheDaemonIsQuarantined() throws {
        let f = try Fixture()
        defer { f.close() }
        writeFile(f.drop + "/poison.txt", Self.text)
        let sha = ContentHash.sha256Hex(Array(Self.text.utf8))
        // Three runs died while extracting it (what `attempt` as a run's last entry means).
        for _ in 0..<3 {
            try f.ledger.beginRun()
            try f.ledger.record(
                .init(kind: .attempt, name: "poison.txt", sha256: sha, bytes: 1, events: 0, appended: 0))
        }
        f.ledger.close()
        let reopened = try DispatchLedger(path: f.ledger.path)
        defer { reopened.close() }
        #expect(reopened.crashes(sha256: sha) == 3)
        let processor = DispatchProcessor(
            configuration: f.processor.configuration, log: f.log, ledger: reopened, stats: f.stats,
            extract: f.processor.extract, logger: f.processor.logger)
        processor.finish(name: "poison.txt")
        #expect(f.exists("quarantine/poison.txt"))
        #expect(f.reason("poison.txt").hasPrefix("crashed_extractor:"))
        #expect(!reopened.isFinished(sha256: sha))
    }

    @Test func aSymlinkPlantedAsTheQuarantineIsNotFollowed() throws {
        let f = try Fixture()
        defer { f.close() }
        let elsewhere = f.root + "/elsewhere"
        mkdir(elsewhere, 0o755)
        symlink(elsewhere, f.drop + "/quarantine")
        writeFile(f.drop + "/empty.txt", "")
        f.processor.finish(name: "empty.txt")
        #expect(f.exists("empty.txt"), "left in place")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test func anOverflowRescansTheDirectory() throws {
        let f = try Fixture()
        defer { f.close() }
        writeFile(f.drop + "/missed1.txt", Self.text)
        writeFile(f.drop + "/missed2.txt", Self.text + "\nAutre.\n")
        f.processor.process([.overflow])
        #expect(f.ledger.finishedCount == 2)
        #expect(f.stats.snapshot().rescans == 1)
    }

    @Test func aBatchWithTheSameContentTwiceRecordsItOnce() throws {
        let f = try Fixture()
        defer { f.close() }
        writeFile(f.drop + "/a.txt", Self.text)
        writeFile(f.drop + "/b.txt", Self.text)
        f.processor.process([.finished("a.txt"), .finished("b.txt")])  // one batch, one commit
        #expect(try DispatchLedger.entries(path: f.ledger.path).filter { $0.kind == .finished }.count == 1)
        #expect(f.stats.snapshot().duplicates == 1)
    }

    @Test func healthFollowsThePipelineActivity() async throws {
        let stats = DaemonStats(healthDeadline: .milliseconds(50))
        stats.markReady()
        #expect(await stats.healthy())
        let work = stats.beginWork()
        #expect(await stats.healthy())
        try await Task.sleep(for: .milliseconds(80))
        #expect(await !stats.healthy(), "a piece of work longer than the deadline is a wedge")
        stats.endWork(work)
        #expect(await stats.healthy())
        // A coding past its budget by more than the grace: its cancellation failed.
        stats.codingBudget = .milliseconds(1)
        let coding = stats.codingAccepted()
        stats.codingStarted(coding)
        #expect(await stats.healthy(), "within the grace")
        #expect(stats.snapshot().codingBusy == 1)
        stats.codingEnded(coding)
        #expect(stats.snapshot().codingBusy == 0)
        stats.stopped()
        #expect(await !stats.healthy())
        await stats.waitUntilReady()
    }

    // MARK: Exactly once, with a stand-in extractor that surely yields events

    /// One event per paragraph that holds "appel", id = hash(first paragraph, paragraph): as
    /// stable as the real rule when a file grows.
    static let paragraphExtractor: @Sendable (Dispatch) -> [EventRecord] = { d in
        let paragraphs = d.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        guard let first = paragraphs.first else { return [] }
        return paragraphs.filter { $0.contains("appel") }.map { p in
            let id = ContentHash.sha256Hex(Array((first + "\u{0}" + p).utf8)).prefix(32)
            var r = record(String(id), text: p)
            r.dispatch = d.reference
            return r
        }
    }

    static let growing = [
        " date 2020-10 Macron a appelé Aliev.\n\n", "Le Kremlin appelle au calme.\n\n", "Rien ici.\n\n",
        "Erdogan appelle à la retenue.",
    ]

    @Test func aGrowingFileEmitsEachEventOnceAsParagraphsComplete() throws {
        let f = try Fixture(extract: Self.paragraphExtractor)
        defer { f.close() }
        var text = ""
        var seen: [Int] = []
        for piece in Self.growing {
            text += piece
            writeFile(f.drop + "/g.txt", text)
            f.processor.grew(name: "g.txt")
            seen.append(try f.ids().count)
        }
        #expect(seen == [1, 2, 2, 2], "the last paragraph has no blank line after it yet")
        f.processor.finish(name: "g.txt")
        let full = Self.paragraphExtractor(try DispatchReader().decode(name: "g.txt", bytes: Array(text.utf8)))
        #expect(try f.ids() == full.map(\.id))
        #expect(f.ledger.progress(name: "g.txt") == nil)
    }

    /// The seed dispatches with every line made a paragraph, for files grown paragraph by paragraph.
    static func seedsAsParagraphs() -> [String] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../seeds")
            .standardized.path
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        return names.compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }.map {
            $0.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: "\n\n")
        }
    }

    /// Appends `piece` to drop/name in place (same inode, as a producer writing it would).
    static func grow(_ f: Fixture, _ name: String, _ piece: String) {
        let fd = open(f.drop + "/" + name, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        precondition(fd >= 0)
        _ = Array(piece.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// The ids the real coder gives each complete-paragraph prefix of `text`, and the whole.
    static func prefixIDs(_ name: String, _ text: String, _ extractor: Extractor) throws -> Set<String> {
        var ids = Set<String>()
        var end = text.startIndex
        while true {
            let next = text.range(of: "\n\n", range: end..<text.endIndex)?.upperBound ?? text.endIndex
            let d = try DispatchReader().decode(name: name, bytes: Array(text[..<next].utf8))
            ids.formUnion(extractor.extract(d).map(\.id))
            if next == text.endIndex { return ids }
            end = next
        }
    }

    /// Each seed grown one paragraph at a time with the real coder: at the close the log holds
    /// every event of the whole text, nothing twice, and nothing that no prefix of the text
    /// gives (the windows' context is enough), with evidence offsets in the whole text.
    @Test func growingSeedsLogWhatTheWholeTextGives() throws {
        let extractor = try loadDaemonExtractor()
        for (i, text) in Self.seedsAsParagraphs().enumerated() {
            let f = try Fixture()
            defer { f.close() }
            let name = "seed\(i).txt"
            let paragraphs = text.components(separatedBy: "\n\n")
            for (k, p) in paragraphs.enumerated() {
                Self.grow(f, name, k < paragraphs.count - 1 ? p + "\n\n" : p)
                f.processor.grew(name: name)
            }
            let beforeClose = try f.log.readEvents(from: 1, maxCount: 10_000).map(\.record)
            f.processor.finish(name: name)
            let ids = try f.ids()
            let dispatch = try DispatchReader().decode(name: name, bytes: Array(text.utf8))
            let whole = extractor.extract(dispatch)
            #expect(Set(ids).count == ids.count, "\(name): an event logged twice")
            // The close retracts what partial readings gave and the whole text does not.
            #expect(Set(ids) == Set(whole.map(\.id)), "\(name): the log does not hold the whole text's events")
            let extra = Set(ids).subtracting(try Self.prefixIDs(name, text, extractor))
            #expect(
                extra.isEmpty,
                "\(name): \(extra.count) events no prefix gives: \(beforeClose.filter { extra.contains($0.id) })")
            let bytes = Array(dispatch.text.utf8)
            for r in beforeClose {
                #expect(r.evidence.end <= bytes.count)
                #expect(
                    String(decoding: bytes[r.evidence.start..<r.evidence.end], as: UTF8.self) == r.evidence.text,
                    "\(name): evidence offsets of a growth's event do not point at its text")
            }
            #expect(f.stats.snapshot().partialExtractions > 0)
        }
    }

    /// vigied restarted while a file grows: the new process reads how far the file was
    /// extracted from the ledger on disk and goes on from there, to the same log as without
    /// the restart, each growth still handing the coder only its window.
    @Test func aGrowingFileGoesOnFromTheLedgerAfterARestart() throws {
        // Every seed in one file: long enough that after the restart the windows leave out the
        // middle of the file.
        let text = Self.seedsAsParagraphs().joined(separator: "\n\n")
        let paragraphs = text.components(separatedBy: "\n\n")
        try #require(paragraphs.count > 4 * (DispatchProcessor.leadLines + DispatchProcessor.contextParagraphs))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let extractor = try loadDaemonExtractor()
        /// Grows drop/g.txt paragraph by paragraph over the runs (a vigied process each: log and
        /// ledger opened from disk), closes it; returns the log's ids and each run's counters.
        func grow(restartAt restarts: [Int]) throws -> ([String], [DaemonStats.Snapshot]) {
            let root = makeTempDirectory()
            defer { removeTree(root) }
            let drop = root + "/drop"
            mkdir(drop, 0o755)
            var snapshots: [DaemonStats.Snapshot] = []
            let bounds = [0] + restarts + [paragraphs.count]
            for (from, to) in zip(bounds, bounds.dropFirst()) {
                let log = try EventLog(configuration: EventLogConfiguration(directory: root + "/state/log"))
                let ledger = try DispatchLedger(path: root + "/state/ledger")
                let stats = DaemonStats()
                let processor = DispatchProcessor(
                    configuration: IngestConfiguration(dropDirectory: drop), log: log, ledger: ledger, stats: stats,
                    extract: extractor.extract, logger: logger)
                for k in from..<to {
                    let fd = open(drop + "/g.txt", O_WRONLY | O_CREAT | O_APPEND, 0o644)
                    let piece = k < paragraphs.count - 1 ? paragraphs[k] + "\n\n" : paragraphs[k]
                    _ = Array(piece.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    close(fd)
                    processor.grew(name: "g.txt")
                }
                if to == paragraphs.count { processor.finish(name: "g.txt") }
                log.close()
                ledger.close()
                snapshots.append(stats.snapshot())
            }
            let log = try EventLog(
                configuration: EventLogConfiguration(directory: root + "/state/log"), readOnly: true)
            defer { log.close() }
            return (try heldIDs(log), snapshots)
        }
        let (straight, _) = try grow(restartAt: [])
        let (restarted, runs) = try grow(restartAt: [paragraphs.count / 2])
        #expect(restarted == straight, "a restart changed what the growing file logged")
        #expect(Set(restarted).count == restarted.count, "an event logged twice across the restart")
        let whole = extractor.extract(try DispatchReader().decode(name: "g.txt", bytes: Array(text.utf8)))
        #expect(Set(restarted) == Set(whole.map(\.id)))
        let longest = paragraphs.map { $0.utf8.count + 2 }.max() ?? 0
        let window = (DispatchProcessor.leadLines + DispatchProcessor.contextParagraphs + 1) * longest
        #expect(runs[1].partialExtractions == paragraphs.count - paragraphs.count / 2 - 1)
        #expect(runs[1].partialExtractedBytes <= runs[1].partialExtractions * window)
        let extra = Set(restarted).subtracting(try Self.prefixIDs("g.txt", text, extractor))
        print(
            "figures: \(paragraphs.count) paragraphs (five seeds in one file) grown one at a time: \(restarted.count) events logged, \(whole.count) from the whole text, \(extra.count) that no prefix gives"
        )
    }

    /// A dispatch written in place in 200 pieces: the text handed to the coder while it grows
    /// is linear in its size (each growth: the lead, a few paragraphs of context and the new
    /// one), where extracting every complete prefix again would hand it about 100 times the file.
    @Test func aFileGrownInTwoHundredPiecesIsExtractedInLinearTime() throws {
        let f = try Fixture()
        defer { f.close() }
        let lines = Self.seedsAsParagraphs().flatMap { $0.components(separatedBy: "\n\n") }
        try #require(lines.count > 20)
        var size = 0
        for k in 0..<200 {
            let piece = lines[k % lines.count] + " (\(k))\n\n"
            Self.grow(f, "big.txt", piece)
            size += piece.utf8.count
            f.processor.grew(name: "big.txt")
        }
        let stats = f.stats.snapshot()
        #expect(stats.partialExtractions == 200)
        // Each growth's window: the lead, the context and the new paragraph, whatever came before.
        let longest = lines.map { $0.utf8.count + 8 }.max() ?? 0
        let window = (DispatchProcessor.leadLines + DispatchProcessor.contextParagraphs + 1) * longest
        #expect(
            stats.partialExtractedBytes <= 200 * window,
            "\(stats.partialExtractedBytes) bytes extracted for a \(size)-byte file")
        print("figures: 200 growths of a \(size)-byte file handed \(stats.partialExtractedBytes) bytes to the coder")
        f.processor.finish(name: "big.txt")
        let ids = try f.ids()
        #expect(Set(ids).count == ids.count)
        let whole = try loadDaemonExtractor().extract(
            try DispatchReader().decode(
                name: "big.txt", bytes: Array(String(contentsOfFile: f.drop + "/big.txt", encoding: .utf8).utf8)))
        #expect(Set(ids) == Set(whole.map(\.id)))
    }

    @Test func aCrashAfterTheAppendBeforeTheLedgerReprocessesToTheSameLog() throws {
        let f = try Fixture(extract: Self.paragraphExtractor)
        defer { f.close() }
        let text = Self.growing.joined()
        writeFile(f.drop + "/a.txt", text)
        // What a crash leaves: the events are in the log, the ledger never heard of the dispatch.
        let events = Self.paragraphExtractor(try DispatchReader().decode(name: "a.txt", bytes: Array(text.utf8)))
        try f.log.append(events)
        f.processor.finish(name: "a.txt")
        #expect(try f.ids() == events.map(\.id))
        let entry = try DispatchLedger.entries(path: f.ledger.path).last
        #expect(entry?.kind == .finished && entry?.events == 3 && entry?.appended == 0)
    }

    @Test func aNewVersionAppendsOnlyItsNewEvents() throws {
        let f = try Fixture(extract: Self.paragraphExtractor)
        defer { f.close() }
        let v1 = Self.growing.prefix(2).joined()
        writeFile(f.drop + "/a.txt", v1)
        f.processor.finish(name: "a.txt")
        #expect(try f.ids().count == 2)
        writeFile(f.drop + "/a.txt", v1 + "La France appelle à négocier.\n")
        f.processor.finish(name: "a.txt")
        #expect(try f.ids().count == 3)
        writeFile(f.drop + "/b.txt", v1 + "La France appelle à négocier.\n")
        f.processor.finish(name: "b.txt")
        #expect(try f.ids().count == 3, "same bytes under another name: nothing new")
        #expect(f.stats.snapshot().events == 3)
    }
}

/// The ids a subscriber holds after applying every entry of `log` in order: events appended,
/// retractions removing theirs.
func heldIDs(_ log: EventLog) throws -> [String] {
    var held: [String] = []
    for e in try log.readEvents(from: 1, maxCount: 100_000) {
        if let r = e.retraction { held.removeAll { $0 == r.id } } else { held.append(e.record.id) }
    }
    return held
}
