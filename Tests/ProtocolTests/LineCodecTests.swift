import Foundation
import Testing
import VigieProtocol

func sampleRecord(
    id: String = "e1", type: EventType = .assault, mode: String? = "conventional", actorCountry: String? = "AZE",
    actorName: String = "Forces azerbaïdjanaises", recipientCountry: String? = "ARM", org: String? = nil,
    confidence: Double = 0.8
) -> EventRecord {
    EventRecord(
        id: id,
        dispatch: DispatchRef(name: "d.txt", sha256: String(repeating: "a", count: 64), published: "2020-10-04"),
        event: type, mode: mode, cameo: "190",
        actor: [Entity(text: "les forces", name: actorName, country: actorCountry, org: org, sector: .mil)],
        recipient: recipientCountry.map { [Entity(text: "Stepanakert", name: nil, country: $0, sector: .cvl)] } ?? [],
        date: "2020-10-04", datePrecision: .day, place: Place(name: "Stepanakert", country: "AZE"),
        size: Size(dead: 2), evidence: Evidence(text: "Stepanakert a été bombardée", start: 0, end: 28),
        confidence: confidence, coder: Coder(name: "vigie", version: "1", lexicon: "1"))
}

func json(_ bytes: [UInt8]) throws -> [String: Any] {
    #expect(bytes.last == 0x0A)
    #expect(bytes.dropLast().contains(0x0A) == false)
    return try #require(try JSONSerialization.jsonObject(with: Data(bytes.dropLast())) as? [String: Any])
}

@Suite struct ServerMessageTests {
    @Test func everyServerMessageIsOneLineAndRoundTrips() throws {
        let record = sampleRecord()
        let messages: [ServerMessage] = [
            .hello(server: "vigied/0.1.0", firstSeq: 1, lastSeq: 42),
            .subscribed(since: .seq(7), filter: EventFilter(types: [.assault], countries: ["arm"]), nextSeq: 7),
            .subscribed(since: .now, filter: EventFilter(), nextSeq: 43),
            .event(seq: 9, record: record),
            .gap(from: 1, to: 99),
            .heartbeat(lastSeq: 42),
            .pong,
            .status(
                StatusReport(
                    dispatches: 3, events: 10, subscribers: 2, firstSeq: 1, lastSeq: 10, uptimeSeconds: 1.5,
                    quarantined: 1, extra: ["connections": "3"])),
            .error(ProtocolError(.slowConsumer, "too slow", resumeFrom: 12)),
            .error(ProtocolError(.badFilter, "nope")),
            .bye(reason: nil),
        ]
        for message in messages {
            let line = LineCodec.encodeLine(message)
            let object = try json(line)
            #expect(object["type"] is String)
            let decoded = try LineCodec.decodeServerMessage(line.dropLast())
            #expect(decoded == message)
        }
    }

    @Test func helloMatchesTheWireContract() throws {
        let object = try json(LineCodec.encodeLine(.hello(server: "vigied/1", firstSeq: 5, lastSeq: 9)))
        #expect(object["type"] as? String == "hello")
        #expect(object["protocol"] as? Int == 1)
        #expect(object["server"] as? String == "vigied/1")
        #expect(object["first_seq"] as? Int == 5)
        #expect(object["last_seq"] as? Int == 9)
    }

    @Test func eventLineEmbedsTheStoredRecordBytes() throws {
        let record = sampleRecord()
        let line = LineCodec.eventLine(seq: 3, recordJSON: LineCodec.encode(record))
        #expect(line == LineCodec.encodeLine(ServerMessage.event(seq: 3, record: record)))
        let object = try json(line)
        #expect(object["seq"] as? Int == 3)
        let event = try #require(object["event"] as? [String: Any])
        #expect(event["id"] as? String == "e1")
        #expect(event["claimed_by"] is [Any])
    }

