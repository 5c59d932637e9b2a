#if canImport(Glibc)
    import Glibc
#endif

/// How the live page and its event stream (`GET /`, `GET /events`, `GET /status`) are served.
///
/// Off unless `--http ADDR:PORT` is given or systemd passes a socket named `http`
/// (`vigie-http.socket`). The limits (heartbeat, slow-consumer cut, outgoing buffer,
/// connections) are the subscriber socket's, and the connection limit is shared with it.
public struct HTTPConfiguration: Sendable, Hashable {
    /// Where the endpoint listens.
    public enum Listener: Sendable, Hashable {
        /// Bind this TCP address (`127.0.0.1`, `::1`, `0.0.0.0`...) and port.
        case address(host: String, port: Int)
        /// Use a listening TCP socket passed by systemd socket activation.
        case descriptor(CInt)
    }

    public var listener: Listener
    /// The bearer token clients must present (`Authorization: Bearer ...`, or `token=` in the
    /// query for EventSource, which cannot send headers). Nil: none, which is allowed only on a
    /// loopback address.
    public var token: String?

    public init(listener: Listener, token: String? = nil) {
        self.listener = listener
        self.token = token
    }

    /// The `FileDescriptorName=` of the HTTP socket in `vigie-http.socket`.
    public static let socketName = "http"

    /// Parses `HOST:PORT`, `[IPV6]:PORT` or `:PORT` (loopback); nil when it is not one.
    public static func parseAddress(_ text: String) -> (host: String, port: Int)? {
        var host: Substring
        var port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        if host.isEmpty { host = "127.0.0.1" }
        guard let number = Int(port), (1...65535).contains(number), !host.contains(" ") else { return nil }
        return (String(host), number)
    }

    /// Whether `host` (an address literal or `localhost`) only accepts connections from this machine.
    public static func isLoopback(host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Whether the listening socket `fd` is bound to a loopback address.
    public static func isLoopback(descriptor fd: CInt) -> Bool {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { return false }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    UInt32(bigEndian: $0.pointee.sin_addr.s_addr) >> 24 == 127
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                    withUnsafeBytes(of: p.pointee.sin6_addr) { bytes in
                        bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
                    }
                }
            }
        default:
            return false
        }
    }
}

extension HTTPConfiguration.Listener: CustomStringConvertible {
    public var description: String {
        switch self {
        case .address(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .descriptor(let fd): "descriptor \(fd)"
        }
    }
}
