import Synchronization
import Testing
import VigieProtocol

@testable import VigieDaemon

/// Counts the reads that reach the log, to tell a cache hit from a miss.
final class CountingSource: EventSource {
    let inner: MemoryEventSource
    let reads = Atomic<Int>(0)

    init(_ inner: MemoryEventSource) { self.inner = inner }

    func bounds() async -> (first: UInt64, last: UInt64) { await inner.bounds() }

    func read(from: UInt64, maxCount: Int) async throws -> [LoggedEvent] {
        reads.add(1, ordering: .relaxed)
        return try await inner.read(from: from, maxCount: maxCount)
    }

    func waitForAppend(after seq: UInt64) async -> UInt64 { await inner.waitForAppend(after: seq) }
}

/// The lines a subscriber without a filter would be sent for `slices`.
private func wireLines(_ slices: [EncodedEventCache.Slice]) -> [UInt8] {
    slices.flatMap { Array($0.run.lines(from: $0.start).readableBytesView) }
}

private func expectedLines(_ seqs: ClosedRange<Int>) -> [UInt8] {
    seqs.flatMap { LineCodec.eventLine(seq: UInt64($0), recordJSON: LineCodec.encode(testRecord($0 - 1))) }
}

@Suite struct EncodedEventCacheTests {
    /// A thousand cursors at the same place: the log is read once, and they all get the same
    /// storage (the bytes are encoded once), with the exact lines the log's records give.
    @Test func cursorsAtTheSamePlaceShareOneReadAndOneBuffer() async throws {
        let source = CountingSource(MemoryEventSource(count: 600))
        let cache = EncodedEventCache(source: source, maxBytes: 8 << 20)
        var runs: [ObjectIdentifier] = []
        for _ in 0..<1000 {
            let slices = try await cache.read(from: 1, maxCount: 256)
            try #require(slices.map(\.firstSeq) == [1])
            runs.append(ObjectIdentifier(slices[0].run))
        }
        #expect(Set(runs).count == 1)
        #expect(source.reads.load(ordering: .relaxed) == 1)
        // From inside the cached run: the rest of it, then the next events read from the log.
        #expect(wireLines(try await cache.read(from: 100, maxCount: 256)) == expectedLines(100...355))
        #expect(source.reads.load(ordering: .relaxed) == 2)
    }

    /// Reads at any offset, across cached and uncached runs, give every seq once, in order.
    @Test func readsFromAnywhereGiveConsecutiveSeqs() async throws {
        let source = CountingSource(MemoryEventSource(count: 1000))
        let cache = EncodedEventCache(source: source, maxBytes: 8 << 20)
        _ = try await cache.read(from: 300, maxCount: 50)
        _ = try await cache.read(from: 700, maxCount: 10)
        var next: UInt64 = 1
        var lines: [UInt8] = []
        while true {
            let slices = try await cache.read(from: next, maxCount: 97)
            guard let last = slices.last else { break }
            #expect(slices.first?.firstSeq == next)
            lines += wireLines(slices)
            next = last.run.lastSeq + 1
        }
        #expect(next == 1001)
        #expect(lines == expectedLines(1...1000))
    }

    /// Memory stays bounded: past `maxBytes` the least recently used runs are dropped and read
    /// again from the log when needed.
    @Test func theCacheStaysUnderItsBudget() async throws {
        let source = CountingSource(MemoryEventSource(count: 2000))
        let oneRun = try await EncodedEventCache(source: source, maxBytes: 1 << 30).read(from: 1, maxCount: 100)
        try #require(!oneRun.isEmpty)
        let runBytes = oneRun[0].run.lines.readableBytes
        let cache = EncodedEventCache(source: source, maxBytes: runBytes * 3)
        for from in stride(from: 1, through: 1901, by: 100) {
            _ = try await cache.read(from: UInt64(from), maxCount: 100)
        }
        let before = source.reads.load(ordering: .relaxed)
        // The newest runs are still there; the first one was dropped.
        _ = try await cache.read(from: 1901, maxCount: 100)
        #expect(source.reads.load(ordering: .relaxed) == before)
        _ = try await cache.read(from: 1, maxCount: 100)
        #expect(source.reads.load(ordering: .relaxed) == before + 1)
        #expect(cache.cachedBytes <= runBytes * 3)
    }

    /// Live: at the end of the log nothing is returned; once events are appended, the tail is
    /// read and served from where the cursor stopped.
    @Test func theTailGrowsWithAppends() async throws {
        let memory = MemoryEventSource(count: 10)
        let cache = EncodedEventCache(source: memory, maxBytes: 8 << 20)
        #expect(wireLines(try await cache.read(from: 1, maxCount: 256)) == expectedLines(1...10))
        #expect(try await cache.read(from: 11, maxCount: 256).isEmpty)
        await memory.append((10..<13).map { testRecord($0) })
        #expect(wireLines(try await cache.read(from: 11, maxCount: 256)) == expectedLines(11...13))
        #expect(wireLines(try await cache.read(from: 1, maxCount: 256)) == expectedLines(1...13))
    }

    /// After retention, a cursor behind the retained range is served from the log (its first
    /// slice starts at the earliest retained seq: the session reports the gap), not from runs
    /// cached before the deletion.
    @Test func aCursorBehindRetentionSeesTheGap() async throws {
        let memory = MemoryEventSource(count: 100)
        let cache = EncodedEventCache(source: memory, maxBytes: 8 << 20)
        _ = try await cache.read(from: 1, maxCount: 256)
        await memory.dropBefore(40)
        let slices = try await cache.read(from: 5, maxCount: 256)
        #expect(slices.first?.firstSeq == 40)
        #expect(wireLines(slices) == expectedLines(40...100))
    }
}