    @Test func errorCarriesCodeMessageAndResumeFrom() throws {
        let object = try json(LineCodec.encodeLine(.error(ProtocolError(.slowConsumer, "slow", resumeFrom: 77))))
        #expect(object["code"] as? String == "slow_consumer")
        #expect(object["message"] as? String == "slow")
        #expect(object["resume_from"] as? Int == 77)
        let plain = try json(LineCodec.encodeLine(.error(ProtocolError(.unknownOp, "x"))))
        #expect(plain["resume_from"] == nil)
    }

    @Test func byeIsExactlyTheDocumentedLine() {
        #expect(LineCodec.encodeLine(.bye(reason: nil)) == Array(#"{"type":"bye"}"#.utf8) + [0x0A])
    }

    @Test func stringsAreEscaped() throws {
        let message = ServerMessage.error(
            ProtocolError(.notJSON, "quote \" backslash \\ newline \n tab \t bell \u{07} é"))
        let line = LineCodec.encodeLine(message)
        #expect(try LineCodec.decodeServerMessage(line.dropLast()) == message)
    }
}

@Suite struct ClientRequestTests {
    func decode(_ text: String) throws(ProtocolError) -> ClientRequest {
        try LineCodec.decodeClientRequest(Array(text.utf8))
    }

    func code(_ text: String) -> ProtocolError.Code? {
        do {
            _ = try decode(text)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func requestsRoundTrip() throws {
        let requests: [ClientRequest] = [
            .ping, .status, .subscribe(since: .now, filter: EventFilter()),
            .subscribe(
                since: .seq(0),
                filter: EventFilter(
                    types: [.assault, .coerce], modes: ["conventional"], countries: ["ARM"], orgs: ["UN"],
                    minConfidence: 0.5, actor: "Aliyev")),
        ]
        for request in requests {
            let line = LineCodec.encodeLine(request)
            #expect(line.last == 0x0A)
            #expect(try LineCodec.decodeClientRequest(line.dropLast()) == request)
        }
    }

    @Test func sinceForms() throws {
        #expect(try decode(#"{"op":"subscribe"}"#) == .subscribe(since: .now, filter: EventFilter()))
        #expect(try decode(#"{"op":"subscribe","since":"now"}"#) == .subscribe(since: .now, filter: EventFilter()))
        #expect(try decode(#"{"op":"subscribe","since":12}"#) == .subscribe(since: .seq(12), filter: EventFilter()))
        #expect(try decode(#"{"op":"subscribe","since":"12"}"#) == .subscribe(since: .seq(12), filter: EventFilter()))
        #expect(code(#"{"op":"subscribe","since":-1}"#) == .badSince)
        #expect(code(#"{"op":"subscribe","since":1.5}"#) == .badSince)
        #expect(code(#"{"op":"subscribe","since":true}"#) == .badSince)
        #expect(code(#"{"op":"subscribe","since":"yesterday"}"#) == .badSince)
    }

    @Test func everyRequestErrorCode() {
        #expect(code("hello") == .notJSON)
        #expect(code("[1,2]") == .notJSON)
        #expect(code("{\"op\":") == .notJSON)
        #expect(code(#"{"since":1}"#) == .missingOp)
        #expect(code(#"{"op":3}"#) == .missingOp)
        #expect(code(#"{"op":"dance"}"#) == .unknownOp)
        #expect(code(#"{"op":"subscribe","since":"x"}"#) == .badSince)
        #expect(code(#"{"op":"subscribe","filter":{"colour":"red"}}"#) == .badFilter)
        do {
            _ = try LineCodec.decodeClientRequest([0x7B, 0xFF, 0xFE, 0x7D])
            Issue.record("invalid UTF-8 accepted")
        } catch {
            #expect(error.code == .badEncoding)
        }
    }

    @Test func badFilters() {
        let bad = [
            #"{"types":"ASSAULT"}"#, #"{"types":["PUNCH"]}"#, #"{"types":[1]}"#, #"{"countries":"ARM"}"#,
            #"{"orgs":[true]}"#, #"{"modes":{}}"#, #"{"min_confidence":2}"#, #"{"min_confidence":"high"}"#,
            #"{"min_confidence":true}"#, #"{"actor":""}"#, #"{"actor":5}"#, #"{"unknown":1}"#, #""ASSAULT""#, "[]",
        ]
        for filter in bad {
            #expect(code(#"{"op":"subscribe","filter":"# + filter + "}") == .badFilter, "\(filter)")
        }
    }

    @Test func filterValuesAreNormalised() throws {
        let request = try decode(
            #"{"op":"subscribe","since":0,"filter":{"types":["assault"],"countries":["arm"],"orgs":["un"]}}"#)
        #expect(
            request
                == .subscribe(since: .seq(0), filter: EventFilter(types: [.assault], countries: ["ARM"], orgs: ["UN"])))
    }

    /// The codes a client can see; the server tests provoke each of them on a real socket.
    @Test func errorCodesAreStable() {
        let codes: [ProtocolError.Code] = [
            .notJSON, .missingOp, .unknownOp, .badSince, .badFilter, .alreadySubscribed, .lineTooLong, .badEncoding,
            .slowConsumer, .unavailable,
        ]
        #expect(
            codes.map(\.rawValue) == [
                "not_json", "missing_op", "unknown_op", "bad_since", "bad_filter", "already_subscribed",
                "line_too_long", "bad_encoding", "slow_consumer", "unavailable",
            ])
    }
}

@Suite struct EventFilterTests {
    @Test func emptyFilterMatchesEverything() {
        #expect(EventFilter().isEmpty)
        #expect(EventFilter().matches(sampleRecord()))
    }

