import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// A user-facing failure of the client; the message says what to do next.
struct ClientError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Where the daemon's socket is: `--socket`, else `$VIGIE_SOCKET`, else `/run/vigie/events.sock`
/// when it exists (the system service), else `./.vigie/events.sock` (a first run with `make run`).
enum SocketLocation {
    static let system = "/run/vigie/events.sock"
    static let firstRun = "./.vigie/events.sock"

    static func resolve(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = getenv("VIGIE_SOCKET"), let path = String(validatingCString: env), !path.isEmpty {
            return path
        }
        var st = stat()
        if stat(system, &st) == 0 { return system }
        return firstRun
    }
}

/// A blocking connection to vigied's socket that reads and writes whole lines.
final class LineConnection {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Server lines longer than this are refused (an event is a few KiB).
    private let maxLineBytes = 16 << 20

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ClientError(message: "vigie: cannot create a socket: \(Self.lastError())") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw ClientError(message: "vigie: socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 {
            let code = errno
            close(fd)
            throw ClientError(message: Self.connectAdvice(path: path, errno: code))
        }
    }

    deinit { close(fd) }

    static func connectAdvice(path: String, errno code: Int32) -> String {
        let reason = String(cString: strerror(code))
        switch code {
        case ENOENT:
            return
                "vigie: no socket at \(path) (\(reason)): is vigied running? Start it (`make run`, or `systemctl start vigie`) or give its socket with --socket or $VIGIE_SOCKET"
        case ECONNREFUSED:
            return
                "vigie: nothing accepts connections on \(path) (\(reason)): is vigied running? The socket may be left over from a stopped daemon"
        case EACCES, EPERM:
            return
                "vigie: permission denied on \(path): the socket is group-only (mode 0660); run as its owner or join its group"
        default:
            return "vigie: cannot connect to \(path) (\(reason)): is vigied running?"
        }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    func send(_ request: ClientRequest) throws {
        let line = LineCodec.encodeLine(request)
        var offset = 0
        while offset < line.count {
            let n = line.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ClientError(message: "vigie: lost the connection to \(path): \(Self.lastError())")
            }
            offset += n
        }
    }

    /// The next line without its newline, or nil when the daemon closed the connection.
    func readLine() throws -> ArraySlice<UInt8>? {
        var scanFrom = start
        while true {
            if let newline = buffer[scanFrom...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            scanFrom = buffer.count
            if buffer.count - start > maxLineBytes {
                throw ClientError(message: "vigie: the daemon sent a line longer than \(maxLineBytes) bytes")
            }
            if start > 0, start == buffer.count || start > 1 << 16 {
                buffer.removeFirst(start)
                scanFrom -= start
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ClientError(message: "vigie: lost the connection to \(path): \(Self.lastError())")
            }
            if n == 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Reads the greeting every connection starts with.
    func readHello() throws -> (server: String, firstSeq: UInt64, lastSeq: UInt64) {
        guard let line = try readLine() else {
            throw ClientError(
                message: "vigie: \(path) closed the connection before saying hello: is it vigied's socket?")
        }
        let message: ServerMessage
        do {
            message = try LineCodec.decodeServerMessage(line)
        } catch {
            throw ClientError(message: "vigie: \(path) does not speak the vigie protocol: \(error)")
        }
        switch message {
        case .hello(let server, let first, let last): return (server, first, last)
        case .error(let error): throw ClientError(message: "vigie: the daemon refused the connection: \(error.message)")
        case .bye: throw ClientError(message: "vigie: the daemon is stopping; retry once it is back")
        default: throw ClientError(message: "vigie: \(path) did not start with hello: is it vigied's socket?")
        }
    }
}
