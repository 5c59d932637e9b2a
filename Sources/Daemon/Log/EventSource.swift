import VigieProtocol

/// One entry of the durable log: its sequence number, the record, and the record's JSON
/// exactly as stored, so readers can send it without encoding it again.
///
/// Most entries are events. A retraction entry (`retraction` set) says that an event delivered
/// earlier no longer holds; its `record` is that event as it was delivered, so filters and
/// subjects apply to it exactly as they did to the event.
public struct LoggedEvent: Sendable, Hashable {
    /// Monotonically increasing, starting at 1, never reused.
    public var seq: UInt64
    public var record: EventRecord
    /// `LineCodec.encode(record)`: compact JSON, no newline.
    public var json: [UInt8]
    /// Set on a retraction entry.
    public var retraction: Retraction?
    /// True for an event whose id was retracted before and is given again by a later version.
    public var revives: Bool

    public init(
        seq: UInt64, record: EventRecord, json: [UInt8], retraction: Retraction? = nil, revives: Bool = false
    ) {
        self.seq = seq
        self.record = record
        self.json = json
        self.retraction = retraction
        self.revives = revives
    }

    /// The wire line of this entry: an `event` or a `retract` message.
    public var line: [UInt8] {
        if let retraction { return LineCodec.retractLine(seq: seq, retraction: retraction, recordJSON: json) }
        return LineCodec.eventLine(seq: seq, recordJSON: json)
    }
}

/// One event as stored in the log, not decoded: for readers that forward the bytes.
public struct StoredEvent: Sendable, Hashable {
    public var seq: UInt64
    /// `LineCodec.encode(record)`: compact JSON, no newline.
    public var json: [UInt8]
    /// Set on a retraction entry (`json` is then the retracted record's).
    public var retraction: Retraction?
    /// True for an event whose id was retracted before (see `LoggedEvent.revives`).
    public var revives: Bool

    public init(seq: UInt64, json: [UInt8], retraction: Retraction? = nil, revives: Bool = false) {
        self.seq = seq
        self.json = json
        self.retraction = retraction
        self.revives = revives
    }

    /// The wire line of this entry: an `event` or a `retract` message.
    public var line: [UInt8] {
        if let retraction { return LineCodec.retractLine(seq: seq, retraction: retraction, recordJSON: json) }
        return LineCodec.eventLine(seq: seq, recordJSON: json)
    }
}

/// What readers of the event log (the subscriber server, the JetStream sink) need from it.
///
/// The durable event log is the single source of truth; replay and live delivery both come
/// from here, which is what makes "no gap, no duplicate" easy to reason about.
public protocol EventSource: Sendable {
    /// The earliest retained seq and the last committed seq. An empty log answers
    /// `(first: lastSeq + 1, last: lastSeq)`, so `first > last` means "nothing retained".
    func bounds() async -> (first: UInt64, last: UInt64)

    /// Committed events with `seq >= from`, in order, at most `maxCount` of them. Events before
    /// the retained range are skipped silently: callers compare with `bounds()` to report a gap.
    func read(from: UInt64, maxCount: Int) async throws -> [LoggedEvent]

    /// Like `read`, without decoding the records: what a reader that only forwards the stored
    /// JSON needs (the subscriber server). By default `read` without the records.
    func readStored(from: UInt64, maxCount: Int) async throws -> [StoredEvent]

    /// Returns once the last committed seq is greater than `seq`, or when the task is cancelled.
    /// Returns the last committed seq at that moment.
    func waitForAppend(after seq: UInt64) async -> UInt64
}

extension EventSource {
    public func readStored(from: UInt64, maxCount: Int) async throws -> [StoredEvent] {
        try await read(from: from, maxCount: maxCount).map {
            StoredEvent(seq: $0.seq, json: $0.json, retraction: $0.retraction, revives: $0.revives)
        }
    }
}
