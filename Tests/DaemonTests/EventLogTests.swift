import Foundation
import Testing
import VigieProtocol

@testable import VigieDaemon

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct EventLogTests {
    func config(_ dir: String) -> EventLogConfiguration {
        EventLogConfiguration(directory: dir + "/log")
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    /// Eight bytes at a time must give what one bit at a time gives, at every length and
    /// alignment (the tail loop, unaligned loads).
    @Test func crc32EightBytesAtATimeMatchesTheBitwiseDefinition() {
        func bitwise(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                crc ^= UInt32(b)
                for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in 0..<9 {
            for end in start...bytes.count where end - start < 40 || end == bytes.count {
                #expect(CRC32.checksum(bytes[start..<end]) == bitwise(bytes[start..<end]))
            }
        }
    }

    @Test func appendsGetConsecutiveSeqsFromOneAndReadBack() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        #expect(log.currentBounds() == (1, 0))
        let first = try log.append([record("a"), record("b")])
        let second = try log.append([record("c")])
        #expect(first.map(\.seq) == [1, 2])
        #expect(second.map(\.seq) == [3])
        let read = try log.readEvents(from: 1, maxCount: 10)
        try #require(read.map(\.record.id) == ["a", "b", "c"])
        #expect(read[0].json == LineCodec.encode(record("a")))
        #expect(read[0].record == record("a"))
        #expect(try log.readEvents(from: 2, maxCount: 1).map(\.seq) == [2])
        #expect(try log.readEvents(from: 4, maxCount: 10).isEmpty)
        #expect(log.currentBounds() == (1, 3))
        log.close()
        let reopened = try EventLog(configuration: config(dir))
        #expect(try reopened.readEvents(from: 0, maxCount: 10).map(\.record.id) == ["a", "b", "c"])
        #expect(try reopened.append([record("d")]).map(\.seq) == [4])
        #expect(reopened.recovery.truncatedBytes == 0)
    }

    /// A live reader's read right after an append is served from memory: it must be exactly what
    /// a reader of the file gets.
    @Test func theLastAppendReadsBackAsTheFileDoes() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        try log.append([record("a"), record("b")])
        let appended = try log.append([record("c", event: .protest), record("d"), record("e")])
        let live = try log.readEvents(from: 4, maxCount: 10)
        #expect(live == Array(appended[1...]))
        #expect(try log.readEvents(from: 2, maxCount: 2).map(\.seq) == [2, 3])
        #expect(try log.readEvents(from: 3, maxCount: 2).map(\.seq) == [3, 4])
        log.close()
        let reopened = try EventLog(configuration: config(dir))
        let fromFile = try reopened.readEvents(from: 4, maxCount: 10)
        #expect(fromFile.map(\.seq) == live.map(\.seq))
        #expect(fromFile.map(\.json) == live.map(\.json))
        #expect(fromFile.map(\.record) == live.map(\.record))
    }

    /// The id index packs the extractor's 32-hex ids; other ids (uppercase hex included) are kept
    /// as strings, and none of them collide, before or after a reopen.
    @Test func hexAndOtherIdsStayDistinctAcrossReopen() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let hex = "aec8cf0510364ebe36c5c5d27697861d"
        let ids = [hex, hex.uppercased(), "aec8cf0510364ebe36c5c5d27697861", "x" + hex.dropFirst(), "short"]
        var log = try EventLog(configuration: config(dir))
        #expect(try log.append(ids.map { record($0) }).count == ids.count)
        #expect(ids.allSatisfy { log.contains(id: $0) })
        #expect(!log.contains(id: "bec8cf0510364ebe36c5c5d27697861d"))
        log.close()
        log = try EventLog(configuration: config(dir))
        #expect(try log.append(ids.map { record($0) }).isEmpty)
        #expect(try log.append([record("bec8cf0510364ebe36c5c5d27697861d")]).map(\.seq) == [6])
    }

    @Test func appendIsIdempotentByEventIDAcrossReopen() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        var log = try EventLog(configuration: config(dir))
        #expect(try log.append([record("a"), record("a"), record("b")]).map(\.record.id) == ["a", "b"])
        #expect(try log.append([record("b"), record("a")]).isEmpty)
        #expect(log.contains(id: "a"))
        log.close()
        log = try EventLog(configuration: config(dir))
        #expect(try log.append([record("a"), record("c")]).map(\.seq) == [3])
        #expect(log.lastSeq == 3)
    }

    @Test(arguments: [1, 5, 9, 30])
    func recoveryTruncatesATornTailAndKeepsCommittedRecords(cut: Int) throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        try log.append([record("a"), record("b")])
        try log.append([record("c")])
        log.close()
        let segment = EventLog.segmentPath(dir + "/log", 1)
        let committed = fileSize(segment)
        // A later append torn by a crash: only its first `cut` bytes reached the file.
        let frame: [UInt8] = [200, 0, 0, 0, 1, 2, 3, 4] + [UInt8](repeating: 7, count: 200)
        appendBytes(segment, Array(frame.prefix(cut)))
        let recovered = try EventLog(configuration: config(dir))
        #expect(recovered.recovery.truncatedBytes == cut)
        #expect(fileSize(segment) == committed)
        #expect(try recovered.readEvents(from: 1, maxCount: 10).map(\.record.id) == ["a", "b", "c"])
        #expect(try recovered.append([record("d")]).map(\.seq) == [4])
    }

    @Test func aFrameWithABadChecksumEndsTheLogAtRecovery() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        try log.append([record("a")])
        let sizeAfterA = fileSize(EventLog.segmentPath(dir + "/log", 1))
        try log.append([record("b")])
        log.close()
        // Flip one byte of the last record's payload: its CRC no longer matches.
        let segment = EventLog.segmentPath(dir + "/log", 1)
        let fd = open(segment, O_RDWR)
        var b: UInt8 = 0
        _ = pread(fd, &b, 1, off_t(sizeAfterA + 20))
        b ^= 0xFF
        _ = pwrite(fd, &b, 1, off_t(sizeAfterA + 20))
        close(fd)
        let readOnly = try EventLog(configuration: config(dir), readOnly: true)
        #expect(try readOnly.readEvents(from: 1, maxCount: 10).map(\.record.id) == ["a"])
        #expect(fileSize(segment) > sizeAfterA, "read-only open must not truncate")
        readOnly.close()
        let recovered = try EventLog(configuration: config(dir))
        #expect(fileSize(segment) == sizeAfterA)
        #expect(try recovered.append([record("b2")]).map(\.seq) == [2])
    }

    @Test func damageBeforeTheLastSegmentIsReportedNotRepaired() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        var c = config(dir)
        c.segmentBytes = 4096
        let log = try EventLog(configuration: c)
        for i in 0..<40 { try log.append([record("e\(i)")]) }
        log.close()
        appendBytes(EventLog.segmentPath(dir + "/log", 1), [1, 2, 3])
        #expect(throws: LogError.self) { try EventLog(configuration: c) }
    }

    @Test func segmentsRollAndReadsCrossThem() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        var c = config(dir)
        c.segmentBytes = 4096
        let log = try EventLog(configuration: c)
        for i in 0..<50 { try log.append([record("e\(i)")]) }
        let segments = try FileManager.default.contentsOfDirectory(atPath: dir + "/log").filter { $0.hasSuffix(".seg") }
        #expect(segments.count > 3)
        let all = try log.readEvents(from: 1, maxCount: 100)
        #expect(all.map(\.seq) == Array(1...50))
        #expect(try log.readEvents(from: 37, maxCount: 5).map(\.seq) == Array(37...41))
        log.close()
        let reopened = try EventLog(configuration: c)
        #expect(reopened.recovery.segments == segments.count)
        #expect(try reopened.readEvents(from: 1, maxCount: 100).map(\.record.id) == (0..<50).map { "e\($0)" })
    }

    @Test func retentionBySizeDropsOldSegmentsButRemembersTheirIDs() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        var c = config(dir)
        c.segmentBytes = 4096
        c.retentionBytes = 10_000
        c.retentionAge = nil
        var log = try EventLog(configuration: c)
        for i in 0..<60 { try log.append([record("e\(i)")]) }
        let deleted = try log.enforceRetention()
        #expect(deleted > 0)
        let (first, last) = log.currentBounds()
        #expect(first > 1)
        #expect(last == 60)
        #expect(try log.readEvents(from: 1, maxCount: 1000).first?.seq == first)
        // An event whose segment is gone is still known: not appended again.
        #expect(try log.append([record("e0")]).isEmpty)
        log.close()
        log = try EventLog(configuration: c)
        #expect(log.currentBounds() == (first, 60))
        #expect(try log.append([record("e1"), record("new")]).map(\.seq) == [61])
    }

    @Test func retentionByAgeKeepsTheActiveSegment() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        var c = config(dir)
        c.segmentBytes = 4096
        c.retentionBytes = 0
        c.retentionAge = .seconds(3600)
        let log = try EventLog(configuration: c)
        for i in 0..<40 { try log.append([record("e\(i)")]) }
        #expect(try log.enforceRetention(now: Date()) == 0)
        let deleted = try log.enforceRetention(now: Date().addingTimeInterval(7200))
        #expect(deleted > 0)
        let (first, last) = log.currentBounds()
        #expect(last == 40)
        #expect(first > 1 && first <= 40)
        #expect(try log.append([record("e41")]).map(\.seq) == [41])
    }

    @Test func waitForAppendWakesOnAppendAndOnCancel() async throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        try log.append([record("a")])
        #expect(await log.waitForAppend(after: 0) == 1)
        let waiter = Task { await log.waitForAppend(after: 1) }
        try await Task.sleep(for: .milliseconds(50))
        try log.append([record("b"), record("c")])
        #expect(await waiter.value == 3)
        let cancelled = Task { await log.waitForAppend(after: 3) }
        cancelled.cancel()
        #expect(await cancelled.value == 3)
        let closing = Task { await log.waitForAppend(after: 3) }
        try await Task.sleep(for: .milliseconds(20))
        log.close()
        #expect(await closing.value == 3)
    }

    @Test func aSecondWriterIsRefused() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        #expect {
            try EventLog(configuration: config(dir))
        } throws: { ($0 as? LogError)?.code == .locked }
        log.close()
        let again = try EventLog(configuration: config(dir))
        again.close()
    }

    @Test(arguments: [FsyncPolicy.batch, .never])
    func otherFsyncPoliciesStillReadBackAfterClose(policy: FsyncPolicy) throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        var c = config(dir)
        c.fsync = policy
        let log = try EventLog(configuration: c)
        for i in 0..<20 { try log.append([record("e\(i)")]) }
        try log.sync()
        log.close()
        let reopened = try EventLog(configuration: c)
        #expect(reopened.lastSeq == 20)
    }
}

