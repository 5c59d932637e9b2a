extension Tok2Vec {
    /// The encoded tokens of each document of `batch`, row-major (tokens x width) each: the
    /// same rows as encoding each document alone, with one matrix product per encoder block for
    /// the whole batch (OpenBLAS packs the weights once per call, which on a one-line document
    /// costs as much as the product itself).
    ///
    /// Each document is padded with `padding` zero rows on each side, as Thinc's
    /// `with_array(pad=...)` pads it: the pads take values from the first block on and the tokens
    /// at the edges see them. Block i is read only within depth - 1 - i rows of the tokens, so it
    /// computes just those rows.
    ///
    /// Rows are computed once per distinct input: every row carries a class, equal classes
    /// meaning equal values (a token's class is its lexical key, a pad's is zero), and a block's
    /// output for a row depends only on the classes of the three rows of its window, so a window
    /// seen before is not multiplied again. News repeats few windows past the first block;
    /// repetitive input ("((((...", a list of the same names) collapses to a few products, which
    /// keeps its time per MB near that of news.
    ///
    /// `deduplicating: false` multiplies every window with the whole block, as spaCy does (the
    /// tests compare both). `scratch` is reused from one call to the next (one thread at a time).
    package func encode(
        _ batch: [LexicalFeatures], scratch buffers: EncoderScratch, deduplicating: Bool = true
    ) -> [[Float]] {
        let pad = padding
        var segmentStarts: [Int] = []
        var rows = 0
        for features in batch {
            segmentStarts.append(rows)
            if features.count > 0 { rows += features.count + 2 * pad }
        }
        guard rows > 0 else { return batch.map { _ in [] } }
        let units = width * reduce.pieces
        let buffers = buffers.reserve(rows: rows, width: width, units: units)
        let hidden = buffers.hidden
        hidden.initialize(repeating: 0, count: rows * width)
        var classes = [Int32](repeating: 0, count: rows)
        let tokenClasses = classes.withUnsafeMutableBufferPointer { c in
            embed(
                batch, segmentStarts: segmentStarts, summed: buffers.input, reduced: buffers.output, into: hidden,
                classes: c.baseAddress!)
        }
        var nextClass = tokenClasses
        // Sized for the largest block (the first), reused by the others.
        var targets: [Int] = []  // rows a block computes
        var windowOfTarget: [Int32] = []  // the distinct window each reads
        var windowRows: [Int] = []  // a row reading each distinct window
        targets.reserveCapacity(rows)
        windowOfTarget.reserveCapacity(rows)
        windowRows.reserveCapacity(rows)
        var windows = WindowTable(capacityFor: rows, enabled: deduplicating)
        let input = buffers.input
        let output = buffers.output
        let scratch = buffers.scratch
        for (i, layer) in encoder.enumerated() {
            let first = i + 1
            targets.removeAll(keepingCapacity: true)
            windowOfTarget.removeAll(keepingCapacity: true)
            windowRows.removeAll(keepingCapacity: true)
            windows.removeAll()
            for (d, features) in batch.enumerated() where features.count > 0 {
                let segment = segmentStarts[d]
                for row in (segment + first)..<(segment + features.count + 2 * pad - first) {
                    let window = windows.index(
                        of: (classes[row - 1], classes[row], classes[row + 1]), next: Int32(windowRows.count))
                    if window == windowRows.count { windowRows.append(row) }
                    targets.append(row)
                    windowOfTarget.append(window)
                }
            }
            let distinct = windowRows.count
            let tokens = Int(tokenClasses) - 1
            if i == 0, deduplicating, let parts = firstBlockParts, tokens < distinct {
                firstBlockFromParts(
                    parts, tokens: tokens, windowRows: windowRows, classes: classes, buffers: buffers)
                layer.activatePlanar(scratch, rows: distinct, into: output)
            } else {
                // Thinc's seq2col with a window of one: [previous, row, next], contiguous.
                for (w, row) in windowRows.enumerated() {
                    (input + w * width * 3).update(from: hidden + (row - 1) * width, count: width * 3)
                }
                layer.apply(input, rows: distinct, scratch: scratch, into: output)
            }
            // The block is residual; a row's new value depends on its window only.
            for (t, row) in targets.enumerated() {
                let window = Int(windowOfTarget[t])
                add(output + window * width, into: hidden + row * width, count: width)
                classes[row] = nextClass + Int32(window)
            }
            nextClass += Int32(distinct)
        }
        return batch.enumerated().map { d, features in
            let start = (segmentStarts[d] + pad) * width
            return Array(UnsafeBufferPointer(start: hidden + start, count: features.count * width))
        }
    }

    /// The first block's pre-activations (into `buffers.scratch`, one row per distinct window)
    /// from the embedded tokens (still in `buffers.output`) and zero pads: each distinct token
    /// times each of the three parts, then each window the sum of its rows' parts.
    private func firstBlockFromParts(
        _ parts: OwnedFloats, tokens: Int, windowRows: [Int], classes: [Int32], buffers: EncoderScratch.Buffers
    ) {
        let units = width * reduce.pieces
        multiplyTransposed(
            buffers.output, rows: tokens, inputs: width, parts.buffer.baseAddress!, outputs: 3 * units,
            into: buffers.parts)
        for (w, row) in windowRows.enumerated() {
            let preactivation = buffers.scratch + w * units
            preactivation.update(repeating: 0, count: units)
            for k in 0..<3 where classes[row - 1 + k] > 0 {
                let token = Int(classes[row - 1 + k]) - 1
                add(buffers.parts + (token * 3 + k) * units, into: preactivation, count: units)
            }
        }
    }

    /// The reduction's output for each token of each document, written at its row of the padded
    /// segments (`output`), with its class (1 + its distinct token) in `classes`; returns the
    /// first class not given. A token's row is its folded hash-embedding rows and static vector
    /// row summed (the product is in the tables), then maxout and layer norm. A token repeated
    /// in the batch (same form, norm and spacing) is computed once and copied: the rows it sums
    /// lie scattered over megabytes of tables.
    /// `summed` holds tokens x width x pieces floats and `reduced` tokens x width.
    private func embed(
        _ batch: [LexicalFeatures], segmentStarts: [Int], summed: UnsafeMutablePointer<Float>,
        reduced: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>,
        classes: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        let units = width * reduce.pieces
        var firstOf: [LexicalKey: Int] = [:]
        var unique: [(document: Int, token: Int)] = []
        var sources: [[Int]] = []  // per document, each token's distinct token
        for (d, features) in batch.enumerated() {
            var source = [Int](repeating: 0, count: features.count)
            for t in 0..<features.count {
                let key = LexicalKey(
                    orth: features.orth[t], norm: features.norm[t], spaceAfter: features.spaceAfter[t],
                    isSpace: features.isSpace[t])
                if let row = firstOf[key] {
                    source[t] = row
                } else {
                    firstOf[key] = unique.count
                    source[t] = unique.count
                    unique.append((d, t))
                }
            }
            sources.append(source)
        }
        summed.initialize(repeating: 0, count: unique.count * units)
        do {
            let base = summed
            for embedding in embeddings {
                let table = embedding.table.baseAddress!
                let ids = batch.map { $0.column(embedding.column) }
                for (row, token) in unique.enumerated() {
                    let id = ids[token.document][token.token]
                    let keys = StringHash.bucketKeys(id, seed: embedding.seed)
                    let destination = base + row * units
                    add(table + Int(keys.0 % embedding.rows) * units, into: destination, count: units)
                    add(table + Int(keys.1 % embedding.rows) * units, into: destination, count: units)
                    add(table + Int(keys.2 % embedding.rows) * units, into: destination, count: units)
                    add(table + Int(keys.3 % embedding.rows) * units, into: destination, count: units)
                }
            }
            let vectors = staticVectors.baseAddress!
            for (row, token) in unique.enumerated() {
                guard let vector = vectorRow(batch[token.document].orth[token.token]) else { continue }
                add(vectors + vector * units, into: base + row * units, count: units)
            }
        }
        reduce.activate(summed, rows: unique.count, into: reduced)
        for (d, source) in sources.enumerated() {
            let first = segmentStarts[d] + padding
            for (t, distinct) in source.enumerated() {
                (output + (first + t) * width).update(from: reduced + distinct * width, count: width)
                classes[first + t] = Int32(1 + distinct)
            }
        }
        return Int32(1 + unique.count)
    }
}

