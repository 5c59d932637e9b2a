import Foundation
import Testing
import VigieProtocol

@testable import VigieDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// The real `vigied` binary with `--nats-url`, fed the seed dispatches.
@Suite(
    .enabled(
        if: NatsServer.executable != nil,
        "nats-server is not installed: run scripts/install-deps.sh nats (make test does)"))
struct VigiedSinkTests {
    /// `$VIGIE_BIN_DIR`, else the first ancestor of the test binary holding `vigied`.
    static func vigied() throws -> String {
        if let dir = ProcessInfo.processInfo.environment["VIGIE_BIN_DIR"] { return dir + "/vigied" }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent("vigied").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        throw TestFailure("vigied not found near \(CommandLine.arguments[0]); run swift build --build-tests")
    }

    static let seeds: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/seeds"
    }()

    func run(_ executable: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func vigiedPublishesTheEventsOfDroppedDispatches() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(name: "vigied", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }
        let vigied = try Self.vigied()
        let paths = ["--drop", dir.path + "/drop", "--state", dir.path + "/state", "--socket", dir.path + "/s.sock"]
        try FileManager.default.createDirectory(atPath: dir.path + "/drop", withIntermediateDirectories: true)

        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: vigied)
        daemon.arguments = paths + ["--nats-url", server.url]
        _ = FileManager.default.createFile(atPath: dir.path + "/vigied.log", contents: nil)
        daemon.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.path + "/vigied.log"))
        try daemon.run()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }

        let seeds = try FileManager.default.contentsOfDirectory(atPath: Self.seeds).filter { $0.hasSuffix(".txt") }
        #expect(!seeds.isEmpty)
        for name in seeds {
            try FileManager.default.copyItem(atPath: Self.seeds + "/" + name, toPath: dir.path + "/drop/" + name)
        }
        // Every dispatch finished, then every logged event acknowledged by the stream.
        let deadline = Date().addingTimeInterval(60)
        while try run(vigied, ["--dump-ledger"] + paths).split(separator: "\n")
            .filter({ $0.contains(#""kind":"finished""#) }).count < seeds.count
        {
            guard Date() < deadline, daemon.isRunning else { throw TestFailure("dispatches not all processed") }
            try await Task.sleep(for: .milliseconds(100))
        }
        let logged = try run(vigied, ["--dump-log"] + paths).split(separator: "\n").count
        let cursor = SinkCursor(path: dir.path + "/state/jetstream-VIGIE.cursor")
        while try cursor.load() < UInt64(logged) {
            guard Date() < deadline, daemon.isRunning else { throw TestFailure("events not all published") }
            try await Task.sleep(for: .milliseconds(100))
        }
        let reader = try JetStreamClient(
            configuration: JetStreamConfiguration(servers: [server.url], stateDirectory: dir.path))
        while (try? reader.streamState("VIGIE")) == nil {
            guard Date() < deadline, daemon.isRunning else { throw TestFailure("the stream was not created") }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)

        let log = try EventLog(configuration: EventLogConfiguration(directory: dir.path + "/state/log"), readOnly: true)
        defer { log.close() }
        let events = try log.all()
        #expect(events.count == logged)
        if events.isEmpty {
            // Nothing to publish, but the stream is there for consumers.
            print(
                "vigied + JetStream: the extractor found no event in \(seeds.count) seeds; only start, stream creation and stop were checked"
            )
            #expect(try reader.streamState("VIGIE").messages == 0)
        } else {
            print("vigied + JetStream: \(events.count) events from \(seeds.count) seeds, all in the stream once")
            try await JetStreamSinkTests().expectStreamMatchesLog(reader, log)
        }
    }
}
