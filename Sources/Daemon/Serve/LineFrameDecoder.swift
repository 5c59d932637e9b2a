import NIOCore

/// One framed piece of client input.
public enum InboundLine: Sendable, Equatable {
    /// A complete line, without its `\n` (and without a `\r` before it).
    case line(ByteBuffer)
    /// The client sent more than the maximum without a newline. Nothing follows.
    case tooLong
}

/// Splits a byte stream into `\n`-terminated lines, never holding more than `maxLineBytes` of
/// an unfinished line: past that it reports `.tooLong` once and discards the rest of the input.
public struct LineFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = InboundLine

    private let maxLineBytes: Int
    // Bytes already searched for a newline, so a line arriving in many reads is scanned once.
    private var scanned = 0
    private var overflowed = false

    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let line = try nextLine(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(line))
        return overflowed ? .needMoreData : .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while let line = try nextLine(&buffer) {
            context.fireChannelRead(Self.wrapInboundOut(line))
            if overflowed { return .needMoreData }
        }
        // An unterminated last line is still a request: `printf '{"op":"ping"}' | socat ...`.
        if !overflowed, buffer.readableBytes > 0, let rest = buffer.readSlice(length: buffer.readableBytes) {
            context.fireChannelRead(Self.wrapInboundOut(.line(Self.trimmingCR(rest))))
        }
        return .needMoreData
    }

    /// The next line in `buffer`, `.tooLong` once when the limit is passed, or nil for "need more".
    mutating func nextLine(_ buffer: inout ByteBuffer) throws -> InboundLine? {
        if overflowed {
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            return nil
        }
        let view = buffer.readableBytesView
        let start = view.index(view.startIndex, offsetBy: scanned)
        if let newline = view[start...].firstIndex(of: 0x0A) {
            let length = newline - view.startIndex
            scanned = 0
            if length > maxLineBytes + 1 {
                overflowed = true
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                return .tooLong
            }
            let line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            let trimmed = Self.trimmingCR(line)
            if trimmed.readableBytes > maxLineBytes {
                overflowed = true
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                return .tooLong
            }
            return .line(trimmed)
        }
        scanned = view.count
        if view.count > maxLineBytes + 1 {
            overflowed = true
            scanned = 0
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            return .tooLong
        }
        return nil
    }

    static func trimmingCR(_ line: ByteBuffer) -> ByteBuffer {
        var line = line
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == 0x0D {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        return line
    }
}
