import Foundation
import NIOCore
import Testing
import VigieDaemon
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized, .timeLimit(.minutes(2)))
struct SubscriberLoadTests {
    /// Subscribers join at random moments while events keep arriving: each sees every seq from its
    /// start once, in order, across the replay-to-live switch.
    @Test func replayToLiveSwitchUnderASteadyStream() async throws {
        let source = MemoryEventSource(count: 300)
        try await withServer(source: source, configure: { $0.replayBatchSize = 16 }) { path in
            let total = 1500
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for i in 300..<total {
                        await source.append([testRecord(i)])
                        if i % 10 == 0 { try await Task.sleep(for: .milliseconds(2)) }
                    }
                }
                for k in 0..<12 {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(40 * k))
                        let since = UInt64(1 + k * 97)
                        let client = try await LineClient.connect(path)
                        try await client.hello()
                        client.send(.subscribe(since: .seq(since), filter: EventFilter()))
                        guard case .subscribed = try await client.next() else { throw TestFailure("subscribed") }
                        var others: [ServerMessage] = []
                        let got = try await client.events(total - Int(since) + 1, others: &others)
                        #expect(got.map(\.0) == Array(since...UInt64(total)), "subscriber \(k)")
                        #expect(got.allSatisfy { $0.1.id == "ev-\($0.0 - 1)" })
                        #expect(others.isEmpty)
                        #expect(try await client.eventsUntilPong().isEmpty)
                        await client.close()
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// A figure: the server's own cost of a replay (in-memory log), to compare with vigied's.
    @Test func replayThroughputInMemoryFigure() async throws {
        let total = 10_000
        let source = MemoryEventSource(count: total)
        try await withServer(source: source) { path in
            let started = ContinuousClock.now
            let fd = try rawConnect(path)
            defer { close(fd) }
            rawSend(fd, #"{"op":"subscribe","since":1}"# + "\n")
            let lines = try await rawCountLines(fd, until: total + 2)
            #expect(lines == total + 2)
            print("in-memory replay: \(total) events to one subscriber in \(ContinuousClock.now - started)")
        }
    }

    @Test func aThousandConcurrentSubscribers() async throws {
        raiseOpenFileLimit(to: 8192)
        let source = MemoryEventSource(count: 20)
        try await withServer(source: source) { path in
            let count = 1000
            let started = ContinuousClock.now
            var clients: [LineClient] = []
            for _ in 0..<count {
                let client = try await LineClient.connect(path)
                client.send(.subscribe(since: .seq(1), filter: EventFilter()))
                clients.append(client)
            }
            let connected = ContinuousClock.now - started
            for client in clients {
                try await client.hello()
                guard case .subscribed = try await client.next() else { throw TestFailure("subscribed") }
            }
            await source.append((20..<30).map { testRecord($0) })
            let results = try await withThrowingTaskGroup(of: [UInt64].self) { group in
                for client in clients {
                    group.addTask {
                        var others: [ServerMessage] = []
                        return try await client.events(30, others: &others).map(\.0)
                    }
                }
                var all: [[UInt64]] = []
                for try await seqs in group { all.append(seqs) }
                return all
            }
            #expect(results.count == count)
            #expect(results.allSatisfy { $0 == Array(1...30) })
            let elapsed = ContinuousClock.now - started
            print("1000 subscribers: connected in \(connected), all 30 events delivered to all in \(elapsed)")
            for client in clients { await client.close() }
        }
    }

    /// A subscriber that never reads is cut off as a slow consumer while others keep receiving;
    /// the server's memory for it stays bounded by the outgoing buffer.
    @Test func stalledSubscriberDoesNotSlowOthers() async throws {
        let source = MemoryEventSource()
        await source.append((0..<2000).map { testRecord($0, padding: 400) })
        try await withServer(
            source: source,
            configure: {
                $0.outboundBufferBytes = 64 * 1024
                $0.slowConsumerTimeout = .seconds(3)
                $0.closeGrace = .seconds(20)
            }
        ) { path in
            let stalled = try rawConnect(path)
            defer { close(stalled) }
            var small: Int32 = 4096
            setsockopt(stalled, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            rawSend(stalled, #"{"op":"subscribe","since":0}"# + "\n")

            let healthy = try await LineClient.connect(path)
            try await healthy.hello()
            healthy.send(.subscribe(since: .seq(1), filter: EventFilter()))
            _ = try await healthy.next()
            var others: [ServerMessage] = []
            #expect(try await healthy.events(2000, others: &others).map(\.0) == Array(1...2000))
            for round in 0..<5 {
                let base = 2000 + round * 10
                await source.append((base..<base + 10).map { testRecord($0) })
                #expect(
                    try await healthy.events(10, others: &others).map(\.0)
                        == Array(UInt64(base + 1)...UInt64(base + 10)))
            }

            // The stalled client is declared slow; polled through status, as an operator would.
            let observer = try await LineClient.connect(path)
            try await observer.hello()
            var slow = "0"
            for _ in 0..<400 where slow == "0" {
                observer.send(.status)
                guard case .status(let report) = try await observer.nextSkippingHeartbeats() else { continue }
                slow = report.extra["slow_consumers"] ?? "0"
                if slow == "0" { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(slow == "1")

            // Now it reads: what was queued, then the error with resume_from, then the end.
            let lines = splitLines(try await rawReadToEnd(stalled))
            let messages = try lines.map { try LineCodec.decodeServerMessage($0) }
            var seqs: [UInt64] = []
            var last: ServerMessage?
            for message in messages {
                if case .event(let seq, _) = message { seqs.append(seq) } else { last = message }
            }
            #expect(!seqs.isEmpty && seqs.count < 2050)
            #expect(seqs == Array(1...UInt64(seqs.count)))
            guard case .error(let error) = last else { throw TestFailure("no slow_consumer error") }
            #expect(error.code == .slowConsumer)
            #expect(error.resumeFrom == UInt64(seqs.count) + 1)
            print(
                "stalled subscriber: received \(seqs.count) events before slow_consumer, resume_from \(error.resumeFrom ?? 0)"
            )
            await healthy.close()
            await observer.close()
        }
    }
}
