import NIOCore
import NIOHTTP1
import Synchronization
import VigieProtocol

/// One HTTP connection: answers requests one at a time, or carries one event stream until it
/// ends (client gone, slow consumer, daemon stopping).
final class HTTPConnection: ServedConnection {
    let id: UInt64
    let channel: any Channel
    let context: ServeContext
    let gate: WritabilityGate

    private enum Phase {
        case requests
        case streaming(Task<Void, Never>?)
        case closing
    }

    private let phase = Mutex(Phase.requests)
    let lastWrite = Mutex(ContinuousClock.now)

    init(id: UInt64, channel: any Channel, context: ServeContext) {
        self.id = id
        self.channel = channel
        self.context = context
        gate = WritabilityGate(eventLoop: channel.eventLoop)
    }

    var isStreaming: Bool {
        phase.withLock {
            if case .requests = $0 { return false }
            return true
        }
    }

    /// The daemon is stopping: a stream gets a last `bye` message, an idle connection is closed.
    func shutdown() {
        let streaming = phase.withLock { p -> Bool in
            defer { p = .closing }
            if case .streaming = p { return true }
            return false
        }
        if streaming {
            finishStream(with: Self.frame(event: "bye", data: Array(#"{"type":"bye"}"#.utf8)))
        } else {
            channel.close(promise: nil)
        }
    }

    /// The connection is gone.
    func closed() {
        gate.close()
        let task = phase.withLock { p -> Task<Void, Never>? in
            defer { p = .closing }
            if case .streaming(let task) = p { return task }
            return nil
        }
        task?.cancel()
        context.registry.remove(id)
    }

    /// A whole response, from a task (`/status`).
    func respond(status: HTTPResponseStatus, contentType: String, body: [UInt8], headOnly: Bool, keepAlive: Bool) {
        var headers = HTTPHeaders(HTTPChannelHandler.securityHeaders)
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let channel = self.channel
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        channel.eventLoop.execute {
            channel.write(HTTPServerResponsePart.head(head), promise: nil)
            if !headOnly {
                channel.write(
                    HTTPServerResponsePart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
            }
            let done = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
            if !keepAlive { done.whenComplete { _ in channel.close(promise: nil) } }
        }
    }

    /// Answers `/events` with the stream's head, then runs its cursor in a task of its own.
    func startStream(head: HTTPRequestHead, since: SubscriptionStart, filter: EventFilter) {
        var headers = HTTPHeaders(HTTPChannelHandler.securityHeaders)
        headers.replaceOrAdd(name: "Cache-Control", value: "no-cache, no-transform")
        headers.add(name: "Content-Type", value: "text/event-stream; charset=utf-8")
        // Proxies that buffer responses would hold events back.
        headers.add(name: "X-Accel-Buffering", value: "no")
        channel.write(
            HTTPServerResponsePart.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers)),
            promise: nil)
        guard head.method == .GET else {
            channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { [channel] _ in
                channel.close(promise: nil)
            }
            return
        }
        // How long an EventSource waits before reconnecting after the stream ends.
        var opening = channel.allocator.buffer(string: "retry: 2000\n: vigie event stream\n\n")
        channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(opening.slice())), promise: nil)
        opening.clear()
        let started = phase.withLock { p -> Bool in
            guard case .requests = p else { return false }
            p = .streaming(nil)
            return true
        }
        guard started else { return }
        context.registry.markSubscribed(id)
        let task = Task { await self.stream(since: since, filter: filter) }
        phase.withLock { p in
            if case .streaming = p { p = .streaming(task) } else { task.cancel() }
        }
    }

    /// Writes a last message, ends the response and closes, or cuts after the close grace.
    func finishStream(with last: [UInt8]) {
        let channel = self.channel
        let grace = TimeAmount.nanoseconds(context.configuration.closeGrace.nanosecondsClamped)
        channel.eventLoop.execute {
            channel.write(HTTPServerResponsePart.body(.byteBuffer(channel.allocator.buffer(bytes: last))), promise: nil)
            let cut = channel.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
            channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
                cut.cancel()
                channel.close(promise: nil)
            }
        }
    }

    /// One Server-Sent Events message.
    static func frame(id: UInt64? = nil, event: String, data: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 40)
        if let id { out += Array("id: \(id)\n".utf8) }
        out += Array("event: \(event)\ndata: ".utf8)
        out += data
        out += [0x0A, 0x0A]
        return out
    }
}
