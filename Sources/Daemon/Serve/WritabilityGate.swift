import NIOCore
import Synchronization

/// Lets a subscriber's cursor wait until its connection's outgoing buffer has room again.
///
/// The channel handler reports writability changes on the event loop; the cursor waits from a
/// task, with a deadline (the slow-consumer timeout). There is at most one waiter: the cursor.
final class WritabilityGate: Sendable {
    private enum Waiter {
        case none
        case waiting(id: UInt64, CheckedContinuation<Bool, Never>, NIOCore.Scheduled<Void>?)
        // The waiting task was cancelled before it registered.
        case cancelled(id: UInt64)
    }

    private struct State {
        var writable = true
        var closed = false
        var waiter = Waiter.none
        var nextID: UInt64 = 0

        mutating func takeWaiter() -> CheckedContinuation<Bool, Never>? {
            guard case .waiting(_, let continuation, let deadline) = waiter else { return nil }
            waiter = .none
            deadline?.cancel()
            return continuation
        }
    }

    private let state = Mutex(State())
    private let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    var isWritable: Bool { state.withLock { $0.writable && !$0.closed } }

    /// Called by the channel handler.
    func setWritable(_ writable: Bool) {
        let continuation = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            s.writable = writable
            return writable ? s.takeWaiter() : nil
        }
        continuation?.resume(returning: true)
    }

    /// The connection is gone: wake the waiter with "no".
    func close() {
        let continuation = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            s.closed = true
            return s.takeWaiter()
        }
        continuation?.resume(returning: false)
    }

    /// True once the channel is writable; false after `timeout`, on close, or on cancellation.
    func waitWritable(timeout: Duration) async -> Bool {
        // Decided under one lock: reading `isWritable` again after a second acquisition raced
        // with the event loop marking the channel unwritable in between, and a cursor that had
        // not waited at all was cut as a slow consumer (seen with 1,000 subscribers).
        let (decided, id): (Bool?, UInt64) = state.withLock { s in
            if s.closed { return (false, 0) }
            if s.writable { return (true, 0) }
            s.nextID += 1
            return (nil, s.nextID)
        }
        if let decided { return decided }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate: Bool? = state.withLock { s in
                    if s.closed { return false }
                    if s.writable { return true }
                    if case .cancelled(let cancelledID) = s.waiter, cancelledID == id {
                        s.waiter = .none
                        return false
                    }
                    let deadline = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanosecondsClamped)) {
                        self.wake(id: id, with: false)
                    }
                    s.waiter = .waiting(id: id, continuation, deadline)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let continuation = state.withLock { s -> CheckedContinuation<Bool, Never>? in
                if case .waiting(let waitingID, _, _) = s.waiter, waitingID == id { return s.takeWaiter() }
                s.waiter = .cancelled(id: id)
                return nil
            }
            continuation?.resume(returning: false)
        }
    }

    private func wake(id: UInt64, with value: Bool) {
        let continuation = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard case .waiting(let waitingID, _, _) = s.waiter, waitingID == id else { return nil }
            return s.takeWaiter()
        }
        continuation?.resume(returning: value)
    }
}
