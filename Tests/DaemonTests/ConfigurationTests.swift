import Foundation
import Logging
import Testing

@testable import VigieDaemon

@Suite struct ConfigurationTests {
    func load(_ args: [String], _ env: [String: String] = [:]) async throws -> DaemonConfiguration {
        guard case .run(let c) = try await ConfigurationLoader.load(arguments: args, environment: env) else {
            Issue.record("expected a run command")
            throw CancellationError()
        }
        return c
    }

    @Test func defaultsForAFirstRunLiveUnderDotVigie() async throws {
        let c = try await load([])
        #expect(c.dropDirectory == ".vigie/drop")
        #expect(c.stateDirectory == ".vigie/state")
        #expect(c.socketPath == ".vigie/events.sock")
        #expect(c.fsync == .always)
        #expect(c.disposition == .keep)
        #expect(c.incremental)
        #expect(c.maxDispatchBytes == 4 << 20)
        #expect(c.eventLog.directory == ".vigie/state/log")
    }

    @Test func systemdDirectoriesGiveTheDefaults() async throws {
        let c = try await load([], ["STATE_DIRECTORY": "/var/lib/vigie", "RUNTIME_DIRECTORY": "/run/vigie"])
        #expect(c.stateDirectory == "/var/lib/vigie")
        #expect(c.socketPath == "/run/vigie/events.sock")
        #expect(c.dropDirectory == "/var/spool/vigie/drop")
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() async throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        writeFile(
            dir + "/vigied.json",
            #"{"drop": "/file/drop", "state": "/file/state", "socket": "/file/s.sock", "segmentBytes": 8192, "fsync": "batch", "incremental": false}"#
        )
        let c = try await load(
            ["--config", dir + "/vigied.json", "--drop", "/flag/drop", "--max-dispatch-bytes", "1000"],
            ["VIGIE_DROP": "/env/drop", "VIGIE_STATE": "/env/state", "VIGIE_DISPOSITION": "move"])
        #expect(c.dropDirectory == "/flag/drop")
        #expect(c.stateDirectory == "/env/state")
        #expect(c.socketPath == "/file/s.sock")
        #expect(c.segmentBytes == 8192)
        #expect(c.fsync == .batch)
        #expect(!c.incremental)
        #expect(c.maxDispatchBytes == 1000)
        #expect(c.disposition == .move)
        #expect(c.configFile == dir + "/vigied.json")
    }

