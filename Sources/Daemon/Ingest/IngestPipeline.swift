import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization
import VigieExtractor

/// The ingest service: watches the drop directory and turns every dispatch into events.
///
/// Three parts, so that one odd dispatch never stalls the others:
/// - the acceptor (this task) takes the watcher's events in order; it reads, decodes and checks
///   each finished file and hands it to the coding workers;
/// - the coding workers (`CodingPool`, `codingWorkers` threads) code dispatches in parallel,
///   each within `codingBudget`: a coding past it gives up (`CodingError.tooSlow`);
/// - the committer appends the events of the dispatches coded so far in one append (one
///   fsync), records them finished in the ledger and disposes of their files; it quarantines
///   the abandoned ones as `too_slow`.
///
/// Commit order is the order coding ends, not the order of acceptance: exactly-once rests on
/// the ledger (a dispatch's sha is finished once its events are in the log) and on the log's
/// event-id index (an event already in the log is never appended again), neither of which
/// depends on order; so a slow dispatch delays nobody else's events, not even by its budget.
///
/// Start-up: the watch is set up first, then the directory is rescanned, so a file dropped
/// during the rescan is seen by one or the other (and a second look finds its sha done); the
/// daemon is ready once the files found then are committed. On IN_Q_OVERFLOW it rescans
/// again. Graceful shutdown stops accepting and lets the dispatches under way finish.
public final class IngestPipeline: Service {
    let processor: DispatchProcessor
    let logger: Logger

    public init(
        configuration: IngestConfiguration, log: EventLog, ledger: DispatchLedger, stats: DaemonStats,
        extractor: SwappableExtractor, logger: Logger
    ) {
        processor = DispatchProcessor(
            configuration: configuration, log: log, ledger: ledger, stats: stats, extract: extractor.extract,
            code: { dispatch, deadline throws(CodingError) in
                try extractor.extractor.extract(dispatch, deadline: deadline)
            },
            logger: logger)
        self.logger = logger
    }

    public func run() async throws {
        let stats = processor.stats
        let configuration = processor.configuration
        defer { stats.stopped() }
        stats.codingBudget = configuration.codingBudget
        stats.update { $0.codingWorkers = max(1, configuration.codingWorkers) }
        let watcher = try InotifyWatcher(directory: configuration.dropDirectory)
        let queue = WatchQueue()
        watcher.start(into: queue)
        defer { watcher.stop() }

        let coding = CodingPool(workers: configuration.codingWorkers)
        // Reading files, committing (fsync) and the other blocking steps: one thread of their own.
        let io = NIOThreadPool(numberOfThreads: 1)
        io.start()
        let outcomes = BatchQueue<CodingOutcome>()
        // Up to four dispatches per worker wait in memory between acceptance and commit.
        let slots = CodingSlots(limit: 4 * coding.workers)
        let stage = Stage(processor: processor, io: io, coding: coding, outcomes: outcomes, slots: slots)

        let committer = Task {
            let retry = RetryTimer()
            while let batch = await outcomes.takeAll() {
                let failed = (try? await io.runIfActive { stage.finish(batch) }) ?? false
                for _ in batch { slots.release() }
                // At most one retry timer at a time; re-armed while writes keep failing.
                if failed, retry.arm() {
                    Task {
                        try? await Task.sleep(for: configuration.retryInterval)
                        retry.disarm()
                        queue.push([.retry])
                    }
                }
            }
        }
        defer { committer.cancel() }

        var failure: (any Error)?
        do {
            stats.update { $0.rescans += 1 }
            let names = try await io.runIfActive { try self.processor.listDropDirectory() }
            logger.info("rescanning the drop directory", metadata: ["entries": "\(names.count)"])
            await stage.submit(names)
            await slots.waitUntilIdle()
            stats.markReady()
            logger.info(
                "watching the drop directory",
                metadata: [
                    "drop": "\(configuration.dropDirectory)", "disposition": "\(configuration.disposition)",
                    "coding_workers": "\(coding.workers)",
                    "coding_budget_s": "\(configuration.codingBudget.map { "\($0.components.seconds)" } ?? "none")",
                ])
            try await cancelWhenGracefulShutdown {
                while let events = await queue.takeAll() {
                    try await stage.handle(events)
                }
            }
        } catch {
            failure = error
        }
        // Whatever ended the loop, the dispatches under way finish before the threads stop.
        await stage.drain()
        await coding.shutdown()
        try? await io.shutdownGracefully()
        if let failure { throw failure }
        // The queue only ends early if the watcher thread failed: that must not look like a
        // clean stop.
        if !Task.isShuttingDownGracefully && !Task.isCancelled {
            throw IngestError(.watchFailed, "the inotify watcher stopped unexpectedly; restart vigied")
        }
    }
}