    @Test func types() {
        #expect(EventFilter(types: [.assault]).matches(sampleRecord(type: .assault)))
        #expect(!EventFilter(types: [.agree, .aid]).matches(sampleRecord(type: .assault)))
    }

    @Test func modes() {
        #expect(EventFilter(modes: ["conventional"]).matches(sampleRecord()))
        #expect(!EventFilter(modes: ["aerial"]).matches(sampleRecord()))
        #expect(!EventFilter(modes: ["conventional"]).matches(sampleRecord(mode: nil)))
    }

    @Test func countriesMatchActorOrRecipient() {
        #expect(EventFilter(countries: ["AZE"]).matches(sampleRecord()))
        #expect(EventFilter(countries: ["arm"]).matches(sampleRecord()))
        #expect(!EventFilter(countries: ["FRA"]).matches(sampleRecord()))
        #expect(!EventFilter(countries: ["ARM"]).matches(sampleRecord(recipientCountry: nil)))
    }

    @Test func orgs() {
        #expect(EventFilter(orgs: ["osce"]).matches(sampleRecord(actorCountry: nil, org: "OSCE")))
        #expect(!EventFilter(orgs: ["UN"]).matches(sampleRecord(actorCountry: nil, org: "OSCE")))
    }

    @Test func minConfidence() {
        #expect(EventFilter(minConfidence: 0.5).matches(sampleRecord(confidence: 0.5)))
        #expect(!EventFilter(minConfidence: 0.9).matches(sampleRecord(confidence: 0.5)))
    }

    @Test func actorTextIgnoresCaseAndAccents() {
        #expect(EventFilter(actor: "AZERBAIDJAN").matches(sampleRecord()))
        #expect(EventFilter(actor: "les forces").matches(sampleRecord()))
        #expect(!EventFilter(actor: "Pachinian").matches(sampleRecord()))
    }

    @Test func allGivenKeysMustHold() {
        let filter = EventFilter(types: [.assault], countries: ["ARM"], minConfidence: 0.9)
        #expect(!filter.matches(sampleRecord(confidence: 0.5)))
        #expect(filter.matches(sampleRecord(confidence: 0.95)))
    }
}
