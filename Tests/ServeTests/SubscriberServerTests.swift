import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing
import VigieDaemon
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.timeLimit(.minutes(1)))
struct SubscriberServerTests {
    @Test func helloGivesTheLogBounds() async throws {
        let source = MemoryEventSource(count: 5)
        try await withServer(source: source) { path in
            let client = try await LineClient.connect(path)
            let line = try #require(await client.nextLine())
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            #expect(object["type"] as? String == "hello")
            #expect(object["protocol"] as? Int == 1)
            #expect((object["server"] as? String)?.hasPrefix("vigied/") == true)
            #expect(object["first_seq"] as? Int == 1)
            #expect(object["last_seq"] as? Int == 5)
            await client.close()
        }
    }

    @Test func socketFileHasMode0660AndIsRemovedAtStop() async throws {
        var socketPath = ""
        try await withServer(source: MemoryEventSource()) { path in
            socketPath = path
            var st = stat()
            #expect(lstat(path, &st) == 0)
            #expect(st.st_mode & 0o777 == 0o660)
            #expect(st.st_mode & S_IFMT == S_IFSOCK)
        }
        var st = stat()
        #expect(lstat(socketPath, &st) != 0)
    }

    @Test func replayFromZeroThenLive() async throws {
        let source = MemoryEventSource(count: 600)
        try await withServer(source: source, configure: { $0.replayBatchSize = 64 }) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            client.send(.subscribe(since: .seq(0), filter: EventFilter()))
            guard case .subscribed(_, _, let nextSeq) = try await client.next() else {
                throw TestFailure("no subscribed")
            }
            #expect(nextSeq == 1)
            var others: [ServerMessage] = []
            let replayed = try await client.events(600, others: &others)
            #expect(replayed.map(\.0) == Array(1...600))
            #expect(replayed[41].1.id == "ev-41")
            await source.append((600..<610).map { testRecord($0) })
            let live = try await client.events(10, others: &others)
            #expect(live.map(\.0) == Array(601...610))
            #expect(others.isEmpty)
            #expect(try await client.eventsUntilPong().isEmpty)
            await client.close()
        }
    }

    @Test func replayFromTheMiddle() async throws {
        let source = MemoryEventSource(count: 100)
        try await withServer(source: source) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            client.send(#"{"op":"subscribe","since":60}"#)
            guard case .subscribed(.seq(60), _, 60) = try await client.next() else { throw TestFailure("subscribed") }
            var others: [ServerMessage] = []
            #expect(try await client.events(41, others: &others).map(\.0) == Array(60...100))
            #expect(try await client.eventsUntilPong().isEmpty)
            await client.close()
        }
    }

    @Test func sinceNowSkipsThePast() async throws {
        let source = MemoryEventSource(count: 30)
        try await withServer(source: source) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            client.send(#"{"op":"subscribe","since":"now"}"#)
            guard case .subscribed(.now, _, 31) = try await client.next() else { throw TestFailure("subscribed") }
            #expect(try await client.eventsUntilPong().isEmpty)
            await source.append([testRecord(30)])
            var others: [ServerMessage] = []
            #expect(try await client.events(1, others: &others).map(\.0) == [31])
            await client.close()
        }
    }

    @Test func filtersSelectOnTheServer() async throws {
        let source = MemoryEventSource(count: 200)
        let records = (0..<200).map { testRecord($0) }
        let filters: [String: EventFilter] = [
            #"{"types":["ASSAULT","AGREE"]}"#: EventFilter(types: [.assault, .agree]),
            #"{"countries":["fra"]}"#: EventFilter(countries: ["FRA"]),
            #"{"orgs":["UN"],"modes":["even"]}"#: EventFilter(modes: ["even"], orgs: ["UN"]),
            #"{"min_confidence":0.7}"#: EventFilter(minConfidence: 0.7),
            #"{"actor":"ALIYEV","types":["AGREE","CONSULT","SUPPORT"]}"#: EventFilter(
                types: [.agree, .consult, .support], actor: "ALIYEV"),
        ]
        try await withServer(source: source) { path in
            for (json, filter) in filters {
                let expected = records.enumerated().filter { filter.matches($0.element) }.map { UInt64($0.offset + 1) }
                #expect(!expected.isEmpty && expected.count < 200, "\(json)")
                let client = try await LineClient.connect(path)
                try await client.hello()
                client.send(#"{"op":"subscribe","since":0,"filter":"# + json + "}")
                guard case .subscribed(_, let echoed, _) = try await client.next() else {
                    throw TestFailure("subscribed")
                }
                #expect(echoed == filter, "\(json)")
                // Everything replayable arrives before the pong that answers a ping sent after it.
                var seqs: [UInt64] = []
                while seqs.count < expected.count {
                    guard case .event(let seq, _) = try await client.nextSkippingHeartbeats() else { continue }
                    seqs.append(seq)
                }
                seqs += try await client.eventsUntilPong()
                #expect(seqs == expected, "\(json)")
                await client.close()
            }
        }
    }

    /// Retractions pass the subscription's filter exactly when the retracted event did, on
    /// replay and live, as `retract` lines that carry the retracted record.
    @Test func retractionsFollowTheFilterOfTheEventTheyRetract() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let log = try EventLog(configuration: EventLogConfiguration(directory: directory + "/log"))
        defer { log.close() }
        // testRecord(0) is AGREE, testRecord(1) ACCUSE.
        let agree = testRecord(0)
        let accuse = testRecord(1)
        try log.commit([StoryUpdate(story: "s", version: 1, records: [agree, accuse])])
        try log.commit([StoryUpdate(story: "s", version: 2, records: [])])
        try await withServer(source: log) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            client.send(#"{"op":"subscribe","since":0,"filter":{"types":["\#(agree.event.rawValue)"]}}"#)
            _ = try await client.next()
            #expect(try await client.nextSkippingHeartbeats() == .event(seq: 1, record: agree))
            #expect(
                try await client.nextSkippingHeartbeats()
                    == .retract(seq: 3, retraction: Retraction(id: agree.id, story: "s"), record: agree))
            // Live: the event comes back, then goes again; the other type's entries never show.
            try log.commit([StoryUpdate(story: "s", version: 3, records: [accuse, agree])])
            try log.commit([StoryUpdate(story: "s", version: 4, records: [accuse])])
            #expect(try await client.nextSkippingHeartbeats() == .event(seq: 6, record: agree))
            #expect(
                try await client.nextSkippingHeartbeats()
                    == .retract(seq: 7, retraction: Retraction(id: agree.id, story: "s"), record: agree))
            #expect(try await client.eventsUntilPong().isEmpty)
            await client.close()
        }
    }

    @Test func gapWhenSinceIsOlderThanTheLog() async throws {
        let source = MemoryEventSource(count: 50)
        await source.dropBefore(21)
        try await withServer(source: source) { path in
            let client = try await LineClient.connect(path)
            #expect(try await client.hello() == (21, 50))
            client.send(#"{"op":"subscribe","since":5}"#)
            guard case .subscribed(.seq(5), _, 21) = try await client.next() else { throw TestFailure("subscribed") }
            #expect(try await client.next() == .gap(from: 5, to: 20))
            var others: [ServerMessage] = []
            #expect(try await client.events(30, others: &others).map(\.0) == Array(21...50))
            #expect(others.isEmpty)
            await client.close()
        }
    }

    @Test func gapWhenRetentionPassesABehindCursor() async throws {
        let source = MemoryEventSource(count: 10)
        try await withServer(source: source, configure: { $0.replayBatchSize = 10 }) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            client.send(#"{"op":"subscribe","since":1}"#)
            _ = try await client.next()
            var others: [ServerMessage] = []
            #expect(try await client.events(10, others: &others).count == 10)
            // The cursor waits at 11; retention then removes 11...15 before it reads them.
            await source.append((10..<20).map { testRecord($0) })
            await source.dropBefore(16)
            let rest = try await client.events(others.isEmpty ? 5 : 0, others: &others)
            // Either the cursor read 11...20 before the drop, or it reports the gap: never a silent hole.
            if rest.first?.0 == 11 {
                #expect(rest.map(\.0) == [11, 12, 13, 14, 15])
                #expect(try await client.events(5, others: &others).map(\.0) == Array(16...20))
            } else {
                #expect(others == [.gap(from: 11, to: 15)])
                #expect(rest.map(\.0) == Array(16...20))
            }
            await client.close()
        }
    }

    @Test func pingAndStatus() async throws {
        let source = MemoryEventSource(count: 12)
        let status: SubscriberServer.StatusProvider = {
            StatusReport(
                dispatches: 4, events: 12, subscribers: 0, firstSeq: 0, lastSeq: 0, uptimeSeconds: 3, quarantined: 1)
        }
        try await withServer(source: source, status: status) { path in
            let subscriber = try await LineClient.connect(path)
            try await subscriber.hello()
            subscriber.send(.subscribe(since: .now, filter: EventFilter()))
            _ = try await subscriber.next()

            let client = try await LineClient.connect(path)
            try await client.hello()
            client.send(#"{"op":"ping"}"#)
            #expect(try await client.next() == .pong)
            client.send(#"{"op":"status"}"#)
            guard case .status(let report) = try await client.next() else { throw TestFailure("no status") }
            #expect(report.dispatches == 4)
            #expect(report.events == 12)
            #expect(report.quarantined == 1)
            #expect(report.uptimeSeconds == 3)
            #expect(report.subscribers == 1)
            #expect(report.firstSeq == 1)
            #expect(report.lastSeq == 12)
            #expect(report.extra["connections"] == "2")
            await client.close()
            await subscriber.close()
        }
    }

    /// A flood of requests is answered in full and in order: reading pauses while answers pile up,
    /// and resumes, without losing a request.
    @Test func floodOfRequestsIsAnsweredInFull() async throws {
        try await withServer(source: MemoryEventSource(count: 1), configure: { $0.outboundBufferBytes = 4096 }) {
            path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            let count = 20_000
            var flood = ""
            for i in 0..<count { flood += i % 1000 == 999 ? #"{"op":"status"}"# + "\n" : #"{"op":"ping"}"# + "\n" }
            client.channel.writeAndFlush(ByteBuffer(string: flood), promise: nil)
            var pongs = 0
            var statuses = 0
            while pongs + statuses < count {
                switch try await client.nextSkippingHeartbeats() {
                case .pong: pongs += 1
                case .status: statuses += 1
                default: throw TestFailure("unexpected message")
                }
            }
            #expect(pongs == count - count / 1000)
            #expect(statuses == count / 1000)
            await client.close()
        }
    }

    @Test func heartbeatWhenIdle() async throws {
        let source = MemoryEventSource(count: 3)
        try await withServer(source: source, configure: { $0.heartbeatInterval = .milliseconds(100) }) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            #expect(try await client.next() == .heartbeat(lastSeq: 3))
            client.send(.subscribe(since: .now, filter: EventFilter()))
            _ = try await client.nextSkippingHeartbeats()
            await source.append([testRecord(3)])
            #expect(try await client.nextSkippingHeartbeats() == .event(seq: 4, record: testRecord(3)))
            #expect(try await client.next() == .heartbeat(lastSeq: 4))
            await client.close()
        }
    }

    /// Every code of `ProtocolError.Code`, provoked on a real connection.
    @Test func everyErrorCodeOnTheWire() async throws {
        let source = MemoryEventSource(count: 2)
        try await withServer(source: source) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            let cases: [(String, ProtocolError.Code)] = [
                ("not json", .notJSON),
                ("[1]", .notJSON),
                (#"{"since":0}"#, .missingOp),
                (#"{"op":"dance"}"#, .unknownOp),
                (#"{"op":"subscribe","since":-4}"#, .badSince),
                (#"{"op":"subscribe","filter":{"types":["PUNCH"]}}"#, .badFilter),
            ]
            for (line, code) in cases {
                client.send(line)
                guard case .error(let error) = try await client.next() else {
                    throw TestFailure("no error for \(line)")
                }
                #expect(error.code == code, "\(line)")
                #expect(!error.message.isEmpty)
            }
            // Invalid UTF-8.
            var bytes = ByteBuffer(bytes: [0x7B, 0x22, 0xFF, 0x22, 0x7D, 0x0A])
            client.channel.writeAndFlush(bytes, promise: nil)
            guard case .error(let encoding) = try await client.next() else { throw TestFailure("bad encoding") }
            #expect(encoding.code == .badEncoding)
            // The connection survived every one of them.
            client.send(.subscribe(since: .seq(1), filter: EventFilter()))
            guard case .subscribed = try await client.next() else { throw TestFailure("subscribed") }
            var others: [ServerMessage] = []
            _ = try await client.events(2, others: &others)
            client.send(.subscribe(since: .seq(1), filter: EventFilter()))
            guard case .error(let again) = try await client.next() else { throw TestFailure("already") }
            #expect(again.code == .alreadySubscribed)
            #expect(try await client.eventsUntilPong().isEmpty)
            bytes = ByteBuffer(string: "\n")
            client.channel.writeAndFlush(bytes, promise: nil)
            guard case .error(let empty) = try await client.next() else { throw TestFailure("empty line") }
            #expect(empty.code == .notJSON)
            await client.close()
        }
        // unavailable: the log cannot be read.
        let failing = MemoryEventSource(count: 2)
        await failing.setFailing(true)
        try await withServer(source: failing) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            client.send(.subscribe(since: .seq(1), filter: EventFilter()))
            _ = try await client.next()
            guard case .error(let error) = try await client.next() else { throw TestFailure("unavailable") }
            #expect(error.code == .unavailable)
            #expect(error.resumeFrom == 1)
            #expect(await client.nextLine() == nil)
        }
        // unavailable: too many connections.
        try await withServer(source: MemoryEventSource(), configure: { $0.maxConnections = 1 }) { path in
            // The probe connection of `withServer` may not be gone yet: retry until admitted.
            var admitted: LineClient?
            while admitted == nil {
                let candidate = try await LineClient.connect(path)
                if case .hello = try await candidate.next() {
                    admitted = candidate
                } else {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            let first = try #require(admitted)
            let second = try await LineClient.connect(path)
            guard case .error(let error) = try await second.next() else { throw TestFailure("full") }
            #expect(error.code == .unavailable)
            #expect(await second.nextLine() == nil)
            await first.close()
        }
        // line_too_long and slow_consumer have their own tests below.
    }

    @Test func oversizedLineGetsAnErrorThenClose() async throws {
        try await withServer(source: MemoryEventSource(), configure: { $0.maxLineBytes = 1024 }) { path in
            let client = try await LineClient.connect(path)
            try await client.hello()
            client.send(String(repeating: " ", count: 1100) + #"{"op":"ping"}"#)
            guard case .error(let error) = try await client.next() else { throw TestFailure("no error") }
            #expect(error.code == .lineTooLong)
            #expect(await client.nextLine() == nil)

            // A line at the limit is fine, and so is an unterminated one past it without newline yet... until it grows.
            let ok = try await LineClient.connect(path)
            try await ok.hello()
            ok.send(String(repeating: " ", count: 1024 - 13) + #"{"op":"ping"}"#)
            #expect(try await ok.next() == .pong)
            ok.channel.writeAndFlush(ByteBuffer(string: String(repeating: "x", count: 5000)), promise: nil)
            guard case .error(let long) = try await ok.next() else { throw TestFailure("no error") }
            #expect(long.code == .lineTooLong)
            #expect(await ok.nextLine() == nil)
        }
        // The default limit is 64 KiB.
        #expect(ServerConfiguration().maxLineBytes == 64 * 1024)
    }

    @Test func byeToEveryoneOnGracefulShutdown() async throws {
        let source = MemoryEventSource(count: 1)
        var clients: [LineClient] = []
        try await withServer(source: source) { path in
            for i in 0..<5 {
                let client = try await LineClient.connect(path)
                try await client.hello()
                if i % 2 == 0 {
                    client.send(.subscribe(since: .seq(1), filter: EventFilter()))
                    _ = try await client.next()
                    _ = try await client.next()
                }
                clients.append(client)
            }
        }
        for client in clients {
            #expect(try await client.nextSkippingHeartbeats() == .bye(reason: nil))
            #expect(await client.nextLine() == nil)
        }
    }

    @Test func refusesToStealALiveSocketAndReplacesAStaleOne() async throws {
        try await withServer(source: MemoryEventSource()) { path in
            let second = SubscriberServer(
                configuration: ServerConfiguration(listener: .path(path)), source: MemoryEventSource())
            do {
                try await second.run()
                Issue.record("a second server took the live socket")
            } catch let error as ServerStartError {
                #expect(error.code == .socketInUse)
            }
            // The first server still serves.
            let client = try await LineClient.connect(path)
            try await client.hello()
            await client.close()
        }
        // A stale socket file (bound, nobody listening) is replaced.
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/stale.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        close(fd)
        try await withServer(source: MemoryEventSource(count: 1), configure: { $0.listener = .path(path) }) { path in
            let client = try await LineClient.connect(path)
            #expect(try await client.hello() == (1, 1))
            await client.close()
        }
        // A regular file is never removed.
        let regular = directory + "/file.sock"
        _ = FileManager.default.createFile(atPath: regular, contents: Data("keep".utf8))
        let server = SubscriberServer(
            configuration: ServerConfiguration(listener: .path(regular)), source: MemoryEventSource())
        await #expect(throws: ServerStartError.self) { try await server.run() }
        #expect(FileManager.default.contents(atPath: regular) == Data("keep".utf8))
    }

    @Test func onListeningFiresOnceSubscribersCanConnect() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/ready.sock"
        let (ready, readySink) = AsyncStream.makeStream(of: Void.self)
        let server = SubscriberServer(
            configuration: ServerConfiguration(listener: .path(path)), source: MemoryEventSource(count: 1),
            onListening: { readySink.yield() })
        let group = ServiceGroup(services: [server], logger: Logger(label: "test.serve"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var signals = ready.makeAsyncIterator()
            await signals.next()
            let client = try await LineClient.connect(path)
            #expect(try await client.hello() == (1, 1))
            await client.close()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func usesAnAlreadyListeningDescriptor() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/activated.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        #expect(listen(fd, 16) == 0)
        try await withServer(source: MemoryEventSource(count: 2), configure: { $0.listener = .descriptor(fd) }) { _ in
            let client = try await LineClient.connect(path)
            #expect(try await client.hello() == (1, 2))
            await client.close()
        }
    }
}
