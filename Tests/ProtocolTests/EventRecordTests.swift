import Foundation
import Testing
import VigieProtocol

@Suite("Event record encoding")
struct EventRecordTests {
    static func sample() -> EventRecord {
        EventRecord(
            id: "3f2a9c",
            dispatch: DispatchRef(name: "000_x.txt", sha256: String(repeating: "ab", count: 32), published: "2020-10"),
            event: .consult, mode: "phone", cameo: "041",
            actor: [
                Entity(text: "Emmanuel Macron", name: "Emmanuel Macron", country: "FRA", sector: .gov, code: "FRAGOV")
            ],
            recipient: [
                Entity(
                    text: "son homologue azerbaïdjanais Ilham Aliev", name: "Ilham Aliyev", country: "AZE", sector: .gov
                )
            ],
            date: "2020-10-02", datePrecision: .day,
            place: Place(name: "Haut-Karabakh", country: "AZE", lat: 39.8, lon: 46.75),
            size: Size(dead: 19, injured: 60),
            evidence: Evidence(text: "Emmanuel Macron s’est entretenu par téléphone", start: 13, end: 61),
            confidence: 0.9, coder: Coder(name: "vigie-fr", version: "0.1.0", lexicon: "test"))
    }

    @Test func roundTripGivesTheSameRecord() throws {
        let record = Self.sample()
        let line = LineCodec.encodeLine(record)
        #expect(line.last == 0x0A)
        #expect(!line.dropLast().contains(0x0A))
        let decoded = try LineCodec.decodeRecord(line.dropLast())
        #expect(decoded == record)
    }

    @Test func encodingIsDeterministic() {
        #expect(LineCodec.encode(Self.sample()) == LineCodec.encode(Self.sample()))
    }

    @Test func fieldNamesFollowTheWireContract() throws {
        var record = Self.sample()
        record.mode = nil
        record.place = nil
        record.dispatch.published = nil
        record.size = Size()
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(LineCodec.encode(record))) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "id", "dispatch", "language", "event", "mode", "context", "cameo", "actor", "recipient",
                "claimed_by", "date", "date_precision", "place", "size", "evidence", "confidence", "coder",
            ])
        // Absent values are explicit nulls, not missing keys.
        #expect(object["mode"] is NSNull)
        #expect(object["place"] is NSNull)
        let dispatch = try #require(object["dispatch"] as? [String: Any])
        #expect(dispatch["published"] is NSNull)
        #expect((object["size"] as? [String: Any])?.isEmpty == true)
        #expect(object["date_precision"] as? String == "day")
        let actor = try #require((object["actor"] as? [[String: Any]])?.first)
        #expect(Set(actor.keys) == ["text", "name", "country", "org", "sector", "code"])
        #expect(actor["org"] is NSNull)
        let evidence = try #require(object["evidence"] as? [String: Any])
        #expect(evidence["start"] as? Int == 13)
        #expect(evidence["end"] as? Int == 61)
    }

    @Test func sizeKeepsOnlyKnownKeys() throws {
        var record = Self.sample()
        record.size = Size(arrested: 107)
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(LineCodec.encode(record))) as? [String: Any])
        let size = try #require(object["size"] as? [String: Int])
        #expect(size == ["arrested": 107])
    }

    @Test func nonASCIITextSurvivesTheRoundTrip() throws {
        var record = Self.sample()
        record.evidence.text = "«Le Président» a dit \"non\"\tà Bakou\n— ’ œ ñ 🇫🇷"
        let decoded = try LineCodec.decodeRecord(LineCodec.encode(record))
        #expect(decoded.evidence.text == record.evidence.text)
    }

    @Test func scorerKeyIsCountryElseOrg() {
        #expect(Entity(text: "x", country: "arm", org: "UN").matchKey == "ARM")
        #expect(Entity(text: "x", org: "osce").matchKey == "ORG:OSCE")
        #expect(Entity(text: "x").matchKey == nil)
    }
}

@Suite("Text folding")
struct TextFoldingTests {
    @Test(arguments: [
        ("Çavuşoğlu", "cavusoglu"), ("Aliev", "aliev"), ("Lachín", "lachin"), ("Œuvre", "oeuvre"),
        ("l’Azerbaïdjan", "l'azerbaidjan"), ("ÉLYSÉE", "elysee"), ("Erdoğan", "erdogan"),
    ])
    func foldsCaseAndDiacritics(input: String, expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }
}
