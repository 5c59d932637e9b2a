import Foundation
import Logging
import Testing
import VigieProtocol

@testable import VigieDaemon

/// End-to-end tests against real `nats-server -js` processes on free loopback ports.
@Suite(
    .enabled(
        if: NatsServer.executable != nil,
        "nats-server is not installed: run scripts/install-deps.sh nats (make test does)"))
struct JetStreamSinkTests {
    static let logger: Logger = {
        var l = Logger(label: "vigie.sink.test")
        l.logLevel = ProcessInfo.processInfo.environment["VIGIE_TEST_LOG"] != nil ? .debug : .critical
        return l
    }()

    func configuration(_ servers: [String], state: String, replicas: Int = 1) -> JetStreamConfiguration {
        JetStreamConfiguration(
            servers: servers, replicas: replicas, ackTimeout: .seconds(2),
            initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(500),
            reconnectWait: .milliseconds(100), stateDirectory: state)
    }

    /// Runs a sink in a task until `stop` is called.
    struct RunningSink {
        let sink: JetStreamSink
        let task: Task<Void, any Error>

        init(_ configuration: JetStreamConfiguration, source: any EventSource) {
            let sink = JetStreamSink(configuration: configuration, source: source, logger: JetStreamSinkTests.logger)
            self.sink = sink
            self.task = Task { try await sink.run() }
        }

        func stop() async throws {
            task.cancel()
            try await task.value
        }
    }

