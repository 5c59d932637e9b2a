import Foundation
import Logging

extension HTTPServer {
    /// The daemon's HTTP endpoint, or nil when it is off: on the socket systemd passed as `http`,
    /// else on `--http`; with the token of `--http-token-file`, which a non-loopback address
    /// requires. Shares `registry` (the connection limit) with the subscriber socket.
    static func daemon(
        core: DaemonCore, passed: ListenedSockets, registry: SessionRegistry,
        onListening: (@Sendable (String) -> Void)? = nil
    ) throws -> HTTPServer? {
        let configuration = core.configuration
        let listener: HTTPConfiguration.Listener
        let loopback: Bool
        if let fd = passed.listeningTCPSocket(named: HTTPConfiguration.socketName) {
            listener = .descriptor(fd)
            loopback = HTTPConfiguration.isLoopback(descriptor: fd)
        } else if let text = configuration.httpAddress, let (host, port) = HTTPConfiguration.parseAddress(text) {
            listener = .address(host: host, port: port)
            loopback = HTTPConfiguration.isLoopback(host: host)
        } else {
            return nil
        }
        var token: String?
        if let file = configuration.httpTokenFile {
            guard let data = FileManager.default.contents(atPath: file),
                let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
                !text.isEmpty
            else {
                throw HTTPServerError(
                    .tokenRequired, "the token file \(file) (--http-token-file) is missing, unreadable or empty")
            }
            token = text
        }
        if token == nil && !loopback {
            throw HTTPServerError(
                .tokenRequired,
                "the HTTP endpoint (\(listener)) is not on loopback: give a token with --http-token-file")
        }
        var server = configuration.server
        // The page and its streams share the limits of the subscriber socket; their cache is smaller.
        server.sharedCacheBytes = max(1 << 20, server.sharedCacheBytes / 4)
        let context = ServeContext(
            source: core.log, cache: EncodedEventCache(source: core.log, maxBytes: server.sharedCacheBytes),
            configuration: server, status: { core.statusReport(subscribers: 0) }, registry: registry,
            logger: core.logger)
        return HTTPServer(
            configuration: HTTPConfiguration(listener: listener, token: token), context: context,
            page: try LivePage.bundled(), onListening: onListening)
    }
}
