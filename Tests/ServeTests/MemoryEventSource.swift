import VigieDaemon
import VigieProtocol

/// An in-memory `EventSource` for the server's unit tests: the edge of these tests, standing in
/// for the durable log (the end-to-end tests use the real one inside vigied).
actor MemoryEventSource: EventSource {
    private var events: [LoggedEvent] = []
    private var firstSeq: UInt64 = 1
    private var lastSeq: UInt64 = 0
    private var waiters: [UInt64: (after: UInt64, CheckedContinuation<UInt64, Never>)] = [:]
    private var nextWaiter: UInt64 = 0
    private var failing = false

    init(count: Int = 0) {
        for i in 0..<count {
            let record = testRecord(i)
            events.append(LoggedEvent(seq: UInt64(i + 1), record: record, json: LineCodec.encode(record)))
        }
        lastSeq = UInt64(count)
    }

    func bounds() -> (first: UInt64, last: UInt64) { (firstSeq, lastSeq) }

    func read(from: UInt64, maxCount: Int) throws -> [LoggedEvent] {
        if failing { throw MemoryFailure() }
        let start = max(from, firstSeq)
        guard start <= lastSeq else { return [] }
        let offset = Int(start - firstSeq)
        return Array(events[offset..<min(events.count, offset + maxCount)])
    }

    func waitForAppend(after seq: UInt64) async -> UInt64 {
        if lastSeq > seq { return lastSeq }
        let id = nextWaiter
        nextWaiter += 1
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled || lastSeq > seq {
                    continuation.resume(returning: lastSeq)
                } else {
                    waiters[id] = (seq, continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.1.resume(returning: lastSeq)
    }

    @discardableResult
    func append(_ records: [EventRecord]) -> UInt64 {
        for record in records { appendNow(record) }
        for (id, waiter) in waiters where lastSeq > waiter.after {
            waiters[id] = nil
            waiter.1.resume(returning: lastSeq)
        }
        return lastSeq
    }

    private func appendNow(_ record: EventRecord) {
        lastSeq += 1
        events.append(LoggedEvent(seq: lastSeq, record: record, json: LineCodec.encode(record)))
    }

    /// Retention: forget everything before `seq`.
    func dropBefore(_ seq: UInt64) {
        let n = Int(min(seq, lastSeq + 1) - firstSeq)
        guard n > 0 else { return }
        events.removeFirst(n)
        firstSeq += UInt64(n)
    }

    func setFailing(_ value: Bool) { failing = value }

    struct MemoryFailure: Error {}
}

let testCountries = ["ARM", "AZE", "FRA", "RUS", "TUR"]

/// A deterministic record: the type cycles through PLOVER types, the actor's country through
/// `testCountries`, so filters have something to select.
func testRecord(_ i: Int, padding: Int = 0) -> EventRecord {
    let type = EventType.allCases[i % EventType.allCases.count]
    let country = testCountries[i % testCountries.count]
    return EventRecord(
        id: "ev-\(i)",
        dispatch: DispatchRef(name: "d\(i).txt", sha256: String(repeating: "0", count: 64), published: "2020-10-04"),
        event: type, mode: i % 2 == 0 ? "even" : "odd",
        actor: [Entity(text: "Acteur \(i)", name: i % 7 == 0 ? "Ilham Aliyev" : "Acteur \(i)", country: country)],
        recipient: [Entity(text: "Cible", country: "ARM", org: i % 3 == 0 ? "UN" : nil)],
        date: "2020-10-04",
        evidence: Evidence(text: "Preuve \(i)" + String(repeating: "x", count: padding), start: 0, end: 8),
        confidence: Double(i % 10) / 10, coder: Coder(name: "test", version: "1", lexicon: "1"))
}
