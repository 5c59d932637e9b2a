/// One word of a compiled phrase: an exact folded word, a stem ("accus*"), or a gap of up to
/// three words ("...").
enum PhraseWord: Sendable, Hashable {
    /// A folded word, by its number in the vocabulary.
    case exact(Int32)
    /// An acronym written in capitals ("UE", "AU", "UN"): it matches only a word written in capitals,
    /// so that "au" and "eu" stay words.
    case acronym(Int32)
    case stem(String)
    case gap

    @inline(__always)
    func matches(_ t: Token) -> Bool {
        switch self {
        case .exact(let w): return w == t.id
        case .acronym(let w): return t.upper && w == t.id
        case .stem(let s): return t.stemKey >= 0 && t.folded.utf8.starts(with: s.utf8)
        case .gap: return true
        }
    }

    /// The same test on `tokens[k]`, reading only the fields it needs (no copy of the token).
    @inline(__always)
    func matches(_ tokens: [Token], _ k: Int) -> Bool {
        switch self {
        case .exact(let w): return w == tokens[k].id
        case .acronym(let w): return tokens[k].upper && w == tokens[k].id
        case .stem(let s): return tokens[k].stemKey >= 0 && tokens[k].folded.utf8.starts(with: s.utf8)
        case .gap: return true
        }
    }
}

/// Numbers for the folded words and stem prefixes of every lexicon phrase.
struct Vocabulary: Sendable {
    private(set) var words: [String: Int32] = [:]