    /// Waits until `condition` holds, checking every 50 ms, or fails after `seconds`.
    func eventually(
        _ what: String, within seconds: Double = 30, pollEvery interval: Duration = .milliseconds(50),
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: interval)
        }
        throw TestFailure("timed out after \(seconds) s waiting for: \(what)")
    }

    /// Reads the whole stream back and checks it holds exactly the log's events, once each, on
    /// the right subjects, with the record JSON as payload.
    func expectStreamMatchesLog(_ client: JetStreamClient, _ log: EventLog) async throws {
        let events = try log.all()
        let state = try client.streamState("VIGIE")
        #expect(state.messages == UInt64(events.count))
        var seen: [String: StoredMessage] = [:]
        for seq in 1...max(state.lastSeq, 1) where state.lastSeq > 0 {
            let m = try client.message(stream: "VIGIE", seq: seq)
            let id = try #require(m.messageID)
            #expect(seen[id] == nil, "event \(id) stored twice")
            seen[id] = m
        }
        #expect(seen.count == events.count)
        for event in events {
            guard let m = seen[event.record.id] else {
                Issue.record("event \(event.record.id) (seq \(event.seq)) is missing from the stream")
                continue
            }
            #expect(m.subject == Subjects.subject(for: event.record, prefix: "vigie.events"))
            #expect(m.payload == event.json)
        }
    }

    @Test func everyEventArrivesOnce() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(name: "solo", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }

        let log = try makeEventLog(in: dir.path)
        try log.append(Records.make(0..<300))
        let sink = RunningSink(configuration([server.url], state: dir.path), source: log)
        // Live events while the backlog is being published.
        try log.append(Records.make(300..<450))
        try await eventually("cursor at 450") { sink.sink.status().cursor == 450 }
        try log.append(Records.make(450..<500))
        try await eventually("cursor at 500") { sink.sink.status().cursor == 500 }
        let status = sink.sink.status()
        try await sink.stop()

        #expect(status.lag == 0)
        #expect(status.published == 500)
        #expect(status.duplicates == 0)
        #expect(try SinkCursor(path: dir.path + "/jetstream-VIGIE.cursor").load() == 500)
        let reader = try JetStreamClient(configuration: configuration([server.url], state: dir.path))
        try await expectStreamMatchesLog(reader, log)
    }

    /// Story versions: a retraction is published on `<prefix>.retract.<EVENT>.<COUNTRY>` with
    /// the `retract` message as payload, and an event that comes back after its retraction is
    /// stored again (its message id carries its seq, so the duplicate window does not drop it).
    @Test func retractionsAndRevivedEventsArePublished() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(name: "solo", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }
        let log = try makeEventLog(in: dir.path)
        let records = Records.make(0..<2)
        try log.commit([StoryUpdate(story: "urn:s", version: 1, records: records)])
        try log.commit([StoryUpdate(story: "urn:s", version: 2, records: [records[1]])])
        try log.commit([StoryUpdate(story: "urn:s", version: 3, records: records)])
        let sink = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("cursor at 4") { sink.sink.status().cursor == 4 }
        try await sink.stop()
        let reader = try JetStreamClient(configuration: configuration([server.url], state: dir.path))
        #expect(try reader.streamState("VIGIE").messages == 4)
        let retract = try reader.message(stream: "VIGIE", seq: 3)
        #expect(retract.subject == Subjects.retractionSubject(for: records[0], prefix: "vigie.events"))
        #expect(retract.subject.hasPrefix("vigie.events.retract."))
        #expect(retract.messageID == "retract-\(records[0].id)-3")
        let message = try LineCodec.decodeServerMessage(retract.payload)
        #expect(
            message == .retract(seq: 3, retraction: Retraction(id: records[0].id, story: "urn:s"), record: records[0]))
        let revived = try reader.message(stream: "VIGIE", seq: 4)
        #expect(revived.messageID == "\(records[0].id)-4")
        #expect(revived.payload == LineCodec.encode(records[0]))
    }

    @Test func serverOutageLosesAndDuplicatesNothing() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(
            name: "outage", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }

        let log = try makeEventLog(in: dir.path)
        try log.append(Records.make(0..<2000))
        let sink = RunningSink(configuration([server.url], state: dir.path), source: log)
        // Stop the server in the middle of the backlog, with batches in flight.
        try await eventually("first batches acknowledged", pollEvery: .milliseconds(2)) {
            sink.sink.status().cursor > 0
        }
        server.stop()
        let stoppedAt = sink.sink.status().cursor
        // The local log keeps growing while the server is away; the sink lags and retries.
        try log.append(Records.make(2000..<2150))
        try await eventually("sink retrying") {
            let s = sink.sink.status()
            return s.state == .retrying && s.failures >= 2
        }
        let during = sink.sink.status()
        #expect(during.lag > 0)
        try await Task.sleep(for: .seconds(1))

        try server.start()
        try await eventually("cursor at 2150 after restart") { sink.sink.status().cursor == 2150 }
        let after = sink.sink.status()
        try await sink.stop()
        print(
            "JetStream outage: server stopped at cursor \(stoppedAt); lag \(during.lag) after \(during.failures) failed attempts (\(during.lastError ?? "-")); after restart \(after.duplicates) republished events dropped as duplicates"
        )

        let reader = try JetStreamClient(configuration: configuration([server.url], state: dir.path))
        try await expectStreamMatchesLog(reader, log)
    }

    @Test func republishingAfterACrashStoresNothingTwice() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(
            name: "dedup", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }

        let log = try makeEventLog(in: dir.path)
        try log.append(Records.make(0..<100))
        let first = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("cursor at 100") { first.sink.status().cursor == 100 }
        try await first.stop()
        // As if the daemon had crashed after the acknowledgements but before the cursor write.
        try SinkCursor(path: dir.path + "/jetstream-VIGIE.cursor").store(40)

        let second = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("cursor at 100 again") { second.sink.status().cursor == 100 }
        let status = second.sink.status()
        try await second.stop()
        #expect(status.duplicates == 60)
        #expect(status.published == 0)

        let reader = try JetStreamClient(configuration: configuration([server.url], state: dir.path))
        try await expectStreamMatchesLog(reader, log)
    }

    @Test func sinkStartedBeforeTheServerPublishesOnceItComes() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(
            name: "late", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        defer { server.stop() }

        let log = try makeEventLog(in: dir.path)
        try log.append(Records.make(0..<30))
        let sink = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("sink retrying without a server") {
            let s = sink.sink.status()
            return s.state == .retrying && s.lag == 30
        }
        try server.start()
        try await eventually("cursor at 30") { sink.sink.status().cursor == 30 }
        try await sink.stop()
        let reader = try JetStreamClient(configuration: configuration([server.url], state: dir.path))
        try await expectStreamMatchesLog(reader, log)
    }

    @Test func passwordInTheURLAuthenticates() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let port = NatsServer.freePorts(1)[0]
        let server = try NatsServer(
            name: "auth", directory: dir.path, clientPort: port, user: ("vigie", "s3cret"))
        try server.start()
        defer { server.stop() }

        let log = try makeEventLog(in: dir.path)
        try log.append(Records.make(0..<20))
        // A wrong password: the sink keeps retrying and publishes nothing.
        let refused = RunningSink(
            configuration(["nats://vigie:wrong@127.0.0.1:\(port)"], state: dir.path), source: log)
        try await eventually("refused sink retrying") { refused.sink.status().failures >= 2 }
        #expect(refused.sink.status().cursor == 0)
        let refusal = refused.sink.status().lastError ?? ""
        #expect(refusal.localizedCaseInsensitiveContains("authoriz"), "\(refusal)")
        try await refused.stop()

        let url = "nats://vigie:s3cret@127.0.0.1:\(port)"
        let sink = RunningSink(configuration([url], state: dir.path), source: log)
        try await eventually("cursor at 20") { sink.sink.status().cursor == 20 }
        try await sink.stop()
        let reader = try JetStreamClient(configuration: configuration([url], state: dir.path))
        try await expectStreamMatchesLog(reader, log)
    }

    @Test func eventsRetainedAwayBeforePublishingAreSkipped() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(
            name: "gap", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }

        // Small segments and a small size limit: retention drops the oldest events before the
        // sink ever runs.
        var logConfiguration = EventLogConfiguration(directory: dir.path + "/log")
        logConfiguration.fsync = .never
        logConfiguration.segmentBytes = 8192
        logConfiguration.retentionBytes = 16384
        let log = try EventLog(configuration: logConfiguration)
        for chunk in stride(from: 0, to: 200, by: 10) { try log.append(Records.make(chunk..<chunk + 10)) }
        try log.enforceRetention()
        let (first, last) = log.currentBounds()
        try #require(first > 1, "retention dropped nothing; the test needs a gap")

        let sink = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("cursor at \(last)") { sink.sink.status().cursor == last }
        let status = sink.sink.status()
        try await sink.stop()
        #expect(status.published == Int(last - first + 1))
        let reader = try JetStreamClient(configuration: configuration([server.url], state: dir.path))
        try await expectStreamMatchesLog(reader, log)
    }

    @Test func aDeletedStreamIsCreatedAgain() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(
            name: "deleted", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }

        let log = try makeEventLog(in: dir.path)
        try log.append(Records.make(0..<40))
        let sink = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("cursor at 40") { sink.sink.status().cursor == 40 }
        let reader = try JetStreamClient(configuration: configuration([server.url], state: dir.path))
        try reader.deleteStream("VIGIE")

        try log.append(Records.make(40..<60))
        try await eventually("cursor at 60") { sink.sink.status().cursor == 60 }
        let status = sink.sink.status()
        try await sink.stop()
        #expect(status.failures == 0)
        // The new stream holds what was published after the deletion.
        let state = try reader.streamState("VIGIE")
        #expect(state.messages == 20)
    }

    @Test func publishingThroughputFigure() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(
            name: "bench", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }
        let log = try makeEventLog(in: dir.path)
        let count = 5000
        try log.append(Records.make(0..<count))
        let clock = ContinuousClock()
        let started = clock.now
        let sink = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("cursor at \(count)", pollEvery: .milliseconds(5)) {
            sink.sink.status().cursor == UInt64(count)
        }
        let elapsed = clock.now - started
        try await sink.stop()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let bytes = try log.all().reduce(0) { $0 + $1.json.count }
        print(
            "JetStream throughput: \(count) events (\(bytes / count) B each) in \(String(format: "%.2f", seconds)) s = \(Int(Double(count) / seconds)) events/s (batches of 256, file storage, loopback, debug build)"
        )
        #expect(sink.sink.status().published == count)
    }

    @Test func restartedSinkResumesFromItsCursor() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(name: "resume", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }

        let log = try makeEventLog(in: dir.path)
        try log.append(Records.make(0..<120))
        let first = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("cursor at 120") { first.sink.status().cursor == 120 }
        try await first.stop()
        #expect(try SinkCursor(path: dir.path + "/jetstream-VIGIE.cursor").load() == 120)

        try log.append(Records.make(120..<200))
        let second = RunningSink(configuration([server.url], state: dir.path), source: log)
        try await eventually("cursor at 200") { second.sink.status().cursor == 200 }
        let status = second.sink.status()
        try await second.stop()
        // Resumed after 120: nothing was published again, not even as a dropped duplicate.
        #expect(status.published == 80)
        #expect(status.duplicates == 0)

        let reader = try JetStreamClient(configuration: configuration([server.url], state: dir.path))
        try await expectStreamMatchesLog(reader, log)
    }

    @Test func clusterKeepsPublishingWhenOneNodeDies() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let ports = NatsServer.freePorts(6)
        let clientPorts = Array(ports[0..<3])
        let clusterPorts = Array(ports[3..<6])
        let nodes = try (0..<3).map { i in
            try NatsServer(
                name: "n\(i + 1)", directory: dir.path, clientPort: clientPorts[i],
                clusterPort: clusterPorts[i], routes: clusterPorts.enumerated().filter { $0.offset != i }.map(\.element)
            )
        }
        for node in nodes { try node.start() }
        defer { nodes.forEach { $0.stop() } }
        let urls = nodes.map(\.url)

        let log = try makeEventLog(in: dir.path)
        let sink = RunningSink(configuration(urls, state: dir.path, replicas: 3), source: log)
        try log.append(Records.make(0..<100))
        // The cluster elects its JetStream leaders first; the sink retries until then.
        try await eventually("cursor at 100 in the cluster", within: 60) { sink.sink.status().cursor == 100 }

        // Kill the node the sink is connected to, in the middle of a backlog: the client must
        // move to another node and the stream stay writable.
        let connected = sink.sink.status().server
        let victim = nodes.first { $0.url == connected } ?? nodes[0]
        try log.append(Records.make(100..<1100))
        try await eventually("backlog started", pollEvery: .milliseconds(2)) {
            sink.sink.status().cursor > 100
        }
        victim.kill()
        let killedAt = sink.sink.status().cursor
        try log.append(Records.make(1100..<1200))
        try await eventually("cursor at 1200 with a node down", within: 60) {
            sink.sink.status().cursor == 1200
        }
        let status = sink.sink.status()
        try await sink.stop()
        print(
            "JetStream cluster: killed \(victim.name) at cursor \(killedAt) (sink was on \(connected ?? "?")); now on \(status.server ?? "?"), \(status.failures) failures in a row at the end"
        )
        #expect(status.server != victim.url)

        let survivors = nodes.filter { $0 !== victim }.map(\.url)
        let reader = try JetStreamClient(configuration: configuration(survivors, state: dir.path))
        try await eventually("stream readable from survivors") {
            (try? reader.streamState("VIGIE").messages) == 1200
        }
        try await expectStreamMatchesLog(reader, log)
    }
}

