import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Errors of the test support code, with what went wrong.
struct SupportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Where the built executables are: `$VIGIE_BIN_DIR`, else the first directory above the
/// running test binary that holds `vigie-systemd-probe`.
func binDirectory() throws -> URL {
    if let dir = ProcessInfo.processInfo.environment["VIGIE_BIN_DIR"] { return URL(fileURLWithPath: dir) }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    while dir.path != "/" {
        if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("vigie-systemd-probe").path) {
            return dir
        }
        dir = dir.deletingLastPathComponent()
    }
    throw SupportError("vigie-systemd-probe not found above \(CommandLine.arguments[0]); run swift build --build-tests")
}

/// The package root (for deploy/ and scripts/).
func packageRoot() -> URL {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        dir = dir.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}

/// A fresh private directory (mkdtemp) removed by `remove()`.
struct TempDir {
    let url: URL
    init() throws {
        var template = Array((NSTemporaryDirectory() + "/vigie-systemd-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SupportError("mkdtemp failed: errno \(errno)")
        }
        url = URL(fileURLWithPath: String(cString: made))
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A child process with captured stdout/stderr files.
final class Child: @unchecked Sendable {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    init(_ executable: String, _ arguments: [String], environment: [String: String], in dir: TempDir) throws {
        let tag = UUID().uuidString.prefix(8)
        stdoutPath = dir.path("out-\(tag)")
        stderrPath = dir.path("err-\(tag)")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits for exit (killing the child after `timeout`) and returns the exit status.
    func wait(timeout: Duration = .seconds(20)) async -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { kill(pid, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    func signal(_ signal: Int32) { kill(pid, signal) }
}

/// The environment of this process minus the systemd variables, plus `extra`.
func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    for key in [
        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
        "JOURNAL_STREAM", "VIGIE_TEST_WEDGE_AFTER",
    ] {
        environment[key] = nil
    }
    environment.merge(extra) { _, new in new }
    return environment
}

/// One notification datagram and the pid the kernel says sent it.
struct Notification: Sendable {
    var text: String
    var pid: Int32
    var assignments: [String] { text.split(separator: "\n").map(String.init) }
}

/// A real `NOTIFY_SOCKET`: an AF_UNIX datagram socket with SO_PASSCRED, as systemd listens.
final class NotifyListener: @unchecked Sendable {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SupportError("socket: errno \(errno)") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw SupportError("path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw SupportError("bind \(path): errno \(errno)") }
    }

    deinit { close(fd) }

    /// The next datagram, or nil when none arrives within `timeout`. Polls without blocking and
    /// sleeps in between: tests run in parallel on the few threads of the cooperative pool.
    func receive(timeout: Duration = .seconds(10)) async -> Notification? {
        let deadline = ContinuousClock.now + timeout
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) > 0 { break }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var control = [UInt8](repeating: 0, count: 256)
        var received = 0
        var pid: Int32 = -1
        buffer.withUnsafeMutableBytes { data in
            control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlBytes.count
                    received = recvmsg(fd, &message, 0)
                    // SCM_CREDENTIALS: struct ucred (pid, uid, gid) after the cmsghdr.
                    if received >= 0, message.msg_controllen >= MemoryLayout<cmsghdr>.size {
                        let header = controlBytes.load(as: cmsghdr.self)
                        if header.cmsg_level == SOL_SOCKET,
                            header.cmsg_type == 2 /* SCM_CREDENTIALS, not imported from glibc */
                        {
                            pid = controlBytes.load(fromByteOffset: MemoryLayout<cmsghdr>.size, as: Int32.self)
                        }
                    }
                }
            }
        }
        guard received >= 0 else { return nil }
        return Notification(text: String(decoding: buffer.prefix(received), as: UTF8.self), pid: pid)
    }

    /// Datagrams until one contains `assignment` (included), or nil on timeout.
    func receive(until assignment: String, timeout: Duration = .seconds(10)) async -> [Notification]? {
        var seen: [Notification] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let next = await receive(timeout: deadline - ContinuousClock.now) else { return nil }
            seen.append(next)
            if next.assignments.contains(assignment) { return seen }
        }
        return nil
    }
}

/// Runs a command to completion and returns (status, stdout + stderr). Output goes through a
/// file, not a pipe: a pipe's write end can leak into children other tests spawn concurrently,
/// and reading it would then wait for them.
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> (
    status: Int32, output: String
) {
    let dir = try TempDir()
    defer { dir.remove() }
    let outputPath = dir.path("output")
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    try output.close()
    return (process.terminationStatus, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
}
