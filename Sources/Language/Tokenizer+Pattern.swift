/// One alternative of a spaCy pattern, flattened by the converter: an optional lookbehind, a
/// body of character classes with repeat counts, an optional lookahead.
///
/// Matching follows Python's `re`: greedy repeats, backtracking in the same order, and
/// lookarounds confined to the string being searched (spaCy searches a slice of the chunk, so
/// nothing before `lo` or from `hi` on is visible).
final class TokenizerPattern: Sendable {
    /// One character class repeated `min...max` times (`max` is `Int.max` when unbounded).
    struct Item: Sendable {
        var set: ScalarSet
        var min: Int
        var max: Int
        /// No shorter repeat can lead to a match (its set is disjoint from what may follow):
        /// the greedy count is final, which keeps long runs linear.
        var possessive = false
    }

    let behind: [ScalarSet]
    let items: [Item]
    let ahead: [ScalarSet]
    let aheadNegative: Bool
    /// Shortest and longest body (`Int.max` when unbounded).
    let minLength: Int
    let maxLength: Int
    /// Every code point the body can consume.
    let bodySet: ScalarSet

    /// Unique among the patterns of one tokenizer (it tags the runs this pattern remembers).
    let id: Int
    /// The most items a pattern may have.
    static let maxItems = 64

    /// A pattern; `anchoredEnd` when it only ever matches up to the end of the string (`...$`),
    /// which lets more repeats be possessive.
    init(id: Int, behind: [ScalarSet], items: [Item], ahead: [ScalarSet], aheadNegative: Bool, anchoredEnd: Bool) {
        self.id = id
        self.behind = behind
        self.ahead = ahead
        self.aheadNegative = aheadNegative
        var minLength = 0
        var maxLength = 0
        for item in items {
            minLength += item.min
            maxLength = item.max == .max || maxLength == .max ? .max : maxLength + item.max
        }
        self.minLength = minLength
        self.maxLength = maxLength
        bodySet = items.reduce(ScalarSet.empty) { $0.union($1.set) }
        var items = items
        for k in items.indices where items[k].min != items[k].max {
            if let follow = Self.follow(
                items, after: k, ahead: ahead, aheadNegative: aheadNegative, anchoredEnd: anchoredEnd)
            {
                items[k].possessive = items[k].set.isDisjoint(with: follow)
            }
        }
        self.items = items
    }

    /// What the first code point after item `k` must belong to, or nil when anything may follow
    /// (then a shorter repeat could still match).
    private static func follow(
        _ items: [Item], after k: Int, ahead: [ScalarSet], aheadNegative: Bool, anchoredEnd: Bool
    ) -> ScalarSet? {
        var follow = ScalarSet.empty
        for item in items[(k + 1)...] {
            follow = follow.union(item.set)
            if item.min > 0 { return follow }
        }
        if !ahead.isEmpty && !aheadNegative { return follow.union(ahead[0]) }
        return anchoredEnd ? follow : nil
    }

    /// The code points a match can start with (at the match position, for an empty body: what
    /// the lookahead wants), or every code point.
    var firstSet: ScalarSet {
        var first = ScalarSet.empty
        for item in items {
            first = first.union(item.set)
            if item.min > 0 { return first }
        }
        if !ahead.isEmpty && !aheadNegative { return first.union(ahead[0]) }
        return .full
    }

    /// The code points a non-empty match can end with.
    var lastSet: ScalarSet {
        var last = ScalarSet.empty
        for item in items.reversed() {
            last = last.union(item.set)
            if item.min > 0 { return last }
        }
        return .full
    }

    /// The end of the first match starting at `start` (in Python's backtracking order), or nil.
    /// `end`: the match must end there (a `$`). `nonEmpty`: an empty match does not count (Python's
    /// finditer after an empty match). `memo`: where long runs are remembered within a chunk.
    @inline(__always)
    func match(
        _ s: UnsafePointer<UInt32>, at start: Int, lo: Int, hi: Int, end: Int? = nil, nonEmpty: Bool = false,
        memo: RunMemo? = nil
    ) -> Int? {
        let count = behind.count
        if count > 0 {
            guard start - count >= lo else { return nil }
            for j in 0..<count where !behind[j].contains(s[start - count + j]) { return nil }
        }
        let query = Query(s: s, start: start, hi: hi, end: end, nonEmpty: nonEmpty, memo: memo)
        return matchItems(0, at: start, query)
    }

