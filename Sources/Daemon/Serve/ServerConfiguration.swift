import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// How the subscriber server listens and how much it lets each client cost.
///
/// Every field has a documented default; the daemon fills the socket path from its own
/// configuration (flags, environment, file) and leaves the rest alone unless told otherwise.
public struct ServerConfiguration: Sendable, Hashable {
    /// Where the server listens.
    public enum Listener: Sendable, Hashable {
        /// Bind this Unix socket path. A stale socket file (nobody accepts on it) is removed first;
        /// a live one is never taken over: the server refuses to start.
        case path(String)
        /// Use a socket that is already bound and listening, e.g. one passed by systemd socket
        /// activation (`LISTEN_FDS`, descriptor 3 and up). The socket file is left alone.
        case descriptor(CInt)
    }

    /// Default: `.path("./.vigie/events.sock")`, the first-run location `make run` uses.
    public var listener: Listener
    /// Permission bits of the socket file when the server binds it. Default `0o660`: the owner
    /// and the owner's group may subscribe, nobody else.
    public var socketMode: UInt32
    /// The longest request line a client may send, in bytes, newline excluded. Default 64 KiB; a
    /// longer line gets a `line_too_long` error and the connection is closed.
    public var maxLineBytes: Int
    /// A client that has received nothing for this long gets a heartbeat. Default 15 s.
    public var heartbeatInterval: Duration
    /// Bytes queued for one client that the kernel has not taken yet, past which the server stops
    /// reading the log for that client (the high-water mark of its outgoing buffer). Default 1 MiB.
    /// The memory one client can hold is about this plus one replay batch.
    public var outboundBufferBytes: Int
    /// How long a subscriber's outgoing buffer may stay full before the client is declared a slow
    /// consumer: it gets `slow_consumer` with `resume_from` and is disconnected. Default 10 s.
    public var slowConsumerTimeout: Duration
    /// How many log records a subscriber's cursor reads at once. Default 256.
    public var replayBatchSize: Int
    /// Bytes of event lines kept encoded for all subscribers to share (the most recently used runs
    /// of the log, plus their decoded records once a filtered subscription read them). Default
    /// 16 MiB.
    public var sharedCacheBytes: Int
    /// Connections beyond this many get an `unavailable` error and are closed. Default 4096.
    public var maxConnections: Int
    /// How long a connection the server closes (bye, line too long, slow consumer) may take to
    /// flush its last lines before it is cut. Default 2 s.
    public var closeGrace: Duration
    /// Listen backlog. Default 1024, so a burst of connecting subscribers is not refused.
    public var backlog: Int32
    /// Sent in `hello` as `server`. Default `"vigied/"` and `VigieVersion.current`.
    public var serverName: String

    public init(
        listener: Listener = .path(ServerConfiguration.defaultSocketPath),
        socketMode: UInt32 = 0o660,
        maxLineBytes: Int = 64 * 1024,
        heartbeatInterval: Duration = .seconds(15),
        outboundBufferBytes: Int = 1 << 20,
        slowConsumerTimeout: Duration = .seconds(10),
        replayBatchSize: Int = 256,
        sharedCacheBytes: Int = 16 << 20,
        maxConnections: Int = 4096,
        closeGrace: Duration = .seconds(2),
        backlog: Int32 = 1024,
        serverName: String = "vigied/\(VigieVersion.current)"
    ) {
        self.listener = listener
        self.socketMode = socketMode
        self.maxLineBytes = maxLineBytes
        self.heartbeatInterval = heartbeatInterval
        self.outboundBufferBytes = outboundBufferBytes
        self.slowConsumerTimeout = slowConsumerTimeout
        self.replayBatchSize = replayBatchSize
        self.sharedCacheBytes = sharedCacheBytes
        self.maxConnections = maxConnections
        self.closeGrace = closeGrace
        self.backlog = backlog
        self.serverName = serverName
    }

    /// The socket path of a first run, relative to the working directory.
    public static let defaultSocketPath = "./.vigie/events.sock"
}

extension ServerConfiguration.Listener: CustomStringConvertible {
    public var description: String {
        switch self {
        case .path(let path): path
        case .descriptor(let fd): "descriptor \(fd)"
        }
    }
}

extension Duration {
    /// Nanoseconds, saturating, for NIO's `TimeAmount`.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        if seconds > Int64.max / 1_000_000_000 - 1 { return Int64.max }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
