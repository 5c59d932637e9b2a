import Logging
import NIOCore
import Synchronization
import VigieProtocol

/// What every session shares: the log, the limits, the counters.
struct ServeContext: Sendable {
    let source: any EventSource
    /// The log's events encoded once for every subscriber.
    let cache: EncodedEventCache
    let configuration: ServerConfiguration
    let status: SubscriberServer.StatusProvider
    let registry: SessionRegistry
    let logger: Logger

    /// The daemon's counters with the log's bounds and the connections of both endpoints.
    func statusReport() async -> StatusReport {
        var report = await status()
        let bounds = await source.bounds()
        report.firstSeq = bounds.first
        report.lastSeq = bounds.last
        report.subscribers = registry.subscribedCount
        report.extra["connections"] = String(registry.connectionCount)
        report.extra["slow_consumers"] = String(registry.slowConsumerCount)
        return report
    }
}

/// One client connection, from `hello` to close: answers requests in order, and once the client
/// subscribes, runs its cursor.
///
/// The cursor is the whole delivery mechanism: it reads the durable log from the subscription's
/// start seq onward, batch by batch, and when it has caught up it waits for the next append. Replay
/// and live delivery are the same loop over the same seq counter, so there is no switch-over
/// point where an event could be lost or sent twice.
final class SubscriberSession: ServedConnection {
    let id: UInt64
    let channel: any Channel
    private let inputs: AsyncStream<SessionInput>
    let inputSink: AsyncStream<SessionInput>.Continuation
    let gate: WritabilityGate
    let backlog = RequestBacklog()
    private let context: ServeContext
    private let lastWrite: Mutex<ContinuousClock.Instant>
    private let closing = Mutex(false)

    init(id: UInt64, channel: any Channel, context: ServeContext) {
        self.id = id
        self.channel = channel
        self.context = context
        (inputs, inputSink) = AsyncStream.makeStream(of: SessionInput.self)
        gate = WritabilityGate(eventLoop: channel.eventLoop)
        lastWrite = Mutex(.now)
    }

    func shutdown() { inputSink.yield(.shutdown) }

