import Foundation
import Synchronization
import VigieDaemon
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The directory holding the built `vigied` and `vigie`: `$VIGIE_BIN_DIR`, else the first
/// directory above the running test binary that contains `vigied`.
func binaryDirectory() throws -> String {
    if let dir = ProcessInfo.processInfo.environment["VIGIE_BIN_DIR"], !dir.isEmpty { return dir }
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<6 {
        if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("vigied").path) { return url.path }
        url.deleteLastPathComponent()
    }
    throw TestFailure(
        "vigied not found near \(CommandLine.arguments[0]); run `swift build --build-tests` or set VIGIE_BIN_DIR")
}

/// Writes events into the durable log of a state directory, with the daemon's own `EventLog`,
/// while no daemon runs there. Returns the last seq.
@discardableResult
func seedLog(
    state: String, records: [EventRecord], segmentBytes: Int? = nil, retentionBytes: Int64? = nil
) throws -> (first: UInt64, last: UInt64) {
    var configuration = EventLogConfiguration(directory: state + "/log")
    configuration.fsync = .never
    if let segmentBytes { configuration.segmentBytes = segmentBytes }
    if let retentionBytes { configuration.retentionBytes = retentionBytes }
    let log = try EventLog(configuration: configuration)
    defer { log.close() }
    // The log rolls segments between appends: small appends when small segments are wanted.
    let batch = segmentBytes == nil ? 500 : 5
    for chunk in stride(from: 0, to: records.count, by: batch) {
        _ = try log.append(Array(records[chunk..<min(records.count, chunk + batch)]))
    }
    try log.sync()
    if retentionBytes != nil { _ = try log.enforceRetention() }
    return log.currentBounds()
}

/// A child process whose stdout arrives line by line (read on a dedicated thread, so the test's
/// tasks never block).
final class ChildProcess: @unchecked Sendable {
    // Mutated only by the owning test task.
    let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private var iterator: AsyncStream<[UInt8]>.AsyncIterator
    private let exited: AsyncStream<Int32>
    private var exitIterator: AsyncStream<Int32>.AsyncIterator

    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stderrPath: String? = nil
    ) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        if let stderrPath {
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
        }
        let (lines, sink) = AsyncStream.makeStream(of: [UInt8].self)
        iterator = lines.makeAsyncIterator()
        let (exits, exitSink) = AsyncStream.makeStream(of: Int32.self)
        exited = exits
        exitIterator = exits.makeAsyncIterator()
        process.terminationHandler = { process in
            exitSink.yield(process.terminationStatus)
            exitSink.finish()
        }
        try process.run()
        let handle = stdoutPipe.fileHandleForReading
        let thread = Thread {
            var pending: [UInt8] = []
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                pending.append(contentsOf: data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    sink.yield(Array(pending[..<newline]))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { sink.yield(pending) }
            sink.finish()
        }
        thread.start()
    }

    func write(_ text: String) {
        stdinPipe.fileHandleForWriting.write(Data(text.utf8))
    }

    func closeInput() {
        try? stdinPipe.fileHandleForWriting.close()
    }

    func nextLine() async -> [UInt8]? { await iterator.next() }

    func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits for the exit status.
    func wait() async -> Int32 {
        await exitIterator.next() ?? process.terminationStatus
    }
}

/// A real `vigied` on private directories.
final class VigiedProcess: @unchecked Sendable {
    let root: String
    let drop: String
    let state: String
    let socket: String
    let environment: [String: String]
    private(set) var child: ChildProcess?
    private var runs = 0

    init(environment: [String: String] = [:]) throws {
        root = try makeTemporaryDirectory()
        drop = root + "/drop"
        state = root + "/state"
        socket = root + "/events.sock"
        self.environment = environment
        try FileManager.default.createDirectory(atPath: drop, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
    }

    func start() async throws {
        runs += 1
        let child = try ChildProcess(
            try binaryDirectory() + "/vigied",
            ["--drop", drop, "--state", state, "--socket", socket, "--log-level", "warning"],
            environment: environment, stderrPath: root + "/vigied-\(runs).log")
        self.child = child
        for _ in 0..<1000 {
            if let fd = try? rawConnect(socket) {
                close(fd)
                return
            }
            if !child.process.isRunning { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        let log = (try? String(contentsOfFile: root + "/vigied-\(runs).log", encoding: .utf8)) ?? ""
        throw TestFailure("vigied did not listen on \(socket): \(log)")
    }

    /// SIGTERM, then the exit status.
    @discardableResult
    func stop() async -> Int32 {
        guard let child else { return -1 }
        child.signal(SIGTERM)
        let status = await child.wait()
        self.child = nil
        return status
    }

    func cleanUp() async {
        if let child {
            child.signal(SIGKILL)
            _ = await child.wait()
        }
        removeTree(root)
    }
}
