import NIOCore
import Synchronization
import VigieProtocol

/// A run of consecutive log events with their wire lines (`{"type":"event","seq":N,"event":{...}}`
/// plus newline) encoded once into one buffer. Every subscriber's channel writes slices of that
/// buffer: `ByteBuffer` slices share storage, so a thousand subscribers cost no copy in the server.
/// The records are decoded only if a filtered subscription asks for them, once per run.
final class EncodedEvents: Sendable {
    let firstSeq: UInt64
    let count: Int
    let lines: ByteBuffer
    /// `offsets[i]` is where the line of seq `firstSeq + i` starts in `lines`; the last entry is
    /// the end.
    let offsets: [Int]
    /// Where the record JSON of each line starts (it ends one byte before the newline).
    private let jsonStarts: [Int]
    private let records = Mutex<[EventRecord]?>(nil)

    var lastSeq: UInt64 { firstSeq + UInt64(count) - 1 }

    /// `events` must be consecutive seqs and not empty.
    init(_ events: ArraySlice<StoredEvent>, allocator: ByteBufferAllocator) {
        firstSeq = events.first!.seq
        count = events.count
        var lines = allocator.buffer(capacity: events.reduce(0) { $0 + $1.json.count + 48 })
        var offsets: [Int] = []
        var jsonStarts: [Int] = []
        offsets.reserveCapacity(events.count + 1)
        jsonStarts.reserveCapacity(events.count)
        for event in events {
            offsets.append(lines.writerIndex)
            let line = event.line
            // The line ends with the record JSON, `}` and a newline.
            jsonStarts.append(lines.writerIndex + line.count - 2 - event.json.count)
            lines.writeBytes(line)
        }
        offsets.append(lines.writerIndex)
        self.lines = lines
        self.offsets = offsets
        self.jsonStarts = jsonStarts
    }

    /// The lines of the records from index `start` to the end, sharing this run's storage.
    func lines(from start: Int) -> ByteBuffer {
        lines.getSlice(at: offsets[start], length: offsets[count] - offsets[start])!
    }

    /// The line of the record at `index`, sharing this run's storage.
    func line(at index: Int) -> ByteBuffer {
        lines.getSlice(at: offsets[index], length: offsets[index + 1] - offsets[index])!
    }

    /// The decoded records (nil where the stored JSON does not decode: the filter then skips the
    /// event rather than the whole run). Decoded on first use, then kept with the run.
    func decodedRecords() -> [EventRecord?] {
        if let done = records.withLock({ $0 }) { return done }
        let decoded = (0..<count).map { i -> EventRecord? in
            let start = jsonStarts[i]
            let end = offsets[i + 1] - 2
            return lines.withUnsafeReadableBytes { raw -> EventRecord? in
                let base = start - lines.readerIndex
                return try? LineCodec.decodeRecord(raw[base..<(base + end - start)])
            }
        }
        if decoded.allSatisfy({ $0 != nil }) { records.withLock { $0 = decoded.map { $0! } } }
        return decoded
    }
}

/// The recently read part of the event log, encoded once for every subscriber.
///
/// Without it each subscriber's cursor read and decoded every event from the log under the log's
/// lock, and encoded its own line: a burst of N events to S subscribers cost N x S decodes. With
/// it, a run of events is read from the log once (by whichever cursor needs it first) and every
/// other cursor at the same place, replaying or live, gets the same encoded bytes.
///
/// Bounded: runs are dropped, least recently used first, once their lines exceed `maxBytes`
/// (plus the decoded records of runs a filtered subscription read). Cached runs never overlap. A cursor behind
/// the retained range reads the log itself, so retention gaps are reported exactly as before.
final class EncodedEventCache: Sendable {
    struct Slice: Sendable {
        let run: EncodedEvents
        /// Index of the first record of this slice in `run`.
        let start: Int
        var firstSeq: UInt64 { run.firstSeq + UInt64(start) }
    }

    private struct Entry {
        let run: EncodedEvents
        var lastUse: UInt64
    }

    private struct State {
        /// Sorted by first seq, non-overlapping.
        var entries: [Entry] = []
        var bytes = 0
        var clock: UInt64 = 0

