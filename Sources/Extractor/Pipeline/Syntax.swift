import VigieLanguage

/// The French analysis of a dispatch (``AnnotatedDocument``: lemmas, parts of speech,
/// dependencies, entities) seen from the coder's own tokens, so that a rule can ask "which
/// mention is the subject of this verb" by the parse instead of by word distance.
///
/// The two tokenizations differ (the coder splits "Haut-Karabakh", spaCy keeps it), so each side
/// is mapped to the token of the other that holds its first byte.
struct Syntax: Sendable {
    let document: AnnotatedDocument
    /// For each coder token, the analysis token holding its first byte, or -1.
    private let analysisOfCoder: [Int32]
    /// For each analysis token, the coder token holding its first byte, or -1.
    private let coderOfAnalysis: [Int32]
    /// For each analysis token, its dependents in text order.
    private let children: [[Int32]]

    init(document: AnnotatedDocument, tokens: [Token]) {
        self.document = document
        let analysis = document.tokens
        var analysisOfCoder = [Int32](repeating: -1, count: tokens.count)
        var a = 0
        for (i, token) in tokens.enumerated() {
            while a < analysis.count, analysis[a].end <= token.start { a += 1 }
            if a < analysis.count, analysis[a].start <= token.start { analysisOfCoder[i] = Int32(a) }
        }
        var coderOfAnalysis = [Int32](repeating: -1, count: analysis.count)
        var c = 0
        for (i, token) in analysis.enumerated() {
            while c < tokens.count, tokens[c].end <= token.start { c += 1 }
            if c < tokens.count, tokens[c].start <= token.start || tokens[c].start < token.end {
                coderOfAnalysis[i] = Int32(c)
            }
        }
        var children = [[Int32]](repeating: [], count: analysis.count)
        for (i, token) in analysis.enumerated() where token.head != i && token.head >= 0 && token.head < analysis.count
        {
            children[token.head].append(Int32(i))
        }
        self.analysisOfCoder = analysisOfCoder
        self.coderOfAnalysis = coderOfAnalysis
        self.children = children
    }

    /// The analysis token of coder token `index`.
    func analysisToken(_ index: Int) -> Int? {
        guard index >= 0, index < analysisOfCoder.count, analysisOfCoder[index] >= 0 else { return nil }
        return Int(analysisOfCoder[index])
    }

    /// The coder token of analysis token `index`.
    func coderToken(_ index: Int) -> Int? {
        guard index >= 0, index < coderOfAnalysis.count, coderOfAnalysis[index] >= 0 else { return nil }
        return Int(coderOfAnalysis[index])
    }

    /// The relation of analysis token `index` to its head, without its subtype ("obl" for
    /// "obl:agent") when `base` is true.
    func relation(_ index: Int, base: Bool = false) -> String {
        let relation = document.tokens[index].relation
        guard base, let colon = relation.firstIndex(of: ":") else { return relation }
        return String(relation[..<colon])
    }

    func head(_ index: Int) -> Int { document.tokens[index].head }

    /// The dependents of `index` whose relation is one of `relations`, in text order.
    func dependents(_ index: Int, _ relations: Set<String>) -> [Int] {
        children[index].map(Int.init).filter { relations.contains(document.tokens[$0].relation) }
    }

    /// The leftmost and rightmost analysis tokens of the subtree under `index`.
    func subtreeSpan(_ index: Int) -> ClosedRange<Int> {
        var low = index
        var high = index
        var stack = [index]
        var visited = 0
        while let node = stack.popLast(), visited < document.tokens.count {
            visited += 1
            low = min(low, node)
            high = max(high, node)
            stack.append(contentsOf: children[node].map(Int.init))
        }
        return low...high
    }
}
