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
    private let embeddings: [HashEmbedding]
    // The tables hold each row already multiplied by the reduction's weight (the converter
    // folds it): (rows, width x pieces).
    private let staticVectors: UnsafeBufferPointer<Float>  // (vectors, width x pieces)
    private let vectorKeys: UnsafeBufferPointer<UInt64>  // sorted
    private let vectorRows: UnsafeBufferPointer<Int32>
    private let reduce: MaxoutNorm
    private let encoder: [MaxoutNorm]
    /// Output columns per token.
    package let width: Int

    // The encoder's receptive field (depth x window): spaCy pads each document with this many
    // zero rows on each side and runs the encoder over the pads too.
    private var padding: Int { encoder.count }

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

    /// The encoded tokens, row-major (tokens x width).
    package func encode(_ features: LexicalFeatures) -> [Float] {
        let count = features.count
        guard count > 0 else { return [] }
        let pad = padding
        let rows = count + 2 * pad
        var hidden = [Float](repeating: 0, count: rows * width)
        hidden.withUnsafeMutableBufferPointer { h in
            embed(features, into: h.baseAddress! + pad * width)
        }
        // The encoder runs over the document padded with zero rows each side, as Thinc's
        // with_array(pad=...) flattens it: the pads take values from the first block on and the
        // tokens at the edges see them. Block i is read only within depth - 1 - i rows of the
        // tokens, so it computes just those rows (same values, fewer products).
        var window = [Float](repeating: 0, count: rows * width * 3)
        var block = [Float](repeating: 0, count: rows * width)
        var scratch = [Float](repeating: 0, count: rows * width * reduce.pieces)
        for (i, layer) in encoder.enumerated() {
            let first = i + 1
            let computed = rows - 2 * first
            hidden.withUnsafeBufferPointer { h in
                window.withUnsafeMutableBufferPointer { w in
                    Self.expandWindow(
                        h.baseAddress! + (first - 1) * width, rows: computed, width: width, into: w.baseAddress!)
                }
            }
            window.withUnsafeBufferPointer { w in
                block.withUnsafeMutableBufferPointer { b in
                    scratch.withUnsafeMutableBufferPointer { s in
                        layer.apply(w.baseAddress!, rows: computed, scratch: s.baseAddress!, into: b.baseAddress!)
                    }
                }
            }
            hidden.withUnsafeMutableBufferPointer { h in
                add(block, into: h.baseAddress! + first * width, count: computed * width)
            }
        }
        return Array(hidden[(pad * width)..<((pad + count) * width)])
    }

    /// The reduction's output for each token (count x width into `output`): its folded
    /// hash-embedding rows and static vector row summed (the product is in the tables), then
    /// maxout and layer norm. A token repeated in the document (same form, norm and spacing)
    /// is computed once and copied: the rows it sums lie scattered over megabytes of tables.
    private func embed(_ features: LexicalFeatures, into output: UnsafeMutablePointer<Float>) {
        let count = features.count
        let units = width * reduce.pieces
        var firstOf: [LexicalKey: Int] = [:]
        firstOf.reserveCapacity(count)
        var unique: [Int] = []  // token index of each distinct token
        var source = [Int](repeating: 0, count: count)  // its distinct token's row
        for t in 0..<count {
            let key = LexicalKey(
                orth: features.orth[t], norm: features.norm[t], spaceAfter: features.spaceAfter[t],
                isSpace: features.isSpace[t])
            if let row = firstOf[key] {
                source[t] = row
            } else {
                firstOf[key] = unique.count
                source[t] = unique.count
                unique.append(t)
            }
        }
        var summed = [Float](repeating: 0, count: unique.count * units)
        summed.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for embedding in embeddings {
                let ids = features.column(embedding.column)
                let table = embedding.table.baseAddress!
                for (row, t) in unique.enumerated() {
                    let keys = StringHash.bucketKeys(ids[t], seed: embedding.seed)
                    let destination = base + row * units
                    add(table + Int(keys.0 % embedding.rows) * units, into: destination, count: units)
                    add(table + Int(keys.1 % embedding.rows) * units, into: destination, count: units)
                    add(table + Int(keys.2 % embedding.rows) * units, into: destination, count: units)
                    add(table + Int(keys.3 % embedding.rows) * units, into: destination, count: units)
                }
            }
            let vectors = staticVectors.baseAddress!
            for (row, t) in unique.enumerated() {
                guard let vector = vectorRow(features.orth[t]) else { continue }
                add(vectors + vector * units, into: base + row * units, count: units)
            }
        }
        var reduced = [Float](repeating: 0, count: unique.count * width)
        summed.withUnsafeBufferPointer { input in
            reduced.withUnsafeMutableBufferPointer { r in
                reduce.activate(input.baseAddress!, rows: unique.count, into: r.baseAddress!)
            }
        }
        reduced.withUnsafeBufferPointer { r in
            for t in 0..<count {
                (output + t * width).update(from: r.baseAddress! + source[t] * width, count: width)
            }
        }
    }

    /// Thinc's `seq2col` with a window of one: each of `rows` rows becomes [previous, itself,
    /// next]. `input` points at the row before the first and holds `rows + 2` rows (the encoder
    /// pads the document, so the rows read at the edges exist).
    static func expandWindow(
        _ input: UnsafePointer<Float>, rows: Int, width: Int, into output: UnsafeMutablePointer<Float>
    ) {
        let stride = width * 3
        for r in 0..<rows {
            // Rows r, r + 1, r + 2 of the input are contiguous: one copy.
            (output + r * stride).update(from: input + r * width, count: stride)
        }
    }
}

/// The lexical ids that decide a token's embedding.
private struct LexicalKey: Hashable {
    let orth: UInt64
    let norm: UInt64
    let spaceAfter: UInt64
    let isSpace: UInt64
}

/// `destination[i] += source[i]` for `count` floats.
@inline(__always)
private func add(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { destination[i] += source[i] }
}
