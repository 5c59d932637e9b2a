import Logging

extension SubscriberServer {
    /// The daemon's subscriber server: streams `core.log`, answers `status` from the daemon's
    /// counters. Pass `listeningDescriptor` when systemd handed over the socket; `onListening` is
    /// called once subscribers can connect.
    public init(
        core: DaemonCore, listeningDescriptor: CInt? = nil, onListening: (@Sendable () -> Void)? = nil
    ) {
        var configuration = core.configuration.server
        configuration.listener = listeningDescriptor.map { .descriptor($0) } ?? .path(core.configuration.socketPath)
        configuration.serverName = "vigied/\(VigieDaemonMain.version)"
        self.init(
            configuration: configuration,
            source: core.log,
            status: { core.statusReport(subscribers: 0) },
            logger: core.logger,
            onListening: onListening)
    }
}
