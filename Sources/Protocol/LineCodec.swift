import Foundation

/// Newline-delimited JSON: every message is one JSON object on one `\n`-terminated line.
///
/// The codec does no I/O; it turns messages into line bytes and line bytes into messages.
public enum LineCodec {
    /// The byte that ends every line.
    public static let newline: UInt8 = 0x0A

    static func makeRecordEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    // MARK: Event records

    /// One record as compact JSON, without the newline. Keys are sorted, so equal records give equal bytes.
    public static func encode(_ record: EventRecord) -> [UInt8] {
        // Encoding a value made only of strings, numbers and arrays cannot fail.
        let data = try! makeRecordEncoder().encode(record)
        return [UInt8](data)
    }

    /// One record as a JSON line, with its newline.
    public static func encodeLine(_ record: EventRecord) -> [UInt8] {
        var bytes = encode(record)
        bytes.append(newline)
        return bytes
    }

    /// Decodes one record from its JSON (with or without the newline).
    public static func decodeRecord(_ bytes: some Collection<UInt8>) throws -> EventRecord {
        try JSONDecoder().decode(EventRecord.self, from: Data(bytes))
    }

    // MARK: Server messages

    /// An `event` message line built around an already-encoded record, so the record is encoded
    /// once however many subscribers receive it.
    public static func eventLine(seq: UInt64, recordJSON: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(recordJSON.count + 40)
        out.append(contentsOf: #"{"type":"event","seq":"#.utf8)
        out.append(contentsOf: String(seq).utf8)
        out.append(contentsOf: #","event":"#.utf8)
        out.append(contentsOf: recordJSON)
        out.append(UInt8(ascii: "}"))
        out.append(newline)
        return out
    }

    /// A `retract` message line around the retracted record's stored JSON, which ends the line
    /// as it does an `event` line: `{"type":"retract","seq":N,"id":...,"story":...,"reason":...,
    /// "event":{record}}`.
    public static func retractLine(
        seq: UInt64, retraction: Retraction, recordJSON: some Collection<UInt8>
    ) -> [UInt8] {
        var w = JSONWriter()
        w.field("type", "retract")
        w.field("seq", seq)
        w.field("id", retraction.id)
        w.field("story", retraction.story)
        w.field("reason", retraction.reason.rawValue)
        w.rawField("event", recordJSON)
        return w.finishLine()
    }

    /// A server message as one line, with its newline.
    public static func encodeLine(_ message: ServerMessage) -> [UInt8] {
        var w = JSONWriter()
        switch message {
        case .hello(let server, let firstSeq, let lastSeq):
            w.field("type", "hello")
            w.field("protocol", protocolVersion)
            w.field("server", server)
            w.field("first_seq", firstSeq)
            w.field("last_seq", lastSeq)
        case .subscribed(let since, let filter, let nextSeq):
            w.field("type", "subscribed")
            switch since {
            case .now: w.field("since", "now")
            case .seq(let n): w.field("since", n)
            }
            w.rawField("filter", [UInt8](try! makeRecordEncoder().encode(filter)))
            w.field("next_seq", nextSeq)
        case .event(let seq, let record):
            return eventLine(seq: seq, recordJSON: encode(record))
        case .retract(let seq, let retraction, let record):
            return retractLine(seq: seq, retraction: retraction, recordJSON: encode(record))
        case .gap(let from, let to):
            w.field("type", "gap")
            w.field("from", from)
            w.field("to", to)
        case .heartbeat(let lastSeq):
            w.field("type", "heartbeat")
            w.field("last_seq", lastSeq)
        case .pong:
            w.field("type", "pong")
        case .status(let report):
            w.field("type", "status")
            let body = [UInt8](try! makeRecordEncoder().encode(report))
            // Splice the report's fields into this object: drop its braces.
            w.rawFields(body.dropFirst().dropLast())
        case .error(let error):
            w.field("type", "error")
            w.field("code", error.code.rawValue)
            w.field("message", error.message)
            if let resume = error.resumeFrom { w.field("resume_from", resume) }
        case .bye(let reason):
            w.field("type", "bye")
            if let reason { w.field("reason", reason) }
        }
        return w.finishLine()
    }

    /// Decodes a server line (used by clients). Unknown message types are reported as errors.
    public static func decodeServerMessage(_ bytes: some Collection<UInt8>) throws -> ServerMessage {
        let envelope: ServerEnvelope
        do {
            envelope = try JSONDecoder().decode(ServerEnvelope.self, from: Data(bytes))
        } catch {
            throw ProtocolError(.notJSON, "server line is not a protocol message: \(error)")
        }
        func need<T>(_ value: T?, _ key: String) throws -> T {
            guard let value else {
                throw ProtocolError(.badFilter, "server '\(envelope.type)' message lacks \(key)")
            }
            return value
        }
        switch envelope.type {
        case "hello":
            return .hello(
                server: envelope.server ?? "", firstSeq: envelope.first_seq ?? 0,
                lastSeq: envelope.last_seq ?? 0)
        case "subscribed":
            let since: SubscriptionStart = envelope.since.map { .seq($0) } ?? .now
            return .subscribed(
                since: since, filter: envelope.filter ?? EventFilter(), nextSeq: envelope.next_seq ?? 0)
        case "event":
            return .event(seq: try need(envelope.seq, "seq"), record: try need(envelope.event, "event"))
        case "retract":
            return .retract(
                seq: try need(envelope.seq, "seq"),
                retraction: Retraction(
                    id: try need(envelope.id, "id"), story: try need(envelope.story, "story"),
                    reason: Retraction.Reason(rawValue: try need(envelope.reason, "reason"))),
                record: try need(envelope.event, "event"))
        case "gap":
            return .gap(from: try need(envelope.from, "from"), to: try need(envelope.to, "to"))
        case "heartbeat":
            return .heartbeat(lastSeq: envelope.last_seq ?? 0)
        case "pong":
            return .pong
        case "status":
            return .status(try JSONDecoder().decode(StatusReport.self, from: Data(bytes)))
        case "error":
            return .error(
                ProtocolError(
                    ProtocolError.Code(rawValue: envelope.code ?? "unknown"), envelope.message ?? "",
                    resumeFrom: envelope.resume_from))
        case "bye":
            return .bye(reason: envelope.reason)
        default:
            throw ProtocolError(.unknownOp, "unknown server message type '\(envelope.type)'")
        }
    }

    // MARK: Client requests

    /// A client request as one line, with its newline.
    public static func encodeLine(_ request: ClientRequest) -> [UInt8] {
        var w = JSONWriter()
        switch request {
        case .ping: w.field("op", "ping")
        case .status: w.field("op", "status")
        case .subscribe(let since, let filter):
            w.field("op", "subscribe")
            switch since {
            case .now: w.field("since", "now")
            case .seq(let n): w.field("since", n)
            }
            if !filter.isEmpty {
                w.rawField("filter", [UInt8](try! makeRecordEncoder().encode(filter)))
            }
        }
        return w.finishLine()
    }

    /// Parses one client line (without its newline). Errors carry the stable code to send back.
    public static func decodeClientRequest(_ bytes: some Collection<UInt8>) throws(ProtocolError)
        -> ClientRequest
    {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ProtocolError(.badEncoding, "the line is not valid UTF-8")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw ProtocolError(.notJSON, "the line is not JSON; send one JSON object per line")
        }
        guard let dict = object as? [String: Any] else {
            throw ProtocolError(.notJSON, "the line must be a JSON object such as {\"op\":\"ping\"}")
        }
        guard let op = dict["op"] as? String else {
            throw ProtocolError(.missingOp, "the object needs a string \"op\": subscribe, ping or status")
        }
        switch op {
        case "ping": return .ping
        case "status": return .status
        case "subscribe":
            let since = try parseSince(dict["since"])
            let filter = try parseFilter(dict["filter"])
            return .subscribe(since: since, filter: filter)
        default:
            throw ProtocolError(
                .unknownOp, "unknown op '\(op)'; known ops are subscribe, ping and status")
        }
    }

    static func parseSince(_ value: Any?) throws(ProtocolError) -> SubscriptionStart {
        guard let value, !(value is NSNull) else { return .now }
        if let s = value as? String {
            if s == "now" { return .now }
            if let n = UInt64(s) { return .seq(n) }
        } else if let n = value as? NSNumber, !isBool(n) {
            let d = n.doubleValue
            if d >= 0, d == d.rounded(), d < 1.8e19 { return .seq(n.uint64Value) }
        }
        throw ProtocolError(.badSince, "\"since\" must be a sequence number (0 or more) or \"now\"")
    }

    // JSONSerialization gives booleans as NSNumber too; their type code is "c".
    static func isBool(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) == "c"
    }