    /// The session's whole life. Returns when the connection is closed or the task cancelled.
    func run() async {
        var logger = context.logger
        logger[metadataKey: "subscriber"] = "\(id)"
        let bounds = await context.source.bounds()
        send(.hello(server: context.configuration.serverName, firstSeq: bounds.first, lastSeq: bounds.last))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.sendHeartbeats() }
            var subscribed = false
            loop: for await input in inputs {
                switch input {
                case .line(let line):
                    defer { if backlog.answered() { channel.read() } }
                    let request: ClientRequest
                    do throws(ProtocolError) {
                        request = try LineCodec.decodeClientRequest(line.readableBytesView)
                    } catch {
                        send(.error(error))
                        continue loop
                    }
                    switch request {
                    case .ping:
                        send(.pong)
                    case .status:
                        send(.status(await statusReport()))
                    case .subscribe(let since, let filter):
                        guard !subscribed else {
                            send(
                                .error(
                                    ProtocolError(
                                        .alreadySubscribed,
                                        "this connection already has a subscription; open another connection for another one"
                                    )))
                            continue loop
                        }
                        subscribed = true
                        context.registry.markSubscribed(id)
                        let start = await subscribe(since: since, filter: filter)
                        logger.debug("subscribed", metadata: ["since": "\(since)", "start": "\(start)"])
                        group.addTask { await self.follow(from: start, filter: filter) }
                    }
                case .lineTooLong:
                    let limit = context.configuration.maxLineBytes
                    sendAndClose(
                        .error(
                            ProtocolError(
                                .lineTooLong, "a request line is longer than \(limit) bytes; the connection is closed"))
                    )
                    break loop
                case .shutdown:
                    sendAndClose(.bye(reason: nil))
                    break loop
                case .closed:
                    break loop
                }
            }
            group.cancelAll()
        }
        // Cancelled from outside (the service stops without a graceful phase): just close.
        if !isClosing { channel.close(promise: nil) }
        context.registry.remove(id)
        logger.debug("subscriber gone")
    }

    /// Answers `subscribed` (and `gap` when the start is older than the log) and returns the seq the
    /// cursor starts at.
    private func subscribe(since: SubscriptionStart, filter: EventFilter) async -> UInt64 {
        let bounds = await context.source.bounds()
        var start: UInt64
        switch since {
        case .now: start = bounds.last + 1
        case .seq(let n): start = max(n, 1)
        }
        send(.subscribed(since: since, filter: filter, nextSeq: max(start, bounds.first)))
        if start < bounds.first {
            send(.gap(from: start, to: bounds.first - 1))
            start = bounds.first
        }
        return start
    }

    /// The cursor: log records from `start` on, filtered, in order, then live.
    private func follow(from start: UInt64, filter: EventFilter) async {
        let configuration = context.configuration
        var next = start
        while !Task.isCancelled {
            guard await gate.waitWritable(timeout: configuration.slowConsumerTimeout) else {
                if Task.isCancelled || !channel.isActive { return }
                context.logger.notice(
                    "slow consumer disconnected",
                    metadata: ["subscriber": "\(id)", "resume_from": "\(next)"])
                context.registry.countSlowConsumer()
                sendAndClose(
                    .error(
                        ProtocolError(
                            .slowConsumer,
                            "the client did not read fast enough; reconnect and subscribe with since = resume_from",
                            resumeFrom: next)))
                return
            }
            let slices: [EncodedEventCache.Slice]
            do {
                slices = try await context.cache.read(from: next, maxCount: configuration.replayBatchSize)
            } catch {
                if Task.isCancelled { return }
                context.logger.error("cannot read the event log", metadata: ["error": "\(error)"])
                sendAndClose(
                    .error(
                        ProtocolError(.unavailable, "the event log cannot be read now; retry later", resumeFrom: next))
                )
                return
            }
            guard let first = slices.first, let last = slices.last else {
                _ = await context.source.waitForAppend(after: next - 1)
                continue
            }
            var buffers: [ByteBuffer] = []
            if first.firstSeq > next {
                // Retention removed records while this cursor was behind.
                buffers.append(
                    ByteBuffer(bytes: LineCodec.encodeLine(ServerMessage.gap(from: next, to: first.firstSeq - 1))))
            }
            if filter.isEmpty {
                // The shared bytes themselves: no copy, no encoding per subscriber.
                for slice in slices { buffers.append(slice.run.lines(from: slice.start)) }
            } else {
                var buffer = channel.allocator.buffer(capacity: 0)
                slices.forEachLine(matching: filter) { _, line in buffer.writeImmutableBuffer(line) }
                if buffer.readableBytes > 0 { buffers.append(buffer) }
            }
            next = last.run.lastSeq + 1
            await write(buffers)
        }
    }

    /// A heartbeat whenever nothing was sent for the interval, unless the client is not reading.
    private func sendHeartbeats() async {
        await VigieDaemon.sendHeartbeats(
            every: context.configuration.heartbeatInterval, lastWrite: lastWrite, gate: gate, source: context.source
        ) { last in send(.heartbeat(lastSeq: last)) }
    }

    private func statusReport() async -> StatusReport { await context.statusReport() }

    // MARK: Writing

    private var isClosing: Bool { closing.withLock { $0 } }

    func send(_ message: ServerMessage) {
        var buffer = channel.allocator.buffer(capacity: 64)
        buffer.writeBytes(LineCodec.encodeLine(message))
        write(buffer)
    }

    private func write(_ buffer: ByteBuffer) {
        guard !isClosing else { return }
        lastWrite.withLock { $0 = .now }
        channel.writeAndFlush(buffer, promise: nil)
    }

    /// Several buffers, one flush; returns once the event loop has queued them. The gate then
    /// knows whether the connection is still under its high-water mark, so a cursor never queues
    /// more than about one batch past it. (Without waiting, a cursor served from the shared cache
    /// queued batch after batch before the loop ran: 1,000 subscribers x 100,000 events took
    /// vigied to 1.2 GiB.)
    private func write(_ buffers: [ByteBuffer]) async {
        guard !isClosing, !buffers.isEmpty else { return }
        lastWrite.withLock { $0 = .now }
        let channel = self.channel
        try? await channel.eventLoop.submit {
            for buffer in buffers { channel.write(buffer, promise: nil) }
            channel.flush()
        }.get()
    }

    /// Sends a last line, then closes once it is flushed, or after the close grace if the client
    /// does not read it.
    func sendAndClose(_ message: ServerMessage) {
        send(message)
        let first = closing.withLock { already in
            defer { already = true }
            return !already
        }
        guard first else { return }
        let channel = self.channel
        let grace = TimeAmount.nanoseconds(context.configuration.closeGrace.nanosecondsClamped)
        let cut = channel.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
        // An empty write completes once everything queued before it is written.
        channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).whenComplete { _ in
            cut.cancel()
            channel.close(promise: nil)
        }
    }
}