    @Test func subscriberLimitsComeFromFlagsEnvironmentAndTheFile() async throws {
        let defaults = try await load([])
        #expect(defaults.server == ServerConfiguration())
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        writeFile(
            dir + "/vigied.json",
            #"{"heartbeatSeconds": 30, "maxConnections": 100, "sharedCacheBytes": 1048576, "maxLineBytes": 2048}"#)
        let c = try await load(
            ["--config", dir + "/vigied.json", "--slow-consumer-seconds", "2.5", "--max-line-bytes", "512"],
            [
                "VIGIE_OUTBOUND_BUFFER_BYTES": "65536", "VIGIE_CLOSE_GRACE_SECONDS": "0.25",
                "VIGIE_MAX_CONNECTIONS": "50",
            ])
        #expect(c.server.heartbeatInterval == .seconds(30))
        #expect(c.server.slowConsumerTimeout == .milliseconds(2500))
        #expect(c.server.closeGrace == .milliseconds(250))
        #expect(c.server.outboundBufferBytes == 65536)
        #expect(c.server.maxConnections == 50)
        #expect(c.server.maxLineBytes == 512)
        #expect(c.server.sharedCacheBytes == 1 << 20)
        await #expect(throws: ConfigurationError.self) {
            _ = try await ConfigurationLoader.load(arguments: ["--heartbeat-seconds", "0"], environment: [:])
        }
        await #expect(throws: ConfigurationError.self) {
            _ = try await ConfigurationLoader.load(arguments: [], environment: ["VIGIE_MAX_CONNECTIONS": "many"])
        }
    }

    @Test func theConfigFileCanComeFromTheEnvironmentOrSystemd() async throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        writeFile(dir + "/vigied.json", #"{"logLevel": "debug", "retentionSeconds": 0}"#)
        let a = try await load([], ["VIGIE_CONFIG": dir + "/vigied.json"])
        #expect(a.logLevel == .debug)
        #expect(a.eventLog.retentionAge == nil)
        let b = try await load([], ["CONFIGURATION_DIRECTORY": dir])
        #expect(b.logLevel == .debug)
    }

    @Test func equalsSignFormAndFlagNames() async throws {
        let c = try await load(["--drop=/d", "--fsync=never", "--health-deadline", "2.5"])
        #expect(c.dropDirectory == "/d")
        #expect(c.fsync == .never)
        #expect(c.healthDeadlineSeconds == 2.5)
        #expect(
            DaemonOption.all.first { $0.key == "maxDispatchBytes" }?.environmentVariable == "VIGIE_MAX_DISPATCH_BYTES")
    }

    @Test(arguments: [
        (["--fsync", "sometimes"], ConfigurationError.Code.badValue),
        (["--segment-bytes", "12"], .badValue),
        (["--disposition", "shred"], .badValue),
        (["--incremental", "maybe"], .badValue),
        (["--log-level", "loud"], .badValue),
        (["--frobnicate", "1"], .unknownOption),
        (["--config", "/nonexistent/vigied.json"], .badFile),
    ])
    func badConfigurationsAreRefusedWithTheirCode(args: [String], code: ConfigurationError.Code) async {
        await #expect {
            _ = try await ConfigurationLoader.load(arguments: args, environment: [:])
        } throws: { error in
            guard let e = error as? ConfigurationError else { return false }
            return e.code == code && !e.message.isEmpty
        }
    }

    @Test func aConfigFileThatIsNotJSONIsRefused() async {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        writeFile(dir + "/bad.json", "drop = here")
        await #expect(throws: ConfigurationError.self) {
            _ = try await ConfigurationLoader.load(arguments: ["--config", dir + "/bad.json"], environment: [:])
        }
    }

    @Test func helpAndDumpCommands() async throws {
        #expect(try await ConfigurationLoader.load(arguments: ["--help"], environment: [:]) == .help)
        let usage = ConfigurationLoader.usage()
        for o in DaemonOption.all { #expect(usage.contains(o.flag)) }
        guard
            case .dumpLog(let c) = try await ConfigurationLoader.load(
                arguments: ["--dump-log", "--state", "/s"], environment: [:])
        else {
            Issue.record("expected dumpLog")
            return
        }
        #expect(c.stateDirectory == "/s")
    }
}

@Suite struct LexiconDirectoryTests {
    @Test func lexiconsComeFromTheConfiguredDirectoryWithLineNumberedErrors() async throws {
        guard case .run(let c) = try await ConfigurationLoader.load(arguments: [], environment: [:]) else {
            Issue.record("expected a run command")
            return
        }
        #expect(c.lexiconDirectory == nil)
        guard
            case .run(let flagged) = try await ConfigurationLoader.load(
                arguments: ["--lexicons", "/srv/lexicons"], environment: [:])
        else {
            Issue.record("expected a run command")
            return
        }
        #expect(flagged.lexiconDirectory == "/srv/lexicons")

        // A copy of the built-in lexicons loads; one bad line is reported with its file and line.
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let source = try #require(lexiconSourceDirectory())
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dir + "/" + name)
        }
        let extractor = try loadDaemonExtractor(lexiconDirectory: dir)
        #expect(!extractor.lexiconVersion.isEmpty)
        let predicates = dir + "/predicates.tsv"
        var text = try String(contentsOfFile: predicates, encoding: .utf8)
        text += "une ligne sans tabulation\n"
        try text.write(toFile: predicates, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        do {
            _ = try loadDaemonExtractor(lexiconDirectory: dir)
            Issue.record("a malformed lexicon was accepted")
        } catch {
            #expect("\(error)".contains("predicates.tsv:\(lines)"), "\(error)")
        }
    }

    /// The lexicons in the source tree, found from this file's path.
    func lexiconSourceDirectory() -> String? {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Extractor/Lexicons").standardized.path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
