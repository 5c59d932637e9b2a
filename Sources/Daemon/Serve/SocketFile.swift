#if canImport(Glibc)
    import Glibc
#endif

/// Why the server could not listen.
public struct ServerStartError: Error, CustomStringConvertible, Sendable {
    /// Stable codes.
    public enum Code: String, Sendable {
        /// Another process accepts connections on the socket path.
        case socketInUse = "socket_in_use"
        /// Something that is not a socket sits at the socket path.
        case notASocket = "not_a_socket"
        /// The directory or the socket file cannot be created, removed or bound.
        case cannotBind = "cannot_bind"
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let cause { text += " (\(cause))" }
        return text
    }
}

/// The socket file on disk: checks before binding, permissions after, removal at the end.
enum SocketFile {
    /// Makes `path` free to bind: creates the parent directory if needed, removes a stale socket
    /// (one nobody accepts on, left by a crash), refuses a live socket or any other kind of file.
    static func prepare(_ path: String) throws(ServerStartError) {
        let parent = parentDirectory(of: path)
        if !parent.isEmpty, mkdir(parent, 0o755) != 0, errno != EEXIST {
            throw ServerStartError(
                code: .cannotBind,
                message: "cannot create the socket directory \(parent): \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFSOCK else {
            throw ServerStartError(
                code: .notASocket,
                message: "\(path) exists and is not a socket; remove it or choose another socket path")
        }
        if isLive(path) {
            throw ServerStartError(
                code: .socketInUse,
                message:
                    "another process (another vigied?) accepts connections on \(path); stop it or choose another socket path"
            )
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ServerStartError(
                code: .cannotBind,
                message: "cannot remove the stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Whether something accepts connections on the socket at `path`.
    static func isLive(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard var address = unixAddress(path) else { return false }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        // ECONNREFUSED: a socket file with no listener behind it, i.e. stale.
        return result == 0 || errno == EAGAIN
    }

    static func setMode(_ path: String, _ mode: UInt32) throws(ServerStartError) {
        guard chmod(path, mode_t(mode)) == 0 else {
            throw ServerStartError(
                code: .cannotBind,
                message: "cannot set mode \(String(mode, radix: 8)) on \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func rename(_ from: String, to: String) throws(ServerStartError) {
        guard Glibc.rename(from, to) == 0 else {
            throw ServerStartError(
                code: .cannotBind,
                message: "cannot move the socket \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the socket file if it is still a socket (never anything else).
    static func remove(_ path: String) {
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func unixAddress(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }
}
