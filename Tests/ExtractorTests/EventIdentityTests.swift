import Testing
import VigieProtocol

@testable import VigieExtractor

/// Determinism and stable ids: the same text gives the same records, and an event keeps its id
/// as the dispatch grows paragraph by paragraph.
struct EventIdentityTests {
    let lead = "Le 2 octobre, Emmanuel Macron s’est entretenu par téléphone avec Ilham Aliev."
    let more = "\nLes forces arméniennes ont bombardé Stepanakert, faisant 3 morts."

    @Test func sameTextSameRecordsByteForByte() {
        let a = Coding.events(lead + more).map { LineCodec.encodeLine($0) }
        let b = Coding.events(lead + more).map { LineCodec.encodeLine($0) }
        #expect(a == b)
        #expect(!a.isEmpty)
    }

    @Test func idIsStableAsTheFileGrows() throws {
        let first = try #require(Coding.events(lead + "\n").first { $0.event == .consult })
        let grown = Coding.events(lead + more)
        let again = try #require(grown.first { $0.event == .consult })
        #expect(first.id == again.id)
        #expect(first.id.count == 32)
        #expect(Set(grown.map(\.id)).count == grown.count)
    }

    @Test func evidenceOffsetsAreUTF8BytesOfTheText() throws {
        let text = lead + more
        for r in Coding.events(text) {
            let bytes = Array(text.utf8)[r.evidence.start..<r.evidence.end]
            #expect(String(decoding: bytes, as: UTF8.self) == r.evidence.text)
            #expect((0...1).contains(r.confidence))
        }
    }

    @Test func anyCutOfADispatchIsRead() {
        // A growing file is read at arbitrary points: every prefix must extract without trapping.
        let text = lead + more + " « Il a ajouté», a-t-il dit (M. Macron), l'UE et l'ONU, les 2 et 3 août 2020."
        let scalars = Array(text.unicodeScalars)
        var cuts = 0
        for end in stride(from: 0, through: scalars.count, by: 3) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[0..<end])
            let records = Coding.events(String(view))
            #expect(records.allSatisfy { $0.evidence.end <= String(view).utf8.count })
            cuts += 1
        }
        #expect(cuts > 50)
    }
}
