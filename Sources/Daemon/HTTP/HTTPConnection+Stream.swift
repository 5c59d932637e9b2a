import NIOCore
import NIOHTTP1
import VigieProtocol

extension HTTPConnection {
    /// The cursor of an event stream: the socket protocol's (`SubscriberSession.follow`) with
    /// each line as a Server-Sent Events message whose `id` is the seq, so a reconnecting
    /// EventSource resumes after the last message it got.
    func stream(since: SubscriptionStart, filter: EventFilter) async {
        let bounds = await context.source.bounds()
        let start: UInt64
        switch since {
        case .now: start = bounds.last + 1
        case .seq(let n): start = max(n, 1)
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.sendHeartbeats() }
            group.addTask { await self.follow(from: start, filter: filter) }
            await group.next()
            group.cancelAll()
        }
    }

    private func follow(from start: UInt64, filter: EventFilter) async {
        let configuration = context.configuration
        var next = start
        while !Task.isCancelled {
            guard await gate.waitWritable(timeout: configuration.slowConsumerTimeout) else {
                if Task.isCancelled || !channel.isActive { return }
                context.logger.notice(
                    "slow live-page client disconnected", metadata: ["connection": "\(id)", "resume_from": "\(next)"])
                context.registry.countSlowConsumer()
                let error = ServerMessage.error(
                    ProtocolError(
                        .slowConsumer, "the client did not read fast enough; the EventSource reconnects by itself",
                        resumeFrom: next))
                finishStream(with: Self.frame(event: "error", data: LineCodec.encodeLine(error).dropLast()))
                return
            }
            let slices: [EncodedEventCache.Slice]
            do {
                slices = try await context.cache.read(from: next, maxCount: configuration.replayBatchSize)
            } catch {
                if Task.isCancelled { return }
                context.logger.error("cannot read the event log", metadata: ["error": "\(error)"])
                finishStream(
                    with: Self.frame(event: "error", data: Array(#"{"type":"error","code":"unavailable"}"#.utf8)))
                return
            }
            guard let first = slices.first, let last = slices.last else {
                _ = await context.source.waitForAppend(after: next - 1)
                continue
            }
            var buffer = channel.allocator.buffer(capacity: 0)
            if first.firstSeq > next {
                // Retention removed entries while this stream was behind.
                let gap = LineCodec.encodeLine(ServerMessage.gap(from: next, to: first.firstSeq - 1)).dropLast()
                buffer.writeBytes(Self.frame(id: first.firstSeq - 1, event: "gap", data: gap))
            }
            slices.forEachLine(matching: filter) { seq, line in Self.appendMessage(&buffer, seq: seq, line: line) }
            next = last.run.lastSeq + 1
            if buffer.readableBytes > 0 { await write(buffer) }
        }
    }

    static let retractPrefix = Array(#"{"type":"retract""#.utf8)

    /// The socket line of an entry (`{"type":"event",...}` or `{"type":"retract",...}`, with its
    /// newline) as an SSE message of that type.
    static func appendMessage(_ buffer: inout ByteBuffer, seq: UInt64, line: ByteBuffer) {
        let kind = line.readableBytesView.starts(with: retractPrefix) ? "retract" : "event"
        buffer.writeString("id: \(seq)\nevent: \(kind)\ndata: ")
        if let json = line.getSlice(at: line.readerIndex, length: max(0, line.readableBytes - 1)) {
            buffer.writeImmutableBuffer(json)
        }
        buffer.writeString("\n\n")
    }

    /// A heartbeat whenever nothing was sent for the interval, unless the client is not reading.
    private func sendHeartbeats() async {
        await VigieDaemon.sendHeartbeats(
            every: context.configuration.heartbeatInterval, lastWrite: lastWrite, gate: gate, source: context.source
        ) { last in
            let line = LineCodec.encodeLine(ServerMessage.heartbeat(lastSeq: last)).dropLast()
            await write(channel.allocator.buffer(bytes: Self.frame(event: "heartbeat", data: line)))
        }
    }

    /// Queues `buffer` on the event loop and returns once it is queued, so the gate knows whether
    /// the connection is still under its high-water mark (see `SubscriberSession.write`).
    private func write(_ buffer: ByteBuffer) async {
        lastWrite.withLock { $0 = .now }
        let channel = self.channel
        try? await channel.eventLoop.submit {
            channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        }.get()
    }
}
