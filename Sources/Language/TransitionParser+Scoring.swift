/// The scoring network of spaCy's transition-based components at prediction time
/// (`ml/tb_framework.py`, `ml/parser_model.pyx`): a Linear from the tok2vec width to the
/// hidden width, a `PrecomputableAffine` evaluated once for every token and every feature
/// position, then per state the sum of its features' precomputed rows, the bias, a maxout
/// over the pieces and a Linear to one score per move.
///
/// The weights are copied out of the memory-mapped model, the two products' matrices
/// transposed so that the inner loops run along contiguous rows.
struct TransitionNetwork: Sendable {
    /// Feature positions per state (8 for the parser, 3 for the recognizer).
    let features: Int
    /// Hidden units (`nO` of the lower layer).
    let hidden: Int
    /// Maxout pieces per hidden unit.
    let pieces: Int
    /// The width of the tok2vec output read (96).
    let inputWidth: Int
    /// The width after the first Linear, the lower layer's input.
    let projectedWidth: Int
    /// The number of moves.
    let classes: Int

    private let projectT: [Float]  // (inputWidth, projectedWidth)
    private let projectBias: [Float]  // (projectedWidth)
    private let lowerT: [Float]  // (projectedWidth, features * hidden * pieces)
    private let lowerBias: [Float]  // (hidden * pieces)
    private let padding: [Float]  // (features * hidden * pieces)
    private let upperT: [Float]  // (hidden, classes)
    private let upperBias: [Float]  // (classes)
    private let unseen: [Int]

    /// Floats of one token's precomputed row: every feature position, unit and piece.
    var rowWidth: Int { features * hidden * pieces }

    /// Reads `prefix`.project/lower/upper arrays and the sizes of `section`.
    init(model: ModelFile, prefix: String, section: ModelManifest.TransitionModel) throws(LanguageError) {
        let nF = section.features
        let nO = section.hidden
        let nP = section.pieces
        let classes = section.moves.count
        guard let projectShape = model.shape("\(prefix).project.W"), projectShape.count == 2,
            projectShape[0] > 0, projectShape[1] > 0
        else {
            throw LanguageError(code: .modelDamaged, message: "\(prefix).project.W missing from the model")
        }
        let width = projectShape[0]
        let inputs = projectShape[1]
        let projectW = try model.floats("\(prefix).project.W", shape: [width, inputs])
        let lowerW = try model.floats("\(prefix).lower.W", shape: [nF, nO, nP, width])
        features = nF
        hidden = nO
        pieces = nP
        inputWidth = inputs
        projectedWidth = width
        self.classes = classes
        projectT = transpose(projectW, rows: width, columns: inputs)
        projectBias = Array(try model.floats("\(prefix).project.b", shape: [width]))
        lowerT = transpose(lowerW, rows: nF * nO * nP, columns: width)
        lowerBias = Array(try model.floats("\(prefix).lower.b", shape: [nO, nP]))
        padding = Array(try model.floats("\(prefix).lower.pad", shape: [1, nF, nO, nP]))
        upperT = transpose(try model.floats("\(prefix).upper.W", shape: [classes, nO]), rows: classes, columns: nO)
        upperBias = Array(try model.floats("\(prefix).upper.b", shape: [classes]))
        for index in section.unseen_classes where !(0..<classes).contains(index) {
            throw LanguageError(code: .modelDamaged, message: "\(prefix): unseen class \(index) out of range")
        }
        unseen = section.unseen_classes
    }

    /// The lower layer for every token: `cached[t, f, o, p]` for `count` tokens whose tok2vec
    /// rows are `tokvecs` (count x inputWidth). `projected` holds count x projectedWidth floats.
    func precompute(
        tokvecs: UnsafePointer<Float>, count: Int, projected: UnsafeMutablePointer<Float>,
        into cached: UnsafeMutablePointer<Float>
    ) {
        // The two products over all tokens are the bulk of the work: OpenBLAS.
        projectT.withUnsafeBufferPointer { w in
            projectBias.withUnsafeBufferPointer { b in
                multiplyBLAS(
                    tokvecs, rows: count, inner: inputWidth, w.baseAddress!, columns: projectedWidth,
                    bias: b.baseAddress!, into: projected)
            }
        }
        lowerT.withUnsafeBufferPointer { w in
            multiplyBLAS(
                projected, rows: count, inner: projectedWidth, w.baseAddress!, columns: rowWidth, bias: nil,
                into: cached)
        }
    }

