import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// The listening sockets systemd passed to this process (socket activation:
/// `LISTEN_FDS`, `LISTEN_PID`, `LISTEN_FDNAMES`), read with `sd_listen_fds_with_names(3)`.
public struct ListenedSockets: Sendable {
    /// One passed descriptor and its `FileDescriptorName=`.
    public struct Socket: Sendable, Equatable {
        public var fileDescriptor: CInt
        public var name: String
    }

    /// The `FileDescriptorName=` of the subscriber socket in `vigie.socket`.
    public static let eventsName = "events"

    /// Every passed descriptor, in order, starting at fd 3.
    public let sockets: [Socket]

    /// Reads the passed descriptors once and removes the variables from the environment, so
    /// child processes do not think the sockets are theirs. Answers an empty set when systemd
    /// passed nothing or passed them to another process (`LISTEN_PID` differs).
    public static func fromEnvironment() -> ListenedSockets {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        let count = sd_listen_fds_with_names(1, &names)
        defer {
            if let names {
                var index = 0
                while let name = names[index] {
                    free(name)
                    index += 1
                }
                free(names)
            }
        }
        guard count > 0 else { return ListenedSockets(sockets: []) }
        var sockets: [Socket] = []
        for index in 0..<Int(count) {
            let name = names?[index].map { String(cString: $0) } ?? "unknown"
            sockets.append(Socket(fileDescriptor: SD_LISTEN_FDS_START + CInt(index), name: name))
        }
        return ListenedSockets(sockets: sockets)
    }

    /// The listening Unix stream socket named `name`; when systemd passed exactly one socket and
    /// it has no `events` name (a unit without `FileDescriptorName=`), that one. Nil when none
    /// was passed or the descriptor is not a listening Unix stream socket.
    public func listeningSocket(named name: String = ListenedSockets.eventsName) -> CInt? {
        let candidate =
            sockets.first(where: { $0.name == name })
            ?? (sockets.count == 1 ? sockets[0] : nil)
        guard let candidate else { return nil }
        guard sd_is_socket_unix(candidate.fileDescriptor, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0 else {
            return nil
        }
        return candidate.fileDescriptor
    }

    /// The listening TCP socket named `name` (`FileDescriptorName=http` in vigie-http.socket);
    /// nil when none was passed under that name or it is not a listening TCP socket.
    public func listeningTCPSocket(named name: String) -> CInt? {
        guard let candidate = sockets.first(where: { $0.name == name }),
            sd_is_socket_inet(candidate.fileDescriptor, 0, Int32(SOCK_STREAM.rawValue), 1, 0) > 0
        else { return nil }
        return candidate.fileDescriptor
    }

    /// The bound path of a Unix socket descriptor (for logs and status), if it has one.
    public static func boundPath(of fileDescriptor: CInt) -> String? {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let result = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fileDescriptor, $0, &length) }
        }
        guard result == 0, length > socklen_t(MemoryLayout<sa_family_t>.size) else { return nil }
        let path = withUnsafeBytes(of: address.sun_path) { Array($0.prefix { $0 != 0 }) }
        // An abstract socket starts with a NUL byte and has no path.
        return path.isEmpty ? nil : String(decoding: path, as: UTF8.self)
    }
}
