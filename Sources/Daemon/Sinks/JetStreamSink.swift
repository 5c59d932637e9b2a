import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization
import VigieProtocol

/// What the JetStream sink is doing, for the status command and the logs.
public struct JetStreamSinkStatus: Sendable, Hashable {
    /// The phase of the sink.
    public enum State: String, Sendable, Hashable {
        /// Not started yet.
        case starting
        /// Publishing a backlog.
        case publishing
        /// Every logged event is acknowledged; waiting for new ones.
        case caughtUp = "caught_up"
        /// The last attempt failed; waiting before the next one.
        case retrying
        /// The service has stopped.
        case stopped
    }

    public var state: State = .starting
    /// The last seq the server acknowledged (the durable cursor).
    public var cursor: UInt64 = 0
    /// The last seq of the local log, as last seen.
    public var lastSeq: UInt64 = 0
    /// Events stored by the server since start.
    public var published: Int = 0
    /// Events the server already had (republished after a failure) since start.
    public var duplicates: Int = 0
    /// Failed attempts in a row.
    public var failures: Int = 0
    /// The last failure, if the sink is retrying.
    public var lastError: String?
    /// The server of the last acknowledged batch.
    public var server: String?

    /// Logged events not yet acknowledged by the server.
    public var lag: UInt64 { lastSeq > cursor ? lastSeq - cursor : 0 }

    /// The status as string pairs for `StatusReport.extra`.
    public var fields: [String: String] {
        var out = [
            "jetstream.state": state.rawValue, "jetstream.cursor": String(cursor),
            "jetstream.lag": String(lag), "jetstream.published": String(published),
        ]
        if let lastError { out["jetstream.last_error"] = lastError }
        if let server { out["jetstream.server"] = server }
        return out
    }
}

/// Publishes every event of the local log to a NATS JetStream stream, at least once and in log
/// order, from a durable cursor.
///
/// Each event goes to `<prefix>.<EVENT>.<actor country or XXX>` with the record JSON as payload
/// and its id as `Nats-Msg-Id`, so the stream's duplicate window drops what a retry or a restart
/// publishes again. Batches of at most `maxInFlight` events are published and their
/// acknowledgements awaited before the cursor moves; on failure the batch is published again
/// after an exponential backoff, without reading further, so memory stays bounded however long
/// the server is away. The blocking C calls run on a thread of the sink's own.
public final class JetStreamSink: Service, Sendable {
    let configuration: JetStreamConfiguration
    let source: any EventSource
    let logger: Logger
    private let current = Mutex(JetStreamSinkStatus())

    public init(configuration: JetStreamConfiguration, source: any EventSource, logger: Logger) {
        self.configuration = configuration
        self.source = source
        var logger = logger
        logger[metadataKey: "sink"] = "jetstream"
        logger[metadataKey: "stream"] = .string(configuration.stream)
        self.logger = logger
    }

    /// The current status; cheap, callable from anywhere.
    public func status() -> JetStreamSinkStatus {
        current.withLock { $0 }
    }

    public func run() async throws {
        try configuration.validate()
        let cursorFile = SinkCursor(path: configuration.cursorPath)
        let start = try cursorFile.load()
        current.withLock { $0.cursor = start }
        logger.info(
            "JetStream sink started",
            metadata: [
                "servers": .string(configuration.servers.map(Self.redacted).joined(separator: ",")),
                "cursor": .stringConvertible(start),
            ])
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let client = await cancelWhenGracefulShutdown {
            await self.publishLoop(pool: pool, cursorFile: cursorFile, from: start)
        }
        if let client {
            // In a task of its own: this one is cancelled, and the close must still happen.
            await Task { try? await pool.runIfActive { client.close() } }.value
        }
        try? await pool.shutdownGracefully()
        current.withLock { $0.state = .stopped }
        logger.info("JetStream sink stopped", metadata: ["cursor": .stringConvertible(status().cursor)])
    }

