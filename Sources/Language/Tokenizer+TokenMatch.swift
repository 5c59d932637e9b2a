/// spaCy's `token_match` for French: strings kept whole though they hold a hyphen or an
/// apostrophe ("porte-monnaie", "prud'homme", "Jean-sur-Richelieu").
///
/// spaCy compiles it into one 1.45 MB case-insensitive regex of 266 anchored alternatives
/// (`^anti[-‐][a-z…][-a-z…']*$`, ...), built from lists of prefixes in
/// spacy/lang/fr/tokenizer_exceptions.py. The converter expands them into about 300
/// `TokenizerPattern`s whose classes already hold the case variants Python's `re.IGNORECASE`
/// accepts. Only whether one matches counts, so they are tried in any order: those that start
/// with the same long run followed by the same class (`^[letters]+[-‐](?:la|des?|sur…)[-‐]…`)
/// as a group, after one check of that run; the others by the code point they start with. A
/// short string holding none of the characters every alternative needs (hyphens, apostrophes)
/// is rejected at once.
struct TokenMatcher: Sendable {
    /// Alternatives sharing a first run (one or more of `run`) and the class right after it.
    private struct Group: Sendable {
        var run: ScalarSet
        var next: ScalarSet
        var members: [TokenizerPattern]
        var tag: Int
    }

    private let groups: [Group]
    private let alternatives: [TokenizerPattern]
    private let index: RuleIndex
    /// Every alternative needs at least one code point of this set.
    private let required: ScalarSet
    /// Strings longer than this skip the quick rejection (it would rescan them on every pass of
    /// the affix loop); the alternatives fail fast on their own.
    private static let scanLimit = 64

    init(alternatives all: [TokenizerPattern]) {
        var groups: [Group] = []
        var single: [TokenizerPattern] = []
        for pattern in all {
            let items = pattern.items
            guard pattern.behind.isEmpty, items.count >= 2, items[0].min >= 1, items[0].max == .max,
                items[0].possessive, items[1].min >= 1
            else {
                single.append(pattern)
                continue
            }
            if let k = groups.firstIndex(where: { $0.run == items[0].set && $0.next == items[1].set }) {
                groups[k].members.append(pattern)
            } else {
                groups.append(Group(run: items[0].set, next: items[1].set, members: [pattern], tag: -1 - groups.count))
            }
        }
        // A group of one is no better than the index.
        for group in groups where group.members.count < 4 { single += group.members }
        self.groups = groups.filter { $0.members.count >= 4 }
        self.alternatives = single
        self.index = RuleIndex(triggers: single.map(\.firstSet))
        // For each alternative, the mandatory class least likely to occur in ordinary words: the
        // one with the fewest Latin letters and digits, then the smallest.
        var required = ScalarSet.empty
        for pattern in all {
            let mandatory = pattern.items.filter { $0.min > 0 }.map(\.set)
            let pick = mandatory.min { Self.cost($0) < Self.cost($1) } ?? .full
            required = required.union(pick)
        }
        self.required = required
    }

    private static func cost(_ set: ScalarSet) -> Int {
        let alphanumerics = (UInt32(0)..<0x250).filter { c in
            set.contains(c) && Unicode.Scalar(c).map { $0.properties.isAlphabetic || ("0"..."9").contains($0) } == true
        }
        return alphanumerics.count * 1_000_000 + set.count
    }

    /// Whether `s[lo..<hi]` is one of the alternatives (Python's `token_match(string)`).
    /// `memo` keeps long runs measured within the chunk.
    func matches(_ s: UnsafePointer<UInt32>, lo: Int, hi: Int, memo: RunMemo? = nil) -> Bool {
        guard lo < hi else { return false }
        if hi - lo <= Self.scanLimit {
            var found = false
            for k in lo..<hi where required.contains(s[k]) {
                found = true
                break
            }
            if !found { return false }
        }
        for g in groups.indices where groups[g].run.contains(s[lo]) {
            let runEnd =
                memo?.runEnd(of: groups[g].run, tag: groups[g].tag, in: s, from: lo, hi: hi)
                ?? RunMemo.scan(groups[g].run, s, from: lo, hi: hi)
            guard runEnd < hi, groups[g].next.contains(s[runEnd]) else { continue }
            for pattern in groups[g].members where pattern.match(s, at: lo, lo: lo, hi: hi, end: hi, memo: memo) != nil
            {
                return true
            }
        }
        var matched = false
        index.first(for: s[lo]) { rule in
            matched = alternatives[rule].match(s, at: lo, lo: lo, hi: hi, end: hi, memo: memo) != nil
            return matched
        }
        return matched
    }
}
