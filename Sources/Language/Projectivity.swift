/// A document's dependency tree as spaCy's `Doc` keeps it after the parser: heads, labels,
/// left and right edges, sentence starts; with the two steps spaCy runs on it,
/// `set_children_from_heads` (`tokens/doc.pyx`) and `deprojectivize` (`nonproj.pyx`).
struct DependencyTree: Sendable {
    /// The pseudo-projective decoration: "label||head label".
    static let delimiter = "||"

    /// Absolute head per token, a root pointing to itself.
    var heads: [Int]
    /// The relation per token.
    var labels: [String]
    /// The leftmost token of each subtree, as spaCy's `l_edge` computes it.
    private(set) var leftEdges: [Int]
    /// The rightmost token of each subtree (`r_edge`).
    private(set) var rightEdges: [Int]
    /// `sent_start` per token: 1 at the left edge of a root, -1 elsewhere.
    private(set) var sentStarts: [Int8]

    /// A tree from heads and labels, edges and sentence starts computed.
    init(heads: [Int], labels: [String]) {
        precondition(heads.count == labels.count)
        self.heads = heads
        self.labels = labels
        leftEdges = Array(heads.indices)
        rightEdges = Array(heads.indices)
        sentStarts = Array(repeating: -1, count: heads.count)
        setChildrenFromHeads()
    }

    /// spaCy's `set_children_from_heads`: edges are widened in passes until every head lies in
    /// its sentence (at most 12 passes; non-projective trees may need several), then each
    /// root's left edge starts a sentence.
    mutating func setChildrenFromHeads() {
        let count = heads.count
        for i in 0..<count {
            leftEdges[i] = i
            rightEdges[i] = i
        }
        var passes = 0
        var headsWithinSentences = false
        while !headsWithinSentences {
            headsWithinSentences = widenEdges()
            if passes > 10 { break }
            passes += 1
        }
        for i in 0..<count { sentStarts[i] = -1 }
        for i in 0..<count where heads[i] == i { sentStarts[leftEdges[i]] = 1 }
    }

    // One pass of spaCy's `_set_lr_kids_and_edges`; true when no head lies outside the
    // sentence its left edges now make.
    private mutating func widenEdges() -> Bool {
        let count = heads.count
        for i in 0..<count {
            let head = heads[i]
            if leftEdges[i] < leftEdges[head] { leftEdges[head] = leftEdges[i] }
            if rightEdges[i] > rightEdges[head] { rightEdges[head] = rightEdges[i] }
        }
        for i in stride(from: count - 1, through: 0, by: -1) {
            let head = heads[i]
            if rightEdges[i] > rightEdges[head] { rightEdges[head] = rightEdges[i] }
            if leftEdges[i] < leftEdges[head] { leftEdges[head] = leftEdges[i] }
        }
        var starts = [Bool](repeating: false, count: count)
        for i in 0..<count where heads[i] == i { starts[leftEdges[i]] = true }
        var sentenceStart = 0
        for i in 0..<count where (i > 0 && starts[i]) || i == count - 1 {
            let sentenceEnd = i
            for j in sentenceStart..<max(sentenceStart, sentenceEnd)
            where heads[j] < sentenceStart || heads[j] >= sentenceEnd + 1 {
                return false
            }
            sentenceStart = i
        }
        return true
    }

    /// The children of `word` as spaCy's `Token.children` lists them: the tokens between its
    /// edges whose head it is, left ones then right ones, in order.
    func children(of word: Int) -> [Int] {
        var result: [Int] = []
        for i in leftEdges[word]..<word where heads[i] == word { result.append(i) }
        var i = word + 1
        while i <= rightEdges[word] {
            if heads[i] == word { result.append(i) }
            i += 1
        }
        return result
    }

    /// spaCy's `deprojectivize`: every token whose label is decorated "label||head label" is
    /// reattached to the first token labelled "head label" found breadth-first, left to right,
    /// under its current head (white space and the token itself skipped), keeping its head
    /// when there is none; its label becomes "label". Edges are then recomputed.
    mutating func deprojectivize(isSpace: [Bool]) {
        var changed = false
        for i in heads.indices {
            guard let range = labels[i].range(of: Self.delimiter) else { continue }
            let newLabel = String(labels[i][..<range.lowerBound])
            let headLabel = String(labels[i][range.upperBound...])
            heads[i] = newHead(of: i, headLabel: headLabel, isSpace: isSpace)
            labels[i] = newLabel
            changed = true
        }
        // spaCy recomputes the edges unconditionally; without a change they are the same.
        if changed { setChildrenFromHeads() }
    }

    // spaCy's `_find_new_head`. The edges are those before deprojectivize started, the heads
    // and labels current, as in spaCy (it recomputes the edges only at the end).
    private func newHead(of token: Int, headLabel: String, isSpace: [Bool]) -> Int {
        var queue = [heads[token]]
        while !queue.isEmpty {
            var next: [Int] = []
            for item in queue {
                for child in children(of: item) {
                    if child < isSpace.count && isSpace[child] { continue }
                    if child == token { continue }
                    if labels[child] == headLabel { return child }
                    next.append(child)
                }
            }
            queue = next
        }
        return heads[token]
    }
}
