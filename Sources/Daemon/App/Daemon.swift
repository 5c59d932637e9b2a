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
            ])
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
