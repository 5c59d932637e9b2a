import Foundation
import Logging

extension ServerConfiguration {
    /// The server settings of the daemon: the socket from the daemon's configuration, or the
    /// listening descriptor systemd passed; tuning from the environment when set (seconds may be
    /// fractional): `VIGIE_HEARTBEAT_SECONDS`, `VIGIE_SLOW_CONSUMER_SECONDS`,
    /// `VIGIE_OUTBOUND_BUFFER_BYTES`, `VIGIE_MAX_LINE_BYTES`, `VIGIE_MAX_CONNECTIONS`,
    /// `VIGIE_CLOSE_GRACE_SECONDS`, `VIGIE_SHARED_CACHE_BYTES`.
    public static func daemon(
        socketPath: String, listeningDescriptor: CInt? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ServerConfiguration {
        var configuration = ServerConfiguration(
            listener: listeningDescriptor.map { .descriptor($0) } ?? .path(socketPath),
            serverName: "vigied/\(VigieDaemonMain.version)")
        func seconds(_ key: String) -> Duration? {
            environment[key].flatMap(Double.init).flatMap { $0 > 0 ? .milliseconds(Int64($0 * 1000)) : nil }
        }
        func count(_ key: String) -> Int? {
            environment[key].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        }
        if let v = seconds("VIGIE_HEARTBEAT_SECONDS") { configuration.heartbeatInterval = v }
        if let v = seconds("VIGIE_SLOW_CONSUMER_SECONDS") { configuration.slowConsumerTimeout = v }
        if let v = count("VIGIE_OUTBOUND_BUFFER_BYTES") { configuration.outboundBufferBytes = v }
        if let v = count("VIGIE_MAX_LINE_BYTES") { configuration.maxLineBytes = v }
        if let v = count("VIGIE_MAX_CONNECTIONS") { configuration.maxConnections = v }
        if let v = seconds("VIGIE_CLOSE_GRACE_SECONDS") { configuration.closeGrace = v }
        if let v = count("VIGIE_SHARED_CACHE_BYTES") { configuration.sharedCacheBytes = v }
        return configuration
    }
}

extension SubscriberServer {
    /// The daemon's subscriber server: streams `core.log`, answers `status` from the daemon's
    /// counters. Pass `listeningDescriptor` when systemd handed over the socket; `onListening` is
    /// called once subscribers can connect.
    public init(
        core: DaemonCore, listeningDescriptor: CInt? = nil, onListening: (@Sendable () -> Void)? = nil
    ) {
        self.init(
            configuration: .daemon(socketPath: core.configuration.socketPath, listeningDescriptor: listeningDescriptor),
            source: core.log,
            status: { core.statusReport(subscribers: 0) },
            logger: core.logger,
            onListening: onListening)
    }
}
