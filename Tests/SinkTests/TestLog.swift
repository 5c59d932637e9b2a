import Foundation
import VigieDaemon
import VigieProtocol

/// An in-memory `EventSource` for the sink's tests, standing in for the durable event log.
actor TestLog: EventSource {
    private var events: [LoggedEvent] = []
    private var waiters: [UUID: (after: UInt64, continuation: CheckedContinuation<UInt64, Never>)] = [:]

    /// Appends records and wakes the readers; returns the last seq.
    @discardableResult
    func append(_ records: [EventRecord]) -> UInt64 {
        for record in records {
            let seq = UInt64(events.count + 1)
            events.append(LoggedEvent(seq: seq, record: record, json: LineCodec.encode(record)))
        }
        let last = UInt64(events.count)
        for (id, waiter) in waiters where last > waiter.after {
            waiters[id] = nil
            waiter.continuation.resume(returning: last)
        }
        return last
    }

    var all: [LoggedEvent] { events }

    func bounds() async -> (first: UInt64, last: UInt64) { (1, UInt64(events.count)) }

    func read(from: UInt64, maxCount: Int) async throws -> [LoggedEvent] {
        let start = Int(max(from, 1)) - 1
        guard start < events.count else { return [] }
        return Array(events[start..<min(events.count, start + maxCount)])
    }

    func waitForAppend(after seq: UInt64) async -> UInt64 {
        let last = UInt64(events.count)
        if last > seq { return last }
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: UInt64(events.count))
                } else {
                    waiters[id] = (seq, continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: UUID) {
        if let waiter = waiters.removeValue(forKey: id) {
            waiter.continuation.resume(returning: UInt64(events.count))
        }
    }
}

/// Test records: varied event types and actor countries, unique ids.
enum Records {
    static let countries: [String?] = ["FRA", "UKR", nil, "RUS", "ARM", "AZE"]

    static func make(_ range: Range<Int>, tag: String = "t") -> [EventRecord] {
        range.map { i in
            let type = EventType.allCases[i % EventType.allCases.count]
            let country = countries[i % countries.count]
            return EventRecord(
                id: "\(tag)-\(i)",
                dispatch: DispatchRef(
                    name: "d\(i).txt", sha256: String(repeating: "a", count: 64), published: "2024-05-01"),
                event: type,
                actor: [Entity(text: "acteur \(i)", country: country, sector: .gov)],
                evidence: Evidence(text: "texte \(i)", start: 0, end: 10),
                confidence: 0.8,
                coder: Coder(name: "test", version: "0", lexicon: "0"))
        }
    }
}
