import Synchronization

/// The hand-off between the watcher thread and the pipeline task.
typealias WatchQueue = BatchQueue<WatchEvent>

/// A hand-off where the taker takes every pending element at once: a burst of files becomes
/// one batch (one fsync of the log), and so do codings that end together.
final class BatchQueue<Element: Sendable>: Sendable {
    enum State {
        case open(pending: [Element], waiter: CheckedContinuation<[Element]?, Never>?)
        case finished(pending: [Element])
    }

    private let state = Mutex(State.open(pending: [], waiter: nil))

    func push(_ events: [Element]) {
        guard !events.isEmpty else { return }
        let wake = state.withLock { s -> CheckedContinuation<[Element]?, Never>? in
            guard case .open(var pending, let waiter) = s else { return nil }
            if let waiter {
                // The waiter takes these events directly.
                s = .open(pending: [], waiter: nil)
                return waiter
            }
            pending += events
            s = .open(pending: pending, waiter: nil)
            return nil
        }
        wake?.resume(returning: events)
    }

    /// No more events will come (the watcher stopped).
    func finish() {
        let wake = state.withLock { s -> CheckedContinuation<[Element]?, Never>? in
            guard case .open(let pending, let waiter) = s else { return nil }
            s = .finished(pending: pending)
            return waiter
        }
        wake?.resume(returning: nil)
    }

    /// Every pending event (waiting for at least one); nil once finished and drained, or when
    /// the task is cancelled.
    func takeAll() async -> [Element]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<[Element]?, Never>) in
                let now = state.withLock { s -> [Element]?? in
                    switch s {
                    case .finished(let pending):
                        s = .finished(pending: [])
                        return .some(pending.isEmpty ? nil : pending)
                    case .open(let pending, _):
                        if !pending.isEmpty {
                            s = .open(pending: [], waiter: nil)
                            return .some(pending)
                        }
                        if Task.isCancelled { return .some(nil) }
                        s = .open(pending: [], waiter: c)
                        return .none
                    }
                }
                if case .some(let events) = now { c.resume(returning: events) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<[Element]?, Never>? in
                guard case .open(let pending, let waiter) = s else { return nil }
                s = .open(pending: pending, waiter: nil)
                return waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