    /// The scores of one state whose context tokens are `ids` (-1 for none): `unmaxed` holds
    /// hidden x pieces floats, `activations` hidden floats, `scores` one per class.
    func score(
        ids: UnsafePointer<Int32>, cached: UnsafePointer<Float>, unmaxed: UnsafeMutablePointer<Float>,
        activations: UnsafeMutablePointer<Float>, into scores: UnsafeMutablePointer<Float>
    ) {
        let units = hidden * pieces
        let stride = rowWidth
        unmaxed.update(repeating: 0, count: units)
        // As spaCy's sum_state_features: each feature's row in turn (the padding row of that
        // position for a missing token), then the bias.
        padding.withUnsafeBufferPointer { pad in
            for f in 0..<features {
                let id = Int(ids[f])
                let row = id < 0 ? pad.baseAddress! + f * units : cached + id * stride + f * units
                add(row, into: unmaxed, count: units)
            }
        }
        lowerBias.withUnsafeBufferPointer { add($0.baseAddress!, into: unmaxed, count: units) }
        // Maxout: the first largest piece.
        for o in 0..<hidden {
            let base = o * pieces
            var best = unmaxed[base]
            for p in 1..<pieces where unmaxed[base + p] > best { best = unmaxed[base + p] }
            activations[o] = best
        }
        upperT.withUnsafeBufferPointer { w in
            upperBias.withUnsafeBufferPointer { b in
                Self.multiply(
                    activations, rows: 1, inner: hidden, w.baseAddress!, columns: classes, bias: b.baseAddress!,
                    into: scores)
            }
        }
        // Classes the training never saw score the minimum, as in predict_states (which takes
        // the minimum over its batch of states; here the batch is this one state).
        if !unseen.isEmpty {
            var minimum = scores[0]
            for c in 1..<classes where scores[c] < minimum { minimum = scores[c] }
            for c in unseen { scores[c] = minimum }
        }
    }
}

// MARK: Kernels

extension TransitionNetwork {
    /// spaCy's `arg_max_if_valid`: the first best-scoring valid class, or -1.
    @inline(__always)
    static func argMaxIfValid(_ scores: UnsafePointer<Float>, _ valid: UnsafePointer<Bool>, count: Int) -> Int {
        var best = -1
        for i in 0..<count where valid[i] {
            if best == -1 || scores[i] > scores[best] { best = i }
        }
        return best
    }

    /// c (rows x columns) = a (rows x inner) · b (inner x columns) + bias, all row-major; the
    /// bias is added to the finished sum, as thinc does after its product.
    ///
    /// Both kernels sum each element in the same order (k = 0, 1, ..., then the bias), so they
    /// agree bit for bit; debug builds take the plain one, since unoptimized SIMD types are
    /// hundreds of times slower.
    @inline(__always)
    static func multiply(
        _ a: UnsafePointer<Float>, rows: Int, inner: Int, _ b: UnsafePointer<Float>, columns: Int,
        bias: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>
    ) {
        #if DEBUG
            multiplyPlain(a, rows: rows, inner: inner, b, columns: columns, bias: bias, into: c)
        #else
            multiplyTiled(a, rows: rows, inner: inner, b, columns: columns, bias: bias, into: c)
        #endif
    }

