// A small executable for the systemd tests: the notify, watchdog and listen-fds calls read
// per-process environment variables (NOTIFY_SOCKET, WATCHDOG_USEC, LISTEN_FDS), so each test
// runs this probe as a child with the environment it needs and checks what it sends.
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import VigieDaemon

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// Greets a client, then echoes its bytes until it closes.
func echo(_ client: Int32) {
    let greeting = Array("hello from probe pid \(getpid())\n".utf8)
    _ = greeting.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
    var buffer = [UInt8](repeating: 0, count: 1024)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        _ = buffer.withUnsafeBytes { write(client, $0.baseAddress, count) }
    }
    close(client)
}

/// One unbuffered line on stdout, so the tests see it even if the probe is killed.
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

switch arguments.first {
case "notify":
    // Every kind of notification once, in a known order, with the outcome of each.
    let notifier = SystemdNotifier()
    say("enabled=\(notifier.isEnabled)")
    say("ready=\(notifier.ready(status: "probe ready"))")
    say("status=\(notifier.status("two\nlines"))")
    say("reloading=\(notifier.reloading())")
    say("watchdog=\(notifier.watchdog())")
    say("stopping=\(notifier.stopping())")

case "watchdog-interval":
    if let interval = SystemdWatchdog.interval() {
        say("interval=\(interval.components.seconds)s+\(interval.components.attoseconds / 1_000_000_000_000)us")
    } else {
        say("interval=none")
    }

case "listen":
    // Reports what systemd passed, then serves one connection on the `events` socket.
    let passed = ListenedSockets.fromEnvironment()
    say("count=\(passed.sockets.count)")
    for socket in passed.sockets { say("socket=\(socket.fileDescriptor):\(socket.name)") }
    say("env-after=\(getenv("LISTEN_FDS").map { String(cString: $0) } ?? "unset")")
    guard let fd = passed.listeningSocket() else {
        say("events=none")
        exit(0)
    }
    say("events=\(fd) path=\(ListenedSockets.boundPath(of: fd) ?? "?")")
    let client = accept(fd, nil, nil)
    guard client >= 0 else {
        say("accept-failed errno=\(errno)")
        exit(1)
    }
    let greeting = Array("hello from probe pid \(getpid())\n".utf8)
    _ = greeting.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
    close(client)

case "log":
    let output: LogOutput
    switch option("--output") {
    case "journal": output = .journal
    case "terminal": output = .terminal
    case "prefixed": output = .priorityPrefixed
    default: output = .detect()
    }
    SystemdLogging.bootstrap(level: .debug, output: output)
    let logger = Logger(label: "vigie.probe")
    say("output=\(output)")
    logger.info("Dispatch processed", metadata: ["dispatch": "a.txt", "seq": "42", "event.count": "3"])
    logger.error("Dispatch refused", metadata: ["dispatch": "b.bin", "reason": "binary"])

case "service":
    // A minimal daemon made of the real systemd services: READY=1 after `--ready-after-ms`,
    // a status line that changes, the watchdog gated by a health probe that stops answering
    // after VIGIE_TEST_WEDGE_AFTER answers, and SIGHUP reloads.
    SystemdLogging.bootstrap(level: .debug)
    let logger = Logger(label: "vigie.probe")
    let readyAfter = Int(option("--ready-after-ms") ?? "0") ?? 0
    let wedgeAfter = getenv("VIGIE_TEST_WEDGE_AFTER").flatMap { Int(String(cString: $0)) }
    let readiness = Readiness()
    let ticks = Mutex(0)
    let answers = Mutex(0)
    let reloads = Mutex(0)

    // With socket activation, serve every client: a greeting, then each line echoed back.
    // Clients stay connected across reloads; the integration test checks that.
    if let fd = ListenedSockets.fromEnvironment().listeningSocket() {
        let server = Thread {
            while true {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { continue }
                Thread { echo(client) }.start()
            }
        }
        server.start()
    }

    struct Starter: Service {
        let readiness: Readiness
        let delay: Int
        func run() async throws {
            let delay = self.delay
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(delay)) }
            guard !Task.isShuttingDownGracefully else { return }
            readiness.mark(.socketListening)
            readiness.mark(.startupRescanDone)
            try? await gracefulShutdown()
        }
    }

    var services: [any Service] = [Starter(readiness: readiness, delay: readyAfter)]
    services.append(
        ReloadService(logger: logger) {
            let count = reloads.withLock { value -> Int in
                value += 1
                return value
            }
            return "probe reloaded \(count) times"
        })
    if let interval = SystemdWatchdog.interval() {
        services.append(
            WatchdogService(interval: interval, logger: logger) {
                let count = answers.withLock { value -> Int in
                    value += 1
                    return value
                }
                if let wedgeAfter, count > wedgeAfter {
                    // Wedged: never answers again, like a stuck pipeline.
                    while true { try? await Task.sleep(for: .seconds(3600)) }
                }
                return true
            })
    }
    services.append(
        SystemdNotifyService(
            readiness: readiness, configuration: .init(statusInterval: .milliseconds(100)), logger: logger
        ) {
            let count = ticks.withLock { value -> Int in
                value += 1
                return value
            }
            return "probe: \(count) ticks, pid \(getpid()), \(reloads.withLock { $0 }) reloads"
        })
    let group = ServiceGroup(
        configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    do {
        try await group.run()
    } catch {
        say("group failed: \(error)")
        exit(1)
    }

default:
    say("usage: vigie-systemd-probe notify|watchdog-interval|listen|log [--output X]|service [--ready-after-ms N]")
    exit(2)
}
