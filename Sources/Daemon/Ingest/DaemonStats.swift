import Foundation
import Synchronization

/// The daemon's counters and its liveness, for the status command and the systemd watchdog.
///
/// Liveness: the pipeline marks when it starts and ends each piece of work; it is healthy
/// while it runs and no piece of work has taken longer than the deadline. A wedged extractor,
/// a stuck file read or a dead pipeline task all make `healthy()` false.
public final class DaemonStats: Sendable {
    /// A copy of the counters at one moment.
    public struct Snapshot: Sendable, Hashable {
        /// Dispatch versions fully processed by this process (duplicates excluded).
        public var dispatches = 0
        /// Dispatches whose exact bytes were already processed (no events added).
        public var duplicates = 0
        /// Events appended to the log by this process.
        public var events = 0
        /// Files refused and moved to quarantine.
        public var quarantined = 0
        /// Extractions of the complete paragraphs of a file still being written.
        public var partialExtractions = 0
        /// UTF-8 bytes of text handed to the extractor for files still being written: the lead
        /// and the new paragraphs of each growth, so it grows linearly with the file.
        public var partialExtractedBytes = 0
        /// Full rescans of the drop directory (start-up and inotify queue overflows).
        public var rescans = 0
        /// Failures that left a file in place to be retried (log write errors...).
        public var failures = 0
        /// True once the start-up rescan is done and the watcher is live.
        public var ready = false
    }

    enum Activity {
        case notStarted
        case idle
        case busy(since: ContinuousClock.Instant)
        case stopped
    }

    struct State {
        var counters = Snapshot()
        var activity = Activity.notStarted
        var readyWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// How long one piece of work may take before the pipeline counts as wedged.
    public let healthDeadline: Duration
    public let startedAt = ContinuousClock.now

    /// Test-only fault hook for the systemd watchdog test: with `VIGIE_TEST_WEDGE_AFTER=N` in
    /// the environment, `healthy()` answers N times and then never again, as a wedged pipeline
    /// would. Off (nil) unless the variable is set.
    let wedgeAfter: Int?
    private let healthAnswers = Mutex(0)

    public init(
        healthDeadline: Duration = .seconds(30),
        wedgeAfter: Int? = ProcessInfo.processInfo.environment["VIGIE_TEST_WEDGE_AFTER"].flatMap { Int($0) }
    ) {
        self.healthDeadline = healthDeadline
        self.wedgeAfter = wedgeAfter
    }

    public func snapshot() -> Snapshot { state.withLock { $0.counters } }

    func update(_ body: (inout Snapshot) -> Void) { state.withLock { body(&$0.counters) } }

    func beginWork() { state.withLock { $0.activity = .busy(since: .now) } }
    func endWork() { state.withLock { $0.activity = .idle } }
    func stopped() { state.withLock { $0.activity = .stopped } }

    func markReady() {
        let waiters = state.withLock { s in
            s.counters.ready = true
            s.activity = .idle
            defer { s.readyWaiters = [] }
            return s.readyWaiters
        }
        for w in waiters { w.resume() }
    }

    /// Returns once the start-up rescan is done and the watcher is live (for READY=1).
    public func waitUntilReady() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.counters.ready { return true }
                s.readyWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// True while the pipeline runs and answers: idle, or busy for less than the deadline.
    public func healthy() async -> Bool {
        if let wedgeAfter {
            let answered = healthAnswers.withLock { n -> Int in
                n += 1
                return n
            }
            if answered > wedgeAfter {
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                return false
            }
        }
        return state.withLock { s in
            switch s.activity {
            case .idle: return true
            case .busy(let since): return ContinuousClock.now - since < healthDeadline
            case .notStarted:
                // The start-up rescan counts as work: allow it the deadline too.
                return ContinuousClock.now - startedAt < healthDeadline
            case .stopped: return false
            }
        }
    }
}