/// Whether a retry of the dispatches left in place is already scheduled.
final class RetryTimer: Sendable {
    private let armed = Mutex(false)

    /// Arms the timer; false if it was armed already.
    func arm() -> Bool {
        armed.withLock { a in
            defer { a = true }
            return !a
        }
    }

    func disarm() { armed.withLock { $0 = false } }
}

/// The acceptor's and the committer's steps, shared by their tasks.
struct Stage: Sendable {
    let processor: DispatchProcessor
    let io: NIOThreadPool
    let coding: CodingPool
    let outcomes: BatchQueue<CodingOutcome>
    let slots: CodingSlots

    /// The watcher's events, in order: finished files go to the coding workers, the rest is
    /// done here as before.
    func handle(_ events: [WatchEvent]) async throws {
        // A growing file's event is skipped when a later event of the batch concerns the file.
        var later: [String: Int] = [:]
        for (i, e) in events.enumerated() {
            switch e {
            case .finished(let n), .grew(let n), .created(let n): later[n] = i
            default: break
            }
        }
        for (i, event) in events.enumerated() {
            switch event {
            case .finished(let name):
                await submit([name])
            case .overflow, .retry:
                if case .overflow = event {
                    processor.logger.warning("inotify queue overflowed: rescanning the drop directory")
                } else {
                    processor.logger.warning("retrying the dispatches left in place after a failed write")
                }
                processor.stats.update { $0.rescans += 1 }
                do {
                    let names = try await io.runIfActive { try processor.listDropDirectory() }
                    await submit(names)
                } catch {
                    processor.logger.error("rescan failed", metadata: ["error": "\(error)"])
                }
            case .directoryGone:
                await drain()
                throw IngestError(
                    .dropDirectory,
                    "the drop directory \(processor.configuration.dropDirectory) was removed or moved; recreate it and restart vigied"
                )
            case .grew(let name):
                // A file still being written is extracted paragraph by paragraph, in bounded
                // windows, by the processor itself.
                guard later[name] == i else { continue }
                _ = try? await io.runIfActive { processor.process([event]) }
            case .created:
                _ = try? await io.runIfActive { processor.process([event]) }
            }
        }
    }

    /// Accepts each file and hands it to a coding worker; waits while too many are under way.
    func submit(_ names: [String]) async {
        let stats = processor.stats
        let budget = processor.configuration.codingBudget
        for name in names {
            // Stopping: what is left stays in place for the next run's rescan.
            if Task.isCancelled { return }
            await slots.acquire()
            let accepted = try? await io.runIfActive { () -> DispatchProcessor.Accepted? in
                let work = stats.beginWork()
                defer { stats.endWork(work) }
                return processor.accept(name: name)
            }
            guard let accepted = accepted.flatMap({ $0 }) else {
                slots.release()
                continue
            }
            let token = stats.codingAccepted()
            Task {
                let outcome = try? await coding.run { () -> CodingOutcome in
                    stats.codingStarted(token)
                    defer { stats.codingEnded(token) }
                    let start = ContinuousClock.now
                    do {
                        return .coded(try processor.code(accepted, budget: budget))
                    } catch {
                        return .tooSlow(accepted, spent: ContinuousClock.now - start)
                    }
                }
                if let outcome {
                    outcomes.push([outcome])
                } else {
                    // The pool is shutting down: the dispatch stays in place for the next run.
                    stats.codingEnded(token)
                    slots.release()
                }
            }
        }
    }

    /// Commits what was coded (one append, one fsync) and quarantines what was abandoned;
    /// true if a write failed (the files stay in place for a retry).
    func finish(_ batch: [CodingOutcome]) -> Bool {
        let stats = processor.stats
        let work = stats.beginWork()
        defer { stats.endWork(work) }
        let failuresBefore = stats.snapshot().failures
        var coded: [DispatchProcessor.Prepared] = []
        for outcome in batch {
            switch outcome {
            case .coded(let p): coded.append(p)
            case .tooSlow(let a, let spent): processor.abandon(a, spent: spent)
            }
        }
        if !coded.isEmpty { processor.commit(coded) }
        return stats.snapshot().failures > failuresBefore
    }

    /// Returns once every accepted dispatch is committed or abandoned.
    func drain() async {
        await slots.waitUntilIdle()
    }
}
