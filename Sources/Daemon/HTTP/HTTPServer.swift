import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import VigieProtocol

/// The live page and its feed over HTTP/1.1: `GET /` (the page), `GET /assets/...`,
/// `GET /status` (the counters as JSON) and `GET /events` (Server-Sent Events: the log from a
/// seq, filtered as on the socket, then live; `Last-Event-ID` resumes with no gap and no
/// duplicate). Read-only.
///
/// SwiftNIO's HTTP/1 codec rather than a framework: the endpoint must accept a listening socket
/// passed by systemd (`ServerBootstrap.withBoundSocket`), and shares the subscriber socket's
/// cursor, shared cache, writability gate and connection registry.
public struct HTTPServer: Service {
    let configuration: HTTPConfiguration
    let context: ServeContext
    let page: LivePage
    let group: any EventLoopGroup
    let onListening: (@Sendable (String) -> Void)?

    init(
        configuration: HTTPConfiguration, context: ServeContext, page: LivePage,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onListening: (@Sendable (String) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.context = context
        self.page = page
        self.group = eventLoopGroup
        self.onListening = onListening
    }

    public func run() async throws {
        let channel = try await listen()
        let address = channel.localAddress.map { "\($0)" } ?? "\(configuration.listener)"
        let url = Self.url(channel.localAddress) ?? "\(configuration.listener)"
        context.logger.info("live page ready", metadata: ["url": "\(url)", "address": "\(address)"])
        onListening?(url)
        await withTaskCancellationOrGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            channel.close(promise: nil)
        }
        // The subscriber server drains the shared registry too; whichever stops first says bye.
        for connection in context.registry.beginDraining() { connection.shutdown() }
        context.logger.info("live page stopped")
    }

    /// `http://host:port/` of a bound address.
    static func url(_ address: SocketAddress?) -> String? {
        guard let address, let port = address.port, let ip = address.ipAddress else { return nil }
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return "http://\(host):\(port)/"
    }

    private func listen() async throws -> any Channel {
        let context = self.context
        let page = self.page
        let token = configuration.token
        let server = context.configuration
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: server.backlog)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(
                ChannelOptions.writeBufferWaterMark,
                value: .init(low: max(1, server.outboundBufferBytes / 2), high: max(2, server.outboundBufferBytes))
            )
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = HTTPConnection(id: context.registry.nextID(), channel: channel, context: context)
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    let refusal: SessionRegistry.Refusal?
                    switch context.registry.register(connection) {
                    case .success: refusal = nil
                    case .failure(let why): refusal = why
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPChannelHandler(connection: connection, page: page, token: token, refusal: refusal))
                }
            }
        switch configuration.listener {
        case .address(let host, let port):
            do {
                return try await bootstrap.bind(host: host, port: port).get()
            } catch {
                throw HTTPServerError(.cannotBind, "cannot listen on \(configuration.listener) (--http)", cause: error)
            }
        case .descriptor(let fd):
            do {
                return try await bootstrap.withBoundSocket(fd).get()
            } catch {
                throw HTTPServerError(.cannotBind, "cannot use the passed HTTP socket (descriptor \(fd))", cause: error)
            }
        }
    }
}
