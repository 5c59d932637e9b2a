import Foundation
import Testing

@testable import VigieFormats

/// Detection, partial refusals, the coder's text and the shared normalisations.
@Suite struct ReaderTests {
    @Test func plainTextIsLeftToTheCaller() throws {
        let text = " date 2020-10 Le président a condamné l'attaque."
        #expect(try WireReader.read(Array(text.utf8)) == nil)
        #expect(WireReader.detect(Array(text.utf8)) == .text)
        #expect(try WireReader.read([]) == nil)
        #expect(try WireReader.read(Array("\u{FEFF}  \n".utf8)) == nil)
    }

    @Test(arguments: [
        ("\u{FEFF}\n  <?xml version=\"1.0\"?><!-- x --><g2:newsMessage xmlns:g2=\"n\"/>", WireFormat.newsmlG2),
        ("<newsItem guid=\"a\"/>", .newsmlG2),
        ("<?xml version=\"1.0\"?>\n<!DOCTYPE nitf SYSTEM \"nitf.dtd\" [ <!-- ] > --> ]>\n<nitf/>", .nitf),
        ("<!doctype HTML><p>x", .html),
        ("<!-- page --><HTML lang=\"fr\">", .html),
        ("<rss/>", .text),
        ("{\"uri\": \"u\", \"headlines\": []}", .ninjs),
        ("[1, 2]", .text),
        ("Le président", .text),
    ])
    func detection(content: String, format: WireFormat) {
        #expect(WireReader.detect(Array(content.utf8)) == format)
    }

    @Test func emptyItemIsRejectedAndTheGoodOneKept() throws {
        let xml = """
            <newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
              <newsItem guid="urn:vide" version="1"><contentMeta><headline>  </headline></contentMeta>
                <contentSet><inlineXML><html><body><p> </p></body></html></inlineXML></contentSet></newsItem>
              <newsItem guid="urn:plein" version="1"><contentMeta><headline>Démission du Premier ministre</headline>
              </contentMeta></newsItem>
            </itemSet></newsMessage>
            """
        let document = try #require(try WireReader.read(Array(xml.utf8)))
        #expect(document.items.map(\.story) == ["urn:plein"])
        let rejected = try #require(document.rejected.first)
        #expect(document.rejected.count == 1)
        #expect(rejected.code == .noText)
        #expect(rejected.item == 0)
        #expect(rejected.message.contains("urn:vide"))
        #expect(document.items[0].text == "Démission du Premier ministre", "a headline alone is text")
    }

    @Test func messageWithoutAnyTextIsRefused() throws {
        let xml = "<newsMessage><itemSet><newsItem guid=\"a\"/><newsItem guid=\"b\"/></itemSet></newsMessage>"
        #expect(throws: WireError.self) { try WireReader.read(Array(xml.utf8)) }
        do {
            _ = try WireReader.read(Array(xml.utf8))
        } catch {
            #expect(error.code == .noText)
            #expect(error.item == nil)
        }
    }

    @Test func pictureItemsAreSkipped() throws {
        let xml = """
            <newsMessage><itemSet>
              <newsItem guid="photo"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
                <contentMeta><headline>Photo</headline></contentMeta></newsItem>
              <newsItem guid="texte"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
                <contentSet><inlineData>Premier.

            Second.</inlineData></contentSet></newsItem>
            </itemSet></newsMessage>
            """
        let document = try #require(try WireReader.read(Array(xml.utf8)))
        #expect(document.items.map(\.story) == ["texte"])
        #expect(document.rejected.isEmpty)
        #expect(document.items.first?.paragraphs == ["Premier.", "Second."])
        #expect(document.items.first?.text == "Premier.\n\nSecond.", "no headline, no leading blank line")
    }

    @Test func itemTextIsHeadlineThenParagraphs() {
        let item = WireItem(headline: "Titre", paragraphs: ["Un.", "Deux."])
        #expect(item.text == "Titre\n\nUn.\n\nDeux.")
        #expect(WireItem(paragraphs: ["Un."]).text == "Un.")
    }

    @Test func errorCodesAndDescriptions() {
        #expect(WireError.Code.badXML.rawValue == "bad_xml")
        #expect(WireError.Code.badJSON.description == "bad_json")
        #expect(WireError.Code.badHTML.rawValue == "bad_html")
        #expect(WireError.Code.noText.rawValue == "no_text")
        let error = WireError(code: .noText, message: "vide", item: 2)
        #expect(error.description == "no_text: vide (item 2)")
    }

    @Test(arguments: [
        ("2023-09-19T10:12:00+02:00", "2023-09-19"),
        ("20230919T101200Z", "2023-09-19"),
        ("20230919", "2023-09-19"),
        (" 2023-09-19 ", "2023-09-19"),
        ("2023-13-01", nil),
        ("19/09/2023", nil),
        ("2023091", nil),
        ("", nil),
    ])
    func days(value: String, day: String?) {
        #expect(TextCleanup.day(of: value) == day)
    }

    @Test(arguments: [
        ("PARIS, 19 septembre (AFP) -", "PARIS"),
        ("Bamako - Le chef", "Bamako"),
        ("SAINT-DENIS (Réunion), 3 mai", "SAINT-DENIS (Réunion)"),
        (" , ", nil),
    ])
    func datelinePlaces(text: String, place: String?) {
        #expect(TextCleanup.datelinePlace(text) == place)
    }

    @Test func whitespaceAndParagraphSplitting() {
        #expect(TextCleanup.collapse("  a\u{A0}\u{202F}b \n\t c  ") == "a b c")
        #expect(TextCleanup.paragraphs(of: "a\nb\n\n  \nc", orLines: true) == ["a b", "c"])
        #expect(TextCleanup.paragraphs(of: "a\nb\r\nc", orLines: true) == ["a", "b", "c"])
        #expect(TextCleanup.paragraphs(of: "a\nb", orLines: false) == ["a b"])
    }

    @Test func readsConcurrently() async throws {
        let samples = try ["newsml-g2-message.xml", "nitf-article.xml", "ninjs-2.0.json", "article.html"]
            .map(WireFixtures.bytes)
        let expected = try samples.map { try WireReader.read($0) }
        await withTaskGroup(of: Bool.self) { group in
            for round in 0..<64 {
                let index = round % samples.count
                let bytes = samples[index]
                let want = expected[index]
                group.addTask { (try? WireReader.read(bytes)) == want }
            }
            for await same in group { #expect(same) }
        }
    }
}
