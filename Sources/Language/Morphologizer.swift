/// spaCy's morphologizer (`Tagger.v2` over the shared tok2vec): one label per token, which gives
/// its universal part of speech and its morphological features.
package struct Morphologizer: @unchecked Sendable {
    // @unchecked: read-only pointers into `model`, which this keeps alive.
    private let model: ModelFile
    private let weights: UnsafeBufferPointer<Float>  // (labels, width)
    private let bias: UnsafeBufferPointer<Float>
    /// Per label, the part of speech ("" for none).
    package let pos: [String]
    /// Per label, the features ("" for none), in spaCy's order.
    package let features: [String]
    private let width: Int

    package init(model: ModelFile, width: Int) throws(LanguageError) {
        self.model = model
        let spec = model.manifest.morphologizer
        guard spec.labels.count == spec.pos.count, spec.labels.count == spec.features.count else {
            throw LanguageError(code: .modelDamaged, message: "\(model.directory.path): morphologizer labels disagree")
        }
        weights = try model.floats("morphologizer.W", shape: [spec.labels.count, width])
        bias = try model.floats("morphologizer.b", shape: [spec.labels.count])
        pos = spec.pos
        features = spec.features
        self.width = width
    }

    /// The label index of each token, from the shared tok2vec's rows.
    package func predict(_ tokvecs: [Float]) -> [Int] {
        let count = tokvecs.count / width
        guard count > 0 else { return [] }
        let labels = pos.count
        var scores = [Float](repeating: 0, count: count * labels)
        tokvecs.withUnsafeBufferPointer { x in
            scores.withUnsafeMutableBufferPointer { y in
                multiplyTransposed(
                    x.baseAddress!, rows: count, inputs: width, weights.baseAddress!, outputs: labels,
                    into: y.baseAddress!)
            }
        }
        var best = [Int](repeating: 0, count: count)
        for t in 0..<count {
            var index = 0
            var top = scores[t * labels] + bias[0]
            for l in 1..<labels {
                let value = scores[t * labels + l] + bias[l]
                if value > top {
                    top = value
                    index = l
                }
            }
            best[t] = index
        }
        return best
    }
}
