import Configuration
import Foundation
import Testing
import VigieProtocol

@testable import VigieDaemon

@Suite struct SubjectTests {
    @Test func subjectUsesEventTypeAndFirstActorCountry() {
        var record = Records.make(0..<1)[0]
        record.event = .assault
        record.actor = [Entity(text: "x"), Entity(text: "armée ukrainienne", country: "ukr", sector: .mil)]
        #expect(Subjects.subject(for: record, prefix: "vigie.events") == "vigie.events.ASSAULT.UKR")
    }

    @Test func subjectWithoutActorCountryUsesXXX() {
        var record = Records.make(0..<1)[0]
        record.event = .protest
        record.actor = [Entity(text: "des manifestants", sector: .cvl)]
        #expect(Subjects.subject(for: record, prefix: "p") == "p.PROTEST.XXX")
        record.actor = []
        #expect(Subjects.subject(for: record, prefix: "p") == "p.PROTEST.XXX")
        // A country that would break the subject's tokens is not used.
        record.actor = [Entity(text: "?", country: "F.R*", sector: .gov)]
        #expect(Subjects.subject(for: record, prefix: "p") == "p.PROTEST.XXX")
    }

    @Test func prefixAndStreamNameValidation() {
        #expect(Subjects.isValidPrefix("vigie.events"))
        #expect(!Subjects.isValidPrefix("vigie..events"))
        #expect(!Subjects.isValidPrefix("vigie.>"))
        #expect(!Subjects.isValidPrefix("vigie events"))
        #expect(Subjects.isValidStreamName("VIGIE_2-a"))
        #expect(!Subjects.isValidStreamName("VIGIE.X"))
        #expect(!Subjects.isValidStreamName(""))
    }
}

@Suite struct RedactionTests {
    @Test func passwordsLeaveTheLogs() {
        #expect(JetStreamSink.redacted("nats://vigie:s3cret@h:4222") == "nats://vigie:***@h:4222")
        #expect(JetStreamSink.redacted("nats://token@h:4222") == "nats://token@h:4222")
        #expect(JetStreamSink.redacted("nats://h:4222") == "nats://h:4222")
    }
}

@Suite struct ConfigurationTests {
    @Test func offWithoutURL() {
        #expect(JetStreamConfiguration(natsURL: nil, stateDirectory: "/tmp") == nil)
        #expect(JetStreamConfiguration(natsURL: " , ", stateDirectory: "/tmp") == nil)
    }

    @Test func urlListAndDefaults() throws {
        let c = try #require(
            JetStreamConfiguration(
                natsURL: "nats://a:4222, nats://b:4222,", stateDirectory: "/var/lib/vigie"))
        #expect(c.servers == ["nats://a:4222", "nats://b:4222"])
        #expect(c.stream == "VIGIE")
        #expect(c.subjectPrefix == "vigie.events")
        #expect(c.replicas == 1)
        #expect(c.cursorPath == "/var/lib/vigie/jetstream-VIGIE.cursor")
        try c.validate()
    }

    @Test func validationSaysWhatToFix() {
        var c = JetStreamConfiguration(servers: ["localhost:4222"], stateDirectory: "/tmp")
        #expect(throws: SinkError.self) { try c.validate() }
        c.servers = ["nats://localhost:4222"]
        c.subjectPrefix = "a.*"
        do {
            try c.validate()
            Issue.record("a wildcard prefix was accepted")
        } catch {
            #expect(error.code == .badConfiguration)
            #expect(error.message.contains("vigie.events"))
        }
    }
}

@Suite struct CursorTests {
    @Test func missingCursorIsZeroThenStoredValuesReadBack() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let cursor = SinkCursor(path: dir.path + "/c.cursor")
        #expect(try cursor.load() == 0)
        try cursor.store(42)
        #expect(try cursor.load() == 42)
        try cursor.store(UInt64.max)
        #expect(try cursor.load() == UInt64.max)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/c.cursor.tmp"))
    }

    @Test func corruptCursorIsAnErrorNotAZero() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try "12x\n".write(toFile: dir.path + "/c.cursor", atomically: true, encoding: .utf8)
        #expect(throws: SinkError.self) { try SinkCursor(path: dir.path + "/c.cursor").load() }
    }

    @Test func unwritableDirectoryIsACursorError() {
        do {
            try SinkCursor(path: "/nonexistent-vigie-dir/c.cursor").store(1)
            Issue.record("stored a cursor in a missing directory")
        } catch {
            #expect(error.code == .cursor)
        }
    }
}

