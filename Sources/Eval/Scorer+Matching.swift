extension Scorer {
    /// A maximum matching between a dispatch's predictions and golds that, among all maximum
    /// matchings, gets the most dates, sizes and modes right, as the reference computes it:
    /// the Hungarian algorithm (minimum cost, rows = predictions) on weights `big + agreements`
    /// for compatible pairs and 0 otherwise, `big` larger than any sum of agreements so the
    /// number of pairs comes first. Returns the pairs in gold order, as the reference lists them.
    static func maxMatching(preds: [JSONValue], golds: [JSONValue], level: Level) -> [(pred: Int, gold: Int)] {
        guard !preds.isEmpty, !golds.isEmpty else { return [] }
        let n = max(preds.count, golds.count)
        let big = 4 * n + 1
        var weight = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for (i, p) in preds.enumerated() {
            for (j, g) in golds.enumerated() where compatible(p, g, level: level) {
                weight[i][j] = big + (level == .full ? attributesAgree(p, g) : 0)
            }
        }
        let rowOf = hungarian(cost: weight.map { row in row.map { big + 3 - $0 } })
        var out: [(pred: Int, gold: Int)] = []
        for j in 1...n {
            let i = rowOf[j]
            if i > 0, i - 1 < preds.count, j - 1 < golds.count, weight[i - 1][j - 1] > 0 {
                out.append((pred: i - 1, gold: j - 1))
            }
        }
        return out
    }

    /// The O(n³) Hungarian algorithm with potentials, step for step as the reference runs it
    /// (same scan order, same strict comparisons), so that among optimal assignments it finds
    /// the same one. `cost` is square; returns, for each column 1...n, its row (1-based; 0: none).
    static func hungarian(cost: [[Int]]) -> [Int] {
        let n = cost.count
        let infinity = Int.max / 4
        var u = [Int](repeating: 0, count: n + 1)
        var v = [Int](repeating: 0, count: n + 1)
        var way = [Int](repeating: 0, count: n + 1)
        var rowOf = [Int](repeating: 0, count: n + 1)
        for i in 1...n {
            rowOf[0] = i
            var j0 = 0
            var minv = [Int](repeating: infinity, count: n + 1)
            var used = [Bool](repeating: false, count: n + 1)
            repeat {
                used[j0] = true
                let i0 = rowOf[j0]
                var delta = infinity
                var j1 = 0
                for j in 1...n where !used[j] {
                    let current = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < minv[j] {
                        minv[j] = current
                        way[j] = j0
                    }
                    if minv[j] < delta {
                        delta = minv[j]
                        j1 = j
                    }
                }
                for j in 0...n {
                    if used[j] {
                        u[rowOf[j]] += delta
                        v[j] -= delta
                    } else {
                        minv[j] -= delta
                    }
                }
                j0 = j1
            } while rowOf[j0] != 0
            while j0 != 0 {
                let j1 = way[j0]
                rowOf[j0] = rowOf[j1]
                j0 = j1
            }
        }
        return rowOf
    }

    /// How many of date, size and mode the prediction gets right (0 to 3).
    static func attributesAgree(_ p: JSONValue, _ g: JSONValue) -> Int {
        var n = 0
        if let gd = get(g, "date"), gd.isTruthy, dateAgrees(get(p, "date"), gd) { n += 1 }
        if sizeAgrees(p, g) == true { n += 1 }
        if let gm = get(g, "mode"), gm.isTruthy, JSONValue.pythonEquals(get(p, "mode"), gm) { n += 1 }
        return n
    }

    /// Whether the predicted size gives every non-null gold size member; nil when the gold
    /// gives none (the size is not scored).
    static func sizeAgrees(_ p: JSONValue, _ g: JSONValue) -> Bool? {
        let gsize = sizeMembers(get(g, "size"))
        guard !gsize.isEmpty else { return nil }
        let psize = get(p, "size")
        let psizeObject = (psize?.isTruthy ?? false) ? psize?.objectValue : nil
        return gsize.allSatisfy { key, value in JSONValue.pythonEquals(nullToNil(psizeObject?[key]), value) }
    }
}
