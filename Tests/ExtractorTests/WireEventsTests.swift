import Foundation
import Testing
import VigieDispatchFile
import VigieProtocol

@testable import VigieExtractor

/// Wire copy is coded exactly as the same text dropped as plain text with its publication date
/// in the header: same events, same evidence offsets (into the text `vigie extract --text`
/// prints), same dates; only the ids (anchored on the story) and the dispatch reference differ.
@Suite struct WireEventsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wire")

    static let samples = [
        "newsml-g2-message.xml", "newsml-g2-item.xml", "nitf-article.xml", "ninjs-1.x.json", "ninjs-2.0.json",
        "article.html",
    ]

    /// A record without what depends on how the text was delivered.
    static func content(_ r: EventRecord) -> EventRecord {
        var r = r
        r.id = ""
        r.dispatch = DispatchRef(name: "", sha256: "", published: nil)
        return r
    }

    @Test(arguments: samples) func wireCopyIsCodedAsItsTextWithTheDateGiven(_ sample: String) throws {
        let path = Self.fixtures.appendingPathComponent(sample).path
        let file = try DispatchReader().readFile(path: path)
        try #require(!file.dispatches.isEmpty)
        var events = 0
        for dispatch in file.dispatches {
            let published = try #require(dispatch.published, "\(sample): no publication date")
            #expect(published.count == 10, "\(sample): the format gives a day")
            let plain = try DispatchReader().decode(
                name: "plain.txt", bytes: Array((" date \(published) " + dispatch.text).utf8))
            #expect(plain.text == dispatch.text)
            let wire = Coding.extractor.extract(dispatch)
            #expect(wire.map(Self.content) == Coding.extractor.extract(plain).map(Self.content), "\(dispatch.name)")
            let bytes = Array(dispatch.text.utf8)
            for r in wire {
                #expect(String(decoding: bytes[r.evidence.start..<r.evidence.end], as: UTF8.self) == r.evidence.text)
                #expect(r.dispatch.story == dispatch.story && r.dispatch.format == file.format.rawValue)
                #expect(r.dispatch.published == published)
            }
            events += wire.count
        }
        // The samples are written to hold political events; a reader that lost the body would give none.
        #expect(events > 0, "\(sample): no event")
    }
}
