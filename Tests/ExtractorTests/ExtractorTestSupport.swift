import Foundation
import Testing
import VigieProtocol

@testable import VigieExtractor

/// One coder over the bundled lexicons, shared by the tests (it is immutable and Sendable).
enum Coding {
    static let extractor: Extractor = {
        do {
            return try Extractor.bundled()
        } catch {
            fatalError("the bundled lexicons do not load: \(error)")
        }
    }()

    /// The events of `text` read as a dispatch with header month `published`.
    static func events(_ text: String, published: String? = "2020-10", name: String = "test.txt") -> [EventRecord] {
        let dispatch = Dispatch(
            name: name, sha256: ContentHash.sha256Hex(Array(text.utf8)), published: published, text: text)
        return extractor.extract(dispatch)
    }

    /// A reader over `text` (no analysis), as the extractor makes one: its mentions, sides and
    /// the dispatch's country are ready to ask.
    static func reader(_ text: String, published: String? = "2024-05") -> EventReader {
        let bytes = Array(text.utf8)
        var tokens = bytes.withUnsafeBufferPointer { Tokenizer.tokenize(bytes: $0) }
        extractor.compiled.vocabulary.number(&tokens)
        return EventReader(
            lex: extractor.compiled, tokens: tokens, sentences: Tokenizer.sentences(tokens), text: bytes,
            published: published)
    }

    /// The scorer's key of each entity: country, else "ORG:" and the acronym.
    static func keys(_ entities: [Entity]) -> Set<String> {
        Set(entities.compactMap(\.matchKey))
    }

    /// The first event of `type` in `events`.
    static func first(_ type: EventType, in events: [EventRecord]) -> EventRecord? {
        events.first { $0.event == type }
    }

    /// A fresh directory for one test.
    static func temporaryDirectory() -> String {
        var template = Array((NSTemporaryDirectory() + "/vigie-extractor-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }
}
