import Foundation
import Logging
import ServiceLifecycle
import VigieExtractor
import VigieProtocol

/// The parts of a running daemon that services share: built by `buildDaemon`, handed to the
/// extra services (subscriber server, systemd notifier, JetStream sink) when they are made.
public struct DaemonCore: Sendable {
    public let configuration: DaemonConfiguration
    /// The durable event log: the `EventSource` every reader uses.
    public let log: EventLog
    public let ledger: DispatchLedger
    /// Counters and health (`stats.healthy()`, `stats.waitUntilReady()`).
    public let stats: DaemonStats
    /// The extractor in use; `replace(with:)` on a reload.
    public let extractor: SwappableExtractor
    public let logger: Logger
    /// The JetStream sink, when configured (its status joins `statusReport`).
    public var jetStreamSink: JetStreamSink? = nil

    /// Counters for the `status` request of the subscriber server: dispatches and events are
    /// totals over the whole log history; `extra` has this run's figures.
    public func statusReport(subscribers: Int) -> StatusReport {
        let s = stats.snapshot()
        let bounds = log.currentBounds()
        return StatusReport(
            dispatches: ledger.finishedCount, events: Int(bounds.last), subscribers: subscribers,
            firstSeq: bounds.first,
            lastSeq: bounds.last, uptimeSeconds: Double((ContinuousClock.now - stats.startedAt).components.seconds),
            quarantined: s.quarantined,
            extra: [
                "duplicates": "\(s.duplicates)", "partial_extractions": "\(s.partialExtractions)",
                "dispatches_this_run": "\(s.dispatches)", "events_this_run": "\(s.events)",
                "drop": configuration.dropDirectory,
                "coding_workers": "\(s.codingWorkers)", "coding_busy": "\(s.codingBusy)",
                "coding_queued": "\(s.codingQueued)",
                "oldest_dispatch_seconds": String(format: "%.1f", s.oldestDispatchSeconds),
                "too_slow": "\(s.tooSlow)",
                "retracted": "\(s.retracted)",
            ].merging(jetStreamSink?.status().fields ?? [:]) { mine, _ in mine })
    }
}

/// A built daemon: the service group and the shared parts, so tests can run it in-process.
public struct Daemon: Sendable {
    public let core: DaemonCore
    /// Runs every service; stops gracefully on SIGTERM and SIGINT.
    public let serviceGroup: ServiceGroup

    public var log: EventLog { core.log }
    public var stats: DaemonStats { core.stats }

    /// Runs until a graceful shutdown (or a service fails), then closes the log and the ledger.
    public func run() async throws {
        defer {
            core.log.close()
            core.ledger.close()
        }
        try await serviceGroup.run()
        try? core.ledger.endRun()
    }
}
