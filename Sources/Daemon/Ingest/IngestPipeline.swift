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
        extractor: Extractor, logger: Logger
    ) {
        processor = DispatchProcessor(
            configuration: configuration, log: log, ledger: ledger, stats: stats, extractor: extractor,
            logger: logger)
        self.logger = logger
    }

    public func run() async throws {
        let stats = processor.stats
        defer { stats.stopped() }
        let watcher = try InotifyWatcher(directory: processor.configuration.dropDirectory)
        let events = watcher.events()
        defer { watcher.stop() }
        try processor.rescan()
        stats.markReady()
        logger.info(
            "watching the drop directory",
            metadata: [
                "drop": "\(processor.configuration.dropDirectory)",
                "disposition": "\(processor.configuration.disposition)",
            ])
        for await event in events.cancelOnGracefulShutdown() {
            stats.beginWork()
            defer { stats.endWork() }
            switch event {
            case .finished(let name): processor.finish(name: name)
            case .grew(let name): processor.grew(name: name)
            case .created(let name): processor.created(name: name)
            case .overflow:
                logger.warning("inotify queue overflowed: rescanning the drop directory")
                try processor.rescan()
            case .directoryGone:
                throw IngestError(
                    .dropDirectory,
                    "the drop directory \(processor.configuration.dropDirectory) was removed or moved; recreate it and restart vigied"
                )
            }
        }
    }
}
