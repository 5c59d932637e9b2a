/// One word of a compiled phrase: an exact folded word, a stem ("accus*"), or a gap of up to
/// three words ("...").
enum PhraseWord: Sendable, Hashable {
    case exact(String)
    /// An acronym written in capitals ("UE", "AU", "UN"): it matches only a word written in capitals,
    /// so that "au" and "eu" stay words.
    case acronym(String)
    case stem(String)
    case gap

    @inline(__always)
    func matches(_ t: Token) -> Bool {
        switch self {
        case .exact(let w): return w == t.folded
        case .acronym(let w): return t.upper && w == t.folded
        case .stem(let s): return t.folded.hasPrefix(s)
        case .gap: return true
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
    }

    private var byFirst: [String: [Phrase]] = [:]
    /// Phrases whose first word is a stem, keyed by the stem's first three characters.
    private var byStemPrefix: [String: [Phrase]] = [:]
    private(set) var count = 0

    /// The folded words of a lexicon phrase, split exactly as the tokenizer splits text.
    static func words(of phrase: String) -> [PhraseWord] {
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
                    out.append(.stem(t.folded))
                } else if t.upper && t.folded.utf8.count <= 5 {
                    out.append(.acronym(t.folded))
                } else {
                    out.append(.exact(t.folded))
                }
            }
        }
        return out
    }

    mutating func add(_ phrase: String, payload: Int) {
        let words = PhraseIndex.words(of: phrase)
        guard let first = words.first else { return }
        let entry = Phrase(words: words, payload: payload)
        switch first {
        case .exact(let w), .acronym(let w):
            byFirst[w, default: []].append(entry)
        case .stem(let s):
            byStemPrefix[String(s.prefix(3)), default: []].append(entry)
        case .gap:
            return
        }
        count += 1
    }

    /// Sorts candidates longest first so that the first full match is the longest.
    mutating func finish() {
        for key in byFirst.keys { byFirst[key]!.sort { $0.words.count > $1.words.count } }
        for key in byStemPrefix.keys { byStemPrefix[key]!.sort { $0.words.count > $1.words.count } }
    }

    /// Every phrase starting at token `i` (longest first), within `limit`.
    func matches(at i: Int, in tokens: [Token], limit: Int) -> [PhraseMatch] {
        var out: [PhraseMatch] = []
        let first = tokens[i].folded
        if let list = byFirst[first] {
            for p in list {
                if let end = match(p.words, at: i, in: tokens, limit: limit) {
                    out.append(PhraseMatch(start: i, end: end, payload: p.payload))
                }
            }
        }
        if first.utf8.count >= 3, let list = byStemPrefix[String(first.prefix(3))] {
            for p in list {
                if let end = match(p.words, at: i, in: tokens, limit: limit) {
                    out.append(PhraseMatch(start: i, end: end, payload: p.payload))
                }
            }
        }
        return out
    }

    /// The longest phrase starting at `i`, if any.
    func longest(at i: Int, in tokens: [Token], limit: Int) -> PhraseMatch? {
        var best: PhraseMatch?
        for m in matches(at: i, in: tokens, limit: limit) where best == nil || m.end > best!.end {
            best = m
        }
        return best
    }

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
                while k < limit && k <= j + 3 {
                    if tokens[k].kind == .punct && tokens[k].folded != "'" { break }
                    if words[w].matches(tokens[k]) {
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
            guard j < limit, words[w].matches(tokens[j]) else { return nil }
            j += 1
            w += 1
        }
        return j
    }
}
