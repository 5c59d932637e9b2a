import ArgumentParser
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// `vigie tail`: follow vigied's event stream, one readable line per event (or raw NDJSON).
///
/// When the daemon restarts, tail reconnects and subscribes again from the last seq it printed
/// plus one, so a person watching never misses an event.
struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow the daemon's events (replay from --since, then live).",
        discussion: """
            Reconnects by itself when the daemon restarts, resuming after the last event shown.
            With --json, prints the server's event lines as they arrive: {"type":"event","seq":N,"event":{...}}.
            """)

    @Option(help: "First seq to show, or 'now' for new events only.")
    var since: String = "now"

    @Option(name: .customLong("type"), help: "Only these PLOVER types (comma-separated, e.g. ASSAULT,COERCE).")
    var types: [String] = []

    @Option(help: "Only these PLOVER modes (comma-separated).")
    var mode: [String] = []

    @Option(
        name: .customLong("country"), help: "Only events with an actor or recipient of these countries (ISO alpha-3).")
    var countries: [String] = []

    @Option(name: .customLong("org"), help: "Only events with an actor or recipient of these organizations.")
    var orgs: [String] = []

    @Option(help: "Text searched in actor names (case and accents ignored).")
    var actor: String?

    @Option(help: "Only events with at least this confidence (0 to 1).")
    var minConfidence: Double?

    @Flag(help: "Print raw NDJSON event lines instead of readable lines.")
    var json = false

    @Option(help: "The daemon's socket (default: $VIGIE_SOCKET, /run/vigie/events.sock, ./.vigie/events.sock).")
    var socket: String?

    func validate() throws {
        if since != "now", UInt64(since) == nil {
            throw ValidationError("--since takes a sequence number (0 or more) or 'now'")
        }
        for name in types.flatMap({ $0.split(separator: ",") }) {
            let trimmed = String(name).trimmingCharacters(in: " ")
            if !trimmed.isEmpty, EventType(rawValue: trimmed.uppercased()) == nil {
                throw ValidationError(
                    "unknown event type '\(trimmed)'; use PLOVER names: "
                        + EventType.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        if let minConfidence, !(0...1).contains(minConfidence) {
            throw ValidationError("--min-confidence takes a number from 0 to 1")
        }
    }

    var filter: EventFilter {
        func list(_ values: [String]) -> [String]? {
            let items = values.flatMap { $0.split(separator: ",") }.map {
                String($0).trimmingCharacters(in: " ")
            }.filter { !$0.isEmpty }
            return items.isEmpty ? nil : items
        }
        var filter = EventFilter()
        filter.types = list(types)?.map { EventType(rawValue: $0.uppercased()) ?? .assault }
        filter.modes = list(mode)
        filter.countries = list(countries)?.map { $0.uppercased() }
        filter.orgs = list(orgs)?.map { $0.uppercased() }
        filter.actor = actor
        filter.minConfidence = minConfidence
        return filter
    }

    func run() throws {
        do {
            try tail()
        } catch let error as ExitWithMessage {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    private func tail() throws {
        let path = SocketLocation.resolve(socket)
        let formatter = EventFormatter(colours: isatty(1) == 1 && getenv("NO_COLOR") == nil)
        var next: UInt64? = since == "now" ? nil : UInt64(since)
        var sessions = 0
        var delay = 0.2
        while true {
            let connection: LineConnection
            let hello: (server: String, firstSeq: UInt64, lastSeq: UInt64)
            do {
                connection = try LineConnection(path: path)
                hello = try connection.readHello()
            } catch {
                // The first connection must work; later ones wait for the daemon to come back.
                if sessions == 0 { throw ExitWithMessage(error) }
                Self.sleep(seconds: delay)
                delay = min(delay * 2, 5)
                continue
            }
            let start = next ?? hello.lastSeq + 1
            next = start
            try connection.send(.subscribe(since: .seq(start), filter: filter))
            if sessions > 0 { printError("vigie: reconnected to \(hello.server); resuming at seq \(start)") }
            sessions += 1
            delay = 0.2
            do {
                try follow(connection, formatter: formatter, next: &next)
            } catch let error as ExitWithMessage {
                throw error
            } catch {
                printError("\(error); reconnecting")
            }
        }
    }

    /// Prints the stream until the connection ends; returns to reconnect.
    private func follow(_ connection: LineConnection, formatter: EventFormatter, next: inout UInt64?) throws {
        var out = StandardOutput()
        while let line = try connection.readLine() {
            let message: ServerMessage
            do {
                message = try LineCodec.decodeServerMessage(line)
            } catch {
                printError("vigie: skipping a line the daemon sent: \(error)")
                continue
            }
            switch message {
            case .event(let seq, let record):
                if json {
                    out.write(Array(line) + [0x0A])
                } else {
                    out.write(Array((formatter.line(seq: seq, record) + "\n").utf8))
                }
                out.flush()
                next = seq + 1
            case .retract(let seq, let retraction, let record):
                if json {
                    out.write(Array(line) + [0x0A])
                } else {
                    out.write(Array((formatter.retraction(seq: seq, retraction, record) + "\n").utf8))
                }
                out.flush()
                next = seq + 1
            case .gap(let from, let to):
                printError("vigie: events \(from) to \(to) are no longer in the daemon's log (retention)")
                next = max(next ?? 0, to + 1)
            case .error(let error) where error.code == .slowConsumer || error.code == .unavailable:
                printError("vigie: the daemon closed this connection (\(error.code): \(error.message)); reconnecting")
                if let resume = error.resumeFrom { next = max(next ?? 0, resume) }
                return
            case .error(let error):
                throw ExitWithMessage(
                    ClientError(message: "vigie: the daemon answered \(error.code): \(error.message)"))
            case .bye:
                printError("vigie: the daemon is stopping; waiting for it to come back")
                return
            case .hello, .subscribed, .heartbeat, .pong, .status:
                continue
            }
        }
        printError("vigie: the daemon closed the connection; reconnecting")
    }

    static func sleep(seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}

/// An error that ends the command with its message and status 1.
struct ExitWithMessage: Error, CustomStringConvertible {
    var error: any Error
    init(_ error: any Error) { self.error = error }
    var description: String { "\(error)" }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