/// The sink inside a daemon built by `buildDaemon`, as vigied runs it.
@Suite(
    .enabled(
        if: NatsServer.executable != nil,
        "nats-server is not installed: run scripts/install-deps.sh nats (make test does)"))
struct DaemonSinkTests {
    @Test func daemonPublishesItsLogAndReportsTheLag() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let server = try NatsServer(name: "daemon", directory: dir.path, clientPort: NatsServer.freePorts(1)[0])
        try server.start()
        defer { server.stop() }

        let command = try await ConfigurationLoader.load(
            arguments: [
                "--drop", dir.path + "/drop", "--state", dir.path + "/state", "--socket", dir.path + "/s.sock",
                "--nats-url", server.url,
            ],
            environment: [:])
        guard case .run(let configuration) = command else { throw TestFailure("not a run command") }
        let daemon = try await buildDaemon(configuration: configuration, logger: JetStreamSinkTests.logger)
        let sink = try #require(daemon.core.jetStreamSink)
        let running = Task { try await daemon.run() }

        try daemon.log.append(Records.make(0..<50, tag: "daemon"))
        try await waitFor { sink.status().cursor == 50 && sink.status().state == .caughtUp }
        let extra = daemon.core.statusReport(subscribers: 0).extra
        #expect(extra["jetstream.lag"] == "0")
        #expect(extra["jetstream.cursor"] == "50")
        #expect(extra["jetstream.state"] == "caught_up")

        await daemon.serviceGroup.triggerGracefulShutdown()
        try await running.value
        #expect(sink.status().state == .stopped)
        let reader = try JetStreamClient(
            configuration: JetStreamConfiguration(servers: [server.url], stateDirectory: dir.path))
        #expect(try reader.streamState("VIGIE").messages == 50)
        #expect(
            try SinkCursor(path: configuration.stateDirectory + "/jetstream-VIGIE.cursor").load() == 50)
    }

    @Test func noSinkWithoutURL() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let command = try await ConfigurationLoader.load(
            arguments: ["--drop", dir.path + "/drop", "--state", dir.path + "/state"], environment: [:])
        guard case .run(let configuration) = command else { throw TestFailure("not a run command") }
        let daemon = try await buildDaemon(configuration: configuration, logger: JetStreamSinkTests.logger)
        #expect(daemon.core.jetStreamSink == nil)
        daemon.log.close()
        daemon.core.ledger.close()
    }

    func waitFor(_ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(30)
        while !condition() {
            guard Date() < deadline else { throw TestFailure("timed out") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
