import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// Tells the service manager about state changes with `sd_notify(3)`.
///
/// Every call is a no-op when `NOTIFY_SOCKET` is not set (the daemon was not started by a
/// systemd unit with `Type=notify`), so the daemon can call it unconditionally. Messages are sent
/// from the calling process, which must be the unit's main process unless the unit says
/// `NotifyAccess=all`.
public struct SystemdNotifier: Sendable {
    /// What happened to one notification.
    public enum Outcome: Sendable, Equatable {
        /// The manager's socket accepted the datagram.
        case sent
        /// `NOTIFY_SOCKET` is not set: nobody listens, nothing was sent.
        case notConfigured
        /// Sending failed with this errno (for example the manager went away).
        case failed(errno: Int32)
    }

    public init() {}

    /// Whether a service manager is listening (`NOTIFY_SOCKET` is set).
    public var isEnabled: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// Sends raw `KEY=VALUE` assignments in one datagram.
    @discardableResult
    public func send(_ assignments: [String]) -> Outcome {
        let state = assignments.joined(separator: "\n")
        let result = sd_notify(0, state)
        if result > 0 { return .sent }
        if result == 0 { return .notConfigured }
        return .failed(errno: -result)
    }

    /// `READY=1`: start-up is finished; with a status line when given.
    @discardableResult
    public func ready(status: String? = nil) -> Outcome {
        send(["READY=1"] + Self.statusAssignment(status))
    }

    /// `STATUS=...`: the one-line status shown by `systemctl status`.
    @discardableResult
    public func status(_ text: String) -> Outcome {
        send(Self.statusAssignment(text))
    }

    /// `STOPPING=1`: graceful shutdown has begun.
    @discardableResult
    public func stopping(status: String? = nil) -> Outcome {
        send(["STOPPING=1"] + Self.statusAssignment(status))
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=` (systemd 253+ requires it for `Type=notify-reload`
    /// and 252 ignores it). Send `ready(status:)` when the reload is over.
    @discardableResult
    public func reloading(status: String? = nil) -> Outcome {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"] + Self.statusAssignment(status))
    }

    /// `WATCHDOG=1`: the keep-alive ping for `WatchdogSec=`.
    @discardableResult
    public func watchdog() -> Outcome {
        send(["WATCHDOG=1"])
    }

    /// `STATUS=` must stay on one line: a newline would start a new assignment.
    static func statusAssignment(_ text: String?) -> [String] {
        guard let text else { return [] }
        let oneLine = text.map { $0 == "\n" || $0 == "\r" ? " " : $0 }
        return ["STATUS=" + String(oneLine)]
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}

/// The watchdog interval systemd asks for (`WatchdogSec=`), read with `sd_watchdog_enabled(3)`:
/// `WATCHDOG_USEC` set and `WATCHDOG_PID` unset or equal to this process.
public enum SystemdWatchdog {
    /// The interval in which systemd expects `WATCHDOG=1`, or nil when no watchdog applies to
    /// this process.
    public static func interval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }
}