@Suite struct BackoffTests {
    @Test func doublesUpToTheCapAndResets() {
        var b = Backoff(initial: .milliseconds(100), max: .seconds(1))
        let delays = (0..<6).map { _ in b.next() }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                .seconds(1), .seconds(1),
            ])
        b.reset()
        #expect(b.next() == .milliseconds(100))
    }
}

@Suite struct ConfigReaderTests {
    @Test func flagsTurnTheSinkOn() throws {
        let config = ConfigReader(
            provider: CommandLineArgumentsProvider(arguments: [
                "vigied", "--nats-url", "nats://a:4222,nats://b:4222", "--nats-stream", "EVENTS",
                "--nats-subject-prefix", "eu.vigie", "--nats-replicas", "3", "--nats-creds", "/etc/vigie/x.creds",
            ]))
        let c = try #require(JetStreamConfiguration(config: config, stateDirectory: "/s"))
        #expect(c.servers == ["nats://a:4222", "nats://b:4222"])
        #expect(c.stream == "EVENTS")
        #expect(c.subjectPrefix == "eu.vigie")
        #expect(c.replicas == 3)
        #expect(c.credentialsFile == "/etc/vigie/x.creds")
    }

    @Test func aFileGivesTheURLsAsAString() throws {
        let config = ConfigReader(
            provider: InMemoryProvider(values: ["natsUrl": "nats://a:4222, nats://b:4222"]))
        let c = try #require(JetStreamConfiguration(config: config, stateDirectory: "/s"))
        #expect(c.servers == ["nats://a:4222", "nats://b:4222"])
        #expect(c.stream == "VIGIE")
    }
}

@Suite struct DaemonConfigurationTests {
    @Test func offByDefault() async throws {
        guard case .run(let c) = try await ConfigurationLoader.load(arguments: [], environment: [:]) else {
            Issue.record("expected a run command")
            return
        }
        #expect(c.jetStream == nil)
    }

    @Test func vigiedFlagsAndEnvironment() async throws {
        let command = try await ConfigurationLoader.load(
            arguments: [
                "--state", "/var/lib/v", "--nats-url", "nats://n1:4222,nats://n2:4222", "--nats-replicas", "3",
            ],
            environment: ["VIGIE_NATS_STREAM": "EU"])
        guard case .run(let c) = command, let js = c.jetStream else {
            Issue.record("the sink is not configured: \(command)")
            return
        }
        #expect(js.servers == ["nats://n1:4222", "nats://n2:4222"])
        #expect(js.replicas == 3)
        #expect(js.stream == "EU")
        #expect(js.cursorPath == "/var/lib/v/jetstream-EU.cursor")
    }

    @Test func badValuesAreConfigurationErrors() async {
        for arguments in [
            ["--nats-url", "localhost:4222"], ["--nats-url", "nats://a:1", "--nats-replicas", "x"],
            ["--nats-url", "nats://a:1", "--nats-creds", "/nonexistent/vigie.creds"],
            ["--nats-url", "nats://a:1", "--nats-stream", "A.B"],
        ] {
            await #expect(throws: ConfigurationError.self) {
                _ = try await ConfigurationLoader.load(arguments: arguments, environment: [:])
            }
        }
    }
}

/// The example in deploy/nats stays usable.
@Suite struct DeployExampleTests {
    static let deployDirectory: String = {
        // Tests/SinkTests/SinkUnitTests.swift -> the package root.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/deploy/nats"
    }()

    @Test(.enabled(if: NatsServer.executable != nil, "nats-server is not installed"))
    func serverConfigsAreValid() throws {
        for i in 1...3 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: try #require(NatsServer.executable))
            p.arguments = ["-t", "-c", Self.deployDirectory + "/nats-\(i).conf"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "nats-\(i).conf is not a valid nats-server configuration")
        }
    }

    @Test func vigiedSnippetConfiguresTheSink() async throws {
        let command = try await ConfigurationLoader.load(
            arguments: ["--config", Self.deployDirectory + "/vigied-nats.json"], environment: [:])
        guard case .run(let c) = command, let js = c.jetStream else {
            Issue.record("the snippet does not turn the sink on")
            return
        }
        #expect(js.servers.count == 3)
        #expect(js.replicas == 3)
        #expect(js.stream == "VIGIE")
    }
}
