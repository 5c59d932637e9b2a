import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Streams the event log to subscribers as NDJSON over a Unix stream socket (protocol v1, see
/// docs/PROTOCOL.md).
///
/// Each connection gets `hello`, then answers `ping`, `status` and one `subscribe`; a subscription
/// is a cursor over the `EventSource` (replay, then live). On graceful shutdown the server stops
/// accepting, sends `{"type":"bye"}` to everyone, and returns once every connection is closed.
public struct SubscriberServer: Service {
    /// Daemon counters for `status`. The server fills `subscribers`, `first_seq` and `last_seq`
    /// itself; the provider gives the rest (dispatches, events, quarantined, uptime).
    public typealias StatusProvider = @Sendable () async -> StatusReport

    private let configuration: ServerConfiguration
    private let source: any EventSource
    private let status: StatusProvider
    private let group: any EventLoopGroup
    private let logger: Logger
    private let registry: SessionRegistry
    private let onListening: (@Sendable () -> Void)?

    /// - Parameters:
    ///   - status: counters from the daemon; by default zeros and the server's own uptime.
    ///   - eventLoopGroup: where connections run; by default NIO's shared group.
    ///   - onListening: called once the socket accepts connections (e.g. for systemd's READY=1).
    public init(
        configuration: ServerConfiguration,
        source: any EventSource,
        status: StatusProvider? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "vigie.serve"),
        onListening: (@Sendable () -> Void)? = nil
    ) {
        self.init(
            configuration: configuration, source: source, status: status, eventLoopGroup: eventLoopGroup,
            logger: logger, registry: SessionRegistry(maxConnections: configuration.maxConnections),
            onListening: onListening)
    }

    /// The same, with the registry (and so the connection limit) it shares with the HTTP endpoint.
    init(
        configuration: ServerConfiguration, source: any EventSource, status: StatusProvider?,
        eventLoopGroup: any EventLoopGroup, logger: Logger, registry: SessionRegistry,
        onListening: (@Sendable () -> Void)?
    ) {
        self.configuration = configuration
        self.source = source
        let started = ContinuousClock.now
        self.status =
            status ?? {
                let elapsed = ContinuousClock.now - started
                return StatusReport(
                    dispatches: 0, events: 0, subscribers: 0, firstSeq: 0, lastSeq: 0,
                    uptimeSeconds: Double(elapsed.components.seconds)
                        + Double(elapsed.components.attoseconds) / 1e18)
            }
        self.group = eventLoopGroup
        self.logger = logger
        self.registry = registry
        self.onListening = onListening
    }

    public func run() async throws {
        let cache = EncodedEventCache(source: source, maxBytes: configuration.sharedCacheBytes)
        let context = ServeContext(
            source: source, cache: cache, configuration: configuration, status: status, registry: registry,
            logger: logger)
        let (accepted, acceptedSink) = AsyncStream.makeStream(of: SubscriberSession.self)
        let serverChannel = try await listen(context: context, accepted: acceptedSink)
        logger.info("subscriber socket ready", metadata: ["socket": "\(configuration.listener)"])
        onListening?()

        await withDiscardingTaskGroup { group in
            group.addTask {
                await withTaskCancellationOrGracefulShutdownHandler {
                    try? await serverChannel.closeFuture.get()
                } onCancelOrGracefulShutdown: {
                    serverChannel.close(promise: nil)
                }
                let sessions = registry.beginDraining()
                logger.info("subscriber server stopping", metadata: ["connections": "\(sessions.count)"])
                for session in sessions { session.shutdown() }
                acceptedSink.finish()
            }
            for await session in accepted {
                group.addTask { await session.run() }
            }
        }
        if case .path(let path) = configuration.listener { SocketFile.remove(path) }
        logger.info("subscriber server stopped")
    }

    private func listen(
        context: ServeContext, accepted: AsyncStream<SubscriberSession>.Continuation
    ) async throws -> any Channel {
        let configuration = self.configuration
        let registry = self.registry
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: configuration.backlog)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelOption(
                ChannelOptions.writeBufferWaterMark,
                value: .init(
                    low: max(1, configuration.outboundBufferBytes / 2), high: max(2, configuration.outboundBufferBytes))
            )
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let session = SubscriberSession(id: registry.nextID(), channel: channel, context: context)
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maxLineBytes: configuration.maxLineBytes)))
                    try channel.pipeline.syncOperations.addHandler(
                        SubscriberChannelHandler(
                            inputs: session.inputSink, gate: session.gate, backlog: session.backlog))
                    switch registry.register(session) {
                    case .success:
                        if case .terminated = accepted.yield(session) {
                            registry.remove(session.id)
                            session.sendAndClose(.bye(reason: nil))
                        }
                    case .failure(.draining):
                        session.sendAndClose(.bye(reason: nil))
                    case .failure(.full):
                        session.sendAndClose(
                            .error(
                                ProtocolError(
                                    .unavailable,
                                    "too many connections (\(configuration.maxConnections)); retry later")))
                    }
                }
            }
        switch configuration.listener {
        case .path(let path):
            try SocketFile.prepare(path)
            // Bound under a temporary name, given its mode, then renamed into place: clients never
            // see the socket with the umask's permissions.
            let temporary = path + ".new"
            let staged = SocketFile.unixAddress(temporary) != nil
            let bindPath = staged ? temporary : path
            if staged { SocketFile.remove(temporary) }
            let channel: any Channel
            do {
                channel = try await bootstrap.bind(unixDomainSocketPath: bindPath).get()
            } catch {
                throw ServerStartError(code: .cannotBind, message: "cannot listen on \(path)", cause: error)
            }
            do {
                try SocketFile.setMode(bindPath, configuration.socketMode)
                if staged { try SocketFile.rename(temporary, to: path) }
            } catch {
                try? await channel.close()
                SocketFile.remove(bindPath)
                throw error
            }
            return channel
        case .descriptor(let fd):
            do {
                return try await bootstrap.withBoundSocket(fd).get()
            } catch {
                throw ServerStartError(
                    code: .cannotBind, message: "cannot use the listening socket descriptor \(fd)", cause: error)
            }
        }
    }

    /// The number of open connections (for the daemon's own counters).
    public var connectionCount: Int { registry.connectionCount }
}
