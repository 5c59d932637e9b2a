import Logging
import NIOPosix

extension SubscriberServer {
    /// The daemon's subscriber server: streams `core.log`, answers `status` from the daemon's
    /// counters. Pass `listeningDescriptor` when systemd handed over the socket; `onListening` is
    /// called once subscribers can connect.
    public init(
        core: DaemonCore, listeningDescriptor: CInt? = nil, onListening: (@Sendable () -> Void)? = nil
    ) {
        self.init(
            core: core, listeningDescriptor: listeningDescriptor,
            registry: SessionRegistry(maxConnections: core.configuration.server.maxConnections),
            onListening: onListening)
    }

    /// The same, sharing `registry` (and so the connection limit) with the HTTP endpoint.
    init(
        core: DaemonCore, listeningDescriptor: CInt?, registry: SessionRegistry, onListening: (@Sendable () -> Void)?
    ) {
        var configuration = core.configuration.server
        configuration.listener = listeningDescriptor.map { .descriptor($0) } ?? .path(core.configuration.socketPath)
        configuration.serverName = "vigied/\(VigieDaemonMain.version)"
        self.init(
            configuration: configuration,
            source: core.log,
            status: { core.statusReport(subscribers: 0) },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: core.logger, registry: registry,
            onListening: onListening)
    }
}
