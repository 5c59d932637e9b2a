import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Sends `READY=1` once the daemon is ready, keeps `STATUS=` current, and sends `STOPPING=1` when
/// graceful shutdown begins.
///
/// Place it after the services it reports on in the `ServiceGroup`: graceful shutdown runs in
/// reverse order, so `STOPPING=1` then goes out before the others start draining.
public struct SystemdNotifyService: Service {
    /// How `SystemdNotifyService` behaves.
    public struct Configuration: Sendable {
        /// How often the status line is recomputed; it is sent only when it changed.
        /// Default: 2 seconds.
        public var statusInterval: Duration

        public init(statusInterval: Duration = .seconds(2)) {
            self.statusInterval = statusInterval
        }
    }

    private let notifier: SystemdNotifier
    private let readiness: Readiness
    private let status: @Sendable () async -> String
    private let configuration: Configuration
    private let logger: Logger

    /// - Parameters:
    ///   - readiness: the start-up conditions; `READY=1` waits for all of them.
    ///   - status: the current one-line status, e.g. "watching DIR: 1,204 dispatches, ...".
    public init(
        notifier: SystemdNotifier = SystemdNotifier(),
        readiness: Readiness,
        configuration: Configuration = Configuration(),
        logger: Logger,
        status: @escaping @Sendable () async -> String
    ) {
        self.notifier = notifier
        self.readiness = readiness
        self.status = status
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let readiness = self.readiness
        await cancelWhenGracefulShutdown { await readiness.wait() }
        guard readiness.isReady, !Task.isCancelled else {
            // Stopped before start-up finished: never claim readiness.
            notifier.stopping(status: "stopping before start-up finished")
            return
        }
        var last = await status()
        let outcome = notifier.ready(status: last)
        logger.info("Ready", metadata: ["status": "\(last)", "notify": "\(outcome)"])

        let interval = configuration.statusInterval
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            guard !Task.isShuttingDownGracefully else { break }
            let current = await status()
            if current != last {
                notifier.status(current)
                last = current
            }
        }
        notifier.stopping(status: "stopping: \(last)")
        logger.info("Stopping", metadata: ["status": "\(last)"])
    }
}

/// Sends `WATCHDOG=1` at half the interval systemd asks for, but only while the daemon is healthy:
/// the health probe must answer `true` within a deadline. A wedged daemon stops pinging and
/// systemd kills and restarts it (`WatchdogSec=`, `Restart=on-failure`).
public struct WatchdogService: Service {
    private let interval: Duration
    private let deadline: Duration
    private let notifier: SystemdNotifier
    private let health: @Sendable () async -> Bool
    private let logger: Logger

    /// - Parameters:
    ///   - interval: `WatchdogSec=` as read by `SystemdWatchdog.interval()`.
    ///   - deadline: how long the health probe may take; default a quarter of the interval, so a
    ///     late answer still leaves time for the ping.
    ///   - health: answers whether the event loop and the extraction worker respond.
    public init(
        interval: Duration,
        deadline: Duration? = nil,
        notifier: SystemdNotifier = SystemdNotifier(),
        logger: Logger,
        health: @escaping @Sendable () async -> Bool
    ) {
        self.interval = interval
        self.deadline = deadline ?? interval / 4
        self.notifier = notifier
        self.health = health
        self.logger = logger
    }

    public func run() async throws {
        let probe = HealthProbe(health)
        var wasHealthy = true
        var pings = 0
        logger.info("Watchdog armed", metadata: ["interval": "\(interval)", "deadline": "\(deadline)"])
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let healthy = await probe.answers(within: deadline)
            if healthy {
                notifier.watchdog()
                pings += 1
                if !wasHealthy { logger.notice("Health probe answers again; watchdog pings resumed") }
            } else if wasHealthy {
                logger.error(
                    "Health probe did not answer in time; withholding watchdog pings",
                    metadata: ["deadline": "\(deadline)", "pings": "\(pings)"])
            }
            wasHealthy = healthy
            do {
                let pause = interval / 2
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                break
            }
        }
    }
}

/// Runs a health closure with a deadline without waiting for a probe that never returns: a
/// wedged probe stays outstanding (and counts as unhealthy) instead of blocking the watchdog.
final class HealthProbe: Sendable {
    private enum State {
        case idle
        case probing
    }

    private let health: @Sendable () async -> Bool
    private let state = Mutex(State.idle)

    init(_ health: @escaping @Sendable () async -> Bool) {
        self.health = health
    }

    /// True when the probe answered `true` within `deadline`.
    func answers(within deadline: Duration) async -> Bool {
        let started: Bool = state.withLock { state in
            guard case .idle = state else { return false }
            state = .probing
            return true
        }
        // The previous probe is still stuck: the daemon is not answering.
        guard started else { return false }

        let answer = OneShot<Bool>()
        let health = self.health
        let state = self
        Task {
            let healthy = await health()
            state.state.withLock { $0 = .idle }
            answer.fulfil(healthy)
        }
        let timer = Task {
            try? await Task.sleep(for: deadline)
            answer.fulfil(false)
        }
        let result = await answer.value
        timer.cancel()
        return result
    }
}

/// A value delivered once to one waiter; later deliveries are ignored.
final class OneShot<Value: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<Value, Never>)
        case done(Value)
    }

    private let state = Mutex(State.empty)

    func fulfil(_ value: Value) {
        let waiter: CheckedContinuation<Value, Never>? = state.withLock { state in
            switch state {
            case .empty:
                state = .done(value)
                return nil
            case .waiting(let continuation):
                state = .done(value)
                return continuation
            case .done:
                return nil
            }
        }
        waiter?.resume(returning: value)
    }

    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Value? = state.withLock { state in
                    switch state {
                    case .empty:
                        state = .waiting(continuation)
                        return nil
                    case .done(let value):
                        return value
                    case .waiting:
                        preconditionFailure("OneShot supports a single waiter")
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}

/// Handles `SIGHUP` (`systemctl reload`, `ExecReload=kill -HUP $MAINPID`): sends `RELOADING=1`,
/// runs the reload (re-read the configuration file, reload the lexicons, swap the extractor),
/// then `READY=1` with the new status.
///
/// This service is the only place that traps `SIGHUP`. A reload that fails keeps the previous
/// configuration and lexicons running, logs why, and still ends the reload with `READY=1`.
public struct ReloadService: Service {
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let reload: @Sendable () async throws -> String

    /// - Parameter reload: does the work and returns the status line to show afterwards.
    public init(
        notifier: SystemdNotifier = SystemdNotifier(),
        logger: Logger,
        reload: @escaping @Sendable () async throws -> String
    ) {
        self.notifier = notifier
        self.logger = logger
        self.reload = reload
    }

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            notifier.reloading(status: "reloading configuration and lexicons")
            logger.info("Reload requested (SIGHUP)")
            do {
                let status = try await reload()
                notifier.ready(status: status)
                logger.info("Reload finished", metadata: ["status": "\(status)"])
            } catch {
                notifier.ready(status: "reload failed, previous configuration kept: \(error)")
                logger.error("Reload failed; previous configuration kept", metadata: ["error": "\(error)"])
            }
        }
    }
}
