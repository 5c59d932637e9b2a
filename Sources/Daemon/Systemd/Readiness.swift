import Synchronization

/// The conditions that must all hold before the daemon tells systemd `READY=1`.
///
/// Parts of the daemon mark their condition once (the socket server when it listens, the
/// pipeline when the start-up rescan is done); `SystemdNotifyService` waits for all of them.
/// Being ready is final: a condition marked twice changes nothing.
public final class Readiness: Sendable {
    /// One named start-up condition.
    public struct Condition: Hashable, Sendable, CustomStringConvertible {
        public var name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The subscriber socket is listening (bound or received from systemd).
        public static let socketListening = Condition("socket-listening")
        /// The start-up rescan of the drop directory is finished.
        public static let startupRescanDone = Condition("startup-rescan-done")
    }

    private enum State {
        case waiting(missing: Set<Condition>, waiters: [Int: CheckedContinuation<Void, Never>], nextID: Int)
        case ready
    }

    private let state: Mutex<State>

    /// A gate that opens once every condition in `required` has been marked.
    public init(requiring required: Set<Condition> = [.socketListening, .startupRescanDone]) {
        state = Mutex(required.isEmpty ? .ready : .waiting(missing: required, waiters: [:], nextID: 0))
    }

    /// Whether every required condition has been marked.
    public var isReady: Bool {
        state.withLock { if case .ready = $0 { return true } else { return false } }
    }

    /// The conditions not marked yet (empty once ready).
    public var missing: Set<Condition> {
        state.withLock { if case .waiting(let missing, _, _) = $0 { return missing } else { return [] } }
    }

    /// Marks `condition` as holding; wakes the waiters when it was the last one missing.
    public func mark(_ condition: Condition) {
        let toResume: [CheckedContinuation<Void, Never>] = state.withLock { state in
            guard case .waiting(var missing, let waiters, let nextID) = state else { return [] }
            missing.remove(condition)
            if missing.isEmpty {
                state = .ready
                return Array(waiters.values)
            }
            state = .waiting(missing: missing, waiters: waiters, nextID: nextID)
            return []
        }
        for continuation in toResume { continuation.resume() }
    }

    /// Returns once ready, or as soon as the calling task is cancelled (check `isReady`).
    public func wait() async {
        // The id ties the waiter registered under the lock to the cancellation handler.
        let id = Mutex<Int?>(nil)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = state.withLock { state in
                    guard case .waiting(let missing, var waiters, let nextID) = state, !Task.isCancelled else {
                        return true
                    }
                    waiters[nextID] = continuation
                    id.withLock { $0 = nextID }
                    state = .waiting(missing: missing, waiters: waiters, nextID: nextID + 1)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = state.withLock { state in
                guard case .waiting(let missing, var waiters, let nextID) = state,
                    let key = id.withLock({ $0 }),
                    let continuation = waiters.removeValue(forKey: key)
                else { return nil }
                state = .waiting(missing: missing, waiters: waiters, nextID: nextID)
                return continuation
            }
            continuation?.resume()
        }
    }
}
