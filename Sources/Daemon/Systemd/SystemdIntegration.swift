import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Wires vigied's systemd services to the daemon core: `READY=1` once the subscriber socket
/// listens and the start-up rescan is done, `STATUS=` from the counters, the watchdog gated by
/// the pipeline's and the event loop's health, and the SIGHUP reload.
public enum SystemdIntegration {
    /// The services to append after the subscriber server (they stop first on shutdown, so
    /// `STOPPING=1` goes out before the server says bye).
    ///
    /// - Parameters:
    ///   - readiness: marked `.socketListening` by the server's `onListening`.
    ///   - subscribers: the number of connected subscribers, for the status line.
    ///   - reload: the SIGHUP work; returns a short summary for the log.
    public static func services(
        core: DaemonCore,
        readiness: Readiness,
        subscribers: @escaping @Sendable () -> Int,
        reload: @escaping @Sendable () async throws -> String
    ) -> [any Service] {
        let logger = core.logger
        let status: @Sendable () async -> String = {
            let c = core.stats.snapshot()
            return statusLine(
                drop: core.configuration.dropDirectory, dispatches: core.ledger.finishedCount,
                events: Int(core.log.currentBounds().last), subscribers: subscribers())
                + "; coding \(c.codingBusy)/\(c.codingWorkers) busy, \(c.codingQueued) queued"
                + (c.oldestDispatchSeconds > 0 ? String(format: ", oldest %.1f s", c.oldestDispatchSeconds) : "")
        }
        var services: [any Service] = [StartupRescanReadiness(stats: core.stats, readiness: readiness)]
        services.append(
            ReloadService(logger: logger) {
                let summary = try await reload()
                return "\(await status()) (reloaded: \(summary))"
            })
        if let interval = SystemdWatchdog.interval() {
            let stats = core.stats
            services.append(
                WatchdogService(interval: interval, logger: logger) {
                    // Both must answer: the ingest pipeline (extraction worker) and the event loop
                    // that serves subscribers.
                    guard await stats.healthy() else { return false }
                    let loop = MultiThreadedEventLoopGroup.singleton.next()
                    return (try? await loop.submit { true }.get()) ?? false
                })
        }
        services.append(SystemdNotifyService(readiness: readiness, logger: logger, status: status))
        return services
    }

    /// "watching DIR: 1,204 dispatches, 9,876 events, 3 subscribers".
    public static func statusLine(drop: String, dispatches: Int, events: Int, subscribers: Int) -> String {
        func count(_ n: Int, _ one: String, _ many: String) -> String {
            "\(grouped(n)) \(n == 1 ? one : many)"
        }
        return "watching \(drop): \(count(dispatches, "dispatch", "dispatches")), "
            + "\(count(events, "event", "events")), \(count(subscribers, "subscriber", "subscribers"))"
    }

    /// 1204 -> "1,204".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (n < 0 ? "-" : "") + out
    }
}

/// Marks `.startupRescanDone` once the ingest pipeline reports ready (`DaemonStats.ready`).
/// Polls every 20 ms: cheap, and it stops at once on shutdown.
struct StartupRescanReadiness: Service {
    let stats: DaemonStats
    let readiness: Readiness

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if stats.snapshot().ready {
                readiness.mark(.startupRescanDone)
                break
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(20)) }
        }
        // A service that returns early would end the group: stay until shutdown.
        try? await gracefulShutdown()
    }
}
