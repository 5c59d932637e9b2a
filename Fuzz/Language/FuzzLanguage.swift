import Foundation
import VigieLanguage

// libFuzzer entry for the French analysis: any bytes, decoded as UTF-8 with replacement, give a
// well-formed analysis (tokens in order inside the text on character boundaries, heads and
// sentences and entities inside the document) or nothing; never a crash.

private let analyzer: FrenchAnalyzer = {
    do {
        return try FrenchAnalyzer(modelDirectory: ModelLocation.resolve())
    } catch {
        fatalError("fuzz-language needs the converted model (make model): \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    let document = analyzer.analyze(text)
    let utf8 = Array(text.utf8)
    var previousEnd = 0
    for (i, token) in document.tokens.enumerated() {
        precondition(
            token.start >= previousEnd && token.start < token.end && token.end <= utf8.count, "token \(i) out of place")
        // Character boundaries: no token starts or ends inside a multi-byte sequence.
        precondition(utf8[token.start] & 0xC0 != 0x80, "token \(i) starts inside a character")
        precondition(token.end == utf8.count || utf8[token.end] & 0xC0 != 0x80, "token \(i) ends inside a character")
        precondition(token.head >= 0 && token.head < document.tokens.count, "head of \(i) out of range")
        precondition(!token.pos.isEmpty || token.form.isEmpty == false, "token \(i) without a part of speech")
        previousEnd = token.end
    }
    var next = 0
    for sentence in document.sentences {
        precondition(sentence.lowerBound == next && !sentence.isEmpty, "sentences do not tile the tokens")
        next = sentence.upperBound
    }
    precondition(next == document.tokens.count, "sentences do not cover the tokens")
    for entity in document.entities {
        precondition(entity.tokens.upperBound <= document.tokens.count && !entity.tokens.isEmpty, "entity out of range")
    }
    _ = CoNLLU.format(document)
    return 0
}