    /// Words of time that may stand between the words of any phrase ("a rappelé jeudi son
    /// ambassadeur", "a ordonné hier soir l'arrestation"): numbered first, 0..<count, so that a
    /// token is tested by its number alone. Grammar, not vocabulary: the days and parts of a day.
    static let timeInserts = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "soir", "matin",
    ]

    /// `timeInserts.count`, as a literal: the test runs for every phrase tried at every token, so it
    /// reads no global array (the initializer checks the two agree).
    @inline(__always)
    static var timeInsertCount: Int32 { 10 }

    init() {
        precondition(Vocabulary.timeInserts.count == Vocabulary.timeInsertCount, "timeInsertCount is stale")
        for w in Vocabulary.timeInserts { register(w) }
    }

    /// Whether the token numbered `id` is one of `timeInserts` (by number: passing the token would
    /// copy it, and its string, at every phrase tried).
    @inline(__always)
    static func isTimeInsert(_ id: Int32) -> Bool {
        id >= 0 && id < timeInsertCount
    }
    /// Stems by their first three UTF-8 bytes, packed in an integer.
    private(set) var stemPrefixes: [UInt32: Int32] = [:]

    @inline(__always)
    static func pack(_ word: String) -> UInt32? {
        var key: UInt32 = 0
        var n = 0
        for b in word.utf8 {
            key = key << 8 | UInt32(b)
            n += 1
            if n == 3 { return key }
        }
        return nil
    }

    mutating func word(_ w: String) -> Int32 {
        if let id = words[w] { return id }
        let id = Int32(words.count)
        words[w] = id
        return id
    }

    mutating func stemPrefix(_ p: String) -> Int32 {
        let key = Vocabulary.pack(p) ?? 0
        if let id = stemPrefixes[key] { return id }
        let id = Int32(stemPrefixes.count)
        stemPrefixes[key] = id
        return id
    }

    /// Gives `w` a number if it has none (words the coder's rules look up, such as month names).
    mutating func register(_ w: String) { _ = word(w) }

    /// `words` looked up by the bytes of ASCII words (see `FoldedMap`), built by `seal()`.
    private var table = FoldedMap<Int32>([:])

    /// `stemPrefixes` as an open-addressing table over the packed key (slot id -1 when empty).
    private var stemSlotKeys: [UInt32] = []
    private var stemSlotIDs: [Int32] = []

    /// Builds the fast lookup tables; call once every word is numbered.
    mutating func seal() {
        table = FoldedMap(words)
        var capacity = 16
        while capacity < stemPrefixes.count * 4 { capacity <<= 1 }
        stemSlotKeys = [UInt32](repeating: 0, count: capacity)
        stemSlotIDs = [Int32](repeating: -1, count: capacity)
        for (key, id) in stemPrefixes {
            var slot = Vocabulary.slot(key, capacity - 1)
            while stemSlotIDs[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            stemSlotKeys[slot] = key
            stemSlotIDs[slot] = id
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// `stemPrefixes[key]`, probed in the sealed table.
    @inline(__always)
    private func stemID(_ key: UInt32) -> Int32? {
        if stemSlotIDs.isEmpty { return stemPrefixes[key] }
        let mask = stemSlotIDs.count - 1
        var slot = Vocabulary.slot(key, mask)
        while true {
            let id = stemSlotIDs[slot]
            if id < 0 { return nil }
            if stemSlotKeys[slot] == key { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Numbers every token once, so that matching never hashes a string again.
    func number(_ tokens: inout [Token]) {
        // Through the buffer: reading a field of `tokens[i]` would copy the whole token.
        tokens.withUnsafeMutableBufferPointer { ts in
            for i in ts.indices where ts[i].kind == .word {
                ts[i].numbered = true
                let f = ts[i].folded
                ts[i].id = table[f] ?? -1
                if let key = Vocabulary.pack(f) {
                    ts[i].stemKey = stemID(key) ?? -1
                }
            }
        }
    }
}

/// A phrase found in the tokens: `start..<end` token indices and the payload of the phrase.
struct PhraseMatch: Sendable {
    var start: Int
    var end: Int
    var payload: Int
}

/// Longest-match lookup of many multi-word phrases over folded tokens.
struct PhraseIndex: Sendable {
    struct Phrase: Sendable {
        var words: [PhraseWord]
        var payload: Int
        /// The number of the second word when it is an exact word or an acronym, else -1: a token
        /// after the first whose number differs rules the phrase out without matching it.
        var second: Int32 = -1

        init(words: [PhraseWord], payload: Int) {
            self.words = words
            self.payload = payload
            if words.count >= 2 {
                switch words[1] {
                case .exact(let w), .acronym(let w): second = w
                case .stem, .gap: break
                }
            }
        }

        /// The second word rules the phrase out at `i`: it must be `tokens[i + 1]`, within `limit`.
        @inline(__always)
        func excluded(at i: Int, in tokens: [Token], limit: Int) -> Bool {
            second >= 0
                && (i + 1 >= limit || tokens[i + 1].id != second && !Vocabulary.isTimeInsert(tokens[i + 1].id))
        }
    }

    private var byFirst: [Int32: [Phrase]] = [:]
    /// Phrases whose first word is a stem, keyed by the stem's first three characters.
    private var byStemPrefix: [Int32: [Phrase]] = [:]
    private(set) var count = 0
    /// `byFirst` and `byStemPrefix` as arrays indexed by the key, built by `finish()`: the lookup of
    /// every token is an array access, not a dictionary probe.
    private var firstTable: [[Phrase]] = []
    private var stemTable: [[Phrase]] = []

    /// The folded words of a lexicon phrase, split exactly as the tokenizer splits text.
    static func words(of phrase: String, vocabulary: inout Vocabulary) -> [PhraseWord] {
        var out: [PhraseWord] = []
        for piece in phrase.split(separator: " ", omittingEmptySubsequences: true) {
            if piece == "..." {
                out.append(.gap)
                continue
            }
            let isStem = piece.hasSuffix("*")
            let text = isStem ? String(piece.dropLast()) : String(piece)
            let tokens = Tokenizer.tokenize(text)
            for (k, t) in tokens.enumerated() {
                if isStem && k == tokens.count - 1 {
                    if t.folded.utf8.count >= 3 { _ = vocabulary.stemPrefix(String(t.folded.prefix(3))) }
                    out.append(.stem(t.folded))
                } else if t.upper && t.folded.utf8.count <= 5 {
                    out.append(.acronym(vocabulary.word(t.folded)))
                } else {
                    out.append(.exact(vocabulary.word(t.folded)))
                }
            }
        }
        return out
    }

    mutating func add(_ phrase: String, payload: Int, vocabulary: inout Vocabulary) {
        let words = PhraseIndex.words(of: phrase, vocabulary: &vocabulary)
        guard let first = words.first else { return }
        let entry = Phrase(words: words, payload: payload)
        switch first {
        case .exact(let w), .acronym(let w):
            byFirst[w, default: []].append(entry)
        case .stem(let s):
            guard s.utf8.count >= 3 else { return }
            byStemPrefix[vocabulary.stemPrefix(String(s.prefix(3))), default: []].append(entry)
        case .gap:
            return
        }
        count += 1
    }

    /// Sorts candidates longest first so that the first full match is the longest.
    mutating func finish() {
        for key in byFirst.keys { byFirst[key]!.sort { $0.words.count > $1.words.count } }
        for key in byStemPrefix.keys { byStemPrefix[key]!.sort { $0.words.count > $1.words.count } }
        firstTable = Array(repeating: [], count: Int(byFirst.keys.max() ?? -1) + 1)
        for (key, list) in byFirst { firstTable[Int(key)] = list }
        stemTable = Array(repeating: [], count: Int(byStemPrefix.keys.max() ?? -1) + 1)
        for (key, list) in byStemPrefix { stemTable[Int(key)] = list }
    }

    /// Every phrase starting at token `i` (longest first), within `limit`.
    func matches(at i: Int, in tokens: [Token], limit: Int) -> [PhraseMatch] {
        var out: [PhraseMatch] = []
        // `first` walks the same candidates in the same order; no answer means it visits them all.
        let _: Never? = first(at: i, in: tokens, limit: limit) { match in
            out.append(match)
            return nil
        }
        return out
    }

    /// The first answer `body` gives for the phrases starting at `i`, taken in `matches` order, without
    /// building the list of matches (most callers want one phrase of a kind).
    @inline(__always)
    func first<Answer>(at i: Int, in tokens: [Token], limit: Int, _ body: (PhraseMatch) -> Answer?) -> Answer? {
        let id = Int(tokens[i].id)
        if id >= 0, id < firstTable.count {
            let list = firstTable[id]
            for p in list.indices where !list[p].excluded(at: i, in: tokens, limit: limit) {
                if let end = match(list[p].words, at: i, in: tokens, limit: limit),
                    let answer = body(PhraseMatch(start: i, end: end, payload: list[p].payload))
                {
                    return answer
                }
            }
        }
        let stem = Int(tokens[i].stemKey)
        if stem >= 0, stem < stemTable.count {
            let list = stemTable[stem]
            for p in list.indices where !list[p].excluded(at: i, in: tokens, limit: limit) {
                if let end = match(list[p].words, at: i, in: tokens, limit: limit),
                    let answer = body(PhraseMatch(start: i, end: end, payload: list[p].payload))
                {
                    return answer
                }
            }
        }
        return nil
    }

    /// The longest phrase starting at `i`, if any: the first of the longest in `matches` order.
    func longest(at i: Int, in tokens: [Token], limit: Int) -> PhraseMatch? {
        var best: PhraseMatch?
        let id = Int(tokens[i].id)
        if id >= 0, id < firstTable.count {
            let list = firstTable[id]
            for p in list.indices where !list[p].excluded(at: i, in: tokens, limit: limit) {
                if let end = match(list[p].words, at: i, in: tokens, limit: limit), best == nil || end > best!.end {
                    best = PhraseMatch(start: i, end: end, payload: list[p].payload)
                }
            }
        }
        let stem = Int(tokens[i].stemKey)
        if stem >= 0, stem < stemTable.count {
            let list = stemTable[stem]
            for p in list.indices where !list[p].excluded(at: i, in: tokens, limit: limit) {
                if let end = match(list[p].words, at: i, in: tokens, limit: limit), best == nil || end > best!.end {
                    best = PhraseMatch(start: i, end: end, payload: list[p].payload)
                }
            }
        }
        return best
    }

    static let quotationMarks: Set<String> = ["\"", "«", "»", "“", "”"]

    private func match(_ words: [PhraseWord], at i: Int, in tokens: [Token], limit: Int) -> Int? {
        var j = i
        var w = 0
        while w < words.count {
            if case .gap = words[w] {
                // Up to three free words before the next phrase word.
                w += 1
                guard w < words.count else { return j }
                var k = j
                var found = -1
                // Quotation marks are no words and end nothing: "a promis des « frappes ciblées »".
                var quotes = 0
                while k < limit && k <= j + 3 + quotes {
                    if tokens[k].kind == .punct && tokens[k].folded != "'" {
                        // "frappe, elle aussi, à la porte": an aside between commas is no boundary.
                        guard PhraseIndex.quotationMarks.contains(tokens[k].folded) || tokens[k].isMark(",") else {
                            break
                        }
                        quotes += 1
                        k += 1
                        continue
                    }
                    if words[w].matches(tokens, k) {
                        found = k
                        break
                    }
                    k += 1
                }
                if found < 0 { return nil }
                j = found + 1
                w += 1
                continue
            }
            // A day or a time of day between two words of the phrase is skipped (at most two words).
            if j > i, j < limit, Vocabulary.isTimeInsert(tokens[j].id), !words[w].matches(tokens, j) {
                j += 1
                if j < limit, Vocabulary.isTimeInsert(tokens[j].id), !words[w].matches(tokens, j) { j += 1 }
            }
            guard j < limit, words[w].matches(tokens, j) else { return nil }
            j += 1
            w += 1
        }
        return j
    }
}