    // Runs until the task is cancelled, then returns the client to close. Failures never end
    // it: they are logged and retried.
    private func publishLoop(
        pool: NIOThreadPool, cursorFile: SinkCursor, from start: UInt64
    ) async -> JetStreamClient? {
        // Made on first use, and again after the client closed its connection for good (an
        // authorization error, for instance), which its own reconnection does not undo.
        var client: JetStreamClient?
        var cursor = start
        var streamReady = false
        var backoff = Backoff(initial: configuration.initialBackoff, max: configuration.maxBackoff)
        // While a backlog drains, the lag is logged at most this often.
        let progressInterval = Duration.seconds(10)
        var lastProgressLog = ContinuousClock.now
        while !Task.isCancelled {
            let (first, last) = await source.bounds()
            current.withLock { $0.lastSeq = last }
            if cursor > last {
                // The log is behind the cursor (a new state directory with an old cursor):
                // publish what the log has; the duplicate window drops what the stream holds.
                logger.warning(
                    "JetStream cursor is past the end of the log; publishing the retained log again",
                    metadata: ["cursor": .stringConvertible(cursor), "last_seq": .stringConvertible(last)])
                cursor = first > 0 ? first - 1 : 0
            }
            if cursor + 1 < first {
                logger.error(
                    "events left the log before being published to JetStream; they are skipped",
                    metadata: [
                        "from": .stringConvertible(cursor + 1), "to": .stringConvertible(first - 1),
                    ])
                cursor = first - 1
            }
            // The stream is made (or checked) before the first event, so consumers can
            // attach to it as soon as vigied runs.
            if cursor >= last, streamReady {
                markCaughtUp(cursor: cursor, last: last)
                let now = await source.waitForAppend(after: cursor)
                // A closed log answers at once without news: do not spin on it.
                if now <= cursor, !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(200))
                }
                continue
            }
            let configuration = self.configuration
            do {
                let active: JetStreamClient
                if let client {
                    active = client
                } else {
                    active = try await pool.runIfActive { try JetStreamClient(configuration: configuration) }
                    client = active
                }
                if !streamReady {
                    let outcome = try await pool.runIfActive {
                        try active.ensureStream(
                            name: configuration.stream,
                            subjects: [Subjects.wildcard(prefix: configuration.subjectPrefix)],
                            replicas: configuration.replicas,
                            duplicateWindow: configuration.duplicateWindow)
                    }
                    logStream(outcome)
                    streamReady = true
                }
                if cursor >= last {
                    backoff.reset()
                    current.withLock {
                        $0.failures = 0
                        $0.lastError = nil
                    }
                    continue
                }
                let events: [LoggedEvent]
                do {
                    events = try await source.read(from: cursor + 1, maxCount: configuration.maxInFlight)
                } catch {
                    throw SinkError(.source, "cannot read the event log", cause: error)
                }
                guard let lastEvent = events.last else { continue }
                current.withLock { $0.state = .publishing }
                let batch = events.map { OutgoingMessage($0, prefix: configuration.subjectPrefix) }
                let (ack, server) = try await pool.runIfActive {
                    (try active.publish(batch), active.connectedURL())
                }
                cursor = lastEvent.seq
                let acknowledged = cursor
                // The events are acknowledged: write the cursor even if the sink is being
                // stopped (a new task does not inherit the cancellation).
                let stored = await Task {
                    try await pool.runIfActive { try cursorFile.store(acknowledged) }
                }.result
                current.withLock {
                    $0.cursor = acknowledged
                    $0.lastSeq = max($0.lastSeq, acknowledged)
                    $0.published += ack.stored
                    $0.duplicates += ack.duplicates
                    $0.server = server
                }
                try stored.get()
                if backoff.attempts > 0 {
                    logger.info(
                        "JetStream publishing works again",
                        metadata: [
                            "failures": .stringConvertible(backoff.attempts), "lag": .stringConvertible(status().lag),
                        ])
                }
                backoff.reset()
                current.withLock {
                    $0.failures = 0
                    $0.lastError = nil
                }
                if ContinuousClock.now - lastProgressLog >= progressInterval {
                    lastProgressLog = ContinuousClock.now
                    let lag = status().lag
                    if lag > 0 {
                        logger.info(
                            "JetStream sink catching up",
                            metadata: ["cursor": .stringConvertible(acknowledged), "lag": .stringConvertible(lag)])
                    }
                }
                logger.debug(
                    "published to JetStream",
                    metadata: [
                        "count": .stringConvertible(batch.count), "seq": .stringConvertible(acknowledged),
                        "duplicates": .stringConvertible(ack.duplicates),
                    ])
            } catch {
                if Task.isCancelled { break }
                // Look the stream up again next time: it may have been deleted, or the server
                // replaced.
                streamReady = false
                var error = error
                if let closed = client, closed.isClosed {
                    client = nil
                    Task { try? await pool.runIfActive { closed.close() } }
                    error = SinkError(
                        .connection,
                        "the NATS client closed its connection (\(closed.lastConnectionError() ?? "no reason given")); a new one is made; check the URL and credentials if this repeats",
                        cause: error)
                }
                let delay = backoff.next()
                let snapshot = current.withLock {
                    $0.state = .retrying
                    $0.failures = backoff.attempts
                    $0.lastError = "\(error)"
                    return $0
                }
                logger.warning(
                    "JetStream publishing failed; retrying",
                    metadata: [
                        "error": "\(error)", "lag": .stringConvertible(snapshot.lag),
                        "cursor": .stringConvertible(snapshot.cursor),
                        "attempt": .stringConvertible(backoff.attempts),
                        "retry_in": "\(delay)",
                    ])
                do { try await Task.sleep(for: delay) } catch { break }
            }
        }
        return client
    }

    /// `url` without the password of a `nats://user:password@host` URL, for the logs.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex)
        else { return url }
        let userInfo = url[scheme.upperBound..<at.lowerBound]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at.lowerBound...])
    }

    private func markCaughtUp(cursor: UInt64, last: UInt64) {
        let previous = current.withLock { status -> JetStreamSinkStatus.State in
            let state = status.state
            status.state = .caughtUp
            status.lastSeq = last
            status.cursor = cursor
            return state
        }
        if previous != .caughtUp {
            logger.info("JetStream sink caught up", metadata: ["seq": .stringConvertible(cursor)])
        }
    }

    private func logStream(_ outcome: StreamOutcome) {
        let wanted = Subjects.wildcard(prefix: configuration.subjectPrefix)
        switch outcome {
        case .created:
            logger.info(
                "created the JetStream stream",
                metadata: ["subjects": .string(wanted), "replicas": .stringConvertible(configuration.replicas)])
        case .existing(let subjects):
            if !subjects.contains(wanted) && !subjects.contains(">") {
                logger.warning(
                    "the JetStream stream exists with other subjects; events are published only if one of them matches",
                    metadata: ["subjects": "\(subjects)", "wanted": .string(wanted)])
            }
        }
    }
}

/// Exponential backoff: `initial`, doubling up to `max`.
struct Backoff: Sendable {
    let initial: Duration
    let max: Duration
    private(set) var attempts = 0

    init(initial: Duration, max: Duration) {
        self.initial = initial
        self.max = max
    }

    /// The delay before the next attempt, counting this failure.
    mutating func next() -> Duration {
        attempts += 1
        var delay = initial
        for _ in 1..<attempts {
            delay *= 2
            if delay >= max { return max }
        }
        return Swift.min(delay, max)
    }

    mutating func reset() { attempts = 0 }
}
