import NIOCore

/// What a connection's channel tells its session.
enum SessionInput: Sendable {
    case line(ByteBuffer)
    case lineTooLong
    /// The server is stopping: say bye and close.
    case shutdown
    /// The connection is closed.
    case closed
}

/// The NIO end of one subscriber connection: forwards framed lines to the session, reports
/// writability to the cursor's gate, and stops reading requests while the outgoing buffer is
/// full, so a client that sends without reading cannot make the server queue replies forever.
final class SubscriberChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = InboundLine
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let inputs: AsyncStream<SessionInput>.Continuation
    private let gate: WritabilityGate
    private var readHeld = false

    init(inputs: AsyncStream<SessionInput>.Continuation, gate: WritabilityGate) {
        self.inputs = inputs
        self.gate = gate
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .line(let line): inputs.yield(.line(line))
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
        if context.channel.isWritable {
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
