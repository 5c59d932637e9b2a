import ArgumentParser
import VigieProtocol

/// `vigie status`: the daemon's counters.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the daemon's counters (dispatches, events, subscribers, log, uptime).")

    @Flag(help: "Print the server's status line as JSON.")
    var json = false

    @Option(help: "The daemon's socket (default: $VIGIE_SOCKET, /run/vigie/events.sock, ./.vigie/events.sock).")
    var socket: String?

    func run() throws {
        let path = SocketLocation.resolve(socket)
        do {
            let connection = try LineConnection(path: path)
            let hello = try connection.readHello()
            try connection.send(.status)
            while let line = try connection.readLine() {
                guard case .status(let report) = try? LineCodec.decodeServerMessage(line) else { continue }
                if json {
                    var out = StandardOutput()
                    out.write(Array(line) + [0x0A])
                    out.flush()
                } else {
                    print(Self.describe(report, server: hello.server, path: path))
                }
                return
            }
            throw ClientError(message: "vigie: the daemon closed the connection before answering status")
        } catch let error as ClientError {
            printError(error.message)
            throw ExitCode(1)
        }
    }

    static func describe(_ report: StatusReport, server: String, path: String) -> String {
        let retained = report.firstSeq > report.lastSeq ? "empty" : "seq \(report.firstSeq) to \(report.lastSeq)"
        var lines = [
            "\(server) on \(path), up \(duration(report.uptimeSeconds))",
            "dispatches: \(report.dispatches)  events: \(report.events)  quarantined: \(report.quarantined)",
            "subscribers: \(report.subscribers)  log: \(retained)",
        ]
        for (key, value) in report.extra.sorted(by: { $0.key < $1.key }) { lines.append("\(key): \(value)") }
        return lines.joined(separator: "\n")
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds)
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        if h > 0 { return "\(h)h\(m < 10 ? "0" : "")\(m)m" }
        if m > 0 { return "\(m)m\(s < 10 ? "0" : "")\(s)s" }
        return "\(s)s"
    }
}