    /// ``multiply(_:rows:inner:_:columns:bias:into:)`` by blocks of 6 rows x 8 columns whose
    /// sums stay in registers (12 of the 16 SSE registers): the rows of b are contiguous, so
    /// each step is one vector load of b and six broadcasts of a.
    static func multiplyTiled(
        _ a: UnsafePointer<Float>, rows: Int, inner: Int, _ b: UnsafePointer<Float>, columns: Int,
        bias: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>
    ) {
        let blockColumns = columns - columns % 8
        var r = 0
        while r + 6 <= rows {
            let a0 = a + r * inner
            let a1 = a0 + inner
            let a2 = a1 + inner
            let a3 = a2 + inner
            let a4 = a3 + inner
            let a5 = a4 + inner
            var j = 0
            while j < blockColumns {
                var s0 = SIMD8<Float>(repeating: 0)
                var s1 = s0
                var s2 = s0
                var s3 = s0
                var s4 = s0
                var s5 = s0
                var bk = b + j
                for k in 0..<inner {
                    let v = load8(bk)
                    s0 += v * a0[k]
                    s1 += v * a1[k]
                    s2 += v * a2[k]
                    s3 += v * a3[k]
                    s4 += v * a4[k]
                    s5 += v * a5[k]
                    bk += columns
                }
                let out = c + r * columns + j
                if let bias {
                    let shift = load8(bias + j)
                    s0 += shift
                    s1 += shift
                    s2 += shift
                    s3 += shift
                    s4 += shift
                    s5 += shift
                }
                store8(s0, out)
                store8(s1, out + columns)
                store8(s2, out + 2 * columns)
                store8(s3, out + 3 * columns)
                store8(s4, out + 4 * columns)
                store8(s5, out + 5 * columns)
                j += 8
            }
            for row in r..<(r + 6) { multiplyTail(a, row: row, inner: inner, b, columns: columns, from: j, bias, c) }
            r += 6
        }
        while r < rows {
            let ar = a + r * inner
            var j = 0
            while j < blockColumns {
                var s = SIMD8<Float>(repeating: 0)
                var bk = b + j
                for k in 0..<inner {
                    s += load8(bk) * ar[k]
                    bk += columns
                }
                if let bias { s += load8(bias + j) }
                store8(s, c + r * columns + j)
                j += 8
            }
            multiplyTail(a, row: r, inner: inner, b, columns: columns, from: j, bias, c)
            r += 1
        }
    }

    /// ``multiply(_:rows:inner:_:columns:bias:into:)`` row by row: row r of c gets a[r, k]
    /// times row k of b, for k in order, then the bias.
    static func multiplyPlain(
        _ a: UnsafePointer<Float>, rows: Int, inner: Int, _ b: UnsafePointer<Float>, columns: Int,
        bias: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>
    ) {
        var r = 0
        while r < rows {
            let ar = a + r * inner
            let cr = c + r * columns
            cr.update(repeating: 0, count: columns)
            var k = 0
            while k < inner {
                let factor = ar[k]
                let bk = b + k * columns
                var j = 0
                while j < columns {
                    cr[j] += factor * bk[j]
                    j += 1
                }
                k += 1
            }
            if let bias { add(bias, into: cr, count: columns) }
            r += 1
        }
    }
}

// A row-major (rows x columns) matrix as (columns x rows).
private func transpose(_ m: UnsafeBufferPointer<Float>, rows: Int, columns: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: rows * columns) { out, initialized in
        for r in 0..<rows {
            for c in 0..<columns { out[c * rows + r] = m[r * columns + c] }
        }
        initialized = rows * columns
    }
}

// The columns of one row past the last whole block of 8.
private func multiplyTail(
    _ a: UnsafePointer<Float>, row: Int, inner: Int, _ b: UnsafePointer<Float>, columns: Int, from start: Int,
    _ bias: UnsafePointer<Float>?, _ c: UnsafeMutablePointer<Float>
) {
    for j in start..<columns {
        var s: Float = 0
        for k in 0..<inner { s += a[row * inner + k] * b[k * columns + j] }
        if let bias { s += bias[j] }
        c[row * columns + j] = s
    }
}

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// `y[i] += x[i]` for `count` floats (the tok2vecs and the parsers).
@inline(__always)
func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count {
        store8(load8(y + i) + load8(x + i), y + i)
        i += 8
    }
    while i < count {
        y[i] += x[i]
        i += 1
    }
}