        /// How many entries start at or before `seq` (binary search): the one before that
        /// index is the only run that can hold `seq`, the one at it the next run after.
        func entriesStarting(atOrBefore seq: UInt64) -> Int {
            var lo = 0
            var hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid].run.firstSeq <= seq { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    private let source: any EventSource
    private let maxBytes: Int
    private let allocator = ByteBufferAllocator()
    private let state = Mutex(State())

    init(source: any EventSource, maxBytes: Int) {
        self.source = source
        self.maxBytes = maxBytes
    }

    /// Bytes of lines held now (at most `maxBytes`, or one run when a single run is larger).
    var cachedBytes: Int { state.withLock { $0.bytes } }

    /// Committed events from `from` on, at most about `maxCount`, as slices of shared runs in seq
    /// order. Like `EventSource.read`, events before the retained range are skipped (the first
    /// slice then starts after `from`) and an empty answer means there is nothing after `from` yet.
    func read(from: UInt64, maxCount: Int) async throws -> [Slice] {
        var seq = max(from, 1)
        let retainedFirst = await source.bounds().first
        if seq < retainedFirst {
            // Behind retention: the log decides where the cursor resumes (a gap for the session).
            dropBefore(retainedFirst)
            guard let loaded = try await load(from: seq, maxCount: maxCount) else { return [] }
            return [Slice(run: loaded, start: 0)]
        }
        var out: [Slice] = []
        var count = 0
        while count < maxCount {
            switch lookup(seq) {
            case .hit(let slice):
                out.append(slice)
                count += slice.run.count - slice.start
                seq = slice.run.lastSeq + 1
            case .miss(let nextCached):
                let wanted = min(maxCount - count, nextCached.map { Int(clamping: $0 - seq) } ?? Int.max)
                guard let loaded = try await load(from: seq, maxCount: max(1, wanted)) else { return out }
                guard loaded.firstSeq == seq else {
                    // Retention moved while we read: stop here, the next call reports the gap.
                    if out.isEmpty { return [Slice(run: loaded, start: 0)] }
                    return out
                }
                let slice = insert(loaded)
                out.append(slice)
                count += slice.run.count - slice.start
                seq = slice.run.lastSeq + 1
            }
        }
        return out
    }

    private enum Lookup {
        case hit(Slice)
        /// Not cached; the first seq of the next cached run, if any, bounds what to load.
        case miss(nextCached: UInt64?)
    }

    private func lookup(_ seq: UInt64) -> Lookup {
        state.withLock { s in
            let lo = s.entriesStarting(atOrBefore: seq)
            if lo > 0, s.entries[lo - 1].run.lastSeq >= seq {
                s.clock += 1
                s.entries[lo - 1].lastUse = s.clock
                let run = s.entries[lo - 1].run
                return .hit(Slice(run: run, start: Int(seq - run.firstSeq)))
            }
            return .miss(nextCached: lo < s.entries.count ? s.entries[lo].run.firstSeq : nil)
        }
    }

    /// Reads and encodes a run from the log, outside the cache's lock; nil when nothing is there.
    private func load(from seq: UInt64, maxCount: Int) async throws -> EncodedEvents? {
        let events = try await source.readStored(from: seq, maxCount: maxCount)
        guard let first = events.first else { return nil }
        // Only the consecutive part: a run is indexed by seq.
        var end = 1
        while end < events.count, events[end].seq == first.seq + UInt64(end) { end += 1 }
        return EncodedEvents(events[..<end], allocator: allocator)
    }

    /// Caches `run` unless another cursor cached the same seq meanwhile (then that one is used,
    /// so that everyone shares it); returns the slice starting at `run.firstSeq`.
    private func insert(_ run: EncodedEvents) -> Slice {
        state.withLock { s in
            let lo = s.entriesStarting(atOrBefore: run.firstSeq)
            s.clock += 1
            if lo > 0, s.entries[lo - 1].run.lastSeq >= run.firstSeq {
                s.entries[lo - 1].lastUse = s.clock
                let cached = s.entries[lo - 1].run
                return Slice(run: cached, start: Int(run.firstSeq - cached.firstSeq))
            }
            if lo < s.entries.count, s.entries[lo].run.firstSeq <= run.lastSeq {
                // It overlaps a run cached meanwhile: serve it uncached rather than hold two copies.
                return Slice(run: run, start: 0)
            }
            s.entries.insert(Entry(run: run, lastUse: s.clock), at: lo)
            s.bytes += run.lines.readableBytes
            while s.bytes > maxBytes, s.entries.count > 1 {
                var oldest = 0
                for i in s.entries.indices where s.entries[i].lastUse < s.entries[oldest].lastUse { oldest = i }
                s.bytes -= s.entries[oldest].run.lines.readableBytes
                s.entries.remove(at: oldest)
            }
            return Slice(run: run, start: 0)
        }
    }

    /// Forgets the runs that retention removed from the log.
    private func dropBefore(_ seq: UInt64) {
        state.withLock { s in
            while let first = s.entries.first, first.run.lastSeq < seq {
                s.bytes -= first.run.lines.readableBytes
                s.entries.removeFirst()
            }
        }
    }
}
