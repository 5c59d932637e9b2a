import NIOCore
import Synchronization
import VigieProtocol

/// The heartbeat loop of a subscriber connection, socket or HTTP: `send` the log's last seq
/// whenever nothing was written for `interval`, unless the client is not reading (its buffer is
/// full), until the task is cancelled.
func sendHeartbeats(
    every interval: Duration, lastWrite: borrowing Mutex<ContinuousClock.Instant>, gate: WritabilityGate,
    source: any EventSource, send: (UInt64) async -> Void
) async {
    while !Task.isCancelled {
        let due = lastWrite.withLock { $0 } + interval
        if due > ContinuousClock.now {
            do { try await Task.sleep(until: due) } catch { return }
            continue
        }
        if gate.isWritable {
            await send(await source.bounds().last)
        } else {
            lastWrite.withLock { $0 = ContinuousClock.now }
        }
    }
}

extension Array where Element == EncodedEventCache.Slice {
    /// The seq and the wire line of every entry of these slices that `filter` lets through, in
    /// order (a retraction passes when the event it retracts would).
    func forEachLine(matching filter: EventFilter, _ body: (UInt64, ByteBuffer) -> Void) {
        for slice in self {
            let records = filter.isEmpty ? nil : slice.run.decodedRecords()
            for i in slice.start..<slice.run.count {
                if let records {
                    guard let record = records[i], filter.matches(record) else { continue }
                }
                body(slice.run.firstSeq + UInt64(i), slice.run.line(at: i))
            }
        }
    }
}
