import Foundation
import Testing

@testable import VigieFormats

/// Files built to hurt the reader: entities, deep nesting, malformed markup and JSON.
@Suite struct HostileInputTests {
    /// The error `read` throws for `text`, or nil when it does not throw.
    static func error(reading text: String) -> WireError? {
        do {
            _ = try WireReader.read(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            let previous = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += "<!ENTITY lol\(level) \"\(previous)\">"
        }
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE nitf [\(declarations)]><nitf><body><p>&lol9;</p></body></nitf>"
        let clock = ContinuousClock()
        var refusal: WireError?
        let elapsed = clock.measure { refusal = Self.error(reading: bomb) }
        let error = try #require(refusal)
        #expect(error.code == .badXML)
        #expect(error.message == "entity declarations are refused")
        #expect(elapsed < .seconds(1))
    }

    @Test func externalEntityIsRefusedAndNeverRead() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE newsItem [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <newsItem guid="a" version="1"><contentMeta><headline>&x;</headline></contentMeta></newsItem>
            """
        let error = try #require(Self.error(reading: xml))
        #expect(error.code == .badXML)
        #expect(error.message == "entity declarations are refused")
        #expect(!error.description.contains("root:"))
    }

    @Test func parameterEntityIsRefused() throws {
        let xml = "<!DOCTYPE nitf [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><nitf/>"
        #expect(Self.error(reading: xml)?.code == .badXML)
    }

    @Test func externalDTDIsNotLoaded() throws {
        // A DOCTYPE naming a file is allowed but never read: the entity it might declare stays
        // an unresolved reference and gives no text.
        let xml = """
            <!DOCTYPE nitf SYSTEM "file:///etc/passwd">
            <nitf><body><body.content><p>avant &x; après</p></body.content></body></nitf>
            """
        let document = try #require(try WireReader.read(Array(xml.utf8)))
        #expect(document.items.first?.paragraphs == ["avant après"])
    }

    @Test func tenThousandDeepNestingIsRefused() throws {
        let depth = 10_000
        let xml =
            "<nitf>" + String(repeating: "<block>", count: depth) + String(repeating: "</block>", count: depth)
            + "</nitf>"
        #expect(Self.error(reading: xml)?.code == .badXML)
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + "<p>texte</p></body></html>"
        #expect(Self.error(reading: html)?.code == .badHTML)
        let json =
            "{\"uri\": \"u\", \"type\": \"text\", \"x\": " + String(repeating: "[", count: depth)
            + String(repeating: "]", count: depth) + "}"
        #expect(Self.error(reading: json)?.code == .badJSON)
    }

    @Test func nestingAtTheLimitIsRead() throws {
        // 256 levels in all: nitf, body, body.content, 252 blocks, p.
        let blocks = 252
        let xml =
            "<nitf><body><body.content>" + String(repeating: "<block>", count: blocks) + "<p>Texte.</p>"
            + String(repeating: "</block>", count: blocks) + "</body.content></body></nitf>"
        let document = try #require(try WireReader.read(Array(xml.utf8)))
        #expect(document.items.first?.paragraphs == ["Texte."])
    }

    @Test func malformedXMLSaysWhereAndWhy() throws {
        let xml = "<?xml version=\"1.0\"?>\n<nitf>\n<body><p>texte</body>\n</nitf>"
        let error = try #require(Self.error(reading: xml))
        #expect(error.code == .badXML)
        #expect(error.message.hasPrefix("malformed XML: line 3: "))
        #expect(error.message.contains("mismatch"))
    }

    @Test func undefinedHTMLEntityInXMLIsMalformed() throws {
        let xml = "<nitf><body><body.content><p>a&nbsp;b</p></body.content></body></nitf>"
        let error = try #require(Self.error(reading: xml))
        #expect(error.code == .badXML)
        #expect(error.message.contains("nbsp"))
    }

    @Test func malformedJSONIsBadJSON() throws {
        let error = try #require(Self.error(reading: "{\"uri\": \"u\", \"headline\": \"sans fin"))
        #expect(error.code == .badJSON)
        #expect(error.message.hasPrefix("malformed JSON"))
        #expect(error.message.count > "malformed JSON: ".count)
    }

    @Test func jsonThatIsNotNinjsIsRefused() throws {
        #expect(Self.error(reading: "{\"name\": \"x\"}")?.code == .badJSON)
        #expect(Self.error(reading: "{\"uri\": \"u\"}")?.code == .badJSON, "a uri alone is not ninjs")
        #expect(WireReader.detect(Array("{\"name\": \"x\"}".utf8)) == .text)
    }

    @Test func otherXMLRootIsRefusedByName() throws {
        let error = try #require(Self.error(reading: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>"))
        #expect(error.code == .badXML)
        #expect(error.message == "not a NewsML-G2, NITF or HTML document: root <rss>")
    }

    @Test func htmlWithNulIsBadHTML() throws {
        let bytes = Array("<html><body><p>a".utf8) + [0] + Array("b</p></body></html>".utf8)
        #expect(throws: WireError.self) { try WireReader.read(bytes) }
        do {
            _ = try WireReader.read(bytes)
        } catch {
            #expect(error.code == .badHTML)
        }
    }

    @Test func htmlWithoutArticleTextIsNoText() throws {
        let html = "<!DOCTYPE html><html><head><title>Accueil</title></head><body><nav><p>Menu</p></nav></body></html>"
        let error = try #require(Self.error(reading: html))
        #expect(error.code == .noText)
    }

    @Test func nothingReachesStandardError() throws {
        // libxml2 would print these to stderr without the silenced handlers; the test reads the
        // process's stderr through a pipe while they are parsed.
        let pipe = Pipe()
        let saved = dup(STDERR_FILENO)
        dup2(pipe.fileHandleForWriting.fileDescriptor, STDERR_FILENO)
        _ = Self.error(reading: "<nitf><body><p>a</body></nitf>")
        _ = Self.error(reading: "<html><body><p>a<zz:b>b</c></p><table><p>x</body>")
        _ = Self.error(reading: "<nitf xmlns:a='x'><a:b c:d='1'/></nitf>")
        fflush(nil)
        dup2(saved, STDERR_FILENO)
        close(saved)
        try pipe.fileHandleForWriting.close()
        // Tests running meanwhile may report on stderr too: only libxml2's wording counts.
        let written = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        for libxml2Wording in ["parser error", "namespace error", "Opening and ending tag", "HTML parser"] {
            #expect(!written.contains(libxml2Wording), "\(written)")
        }
    }
}
