import Foundation
import NIOCore
import NIOHTTP1
import VigieProtocol

/// The NIO end of one HTTP connection: reads a request, checks who may ask, and answers from
/// memory (the page), from the daemon's counters (`/status`) or with an event stream
/// (`/events`, handed to `HTTPConnection`).
final class HTTPChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let connection: HTTPConnection
    private let page: LivePage
    private let token: String?
    private let refusal: SessionRegistry.Refusal?
    private var head: HTTPRequestHead?

    init(connection: HTTPConnection, page: LivePage, token: String?, refusal: SessionRegistry.Refusal?) {
        self.connection = connection
        self.page = page
        self.token = token
        self.refusal = refusal
    }

    /// Sent with every answer: the page runs only its own script and style, is never framed,
    /// and nothing is sniffed into another type.
    static let securityHeaders: [(String, String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-cache"),
    ]

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break  // GET requests have none; anything sent is ignored.
        case .end:
            guard let h = head else { return }
            head = nil
            respond(to: h, context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        connection.gate.setWritable(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.closed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: Routing

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        if let refusal {
            let message =
                refusal == .full
                ? "too many connections (\(connection.context.configuration.maxConnections)); retry later"
                : "vigied is stopping"
            return reply(context, head, .serviceUnavailable, text: message, close: true)
        }
        // An event stream owns its connection until it ends.
        guard !connection.isStreaming else { return }
        guard let request = HTTPRequest(head) else {
            return reply(context, head, .badRequest, text: "bad request target")
        }
        guard request.method == .GET || request.method == .HEAD else {
            return reply(
                context, head, .methodNotAllowed, text: "read-only: GET and HEAD only", extra: [("Allow", "GET, HEAD")])
        }
        if let token {
            guard let presented = request.presentedToken, Self.constantTimeEqual(presented, token) else {
                return reply(
                    context, head, .unauthorized,
                    text: "a bearer token is required (Authorization: Bearer, or ?token=)",
                    extra: [("WWW-Authenticate", "Bearer")])
            }
        } else if let host = request.host, !HTTPConfiguration.isLoopback(host: host) {
            // Without a token the endpoint is on loopback; a page elsewhere reaching it through
            // a rebound DNS name would send its own host name.
            return reply(context, head, .forbidden, text: "unexpected Host '\(host)': use localhost or 127.0.0.1")
        }
        switch request.path {
        case "/status":
            let connection = self.connection
            let keepAlive = head.isKeepAlive
            Task {
                let report = await connection.context.statusReport()
                let body = [UInt8]((try? JSONEncoder.sorted.encode(report)) ?? Data("{}".utf8))
                connection.respond(
                    status: .ok, contentType: "application/json", body: body, headOnly: head.method == .HEAD,
                    keepAlive: keepAlive)
            }
        case "/events":
            do throws(ProtocolError) {
                let (since, filter) = try request.subscription()
                connection.startStream(head: head, since: since, filter: filter)
            } catch {
                reply(context, head, .badRequest, text: "\(error.code): \(error.message)")
            }
        default:
            guard let asset = page.assets[request.path] else {
                return reply(
                    context, head, .notFound,
                    text: "not found: GET / is the page, /events the feed, /status the counters")
            }
            write(context, head, .ok, contentType: asset.contentType, body: asset.bytes, close: false)
        }
    }

    private func reply(
        _ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ status: HTTPResponseStatus, text: String,
        extra: [(String, String)] = [], close: Bool = false
    ) {
        write(
            context, head, status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8),
            extra: extra, close: close)
    }

    private func write(
        _ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ status: HTTPResponseStatus, contentType: String,
        body: [UInt8], extra: [(String, String)] = [], close: Bool
    ) {
        let keepAlive = head.isKeepAlive && !close
        var headers = HTTPHeaders(Self.securityHeaders + extra)
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        if head.method != .HEAD {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Compares without stopping at the first difference, so timing tells nothing of the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}

extension JSONEncoder {
    /// Sorted keys: equal values give equal bytes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
