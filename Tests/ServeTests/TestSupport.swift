import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import VigieDaemon
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh private directory.
func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/vigie-serve-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
    return String(cString: made)
}

func removeTree(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// Raises the soft open-files limit, for tests with many connections.
func raiseOpenFileLimit(to wanted: UInt) {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < wanted else { return }
    limit.rlim_cur = min(wanted, limit.rlim_max)
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

/// Connects a raw socket: for clients that must not read (stalled) or send odd bytes.
func rawConnect(_ path: String) throws -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    guard result == 0 else {
        let message = String(cString: strerror(errno))
        close(fd)
        throw TestFailure("connect \(path): \(message)")
    }
    return fd
}

func rawSend(_ fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
}

/// Everything readable on `fd` until the peer closes it (non-blocking reads, short sleeps).
func rawReadToEnd(_ fd: Int32, deadline: Duration = .seconds(30)) async throws -> [UInt8] {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    let end = ContinuousClock.now + deadline
    while ContinuousClock.now < end {
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, Int32(MSG_DONTWAIT)) }
        if n > 0 {
            out.append(contentsOf: chunk[0..<n])
        } else if n == 0 {
            return out
        } else if errno == EAGAIN || errno == EINTR {
            try await Task.sleep(for: .milliseconds(10))
        } else {
            return out
        }
    }
    throw TestFailure("the server did not close the connection")
}

/// Counts newlines read from `fd` until `count` of them arrived.
func rawCountLines(_ fd: Int32, until count: Int) async throws -> Int {
    var seen = 0
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while seen < count {
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, Int32(MSG_DONTWAIT)) }
        if n > 0 {
            // memchr: a byte loop in a debug build would be the slowest part of the measure.
            chunk.withUnsafeBytes { raw in
                var at = raw.baseAddress!
                let end = raw.baseAddress! + n
                while at < end, let hit = memchr(at, 0x0A, end - at) {
                    seen += 1
                    at = UnsafeRawPointer(hit) + 1
                }
            }
        } else if n == 0 {
            return seen
        } else if errno == EAGAIN || errno == EINTR {
            try await Task.sleep(for: .milliseconds(1))
        } else {
            return seen
        }
    }
    return seen
}

func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
    bytes.split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
}

/// A test client on a real socket: sends lines, hands back each server line decoded.
final class LineClient: @unchecked Sendable {
    // Used by one test task at a time; the stream is filled by the channel's event loop.
    let channel: any Channel
    private var iterator: AsyncStream<[UInt8]>.AsyncIterator

    private init(channel: any Channel, lines: AsyncStream<[UInt8]>) {
        self.channel = channel
        self.iterator = lines.makeAsyncIterator()
    }

    static func connect(_ path: String) async throws -> LineClient {
        let (lines, sink) = AsyncStream.makeStream(of: [UInt8].self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineFrameDecoder(maxLineBytes: 1 << 24)))
                    try channel.pipeline.syncOperations.addHandler(LineSink(sink: sink))
                }
            }
            .connect(unixDomainSocketPath: path).get()
        return LineClient(channel: channel, lines: lines)
    }

    func send(_ line: String) {
        channel.writeAndFlush(ByteBuffer(string: line + "\n"), promise: nil)
    }

    func send(_ request: ClientRequest) {
        channel.writeAndFlush(ByteBuffer(bytes: LineCodec.encodeLine(request)), promise: nil)
    }

    /// The next raw line, or nil once the server closed the connection.
    func nextLine() async -> [UInt8]? {
        await iterator.next()
    }

    /// The next message; throws if the connection closed.
    func next() async throws -> ServerMessage {
        guard let line = await nextLine() else { throw TestFailure("connection closed") }
        return try LineCodec.decodeServerMessage(line)
    }

    /// The next message that is not a heartbeat.
    func nextSkippingHeartbeats() async throws -> ServerMessage {
        while true {
            let message = try await next()
            if case .heartbeat = message { continue }
            return message
        }
    }

    /// Reads the hello every connection starts with.
    @discardableResult
    func hello() async throws -> (first: UInt64, last: UInt64) {
        guard case .hello(_, let first, let last) = try await next() else { throw TestFailure("no hello") }
        return (first, last)
    }

    /// Collects event seqs until `count` events arrived; other messages go to `others`.
    func events(_ count: Int, others: inout [ServerMessage]) async throws -> [(UInt64, EventRecord)] {
        var out: [(UInt64, EventRecord)] = []
        while out.count < count {
            let message = try await next()
            switch message {
            case .event(let seq, let record): out.append((seq, record))
            case .heartbeat: continue
            default: others.append(message)
            }
        }
        return out
    }

    /// Sends a ping and returns every event received before the pong: a barrier that proves
    /// nothing else was pending.
    func eventsUntilPong() async throws -> [UInt64] {
        send(.ping)
        var seqs: [UInt64] = []
        while true {
            switch try await next() {
            case .pong: return seqs
            case .event(let seq, _): seqs.append(seq)
            default: continue
            }
        }
    }

    func close() async {
        try? await channel.close()
    }
}

private final class LineSink: ChannelInboundHandler {
    typealias InboundIn = InboundLine
    let sink: AsyncStream<[UInt8]>.Continuation

    init(sink: AsyncStream<[UInt8]>.Continuation) { self.sink = sink }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .line(let line): sink.yield(Array(line.readableBytesView))
        case .tooLong: sink.finish()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        sink.finish()
    }
}

/// Runs a real `SubscriberServer` on a fresh socket around `body`, then stops it gracefully.
func withServer(
    source: any EventSource,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    status: SubscriberServer.StatusProvider? = nil,
    _ body: (String) async throws -> Void
) async throws {
    let directory = try makeTemporaryDirectory()
    defer { removeTree(directory) }
    var configuration = ServerConfiguration(listener: .path(directory + "/events.sock"))
    configure(&configuration)
    let path: String? =
        switch configuration.listener {
        case .path(let path): path
        case .descriptor: nil
        }
    var logger = Logger(label: "test.serve")
    logger.logLevel = .warning
    let server = SubscriberServer(configuration: configuration, source: source, status: status, logger: logger)
    let group = ServiceGroup(services: [server], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var result: Result<Void, any Error> = .success(())
        do {
            if let path { try await waitUntilListening(path) }
            try await body(path ?? "")
        } catch {
            result = .failure(error)
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        try result.get()
    }
}

func waitUntilListening(_ path: String) async throws {
    for _ in 0..<500 {
        if let fd = try? rawConnect(path) {
            close(fd)
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw TestFailure("the server never listened on \(path)")
}
