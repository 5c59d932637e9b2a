import Logging
import ServiceLifecycle
import VigieExtractor

/// The ingest service: watches the drop directory and feeds every dispatch through the
/// `DispatchProcessor`, one at a time, in the order the kernel reported them.
///
/// Start-up: the watch is set up first, then the directory is rescanned, so a file dropped
/// during the rescan is seen by one or the other (and a second look finds its sha done).
/// On IN_Q_OVERFLOW it rescans again. Graceful shutdown lets the current dispatch finish.
public final class IngestPipeline: Service {
    let processor: DispatchProcessor
    let logger: Logger

    public init(
        configuration: IngestConfiguration, log: EventLog, ledger: DispatchLedger, stats: DaemonStats,
        extractor: SwappableExtractor, logger: Logger
    ) {
        processor = DispatchProcessor(
            configuration: configuration, log: log, ledger: ledger, stats: stats, extract: extractor.extract,
            logger: logger)
        self.logger = logger
    }

    public func run() async throws {
        let stats = processor.stats
        defer { stats.stopped() }
        let watcher = try InotifyWatcher(directory: processor.configuration.dropDirectory)
        let queue = WatchQueue()
        watcher.start(into: queue)
        defer { watcher.stop() }
        try processor.rescan()
        stats.markReady()
        logger.info(
            "watching the drop directory",
            metadata: [
                "drop": "\(processor.configuration.dropDirectory)",
                "disposition": "\(processor.configuration.disposition)",
            ])
        try await cancelWhenGracefulShutdown {
            while let events = await queue.takeAll() {
                self.processor.process(events)
                if events.contains(.directoryGone) {
                    throw IngestError(
                        .dropDirectory,
                        "the drop directory \(self.processor.configuration.dropDirectory) was removed or moved; recreate it and restart vigied"
                    )
                }
            }
        }
        // The queue only ends early if the watcher thread failed: that must not look like a
        // clean stop.
        if !Task.isShuttingDownGracefully && !Task.isCancelled {
            throw IngestError(.watchFailed, "the inotify watcher stopped unexpectedly; restart vigied")
        }
    }
}
