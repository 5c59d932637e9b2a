import Foundation
import Synchronization

/// spaCy's French pipeline fr_core_news_md 3.8.0, run natively: tokenizer, tok2vec,
/// morphologizer (part of speech and features), dependency parser (heads, relations, sentence
/// boundaries), rule lemmatizer, and the entity recognizer with its own tok2vec. Same model,
/// same output as spaCy (see `make parity`).
///
/// Loading maps the model's arrays into memory once; ``analyze(_:)`` is thread-safe and may be
/// called from several threads at once.
public final class FrenchAnalyzer: Sendable {
    private let model: ModelFile
    private let strings: StringStore
    private let tokenizer: Tokenizer
    let tok2vec: Tok2Vec
    private let morphologizer: Morphologizer
    private let parser: TransitionParser
    private let lemmatizer: Lemmatizer
    let entityTok2Vec: Tok2Vec
    private let recognizer: TransitionParser
    // The tok2vecs' buffers, one per thread analyzing at the moment.
    private let scratchPool = Mutex<[EncoderScratch]>([])

    /// Loads the converted model in `directory` (see ``ModelLocation``). Throws
    /// ``LanguageError`` naming the path and the command that installs the model when it is
    /// missing, damaged or of another version.
    public init(modelDirectory directory: URL) throws(LanguageError) {
        BLAS.useOneThread()
        let model = try ModelFile.load(from: directory)
        self.model = model
        strings = StringStore(symbols: model.manifest.symbols)
        let rulesURL = directory.appendingPathComponent("tokenizer.json")
        let rules: Data
        do {
            rules = try Data(contentsOf: rulesURL)
        } catch {
            throw LanguageError(
                code: .modelDamaged, message: "cannot read \(rulesURL.path); \(LanguageError.installHint)",
                cause: "\(error)")
        }
        tokenizer = try Tokenizer(rules: rules)
        tok2vec = try Tok2Vec(model: model, prefix: "tok2vec", spec: model.manifest.tok2vec)
        morphologizer = try Morphologizer(model: model, width: tok2vec.width)
        parser = try TransitionParser(model: model, kind: .dependencies)
        lemmatizer = try Lemmatizer(model: model, strings: strings)
        guard let entitySpec = model.manifest.ner.tok2vec else {
            throw LanguageError(code: .modelDamaged, message: "\(directory.path): the entity recognizer has no tok2vec")
        }
        entityTok2Vec = try Tok2Vec(model: model, prefix: "ner.tok2vec", spec: entitySpec)
        recognizer = try TransitionParser(model: model, kind: .entities)
    }

    /// The model's name and version, e.g. "fr_core_news_md 3.8.0".
    public var modelDescription: String { "\(ModelFile.modelName) \(model.manifest.version)" }

    /// The licence of the model's data as its package states it ("LGPL-LR").
    public var modelLicense: String { model.manifest.license ?? "" }

    /// Longest run of tokens the networks read at once. spaCy reads a whole document (and refuses
    /// texts past a million characters); a longer document is cut here, after the last
    /// sentence end or line break of the block when there is one, so that memory stays bounded
    /// and time linear. Documents under this many tokens are read exactly as spaCy reads them.
    package static let segmentTokens = 4_000

    /// The analysis of `text`: the layers in `layers` (all of them by default); see
    /// ``AnalysisLayers`` for what a token holds when a layer is left out.
    public func analyze(_ text: String, layers: AnalysisLayers = .all) -> AnnotatedDocument {
        analyze([text], layers: layers)[0]
    }

    /// The analysis of each of `texts`, as ``analyze(_:layers:)`` gives it one by one, computed
    /// in batches (as spaCy's `nlp.pipe`): the tok2vecs multiply the rows of many short documents
    /// at once (one-line documents: 24,500 -> 34,000 tokens/s here).
    public func analyze(_ texts: [String], layers: AnalysisLayers = .all) -> [AnnotatedDocument] {
        var documents = texts.map { AnnotatedDocument(text: $0, tokens: [], sentences: [], entities: []) }
        var batch: [Segment] = []
        var batchTokens = 0
        for (d, text) in texts.enumerated() {
            let raw = tokenizer.tokenize(text)
            documents[d].tokens.reserveCapacity(raw.count)
            // Bytes only when a cut is needed (documents past segmentTokens).
            let bytes = raw.count > Self.segmentTokens ? Array(text.utf8) : []
            var start = 0
            while start < raw.count {
                let end = segmentEnd(bytes, raw, from: start)
                if batchTokens + end - start > Self.segmentTokens, !batch.isEmpty {
                    analyze(batch, layers: layers, into: &documents)
                    batch.removeAll(keepingCapacity: true)
                    batchTokens = 0
                }
                batch.append(Segment(document: d, raw: raw[start..<end]))
                batchTokens += end - start
                start = end
            }
        }
        if !batch.isEmpty { analyze(batch, layers: layers, into: &documents) }
        return documents
    }

    /// The lexical ids of `text`'s tokens (tests).
    package func lexicalFeatures(_ text: String) -> LexicalFeatures {
        LexicalFeatures(text: text, tokens: tokenizer.tokenize(text), strings: strings)
    }

