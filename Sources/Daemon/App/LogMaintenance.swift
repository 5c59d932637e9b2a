import Foundation
import Logging
import ServiceLifecycle

/// Periodic upkeep of the event log: fsync for the `batch` policy and of the ledger, and
/// retention.
public struct LogMaintenance: Service {
    let log: EventLog
    let ledger: DispatchLedger?
    let logger: Logger
    /// How often pending appends are fsynced (policy `batch`). Default 1 s.
    var syncInterval: Duration = .seconds(1)
    /// How often retention runs. Default 60 s; the clock-jump test sets
    /// `VIGIE_TEST_RETENTION_INTERVAL_SECONDS` to see passes without waiting minutes.
    var retentionInterval: Duration = .seconds(
        ProcessInfo.processInfo.environment["VIGIE_TEST_RETENTION_INTERVAL_SECONDS"].flatMap { Int64($0) } ?? 60)

    public init(log: EventLog, ledger: DispatchLedger? = nil, logger: Logger) {
        self.log = log
        self.ledger = ledger
        self.logger = logger
    }

    public func run() async throws {
        enforceRetention()
        // Sleeping is cancelled at graceful shutdown, so stopping never waits for a tick.
        try? await cancelWhenGracefulShutdown {
            var sinceRetention: Duration = .zero
            while true {
                try await Task.sleep(for: syncInterval)
                if log.configuration.fsync == .batch {
                    do { try log.sync() } catch {
                        logger.error("event log fsync failed", metadata: ["error": "\(error)"])
                    }
                }
                if log.configuration.fsync != .never { try? ledger?.sync() }
                sinceRetention += syncInterval
                if sinceRetention >= retentionInterval {
                    sinceRetention = .zero
                    enforceRetention()
                }
            }
        }
    }

    func enforceRetention() {
        do {
            let deleted = try log.enforceRetention()
            if deleted > 0 {
                logger.info(
                    "log retention deleted old segments",
                    metadata: ["segments": "\(deleted)", "first_seq": "\(log.currentBounds().first)"])
            }
        } catch {
            logger.error("log retention failed", metadata: ["error": "\(error)"])
        }
    }
}
