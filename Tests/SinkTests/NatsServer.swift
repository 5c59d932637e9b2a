import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real `nats-server -js` process on loopback, with its own store directory, started and
/// stopped by a test.
final class NatsServer: @unchecked Sendable {
    // @unchecked: `process` is touched only by the test that owns the server, one call at a time.

    /// The installed nats-server, or nil (the tests then skip, saying so).
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/bin", "/usr/bin"]
        return dirs.map { $0 + "/nats-server" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    let name: String
    let clientPort: Int
    let directory: String
    let configPath: String
    private var process: Process?

    var url: String { "nats://127.0.0.1:\(clientPort)" }

    /// A standalone server, or a cluster member when `clusterPort` and `routes` are given.
    init(
        name: String, directory: String, clientPort: Int, clusterPort: Int? = nil,
        routes: [Int] = [], user: (name: String, password: String)? = nil
    ) throws {
        self.name = name
        self.clientPort = clientPort
        self.directory = directory
        self.configPath = directory + "/\(name).conf"
        var config = """
            server_name: \(name)
            listen: 127.0.0.1:\(clientPort)
            jetstream {
                store_dir: "\(directory)/\(name)-store"
            }

            """
        if let user {
            config += """
                authorization {
                    user: \(user.name)
                    password: \(user.password)
                }

                """
        }
        if let clusterPort {
            config += """
                cluster {
                    name: vigie-test
                    listen: 127.0.0.1:\(clusterPort)
                    routes: [\(routes.map { "nats://127.0.0.1:\($0)" }.joined(separator: ", "))]
                }

                """
        }
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        guard let executable = Self.executable else { throw TestFailure("nats-server is not installed") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["-c", configPath, "-l", directory + "/\(name).log"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if Self.canConnect(port: clientPort) { return }
            usleep(50_000)
        }
        throw TestFailure("nats-server \(name) did not listen on \(clientPort); see \(directory)/\(name).log")
    }

    /// Stops the server gracefully (SIGTERM) and waits for it to exit.
    func stop() { signalAndWait(SIGTERM) }

    /// Kills the server (SIGKILL), as a crash would.
    func kill() { signalAndWait(SIGKILL) }

    private func signalAndWait(_ signal: Int32) {
        guard let p = process, p.isRunning else { return }
        Glibc.kill(p.processIdentifier, signal)
        p.waitUntilExit()
        process = nil
    }

    deinit {
        if let p = process, p.isRunning {
            Glibc.kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return rc == 0
    }

    /// Loopback ports nobody listens on now (the kernel picks them; closed before use).
    static func freePorts(_ count: Int) -> [Int] {
        var fds: [Int32] = []
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = 0
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
            }
            _ = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
            }
            ports.append(Int(UInt16(bigEndian: addr.sin_port)))
            fds.append(fd)
        }
        fds.forEach { close($0) }
        return ports
    }
}

/// A unique temporary directory, removed by `remove()`.
struct TempDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/vigie-sink-XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        path = String(cString: p)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
