import COpenBLAS

/// OpenBLAS's own threads off: each analysis runs on the caller's thread (vigied's coder pool
/// gives one per core), and the products here are too small to gain from splitting.
enum BLAS {
    private static let oneThread: Void = { openblas_set_num_threads(1) }()

    static func useOneThread() { oneThread }
}

/// `Y = X · Wᵀ` for row-major `X` (rows x inputs) and `W` (outputs x inputs), one OpenBLAS call.
@inline(__always)
func multiplyTransposed(
    _ x: UnsafePointer<Float>, rows: Int, inputs: Int, _ w: UnsafePointer<Float>, outputs: Int,
    into y: UnsafeMutablePointer<Float>
) {
    guard rows > 0 else { return }
    cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs), 1, x, Int32(inputs),
        w, Int32(inputs), 0, y, Int32(outputs))
}

/// Thinc's `Maxout` followed by `LayerNorm` (the only way spaCy's tok2vec uses it): a linear
/// layer to `width x pieces`, the largest piece of each unit, then each row normalized to zero
/// mean and unit variance (plus 1e-8) and scaled by G and shifted by b. A folded layer has no
/// weight: the converter multiplied it into the tables its input rows come from, and the caller
/// hands ``activate(_:rows:into:)`` the summed rows.
struct MaxoutNorm: @unchecked Sendable {
    // @unchecked: read-only pointers into the memory-mapped model or into `owned`, which this
    // keeps alive.
    /// (width x pieces, inputs); nil when folded. A layer with weights holds them rearranged
    /// piece by piece (row p x width + o is unit o's piece p, where the model has o x pieces +
    /// p), so that maxout reads each piece as a contiguous run of `width` floats.
    let weights: UnsafeBufferPointer<Float>?
    let bias: UnsafeBufferPointer<Float>  // (width, pieces), or (pieces, width) with weights
    let gain: UnsafeBufferPointer<Float>  // (width)
    let shift: UnsafeBufferPointer<Float>  // (width)
    let width: Int
    let pieces: Int
    let inputs: Int
    private let owned: OwnedFloats?

    /// The layer `name`; `inputs` nil for a folded layer (no weight in the model).
    init(model: ModelFile, name: String, width: Int, pieces: Int, inputs: Int?) throws(LanguageError) {
        let modelBias = try model.floats("\(name).b", shape: [width, pieces])
        if let inputs {
            guard width % 8 == 0 else {
                throw LanguageError(
                    code: .modelDamaged,
                    message: "\(model.directory.path): \(name) is \(width) wide, not a multiple of 8")
            }
            let modelWeights = try model.floats("\(name).W", shape: [width, pieces, inputs])
            let owned = OwnedFloats(count: width * pieces * (inputs + 1))
            let planarWeights = UnsafeMutableBufferPointer(rebasing: owned.buffer[0..<(width * pieces * inputs)])
            let planarBias = UnsafeMutableBufferPointer(rebasing: owned.buffer[(width * pieces * inputs)...])
            for o in 0..<width {
                for p in 0..<pieces {
                    let row = p * width + o
                    planarBias[row] = modelBias[o * pieces + p]
                    for i in 0..<inputs {
                        planarWeights[row * inputs + i] = modelWeights[(o * pieces + p) * inputs + i]
                    }
                }
            }
            weights = UnsafeBufferPointer(planarWeights)
            bias = UnsafeBufferPointer(planarBias)
            self.owned = owned
        } else {
            weights = nil
            bias = modelBias
            owned = nil
        }
        gain = try model.floats("\(name).G", shape: [width])
        shift = try model.floats("\(name).nb", shape: [width])
        self.width = width
        self.pieces = pieces
        self.inputs = inputs ?? 0
    }

