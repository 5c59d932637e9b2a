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
    // @unchecked: read-only pointers into the memory-mapped model, which the owner keeps alive.
    let weights: UnsafeBufferPointer<Float>?  // (width, pieces, inputs); nil when folded
    let bias: UnsafeBufferPointer<Float>  // (width, pieces)
    let gain: UnsafeBufferPointer<Float>  // (width)
    let shift: UnsafeBufferPointer<Float>  // (width)
    let width: Int
    let pieces: Int
    let inputs: Int

    /// The layer `name`; `inputs` nil for a folded layer (no weight in the model).
    init(model: ModelFile, name: String, width: Int, pieces: Int, inputs: Int?) throws(LanguageError) {
        weights = try inputs.map { inputs throws(LanguageError) in
            try model.floats("\(name).W", shape: [width, pieces, inputs])
        }
        bias = try model.floats("\(name).b", shape: [width, pieces])
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
        activate(scratch, rows: rows, into: output)
    }

    /// Bias, maxout and layer norm over `rows` rows of `width x pieces` pre-activations.
    func activate(_ preactivations: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        let units = width * pieces
        let b = bias.baseAddress!
        let g = gain.baseAddress!
        let s = shift.baseAddress!
        for r in 0..<rows {
            let row = preactivations + r * units
            let out = output + r * width
            var sum: Float = 0
            for o in 0..<width {
                var best = row[o * pieces] + b[o * pieces]
                for p in 1..<pieces {
                    let value = row[o * pieces + p] + b[o * pieces + p]
                    if value > best { best = value }
                }
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
            for o in 0..<width {
                out[o] = (out[o] - mean) * scale * g[o] + s[o]
            }
        }
    }
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
