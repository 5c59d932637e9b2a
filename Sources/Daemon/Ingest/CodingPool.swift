import NIOPosix
import Synchronization

/// The coding workers: threads of their own (a `NIOThreadPool`), off Swift's cooperative pool,
/// so the event loop, heartbeats, the watchdog probe and `status` answer while every worker
/// codes. A dispatch waits for a free worker in the order it was accepted.
final class CodingPool: Sendable {
    let workers: Int
    private let threads: NIOThreadPool

    init(workers: Int) {
        self.workers = max(1, workers)
        threads = NIOThreadPool(numberOfThreads: self.workers)
        threads.start()
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(body)
    }

    func shutdown() async {
        try? await threads.shutdownGracefully()
    }
}

/// What became of one accepted dispatch once coded: its events, or abandoned past its budget.
enum CodingOutcome: Sendable {
    case coded(DispatchProcessor.Prepared)
    case tooSlow(DispatchProcessor.Accepted, spent: Duration)
}

/// Bounds the dispatches held in memory between acceptance and commit (each holds its text),
/// and tells when none is left (start-up done, graceful stop).
final class CodingSlots: Sendable {
    private struct State {
        var used = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    /// Waits for a free slot.
    func acquire() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.used < limit {
                    s.used += 1
                    return true
                }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// Frees a slot: the next waiter takes it, or the count goes down.
    func release() {
        let (next, idle) = state.withLock {
            s -> (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, Never>]) in
            if !s.waiters.isEmpty { return (s.waiters.removeFirst(), []) }
            s.used -= 1
            guard s.used == 0 else { return (nil, []) }
            defer { s.idleWaiters = [] }
            return (nil, s.idleWaiters)
        }
        next?.resume()
        for c in idle { c.resume() }
    }

    /// Returns once no slot is in use.
    func waitUntilIdle() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.used == 0 { return true }
                s.idleWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}
