import NIOCore
import Synchronization

/// What a connection's channel tells its session.
enum SessionInput: Sendable {
    case line(ByteBuffer)
    case lineTooLong
    /// The server is stopping: say bye and close.
    case shutdown
    /// The connection is closed.
    case closed
}

/// Request lines handed to the session and not yet answered. Past `limit`, the channel stops
/// reading from the socket until the session catches up, so a client that floods requests
/// cannot make the server buffer them without bound.
final class RequestBacklog: Sendable {
    let limit: Int
    private let pending = Atomic<Int>(0)

    init(limit: Int = 16) {
        self.limit = limit
    }

    var isFull: Bool { pending.load(ordering: .relaxed) >= limit }

    func added() {
        pending.add(1, ordering: .relaxed)
    }

    /// One request answered. True when reading had to stop and may resume now.
    func answered() -> Bool {
        pending.subtract(1, ordering: .relaxed).oldValue >= limit
    }
}

/// The NIO end of one subscriber connection: forwards framed lines to the session, reports
/// writability to the cursor's gate, and stops reading requests while the outgoing buffer is
/// full or the session has too many requests to answer, so a client that sends without reading
/// cannot make the server queue requests or replies without bound.
final class SubscriberChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = InboundLine
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let inputs: AsyncStream<SessionInput>.Continuation
    private let gate: WritabilityGate
    private let backlog: RequestBacklog
    private var readHeld = false

    init(inputs: AsyncStream<SessionInput>.Continuation, gate: WritabilityGate, backlog: RequestBacklog) {
        self.inputs = inputs
        self.gate = gate
        self.backlog = backlog
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .line(let line):
            backlog.added()
            inputs.yield(.line(line))
        case .tooLong: inputs.yield(.lineTooLong)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        gate.setWritable(writable)
        if writable, readHeld {
            readHeld = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        // The session calls `channel.read()` again once its backlog has room.
        if context.channel.isWritable, !backlog.isFull {
            context.read()
        } else {
            readHeld = true
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        gate.close()
        inputs.yield(.closed)
        inputs.finish()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A client that closes its sending side (`socat` after stdin ends) still receives events.
        if let event = event as? ChannelEvent, event == .inputClosed { return }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
