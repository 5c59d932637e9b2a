/// spaCy's prefix, suffix and infix searches (`find_prefix`, `find_suffix`, `find_infix`) over
/// the code points `s[lo..<hi]` of a chunk.
struct AffixRules: Sendable {
    private let prefixes: [TokenizerPattern]
    private let prefixIndex: RuleIndex
    private let suffixes: [TokenizerPattern]
    /// Suffix rules by the last code point they can end with.
    private let suffixIndex: RuleIndex
    private let infixes: [TokenizerPattern]
    private let infixIndex: RuleIndex
    /// Infix rules that can match at the very end of the string (empty, no lookahead to satisfy).
    private let infixesAtEnd: [Int]

    init(prefixes: [TokenizerPattern], suffixes: [TokenizerPattern], infixes: [TokenizerPattern]) {
        self.prefixes = prefixes
        self.prefixIndex = RuleIndex(triggers: prefixes.map(\.firstSet))
        self.suffixes = suffixes
        self.suffixIndex = RuleIndex(triggers: suffixes.map(\.lastSet))
        self.infixes = infixes
        self.infixIndex = RuleIndex(triggers: infixes.map(\.firstSet))
        self.infixesAtEnd = infixes.indices.filter { infixes[$0].minLength == 0 && infixes[$0].firstSet.isFull }
    }

    /// Length of the prefix of `s[lo..<hi]`, 0 when none: Python's `re.search` over `^a|^b|...`
    /// takes the first alternative that matches.
    func prefixLength(_ s: UnsafePointer<UInt32>, lo: Int, hi: Int) -> Int {
        guard lo < hi else { return 0 }
        var length = 0
        prefixIndex.first(for: s[lo]) { rule in
            guard let end = prefixes[rule].match(s, at: lo, lo: lo, hi: hi) else { return false }
            length = end - lo
            return true
        }
        return length
    }

    /// Length of the suffix of `s[lo..<hi]`, 0 when none: `re.search` over `a$|b$|...` finds the
    /// leftmost start from which some alternative reaches the end, so the longest suffix any rule
    /// matches wins, whatever the rule order.
    func suffixLength(_ s: UnsafePointer<UInt32>, lo: Int, hi: Int) -> Int {
        guard lo < hi else { return 0 }
        var best = hi
        suffixIndex.first(for: s[hi - 1]) { rule in
            let pattern = suffixes[rule]
            var from: Int
            if pattern.maxLength == .max {
                // An unbounded body (`\.\.+`) can only span the trailing run of its code points.
                let body = pattern.bodySet
                from = hi
                while from > lo && body.contains(s[from - 1]) { from -= 1 }
            } else {
                from = max(lo, hi - pattern.maxLength)
            }
            var start = from
            let last = min(hi - pattern.minLength, best - 1)
            while start <= last {
                if pattern.match(s, at: start, lo: lo, hi: hi, end: hi) != nil {
                    best = start
                    break
                }
                start += 1
            }
            return false
        }
        return hi - best
    }

    /// The infix matches in `s[lo..<hi]`, as Python's `finditer`: left to right, the first rule
    /// that matches at the leftmost position; after an empty match, the next one may not be empty
    /// at the same place.
    func infixes(_ s: UnsafePointer<UInt32>, lo: Int, hi: Int, into matches: inout [Range<Int>]) {
        matches.removeAll(keepingCapacity: true)
        var position = lo
        var afterEmpty = false
        while position <= hi {
            guard let found = firstInfix(s, from: position, lo: lo, hi: hi, afterEmpty: afterEmpty) else { return }
            matches.append(found)
            afterEmpty = found.isEmpty
            position = found.upperBound
        }
    }

    private func firstInfix(_ s: UnsafePointer<UInt32>, from position: Int, lo: Int, hi: Int, afterEmpty: Bool)
        -> Range<Int>?
    {
        var start = position
        while start < hi {
            var end: Int? = nil
            let nonEmpty = afterEmpty && start == position
            infixIndex.first(for: s[start]) { rule in
                end = infixes[rule].match(s, at: start, lo: lo, hi: hi, nonEmpty: nonEmpty)
                return end != nil
            }
            if let end { return start..<end }
            start += 1
        }
        for rule in infixesAtEnd {
            if let end = infixes[rule].match(s, at: hi, lo: lo, hi: hi, nonEmpty: afterEmpty && hi == position) {
                return hi..<end
            }
        }
        return nil
    }

    /// Whether any infix rule matches anywhere (spaCy's `find_infix` is truthy).
    func hasInfix(_ s: UnsafePointer<UInt32>, lo: Int, hi: Int) -> Bool {
        firstInfix(s, from: lo, lo: lo, hi: hi, afterEmpty: false) != nil
    }
}
