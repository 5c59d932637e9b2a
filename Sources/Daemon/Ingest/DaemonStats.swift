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
        /// Events retracted by this process (later story versions no longer gave them).
        public var retracted = 0
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
        /// Dispatches given up because their coding went past the budget (quarantined `too_slow`).
        public var tooSlow = 0
        /// Coding workers, and how many are coding now.
        public var codingWorkers = 0
        public var codingBusy = 0
        /// Dispatches accepted and waiting for a free worker.
        public var codingQueued = 0
        /// Seconds since the oldest dispatch still waiting or being coded was accepted; 0 if none.
        public var oldestDispatchSeconds = 0.0
    }

    enum Activity {
        case notStarted
        /// Running; the pieces of work under way (pipeline, committer) by token, with their start.
        case running(busy: [Int: ContinuousClock.Instant])
        case stopped
    }

    struct State {
        var counters = Snapshot()
        var activity = Activity.notStarted
        var nextToken = 0
        /// Dispatches accepted and not yet coded, by token: when accepted, when coding began.
        var coding: [Int: (accepted: ContinuousClock.Instant, started: ContinuousClock.Instant?)] = [:]
        var readyWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// How long one piece of work may take before the pipeline counts as wedged.
    public let healthDeadline: Duration
    /// How long a coding may run past its budget before cancellation counts as failed.
    public var codingBudget: Duration? {
        get { budget.withLock { $0 } }
        set { budget.withLock { $0 = newValue } }
    }
    private let budget = Mutex<Duration?>(nil)
    /// Time given to a coder to notice its deadline before the daemon counts as unhealthy.
    static let cancellationGrace: Duration = .seconds(5)
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

    func update(_ body: (inout Snapshot) -> Void) { state.withLock { body(&$0.counters) } }

    /// Marks a piece of work begun (the caller passes the token to `endWork`).
    func beginWork() -> Int {
        state.withLock { s in
            s.nextToken += 1
            if case .running(var busy) = s.activity {
                busy[s.nextToken] = .now
                s.activity = .running(busy: busy)
            }
            return s.nextToken
        }
    }

    func endWork(_ token: Int) {
        state.withLock { s in
            if case .running(var busy) = s.activity {
                busy.removeValue(forKey: token)
                s.activity = .running(busy: busy)
            }
        }
    }

    func stopped() { state.withLock { $0.activity = .stopped } }

    /// A dispatch accepted for coding: returns its token for `codingStarted` and `codingEnded`.
    func codingAccepted() -> Int {
        state.withLock { s in
            s.nextToken += 1
            s.coding[s.nextToken] = (accepted: .now, started: nil)
            return s.nextToken
        }
    }

    func codingStarted(_ token: Int) { state.withLock { $0.coding[token]?.started = .now } }

    func codingEnded(_ token: Int) { state.withLock { _ = $0.coding.removeValue(forKey: token) } }

    /// A copy of the counters, with the coding figures of this moment.
    public func snapshot() -> Snapshot {
        state.withLock { s in
            var c = s.counters
            let now = ContinuousClock.now
            c.codingBusy = s.coding.values.filter { $0.started != nil }.count
            c.codingQueued = s.coding.count - c.codingBusy
            let oldest = s.coding.values.map(\.accepted).min()
            c.oldestDispatchSeconds = oldest.map { Self.seconds(now - $0) } ?? 0
            return c
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    func markReady() {
        let waiters = state.withLock { s in
            s.counters.ready = true
            if case .notStarted = s.activity { s.activity = .running(busy: [:]) }
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

    /// Marks the pipeline as running (its start-up rescan counts as work from here).
    func running() {
        state.withLock { s in
            if case .notStarted = s.activity { s.activity = .running(busy: [:]) }
        }
    }

    /// True while the pipeline runs and answers: no piece of work busy for longer than the
    /// deadline, and no coding past its budget by more than the grace (its cancellation failed).
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
        let budget = codingBudget
        return state.withLock { s in
            let now = ContinuousClock.now
            if let budget,
                s.coding.values.contains(where: {
                    $0.started.map { now - $0 > budget + Self.cancellationGrace } ?? false
                })
            {
                return false
            }
            switch s.activity {
            case .running(let busy): return busy.values.allSatisfy { now - $0 < healthDeadline }
            case .notStarted:
                // The start-up rescan counts as work: allow it the deadline too.
                return now - startedAt < healthDeadline
            case .stopped: return false
            }
        }
    }
}