@Suite struct DispatchLedgerTests {
    @Test func finishedAndProgressSurviveReopen() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let path = dir + "/ledger"
        var ledger = try DispatchLedger(path: path)
        try ledger.record(
            .init(kind: .progress, name: "a.txt", device: 1, inode: 2, bytes: 10, paragraphs: 1, events: 0, appended: 0)
        )
        try ledger.record(.init(kind: .finished, name: "b.txt", sha256: "bb", bytes: 5, events: 2, appended: 2))
        ledger.close()
        ledger = try DispatchLedger(path: path)
        #expect(ledger.isFinished(sha256: "bb"))
        #expect(!ledger.isFinished(sha256: "aa"))
        #expect(ledger.progress(name: "a.txt") == .init(device: 1, inode: 2, bytes: 10, paragraphs: 1))
        try ledger.record(.init(kind: .finished, name: "a.txt", sha256: "aa", bytes: 20, events: 1, appended: 1))
        #expect(ledger.progress(name: "a.txt") == nil)
        #expect(ledger.finishedCount == 2)
        ledger.close()
        appendBytes(path, [9, 9])
        ledger = try DispatchLedger(path: path)
        #expect(ledger.truncatedBytes == 2)
        #expect(ledger.finishedCount == 2)
        #expect(try DispatchLedger.entries(path: path).count == 3)
    }

    @Test func aRunThatEndsOnAnAttemptCountsAsACrashOfThatDispatch() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let path = dir + "/ledger"
        func attempt(_ sha: String) -> DispatchLedger.Entry {
            .init(kind: .attempt, name: sha + ".txt", sha256: sha, bytes: 1, events: 0, appended: 0)
        }
        var ledger = try DispatchLedger(path: path)
        // Run 1: a and b extracted and committed, c being extracted when it died.
        try ledger.beginRun()
        try ledger.record(attempt("a"))
        try ledger.record(attempt("b"))
        try ledger.record(.init(kind: .committing, name: "", bytes: 0, events: 0, appended: 0))
        try ledger.record(.init(kind: .finished, name: "a.txt", sha256: "a", bytes: 1, events: 0, appended: 0))
        try ledger.record(.init(kind: .finished, name: "b.txt", sha256: "b", bytes: 1, events: 0, appended: 0))
        try ledger.record(attempt("c"))
        ledger.close()
        ledger = try DispatchLedger(path: path)
        #expect(ledger.crashes(sha256: "c") == 1)
        #expect(ledger.crashes(sha256: "a") == 0)
        // Run 2 dies on c again; run 3 dies while appending (after `committing`): not c's fault.
        try ledger.beginRun()
        try ledger.record(attempt("c"))
        try ledger.beginRun()
        try ledger.record(attempt("c"))
        try ledger.record(.init(kind: .committing, name: "", bytes: 0, events: 0, appended: 0))
        // Run 4 stops cleanly after a failed commit.
        try ledger.beginRun()
        try ledger.record(attempt("d"))
        try ledger.endRun()
        ledger.close()
        ledger = try DispatchLedger(path: path)
        #expect(ledger.crashes(sha256: "c") == 2)
        #expect(ledger.crashes(sha256: "d") == 0)
        // Run 5, two coding workers: e and f under way, e committing, f abandoned, g still
        // being coded when it dies: g counts, e and f do not.
        try ledger.beginRun()
        try ledger.record(attempt("e"))
        try ledger.record(attempt("f"))
        try ledger.record(attempt("g"))
        try ledger.record(.init(kind: .committing, name: "", bytes: 0, events: 0, appended: 0, batch: ["e"]))
        try ledger.record(.init(kind: .abandoned, name: "f.txt", sha256: "f", bytes: 1, events: 0, appended: 0))
        ledger.close()
        ledger = try DispatchLedger(path: path)
        #expect(ledger.crashes(sha256: "e") == 0)
        #expect(ledger.crashes(sha256: "f") == 0)
        #expect(ledger.crashes(sha256: "g") == 1)
    }
}
