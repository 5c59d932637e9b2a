import Crypto
import Foundation
import VigieLanguage
import VigieProtocol

/// The French event coder: a decoded dispatch in, event records out. Pure and synchronous:
/// the same text always gives the same records, byte for byte.
public struct Extractor: Sendable {
    /// The coder's name and version, written in every record's `coder` field.
    public static let coderName = "vigie-fr"
    public static let coderVersion = VigieVersion.current
    /// The languages the coder reads (ISO 639-1); a dispatch in another is not coded.
    public static let languages = ["fr"]

    /// The version of the lexicons in use (`VERSION`), written in `coder.lexicon`.
    public var lexiconVersion: String { compiled.lexicon.version }
    public var lexicon: Lexicon { compiled.lexicon }

    let compiled: CompiledLexicon

    /// The French analysis the coder reads participants from, when it runs with one (off by
    /// default: `--analysis on`).
    public let analyzer: FrenchAnalyzer?

    /// A coder over `lexicon`, reading the parse of `analyzer` when given; compiling the
    /// lexicon takes a few milliseconds, so build one and share it.
    public init(lexicon: Lexicon, analyzer: FrenchAnalyzer? = nil) {
        compiled = CompiledLexicon(lexicon)
        self.analyzer = analyzer
    }

    /// The same coder reading the parse of `analyzer` (or none).
    public func with(analyzer: FrenchAnalyzer?) -> Extractor {
        Extractor(compiled: compiled, analyzer: analyzer)
    }

    private init(compiled: CompiledLexicon, analyzer: FrenchAnalyzer?) {
        self.compiled = compiled
        self.analyzer = analyzer
    }

    /// A coder over the lexicons bundled with Vigie.
    public static func bundled() throws(LexiconError) -> Extractor {
        Extractor(lexicon: try Lexicon.bundled())
    }

    var coder: Coder { Coder(name: Extractor.coderName, version: Extractor.coderVersion, lexicon: lexiconVersion) }

    /// The events of `dispatch`, in text order, one per real-world event.
    public func extract(_ dispatch: Dispatch) -> [EventRecord] {
        // No deadline: the coder never gives up.
        (try? extract(dispatch, deadline: nil)) ?? []
    }

