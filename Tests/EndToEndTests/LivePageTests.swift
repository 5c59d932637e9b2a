import Foundation
import Testing
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// A free TCP port on loopback (bound, read, released).
func freeTCPPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// curl, the plain HTTP client the README documents (`curl -N`), run as a process.
struct Curl {
    static let path = ["/usr/bin/curl", "/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// One request: status line, headers and body as text.
    static func get(_ url: String, headers: [String] = [], method: String = "GET") throws -> (
        status: Int, headers: String, body: String
    ) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/curl")
        p.arguments = ["-s", "-i", "-X", method, "--max-time", "10"] + headers.flatMap { ["-H", $0] } + [url]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}

/// An event stream read with `curl -N`: its messages as they come.
final class EventStreamClient {
    struct Message {
        var id: UInt64?
        var event: String
        var data: String
    }

    let process = Process()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    init(_ url: String, headers: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: Curl.path ?? "/usr/bin/curl")
        process.arguments = ["-s", "-N"] + headers.flatMap { ["-H", $0] } + [url]
        process.standardOutput = output
        try process.run()
    }

    deinit { stop() }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// The next message, or nil when the stream ended.
    func next() -> Message? {
        while true {
            if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 0x0A && buffer[$0 + 1] == 0x0A }) {
                let block = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(...(end + 1))
                var message = Message(id: nil, event: "message", data: "")
                var hasData = false
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("id: ") { message.id = UInt64(line.dropFirst(4)) }
                    if line.hasPrefix("event: ") { message.event = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") {
                        message.data += (hasData ? "\n" : "") + line.dropFirst(6)
                        hasData = true
                    }
                }
                if hasData { return message }
                continue
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer += chunk
        }
    }

    /// Event and retract messages until the one with seq `last` (heartbeats skipped).
    func entries(through last: UInt64) -> [Message] {
        var out: [Message] = []
        while out.last?.id ?? 0 < last, let m = next() {
            if m.event == "event" || m.event == "retract" { out.append(m) }
        }
        return out
    }
}

@Suite(
    .serialized,
    .enabled(if: Curl.path != nil, "curl is not installed: run scripts/install-deps.sh test (make test does)"))
struct LivePageTests {
    func daemon(port: Int, extra: [String] = []) -> DaemonProcess {
        DaemonProcess(extraArguments: ["--http", "127.0.0.1:\(port)"] + extra)
    }

    func drop(_ d: DaemonProcess, _ names: [String], seeds: [String]) throws {
        for (i, name) in names.enumerated() {
            d.dropAtomically(name, uniqueDispatch(7000 + i + names.count * 10, seeds: seeds))
        }
        try waitUntil("the dispatches to be finished") {
            let finished = Set(try d.finished().map(\.name))
            return names.allSatisfy { finished.contains($0) }
        }
    }