    /// What one `match` call looks for.
    private struct Query {
        let s: UnsafePointer<UInt32>
        let start: Int
        let hi: Int
        let end: Int?
        let nonEmpty: Bool
        // The caller holds the memo for the whole call: no reference counting per step.
        unowned(unsafe) let memo: RunMemo?
    }

    private func matchItems(_ k: Int, at p: Int, _ q: Query) -> Int? {
        if k == items.count {
            if let end = q.end, p != end { return nil }
            if q.nonEmpty && p == q.start { return nil }
            return aheadHolds(q.s, at: p, hi: q.hi) ? p : nil
        }
        let min = items[k].min
        var n: Int
        if items[k].max == .max, let memo = q.memo {
            n = memo.runEnd(of: items[k].set, tag: id &* Self.maxItems &+ k, in: q.s, from: p, hi: q.hi) - p
        } else {
            let limit = Swift.min(items[k].max, q.hi - p)
            n = 0
            while n < limit && items[k].set.contains(q.s[p + n]) { n += 1 }
        }
        if n < min { return nil }
        if items[k].possessive || min == items[k].max {
            return matchItems(k + 1, at: p + n, q)
        }
        while n >= min {
            if let e = matchItems(k + 1, at: p + n, q) { return e }
            n -= 1
        }
        return nil
    }

    private func aheadHolds(_ s: UnsafePointer<UInt32>, at p: Int, hi: Int) -> Bool {
        if ahead.isEmpty { return true }
        var fits = p + ahead.count <= hi
        if fits {
            for j in ahead.indices where !ahead[j].contains(s[p + j]) {
                fits = false
                break
            }
        }
        return fits != aheadNegative
    }
}

/// Ends of long runs already measured in the current chunk.
///
/// spaCy tries `token_match` on every pass of the affix loop, each time on the same text minus
/// one affix; an alternative like `^anti[-][a-z][-a-z']*$` would rescan a long word on each pass
/// (quadratic for a long word followed by many closing brackets). Runs longer than a few dozen
/// code points are remembered by (pattern item, start).
final class RunMemo {
    private static let shortRun = 48
    private static let slots = 16
    private var tags = [Int](repeating: -1, count: slots)
    private var starts = [Int](repeating: -1, count: slots)
    /// The `hi` the run was measured against, and where it stopped.
    private var limits = [Int](repeating: 0, count: slots)
    private var ends = [Int](repeating: 0, count: slots)
    private var next = 0

    /// Where the run of `set` from `start` stops, at most `hi`, without remembering it.
    static func scan(_ set: ScalarSet, _ s: UnsafePointer<UInt32>, from start: Int, hi: Int) -> Int {
        var end = start
        while end < hi && set.contains(s[end]) { end += 1 }
        return end
    }

    /// Forgets every run (a new chunk).
    func reset() {
        for k in 0..<Self.slots { tags[k] = -1 }
    }

    /// Where the run of `set` from `start` stops, at most `hi`.
    func runEnd(of set: ScalarSet, tag: Int, in s: UnsafePointer<UInt32>, from start: Int, hi: Int) -> Int {
        var end = start
        let short = min(hi, start + Self.shortRun)
        while end < short && set.contains(s[end]) { end += 1 }
        if end < short || end == hi { return end }
        for k in 0..<Self.slots where tags[k] == tag && starts[k] == start {
            // A run that stopped before its limit stopped at a non-member: valid for any `hi`.
            if ends[k] < limits[k] || hi <= limits[k] { return min(ends[k], hi) }
        }
        while end < hi && set.contains(s[end]) { end += 1 }
        tags[next] = tag
        starts[next] = start
        limits[next] = hi
        ends[next] = end
        next = (next + 1) % Self.slots
        return end
    }
}