/// The float buffers of one encoding, kept from one call to the next: fresh pages for each batch
/// cost about 4% of the analysis in page faults and zeroing. Used by one thread at a time.
package final class EncoderScratch: @unchecked Sendable {
    // @unchecked: handed from thread to thread through the analyzer's pool, never shared.
    private var storage = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)

    package init() {}

    deinit { storage.deallocate() }

    struct Buffers {
        let hidden: UnsafeMutablePointer<Float>  // rows x width
        let input: UnsafeMutablePointer<Float>  // rows x width x 3 (the embedding's sums first)
        let output: UnsafeMutablePointer<Float>  // rows x width
        let scratch: UnsafeMutablePointer<Float>  // rows x units
        let parts: UnsafeMutablePointer<Float>  // rows x units x 3 (the first block's parts)
    }

    /// Room for `rows` padded rows; `units` is width x pieces.
    func reserve(rows: Int, width: Int, units: Int) -> Buffers {
        // The embedding's sums (tokens x units) use `input`: units <= width x 3 in these models,
        // and the larger of the two is reserved.
        let inputCount = rows * max(width * 3, units)
        let needed = rows * width * 2 + inputCount + rows * units * 4
        if storage.count < needed {
            storage.deallocate()
            storage = .allocate(capacity: needed)
        }
        let base = storage.baseAddress!
        return Buffers(
            hidden: base, input: base + rows * width, output: base + rows * width + inputCount,
            scratch: base + rows * width * 2 + inputCount,
            parts: base + rows * width * 2 + inputCount + rows * units)
    }
}

/// The distinct windows of one encoder block: an open-addressing table from the classes of a
/// window's three rows to the window's index (a `Dictionary` cost 4-8% of the analysis here).
private struct WindowTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private let shift: UInt64
    private let mask: Int
    // Classes are packed 21 bits each; a batch with more classes than that is not deduplicated.
    private let packs: Bool

    init(capacityFor rows: Int, enabled: Bool) {
        var capacity = 16
        var bits: UInt64 = 4
        while capacity < 2 * rows {
            capacity *= 2
            bits += 1
        }
        keys = [UInt64](repeating: .max, count: capacity)
        values = [Int32](repeating: 0, count: capacity)
        shift = 64 - bits
        mask = capacity - 1
        // At most 1 + rows token classes, then rows new classes per block.
        packs = enabled && (Int(1) + rows) * 6 < 1 << 21
    }

    mutating func removeAll() {
        keys.withUnsafeMutableBufferPointer { $0.update(repeating: .max) }
    }

    /// The index of the window whose rows have `classes`; `next` (which the caller then gives
    /// to it) when it was not seen yet.
    mutating func index(of classes: (Int32, Int32, Int32), next: Int32) -> Int32 {
        guard packs else { return next }
        let key = UInt64(UInt32(classes.0)) << 42 | UInt64(UInt32(classes.1)) << 21 | UInt64(UInt32(classes.2))
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == .max {
                keys[slot] = key
                values[slot] = next
                return next
            }
            slot = (slot + 1) & mask
        }
    }
}
