import Foundation
import NIOCore
import Testing
import VigieDaemon
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The real `vigied` binary, its real durable log (seeded with `EventLog` while the daemon is
/// stopped), real sockets, real clients (`socat`, `vigie`).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct VigiedEndToEndTests {
    static let records = (0..<300).map { testRecord($0) }

    @Test func replayFiltersPingStatusAndErrorsAgainstVigied() async throws {
        let daemon = try VigiedProcess()
        defer { Task { await daemon.cleanUp() } }
        try seedLog(state: daemon.state, records: Self.records)
        try await daemon.start()

        let client = try await LineClient.connect(daemon.socket)
        #expect(try await client.hello() == (1, 300))
        client.send(.subscribe(since: .seq(0), filter: EventFilter()))
        guard case .subscribed(_, _, 1) = try await client.next() else { throw TestFailure("subscribed") }
        var others: [ServerMessage] = []
        let all = try await client.events(300, others: &others)
        #expect(all.map(\.0) == Array(1...300))
        #expect(all.map(\.1) == Self.records)
        #expect(try await client.eventsUntilPong().isEmpty)

        let middle = try await LineClient.connect(daemon.socket)
        try await middle.hello()
        middle.send(#"{"op":"subscribe","since":150,"filter":{"countries":["FRA"],"types":["ASSAULT","AGREE","AID"]}}"#)
        _ = try await middle.next()
        let filter = EventFilter(types: [.assault, .agree, .aid], countries: ["FRA"])
        let expected = Self.records.enumerated().filter { $0.offset + 1 >= 150 && filter.matches($0.element) }
        #expect(!expected.isEmpty)
        let filtered = try await middle.events(expected.count, others: &others)
        #expect(filtered.map(\.0) == expected.map { UInt64($0.offset + 1) })
        #expect(try await middle.eventsUntilPong().isEmpty)

        client.send(.status)
        guard case .status(let report) = try await client.nextSkippingHeartbeats() else { throw TestFailure("status") }
        #expect(report.events == 300)
        #expect(report.lastSeq == 300)
        #expect(report.subscribers == 2)
        #expect(others.isEmpty)

        // Every error a client can cause on a live daemon; the connection survives all but the last.
        let cases: [(String, ProtocolError.Code)] = [
            ("{oops", .notJSON), (#"{"op":null}"#, .missingOp), (#"{"op":"unsubscribe"}"#, .unknownOp),
            (#"{"op":"subscribe","since":"soon"}"#, .badSince),
            (#"{"op":"subscribe","filter":{"min_confidence":7}}"#, .badFilter),
            (#"{"op":"subscribe","since":1}"#, .alreadySubscribed),
        ]
        for (line, code) in cases {
            middle.send(line)
            guard case .error(let error) = try await middle.nextSkippingHeartbeats() else { throw TestFailure(line) }
            #expect(error.code == code, "\(line)")
        }
        middle.channel.writeAndFlush(ByteBuffer(bytes: [0xC3, 0x28, 0x0A]), promise: nil)
        guard case .error(let encoding) = try await middle.nextSkippingHeartbeats() else { throw TestFailure("utf8") }
        #expect(encoding.code == .badEncoding)
        middle.send(#"{"op":"ping","pad":""# + String(repeating: "x", count: 64 * 1024) + #""}"#)
        guard case .error(let long) = try await middle.nextSkippingHeartbeats() else { throw TestFailure("long") }
        #expect(long.code == .lineTooLong)
        #expect(await middle.nextLine() == nil)
        await client.close()
        #expect(await daemon.stop() == 0)
    }

    @Test func gapAfterRetentionAgainstVigied() async throws {
        let daemon = try VigiedProcess()
        defer { Task { await daemon.cleanUp() } }
        let bounds = try seedLog(
            state: daemon.state, records: Self.records, segmentBytes: 16 * 1024, retentionBytes: 48 * 1024)
        #expect(bounds.first > 1 && bounds.last == 300)
        try await daemon.start()
        let client = try await LineClient.connect(daemon.socket)
        #expect(try await client.hello() == bounds)
        client.send(#"{"op":"subscribe","since":1}"#)
        guard case .subscribed(.seq(1), _, bounds.first) = try await client.next() else {
            throw TestFailure("subscribed")
        }
        #expect(try await client.next() == .gap(from: 1, to: bounds.first - 1))
        var others: [ServerMessage] = []
        let rest = try await client.events(Int(bounds.last - bounds.first + 1), others: &others)
        #expect(rest.map(\.0) == Array(bounds.first...bounds.last))
        #expect(others.isEmpty)
        await client.close()
    }

    /// A client nobody here wrote: socat, fed the protocol on stdin.
    @Test func socatSpeaksTheProtocol() async throws {
        let daemon = try VigiedProcess()
        defer { Task { await daemon.cleanUp() } }
        try seedLog(state: daemon.state, records: Self.records)
        try await daemon.start()
        let socat = try ChildProcess("/usr/bin/socat", ["-", "UNIX-CONNECT:" + daemon.socket])
        socat.write(#"{"op":"subscribe","since":100,"filter":{"types":["ASSAULT"],"min_confidence":0.3}}"# + "\n")
        let expected = Self.records.enumerated().filter {
            $0.offset + 1 >= 100 && $0.element.event == .assault && $0.element.confidence >= 0.3
        }.map { $0.offset + 1 }
        #expect(!expected.isEmpty)
        var lines: [[String: Any]] = []
        var pinged = false
        while let line = await socat.nextLine() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            lines.append(object)
            if object["type"] as? String == "pong" { break }
            // Once the replay is in, a ping: nothing else may arrive before its pong.
            if !pinged, lines.count == 2 + expected.count {
                socat.write(#"{"op":"ping"}"# + "\n")
                pinged = true
            }
        }
        #expect(lines.first?["type"] as? String == "hello")
        #expect(lines.first?["last_seq"] as? Int == 300)
        #expect(lines.dropFirst().first?["type"] as? String == "subscribed")
        #expect(lines.dropFirst().first?["next_seq"] as? Int == 100)
        let events = lines.filter { $0["type"] as? String == "event" }
        #expect(events.compactMap { $0["seq"] as? Int } == expected)
        #expect(events.allSatisfy { ($0["event"] as? [String: Any])?["event"] as? String == "ASSAULT" })
        #expect(lines.count == 2 + expected.count + 1)
        socat.closeInput()
        #expect(await socat.wait() == 0)
    }

    @Test func aThousandSubscribersAndAStalledOneAgainstVigied() async throws {
        raiseOpenFileLimit(to: 8192)
        let daemon = try VigiedProcess(environment: [
            "VIGIE_SLOW_CONSUMER_SECONDS": "2", "VIGIE_OUTBOUND_BUFFER_BYTES": "65536",
            "VIGIE_CLOSE_GRACE_SECONDS": "60",
        ])
        defer { Task { await daemon.cleanUp() } }
        let total = 2000
        try seedLog(state: daemon.state, records: (0..<total).map { testRecord($0, padding: 400) })
        try await daemon.start()

        let stalled = try rawConnect(daemon.socket)
        defer { close(stalled) }
        rawSend(stalled, #"{"op":"subscribe","since":0}"# + "\n")
        let stalledAt = ContinuousClock.now

        let started = ContinuousClock.now
        var clients: [LineClient] = []
        for _ in 0..<1000 {
            let client = try await LineClient.connect(daemon.socket)
            client.send(.subscribe(since: .seq(UInt64(total - 9)), filter: EventFilter()))
            clients.append(client)
        }
        let results = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in clients {
                group.addTask {
                    try await client.hello()
                    _ = try await client.next()
                    var others: [ServerMessage] = []
                    return try await client.events(10, others: &others).map(\.0)
                }
            }
            var all: [[UInt64]] = []
            for try await seqs in group { all.append(seqs) }
            return all
        }
        #expect(results.count == 1000)
        #expect(results.allSatisfy { $0 == Array(UInt64(total - 9)...UInt64(total)) })
        print("vigied: 1000 subscribers connected and served their replay in \(ContinuousClock.now - started)")
        for client in clients { await client.close() }

        // Stay stalled well past the 2 s slow-consumer timeout: reading earlier would let the
        // subscriber catch up before the server judged it slow, and then it is never cut.
        let stillStalled = stalledAt + .seconds(6) - ContinuousClock.now
        if stillStalled > .zero { try await Task.sleep(for: stillStalled) }
        let bytes = try await rawReadToEnd(stalled)
        let messages = try splitLines(bytes).map { try LineCodec.decodeServerMessage($0) }
        let seqs = messages.compactMap { message -> UInt64? in
            if case .event(let seq, _) = message { return seq }
            return nil
        }
        #expect(!seqs.isEmpty && seqs.count < total)
        #expect(seqs == Array(1...UInt64(seqs.count)))
        guard case .error(let error) = messages.last else { throw TestFailure("no slow_consumer error") }
        #expect(error.code == .slowConsumer)
        #expect(error.resumeFrom == UInt64(seqs.count) + 1)
        #expect(await daemon.stop() == 0)
    }

    /// A figure, not an assertion on time: how fast vigied replays its log to one subscriber, and
    /// to 4 at once (small numbers: debug builds are slow; the report gives release figures).
    @Test func replayThroughputFigures() async throws {
        let daemon = try VigiedProcess()
        defer { Task { await daemon.cleanUp() } }
        let total = 5_000
        try seedLog(state: daemon.state, records: (0..<total).map { testRecord($0) })
        try await daemon.start()
        for readers in [1, 4] {
            let started = ContinuousClock.now
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<readers {
                    group.addTask {
                        let fd = try rawConnect(daemon.socket)
                        defer { close(fd) }
                        rawSend(fd, #"{"op":"subscribe","since":1}"# + "\n")
                        // hello + subscribed + the events, counted by newline.
                        return try await rawCountLines(fd, until: total + 2)
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - started
            #expect(counts.allSatisfy { $0 == total + 2 })
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(
                "vigied replay: \(readers) subscriber(s) x \(total) events in \(elapsed), "
                    + "\(Int(Double(total * readers) / seconds)) events/s in all")
        }
    }

    /// `vigie tail` follows the daemon across a restart: every event once, none missed.
    @Test func vigieTailStatusAndDropAgainstVigied() async throws {
        let daemon = try VigiedProcess()
        defer { Task { await daemon.cleanUp() } }
        let first = (0..<20).map { testRecord($0) }
        try seedLog(state: daemon.state, records: first)
        try await daemon.start()
        let bin = try binaryDirectory()

        let tail = try ChildProcess(bin + "/vigie", ["tail", "--json", "--since", "5", "--socket", daemon.socket])
        defer { tail.signal(SIGKILL) }
        var seen: [UInt64] = []
        while seen.count < 16, let line = await tail.nextLine() {
            guard case .event(let seq, _) = try LineCodec.decodeServerMessage(line) else { continue }
            seen.append(seq)
        }
        #expect(seen == Array(5...20))

        let readable = try ChildProcess(
            bin + "/vigie", ["tail", "--since", "0", "--type", "ASSAULT,AGREE", "--socket", daemon.socket])
        defer { readable.signal(SIGKILL) }
        let wanted = first.enumerated().filter { [.assault, .agree].contains($0.element.event) }
        var texts: [String] = []
        while texts.count < wanted.count, let line = await readable.nextLine() {
            texts.append(String(decoding: line, as: UTF8.self))
        }
        for (text, (offset, record)) in zip(texts, wanted) {
            #expect(text.contains(record.event.rawValue))
            #expect(text.contains(String(offset + 1)))
            #expect(text.contains("→"))
            #expect(!text.contains("\u{1B}["))
        }

        // Restart with more events written while the daemon was down. Subscribers get bye first.
        let watcher = try await LineClient.connect(daemon.socket)
        try await watcher.hello()
        watcher.send(.subscribe(since: .now, filter: EventFilter()))
        _ = try await watcher.next()
        #expect(await daemon.stop() == 0)
        #expect(try await watcher.nextSkippingHeartbeats() == .bye(reason: nil))
        #expect(await watcher.nextLine() == nil)
        try seedLog(state: daemon.state, records: (20..<30).map { testRecord($0) })
        try await daemon.start()
        while seen.count < 26, let line = await tail.nextLine() {
            guard case .event(let seq, _) = try LineCodec.decodeServerMessage(line) else { continue }
            seen.append(seq)
        }
        #expect(seen == Array(5...30))

        let status = try ChildProcess(bin + "/vigie", ["status", "--socket", daemon.socket])
        var statusText = ""
        while let line = await status.nextLine() { statusText += String(decoding: line, as: UTF8.self) + "\n" }
        #expect(await status.wait() == 0)
        #expect(statusText.contains("events: 30"))
        #expect(statusText.contains("subscribers: 2"))

        // drop: the file lands whole under its own name, no temporary left behind.
        let source = daemon.root + "/dispatch.txt"
        try Data("Titre\n\nUn paragraphe.\n".utf8).write(to: URL(fileURLWithPath: source))
        let drop = try ChildProcess(bin + "/vigie", ["drop", source, "--drop", daemon.drop])
        #expect(await drop.wait() == 0)
        #expect(
            FileManager.default.contents(atPath: daemon.drop + "/dispatch.txt")
                == Data("Titre\n\nUn paragraphe.\n".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: daemon.drop).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
        let again = try ChildProcess(bin + "/vigie", ["drop", source, "--drop", daemon.drop])
        #expect(await again.wait() == 1)

        #expect(await daemon.stop() == 0)
        // With the daemon gone, status says what to do.
        let down = try ChildProcess(
            bin + "/vigie", ["status", "--socket", daemon.socket], stderrPath: daemon.root + "/status.err")
        #expect(await down.wait() == 1)
        let advice = (try? String(contentsOfFile: daemon.root + "/status.err", encoding: .utf8)) ?? ""
        #expect(advice.contains("is vigied running?"))
        #expect(advice.contains(daemon.socket))
    }

    /// The open part of the dev set, committed under Tests/Fixtures: present on every clone.
    static func devDispatches() -> [String] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        let dev = url.appendingPathComponent("Fixtures/dev-open").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dev)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { dev + "/" + $0 }
    }

    /// New dispatches keep arriving while subscribers join with replay: each sees every seq from
    /// its start once, across the replay-to-live switch.
    @Test
    func liveDispatchesNoGapNoDuplicate() async throws {
        let daemon = try VigiedProcess(environment: ["VIGIE_HEARTBEAT_SECONDS": "1"])
        defer { Task { await daemon.cleanUp() } }
        try await daemon.start()
        let bin = try binaryDirectory()
        let files = Array(Self.devDispatches().prefix(40))
        try await withThrowingTaskGroup(of: [UInt64].self) { group in
            group.addTask {
                for file in files {
                    let drop = try ChildProcess(bin + "/vigie", ["drop", file, "--drop", daemon.drop])
                    _ = await drop.wait()
                    try await Task.sleep(for: .milliseconds(30))
                }
                return []
            }
            for k in 0..<6 {
                group.addTask {
                    try await Task.sleep(for: .milliseconds(150 * k))
                    let client = try await LineClient.connect(daemon.socket)
                    try await client.hello()
                    client.send(.subscribe(since: .seq(UInt64(1 + k * 5)), filter: EventFilter()))
                    _ = try await client.next()
                    var seqs: [UInt64] = []
                    // Until the daemon is idle: all files processed and nothing more arrives.
                    while true {
                        let message = try await client.next()
                        if case .event(let seq, _) = message { seqs.append(seq) }
                        if case .heartbeat = message { break }
                    }
                    await client.close()
                    return seqs
                }
            }
            var all: [[UInt64]] = []
            for try await seqs in group where !seqs.isEmpty { all.append(seqs) }
            let last = all.map { $0.last ?? 0 }.max() ?? 0
            print("vigied live: \(files.count) dispatches, last seq \(last), subscribers saw \(all.map(\.count))")
            #expect(last > 20)
            #expect(all.count >= 4)
            for seqs in all {
                let start = seqs.first ?? 0
                #expect(seqs == Array(start...last), "a subscriber missed or repeated an event")
            }
        }
    }
}