    static func stringList(_ value: Any, key: String) throws(ProtocolError) -> [String] {
        guard let list = value as? [Any], let strings = list as? [String] else {
            throw ProtocolError(.badFilter, "filter.\(key) must be a list of strings")
        }
        return strings
    }

    static func parseFilter(_ value: Any?) throws(ProtocolError) -> EventFilter {
        guard let value, !(value is NSNull) else { return EventFilter() }
        guard let dict = value as? [String: Any] else {
            throw ProtocolError(.badFilter, "\"filter\" must be a JSON object")
        }
        var filter = EventFilter()
        for (key, raw) in dict {
            switch key {
            case "types":
                var types: [EventType] = []
                for name in try stringList(raw, key: key) {
                    guard let t = EventType(rawValue: name.uppercased()) else {
                        throw ProtocolError(
                            .badFilter, "filter.types: unknown event type '\(name)'; use PLOVER names such as ASSAULT")
                    }
                    types.append(t)
                }
                filter.types = types
            case "modes":
                filter.modes = try stringList(raw, key: key)
            case "countries":
                filter.countries = try stringList(raw, key: key).map { $0.uppercased() }
            case "orgs":
                filter.orgs = try stringList(raw, key: key).map { $0.uppercased() }
            case "min_confidence":
                guard let n = raw as? NSNumber, !isBool(n), (0...1).contains(n.doubleValue) else {
                    throw ProtocolError(.badFilter, "filter.min_confidence must be a number from 0 to 1")
                }
                filter.minConfidence = n.doubleValue
            case "actor":
                guard let s = raw as? String, !s.isEmpty else {
                    throw ProtocolError(.badFilter, "filter.actor must be a non-empty string")
                }
                filter.actor = s
            default:
                throw ProtocolError(
                    .badFilter,
                    "unknown filter key '\(key)'; known keys: types, modes, countries, orgs, min_confidence, actor")
            }
        }
        return filter
    }
}