    @Test func thePageIsServedWithItsPolicyAndNothingInline() throws {
        let port = freeTCPPort()
        let d = daemon(port: port)
        defer { d.cleanUp() }
        try d.start()
        let page = try Curl.get("http://127.0.0.1:\(port)/")
        #expect(page.status == 200)
        #expect(page.headers.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"))
        #expect(page.headers.contains("X-Content-Type-Options: nosniff"))
        // No inline script, no inline handler: the policy would block them anyway.
        #expect(page.body.contains("<script src=") || page.body.contains("<script type=\"module\" src="))
        #expect(
            !page.body.contains("<script>") && page.body.range(of: #" on[a-z]+="#, options: .regularExpression) == nil)
        for asset in ["/assets/app.js", "/assets/style.css", "/assets/world.json"] {
            #expect(try Curl.get("http://127.0.0.1:\(port)\(asset)").status == 200, "\(asset)")
        }
        #expect(try Curl.get("http://127.0.0.1:\(port)/nothing").status == 404)
        #expect(try Curl.get("http://127.0.0.1:\(port)/", method: "POST").status == 405)
        #expect(try Curl.get("http://127.0.0.1:\(port)/events?types=NOPE").status == 400)
        #expect(try Curl.get("http://127.0.0.1:\(port)/events?colour=red").status == 400)
        // A page elsewhere reaching loopback through a rebound DNS name sends its own host.
        #expect(try Curl.get("http://127.0.0.1:\(port)/status", headers: ["Host: evil.example"]).status == 403)
        let status = try Curl.get("http://127.0.0.1:\(port)/status")
        #expect(status.status == 200 && status.body.contains("\"last_seq\""))
        #expect(d.stop() == 0)
    }

    /// The feed in order from 0, filtered as on the socket, and resumed after a `kill -9` and a
    /// restart with `Last-Event-ID`: no gap, no duplicate.
    @Test func theFeedReplaysFiltersAndResumesAcrossARestart() throws {
        let port = freeTCPPort()
        let d = daemon(port: port)
        defer { d.cleanUp() }
        let seeds = seedTexts()
        try d.start()
        try drop(d, ["a.txt", "b.txt", "c.txt"], seeds: seeds)
        let logged = try d.loggedEvents()
        let last = try #require(logged.last?.seq)
        let stream = try EventStreamClient("http://127.0.0.1:\(port)/events?since=0")
        let messages = stream.entries(through: last)
        #expect(messages.compactMap(\.id) == Array(1...last))
        for (m, e) in zip(messages, logged) {
            guard case .event(let seq, let record) = try LineCodec.decodeServerMessage(Array(m.data.utf8)) else {
                Issue.record("not an event: \(m.data)")
                continue
            }
            #expect(seq == e.seq && record == e.record)
        }
        // Filters: the socket's semantics.
        let type = try #require(logged.map(\.record.event).first)
        let filtered = try EventStreamClient(
            "http://127.0.0.1:\(port)/events?since=0&types=\(type.rawValue)&min_confidence=0")
        let expected = logged.filter { $0.record.event == type }.map(\.seq)
        let got = filtered.entries(through: try #require(expected.last))
        #expect(got.compactMap(\.id) == expected)
        filtered.stop()
        // A live stream; the daemon dies under it and comes back with more events.
        let live = try EventStreamClient("http://127.0.0.1:\(port)/events?since=now")
        #expect(d.kill9())
        #expect(live.next() == nil, "the stream should end with the daemon")
        try d.start()
        try drop(d, ["d.txt", "e.txt"], seeds: seeds)
        let all = try d.loggedEvents()
        let newest = try #require(all.last?.seq)
        #expect(newest > last)
        let resumed = try EventStreamClient(
            "http://127.0.0.1:\(port)/events?since=0", headers: ["Last-Event-ID: \(last)"])
        #expect(resumed.entries(through: newest).compactMap(\.id) == Array((last + 1)...newest))
        #expect(d.stop() == 0)
    }

    /// Markup in a dispatch reaches the page as JSON text inside one `data:` line: it cannot
    /// break the SSE framing, and the page renders it as text (checked in the browser test).
    @Test func markupInADispatchStaysData() throws {
        let port = freeTCPPort()
        let d = daemon(port: port)
        defer { d.cleanUp() }
        try d.start()
        let payload = "<script>window.__vigie_xss=1</script>\"><img src=x onerror=alert(1)>"
        d.dropAtomically(
            "xss.txt",
            " date 2023-09-19 La police française a arrêté mardi à Paris trois manifestants \(payload)\nqui protestaient."
        )
        try waitUntil("xss.txt to be finished") { try d.finished().contains { $0.name == "xss.txt" } }
        let last = try #require(try d.loggedEvents().last?.seq)
        let stream = try EventStreamClient("http://127.0.0.1:\(port)/events?since=0")
        let messages = stream.entries(through: last)
        let evidence = messages.compactMap { m -> String? in
            guard case .event(_, let r) = try? LineCodec.decodeServerMessage(Array(m.data.utf8)) else { return nil }
            return r.evidence.text
        }
        #expect(evidence.contains { $0.contains("<script>") && $0.contains("onerror") }, "\(evidence)")
        #expect(d.stop() == 0)
    }

    /// A client that opens the feed and stops reading is cut like a slow socket subscriber:
    /// its stream ends with an `error` message (`slow_consumer`, `resume_from`), and the daemon
    /// keeps serving others.
    @Test func aClientThatStopsReadingIsCut() throws {
        let port = freeTCPPort()
        let d = daemon(port: port, extra: ["--outbound-buffer-bytes", "65536", "--slow-consumer-seconds", "1"])
        defer { d.cleanUp() }
        try buildLog(state: d.state, events: 30_000)
        try d.start()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var small: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        let request = Array("GET /events?since=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        // Not reading: the daemon's buffer for this client fills and stays full.
        try waitUntil("the slow client to be counted", seconds: 30) {
            (try? Curl.get("http://127.0.0.1:\(port)/status").body.contains("\"slow_consumers\":\"1\"")) ?? false
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += chunk[..<n]
        }
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.contains("event: error"), "the stream did not end with an error message")
        #expect(text.contains("slow_consumer") && text.contains("resume_from"))
        #expect(!text.contains("id: 30000\n"), "a client that did not read got the whole log")
        // Others are still served.
        #expect(try Curl.get("http://127.0.0.1:\(port)/status").status == 200)
        #expect(d.stop() == 0)
    }

    /// HTTP connections count against --max-connections together with the socket's.
    @Test func theConnectionLimitIsSharedWithTheSocket() throws {
        let port = freeTCPPort()
        let d = daemon(port: port, extra: ["--max-connections", "2"])
        defer { d.cleanUp() }
        try d.start()
        let first = try LineClient(socketPath: d.socket)
        let second = try LineClient(socketPath: d.socket)
        #expect(first.readLine()?.contains("hello") == true && second.readLine()?.contains("hello") == true)
        #expect(try Curl.get("http://127.0.0.1:\(port)/status").status == 503)
        _ = (first, second)
        #expect(d.stop() == 0)
    }

    @Test func aTokenIsRequiredWhenOneIsGiven() throws {
        let port = freeTCPPort()
        let root = makeTempDirectory()
        let tokenFile = root + "/token"
        _ = FileManager.default.createFile(atPath: tokenFile, contents: Data("s3cret-token\n".utf8))
        let d = DaemonProcess(
            extraArguments: ["--http", "127.0.0.1:\(port)", "--http-token-file", tokenFile], root: root)
        defer { d.cleanUp() }
        try d.start()
        #expect(try Curl.get("http://127.0.0.1:\(port)/status").status == 401)
        #expect(try Curl.get("http://127.0.0.1:\(port)/status", headers: ["Authorization: Bearer wrong"]).status == 401)
        #expect(
            try Curl.get("http://127.0.0.1:\(port)/status", headers: ["Authorization: Bearer s3cret-token"]).status
                == 200)
        #expect(try Curl.get("http://127.0.0.1:\(port)/?token=s3cret-token").status == 200)
        #expect(d.stop() == 0)
        // Off loopback without a token, vigied refuses to start (status 64: a bad option).
        let open = DaemonProcess(extraArguments: ["--http", "0.0.0.0:\(port)"])
        defer { open.cleanUp() }
        try open.start(waitReady: false)
        try waitUntil("vigied to refuse the address") { open.process?.isRunning == false }
        #expect(open.process?.terminationStatus == 64)
        #expect(open.stderr().contains("--http-token-file"))
    }
}

/// The page in a real browser: headless Chromium (Debian's, driven by Selenium through
/// chromedriver, `Tests/Browser/live_page.py`) loads the page from the real vigied, a dispatch
/// is dropped, and its event appears in the list and on the map, its markup shown as text.
/// Screenshots are kept in `.build/artifacts/` (laptop and wall-screen sizes).
@Suite(
    .serialized,
    .enabled(
        if: Browser.ready,
        "needs chromium, chromium-driver and python3 with selenium: scripts/install-deps.sh test (make test runs it)"))
struct LivePageBrowserTests {
    static let script = repositoryRoot.appendingPathComponent("Tests/Browser/live_page.py").path
}

enum Browser {
    /// Chromium, chromedriver and python3 with selenium are all there.
    static var ready: Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
        else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import selenium"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }
}

extension LivePageBrowserTests {
    @Test func aDroppedDispatchAppearsInTheListAndOnTheMap() throws {
        let port = freeTCPPort()
        let d = DaemonProcess(extraArguments: ["--http", "127.0.0.1:\(port)"])
        defer { d.cleanUp() }
        // Some history for the page to replay first.
        let seeds = seedTexts()
        d.dropAtomically("seed.txt", try #require(seeds.first))
        try d.start()
        try waitUntil("the seed to be finished") { try d.finished().contains { $0.name == "seed.txt" } }
        let dispatch = d.root + "/xss-dispatch.txt"
        let payload = "<script>window.__vigie_xss=1</script>\"><img src=x onerror=\"window.__vigie_xss=2\">"
        _ = FileManager.default.createFile(
            atPath: dispatch,
            contents: Data(
                " date 2023-09-19 La police française a arrêté mardi à Lyon trois militants écologistes \(payload).\n"
                    .utf8))
        let artifacts = repositoryRoot.appendingPathComponent(".build/artifacts").path
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", Self.script, "--url", "http://127.0.0.1:\(port)/", "--drop", d.drop, "--dispatch", dispatch,
            "--expect", "Lyon", "--screenshot", artifacts + "/live-page.png", "--timeout", "30",
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "live_page.py: \(text)")
        #expect(text.contains("\"ok\": true") || text.contains("\"ok\":true"), "\(text)")
        #expect(d.stop() == 0)
    }
}