    /// The events of `dispatch`, or `CodingError.tooSlow` once `deadline` has passed: the
    /// clock is read between sentences (at most 256 tokens each), so the coder gives up within
    /// a few milliseconds of the deadline whatever the text.
    public func extract(
        _ dispatch: Dispatch, deadline: ContinuousClock.Instant?
    ) throws(CodingError) -> [EventRecord] {
        let bytes = Array(dispatch.text.utf8)
        var tokens = bytes.withUnsafeBufferPointer { Tokenizer.tokenize(bytes: $0) }
        compiled.vocabulary.number(&tokens)
        guard !tokens.isEmpty else { return [] }
        if let deadline, ContinuousClock.now >= deadline { throw CodingError(.tooSlow, dispatch: dispatch.name) }
        let sentences = Tokenizer.sentences(tokens)
        let syntax = analyzer.map {
            Syntax(document: $0.analyze(dispatch.text, layers: .dependencies), tokens: tokens)
        }
        let reader = EventReader(
            lex: compiled, tokens: tokens, sentences: sentences, text: bytes, published: dispatch.published,
            syntax: syntax, deadline: deadline)
        if EventReader.debug {
            let line = "topic words \(reader.topicWordCount()), political mentions \(reader.politicalMentionCount())\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        // A dispatch about sport, culture, business, science or nature gives no events.
        if reader.isOffTopic { return [] }
        let candidates = reader.read()
        if let deadline, ContinuousClock.now >= deadline { throw CodingError(.tooSlow, dispatch: dispatch.name) }
        // Implied participants only after merging: a guess must neither keep mentions apart nor join them.
        let events = Merger.merge(candidates).map {
            reader.implyRecipient(reader.implyActor(reader.placeDescribed($0)))
        }
        // The hash of the id prefix and the anchor, absorbed once and copied for every event: the
        // story the format names, or the first paragraph (final as soon as later text exists).
        var prefix = SHA256()
        if let story = dispatch.story {
            prefix.update(data: Array("vigie-event-story-v1\u{0}".utf8))
            prefix.update(data: Array(story.utf8))
        } else {
            prefix.update(data: Array("vigie-event-v1\u{0}".utf8))
            prefix.update(data: Extractor.firstParagraph(bytes))
        }
        prefix.update(data: [0])
        let ref = dispatch.reference
        var seen: [String: Int] = [:]
        return events.map { c in
            let key = Extractor.mergeKey(c)
            var id = Extractor.eventID(prefix: prefix, key: key)
            // Two records may share a key (the same type, parties and date in two places): number them.
            if let n = seen[id] {
                seen[id] = n + 1
                id = Extractor.eventID(prefix: prefix, key: key + "\u{0}\(n + 1)")
            } else {
                seen[id] = 1
            }
            return EventRecord(
                id: id, dispatch: ref, language: "fr", event: c.type, mode: c.mode, context: context(of: c),
                cameo: c.cameo,
                actor: c.actor, recipient: c.recipient, claimedBy: c.claimedBy, date: c.date,
                datePrecision: Merger.precision(of: c.date), place: c.place, size: c.size,
                evidence: Evidence(
                    text: String(decoding: bytes[c.evidenceStart..<c.evidenceEnd], as: UTF8.self),
                    start: c.evidenceStart, end: c.evidenceEnd),
                confidence: (c.confidence * 100).rounded() / 100, coder: coder)
        }
    }

    /// The contexts of one event: its CAMEO code's (`contexts.tsv`), and "military" for force used by or between armed forces.
    func context(of c: Candidate) -> [String] {
        // A resignation shares its CAMEO code with a military surrender; it is not military.
        if c.mode == "resign" { return [] }
        if let cameo = c.cameo, let found = compiled.contexts[cameo] { return found }
        // "190" (conventional force) is military in PLOVER's table only when forces use it, not for a bomb in a hotel.
        if c.cameo == "190", c.actor.contains(where: { $0.sector == .mil }) { return ["military"] }
        return []
    }

    /// The bytes up to the first line break: final as soon as any later text exists.
    static func firstParagraph(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        if let nl = bytes.firstIndex(of: 0x0A) { return bytes[..<nl] }
        return bytes[...]
    }

    /// Type, mode, sorted actor keys, sorted recipient keys, date and toll: what makes two
    /// mentions one event, and a new toll a new event (which replaces the old one when a later
    /// version of the story gives it).
    static func mergeKey(_ c: Candidate) -> String {
        let actors = c.actor.map { $0.matchKey ?? ($0.name ?? $0.text) }.sorted().joined(separator: ",")
        let recipients = c.recipient.map { $0.matchKey ?? ($0.name ?? $0.text) }.sorted().joined(separator: ",")
        var key = "\(c.type.rawValue)\u{0}\(c.mode ?? "")\u{0}\(actors)\u{0}\(recipients)\u{0}\(c.date ?? "")"
        // Only when there is a toll, so that ids of events without one stay those of 0.3.
        if !c.size.isEmpty {
            key += "\u{0}toll:\(c.size.dead.map(String.init) ?? "")/\(c.size.injured.map(String.init) ?? "")"
            key += "/\(c.size.arrested.map(String.init) ?? "")"
        }
        return key
    }

    /// Hex of the first 16 bytes of SHA-256 over "vigie-event-v1\0" + first paragraph + "\0" + key.
    static func eventID(prefix: SHA256, key: String) -> String {
        var h = prefix
        h.update(data: Array(key.utf8))
        return ContentHash.hex(h.finalize().prefix(16))
    }
}