/// The union of every server message's fields, for decoding on the client side.
struct ServerEnvelope: Decodable {
    var type: String
    var server: String?
    var first_seq: UInt64?
    var last_seq: UInt64?
    var since: UInt64?
    var filter: EventFilter?
    var next_seq: UInt64?
    var seq: UInt64?
    var event: EventRecord?
    var from: UInt64?
    var to: UInt64?
    var code: String?
    var message: String?
    var resume_from: UInt64?
    var reason: String?
    var id: String?
    var story: String?

    enum CodingKeys: String, CodingKey {
        case type, server, first_seq, last_seq, since, filter, next_seq, seq, event, from, to, code, message,
            resume_from, reason, id, story
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        server = try c.decodeIfPresent(String.self, forKey: .server)
        first_seq = try c.decodeIfPresent(UInt64.self, forKey: .first_seq)
        last_seq = try c.decodeIfPresent(UInt64.self, forKey: .last_seq)
        since = try? c.decodeIfPresent(UInt64.self, forKey: .since)
        filter = try c.decodeIfPresent(EventFilter.self, forKey: .filter)
        next_seq = try c.decodeIfPresent(UInt64.self, forKey: .next_seq)
        seq = try c.decodeIfPresent(UInt64.self, forKey: .seq)
        event = try c.decodeIfPresent(EventRecord.self, forKey: .event)
        from = try c.decodeIfPresent(UInt64.self, forKey: .from)
        to = try c.decodeIfPresent(UInt64.self, forKey: .to)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        resume_from = try c.decodeIfPresent(UInt64.self, forKey: .resume_from)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        story = try c.decodeIfPresent(String.self, forKey: .story)
    }
}

/// Writes one flat JSON object; enough for the protocol's envelopes.
struct JSONWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    private mutating func key(_ k: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONWriter.appendString(k, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ k: String, _ v: String) {
        key(k)
        JSONWriter.appendString(v, to: &bytes)
    }

    mutating func field(_ k: String, _ v: some BinaryInteger) {
        key(k)
        bytes.append(contentsOf: String(v).utf8)
    }

    mutating func rawField(_ k: String, _ json: some Collection<UInt8>) {
        key(k)
        bytes.append(contentsOf: json)
    }

    mutating func rawFields(_ json: some Collection<UInt8>) {
        guard !json.isEmpty else { return }
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(contentsOf: json)
    }

    mutating func finishLine() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(LineCodec.newline)
        return bytes
    }

    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