    /// `output[r] = LayerNorm(Maxout(input[r]))` for `rows` rows; `scratch` holds at least
    /// rows x width x pieces floats.
    func apply(
        _ input: UnsafePointer<Float>, rows: Int, scratch: UnsafeMutablePointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        guard let weights else { preconditionFailure("a folded layer has no product to apply") }
        multiplyTransposed(
            input, rows: rows, inputs: inputs, weights.baseAddress!, outputs: width * pieces, into: scratch)
        activatePlanar(scratch, rows: rows, into: output)
    }

    /// Bias, maxout and layer norm over `rows` rows of `width x pieces` pre-activations, unit by
    /// unit (a folded layer's tables are laid out as the model's).
    func activate(_ preactivations: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        let units = width * pieces
        let b = bias.baseAddress!
        for r in 0..<rows {
            let row = preactivations + r * units
            normalize(
                maxout: { o in
                    var best = row[o * pieces] + b[o * pieces]
                    for p in 1..<pieces {
                        let value = row[o * pieces + p] + b[o * pieces + p]
                        if value > best { best = value }
                    }
                    return best
                }, into: output + r * width)
        }
    }

    /// Layer norm of one row whose unit o is `maxout(o)`.
    @inline(__always)
    private func normalize(maxout: (Int) -> Float, into out: UnsafeMutablePointer<Float>) {
        var sum: Float = 0
        for o in 0..<width {
            let best = maxout(o)
            out[o] = best
            sum += best
        }
        let mean = sum / Float(width)
        var squares: Float = 0
        for o in 0..<width {
            let d = out[o] - mean
            squares += d * d
        }
        let scale = 1 / (squares / Float(width) + 1e-8).squareRoot()
        let g = gain.baseAddress!
        let s = shift.baseAddress!
        for o in 0..<width {
            out[o] = (out[o] - mean) * scale * g[o] + s[o]
        }
    }

    /// ``activate(_:rows:into:)`` for pre-activations piece by piece (width a multiple of 8),
    /// eight units at a time.
    func activatePlanar(_ preactivations: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        let units = width * pieces
        let b = bias.baseAddress!
        let g = gain.baseAddress!
        let s = shift.baseAddress!
        for r in 0..<rows {
            let row = preactivations + r * units
            let out = output + r * width
            var sum = SIMD8<Float>()
            for o in stride(from: 0, to: width, by: 8) {
                var best = load8(row + o) + load8(b + o)
                for p in 1..<pieces {
                    let value = load8(row + p * width + o) + load8(b + p * width + o)
                    best.replace(with: value, where: value .> best)
                }
                store8(best, out + o)
                sum += best
            }
            let mean = sum.sum() / Float(width)
            var squares = SIMD8<Float>()
            for o in stride(from: 0, to: width, by: 8) {
                let d = load8(out + o) - mean
                squares += d * d
            }
            let scale = 1 / (squares.sum() / Float(width) + 1e-8).squareRoot()
            for o in stride(from: 0, to: width, by: 8) {
                store8((load8(out + o) - mean) * scale * load8(g + o) + load8(s + o), out + o)
            }
        }
    }
}

/// Floats this process owns (a model array rearranged at load), freed with the last reference.
final class OwnedFloats: @unchecked Sendable {
    // @unchecked: written once at load, read-only after.
    let buffer: UnsafeMutableBufferPointer<Float>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: 0)
    }

    deinit { buffer.deallocate() }
}

/// `c = a · b (+ bias per column)` for row-major `a` (rows x inner) and `b` (inner x columns), one
/// OpenBLAS call.
func multiplyBLAS(
    _ a: UnsafePointer<Float>, rows: Int, inner: Int, _ b: UnsafePointer<Float>, columns: Int,
    bias: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>
) {
    guard rows > 0 else { return }
    cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(columns), Int32(inner), 1, a, Int32(inner), b,
        Int32(columns), 0, c, Int32(columns))
    guard let bias else { return }
    for r in 0..<rows {
        let row = c + r * columns
        for j in 0..<columns { row[j] += bias[j] }
    }
}