    private func segmentEnd(_ utf8: [UInt8], _ raw: [RawToken], from start: Int) -> Int {
        let limit = start + Self.segmentTokens
        guard raw.count > limit else { return raw.count }
        for index in stride(from: limit - 1, to: start + Self.segmentTokens / 2, by: -1) {
            let token = raw[index]
            let last = utf8[token.end - 1]
            // ".", "!", "?", a line break, or the last byte of "…" (E2 80 A6).
            if last == 0x2E || last == 0x21 || last == 0x3F || last == 0x0A
                || (last == 0xA6 && token.end - token.start >= 3)
            {
                return index + 1
            }
        }
        return limit
    }

    /// A run of one document's tokens the networks read at once (the whole document unless it is
    /// past segmentTokens).
    private struct Segment {
        let document: Int
        let raw: ArraySlice<RawToken>
    }

    /// The tok2vecs over the whole batch, then each segment's layers into its document.
    private func analyze(_ batch: [Segment], layers: AnalysisLayers, into documents: inout [AnnotatedDocument]) {
        let features = batch.map {
            LexicalFeatures(text: documents[$0.document].text, tokens: Array($0.raw), strings: strings)
        }
        let scratch = scratchPool.withLock { $0.popLast() } ?? EncoderScratch()
        let vectors = tok2vec.encode(features, scratch: scratch)
        let entityVectors = layers.contains(.entities) ? entityTok2Vec.encode(features, scratch: scratch) : []
        scratchPool.withLock { $0.append(scratch) }
        for (i, segment) in batch.enumerated() {
            analyze(
                segment.raw, features: features[i], vectors: vectors[i],
                entityVectors: entityVectors.isEmpty ? nil : entityVectors[i], layers: layers,
                into: &documents[segment.document])
        }
    }

    private func analyze(
        _ raw: ArraySlice<RawToken>, features: LexicalFeatures, vectors: [Float], entityVectors: [Float]?,
        layers: AnalysisLayers, into document: inout AnnotatedDocument
    ) {
        let text = document.text
        let offset = raw.startIndex
        let isSpace = features.isSpace.map { $0 != 0 }
        let labels = layers.contains(.morphology) ? morphologizer.predict(vectors) : []
        // The recognizer needs the parser's sentence starts, so entities bring the parse along.
        let parse = vectors.withUnsafeBufferPointer { parser.parse(tokvecs: $0, isSpace: isSpace) }
        var spans: [EntitySpan] = []
        if let entityVectors {
            // spaCy's recognizer keeps an entity inside one sentence: it reads the parser's starts.
            spans = entityVectors.withUnsafeBufferPointer {
                recognizer.recognize(tokvecs: $0, isSpace: isSpace, sentenceStarts: parse.sentenceStarts)
            }
        }
        let utf8 = text.utf8
        for (i, token) in raw.enumerated() {
            let start = utf8.index(utf8.startIndex, offsetBy: token.start)
            let form = text[start..<utf8.index(start, offsetBy: token.end - token.start)]
            // The model's attribute ruler, after the parser and before the lemmatizer: white
            // space is SPACE with no features and relation "dep"; SPACE predicted for anything
            // else becomes X.
            // (Without the morphology layer there are no labels: no part of speech to fix.)
            var pos = labels.isEmpty ? "" : morphologizer.pos[labels[i]]
            var features = labels.isEmpty ? "" : morphologizer.features[labels[i]]
            var relation = parse.relations[i]
            if isSpace[i] {
                if !labels.isEmpty { pos = "SPACE" }
                features = ""
                if !relation.isEmpty { relation = "dep" }
            } else if pos == "SPACE" {
                pos = "X"
                features = ""
            }
            document.tokens.append(
                AnnotatedToken(
                    start: token.start, end: token.end, form: String(form),
                    lemma: labels.isEmpty ? "" : lemmatizer.lemma(form, pos: pos),
                    pos: pos, features: features, head: parse.heads[i] + offset, relation: relation,
                    entity: .outside, spaceAfter: token.spaceAfter))
        }
        for span in spans where span.start < span.end && span.end <= raw.count {
            let tokens = (span.start + offset)..<(span.end + offset)
            document.entities.append(NamedEntity(tokens: tokens, label: span.label))
            for i in tokens {
                document.tokens[i].entity = EntityTag(
                    position: i == tokens.lowerBound ? .begin : .inside, label: span.label)
            }
        }
        var sentenceStart = offset
        for i in 1..<raw.count where parse.sentenceStarts[i] {
            document.sentences.append(sentenceStart..<(i + offset))
            sentenceStart = i + offset
        }
        document.sentences.append(sentenceStart..<(raw.count + offset))
    }
}

/// The layers of the analysis a caller asks for. The tokenizer, the shared tok2vec and the
/// parser always run (tokens, heads, relations, sentences); a layer left out is not computed:
/// without ``morphology`` a token's `pos`, `features` and `lemma` are empty, without
/// ``entities`` every token is outside an entity and the document has none. The layers given
/// are exactly what the full analysis gives.
public struct AnalysisLayers: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Part of speech, morphological features and lemma (the morphologizer and the lemmatizer).
    public static let morphology = AnalysisLayers(rawValue: 1)
    /// Named entities (the recognizer and its own tok2vec, about half of the arithmetic).
    public static let entities = AnalysisLayers(rawValue: 2)
    /// Tokens, heads, relations and sentences only: what the coder reads.
    public static let dependencies: AnalysisLayers = []
    /// Everything (`vigie annotate`, parity).
    public static let all: AnalysisLayers = [.morphology, .entities]
}
