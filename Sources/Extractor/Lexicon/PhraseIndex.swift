import Foundation

/// One word of a compiled phrase: an exact folded word, a stem ("accus*"), or a gap of up to
/// three words ("...").
enum PhraseWord: Sendable, Hashable {
    case exact(String)
    /// An acronym written in capitals ("UE", "AU", "UN"): it matches only a word written in capitals,
    /// so that "au" and "eu" stay words.
    case acronym(String)
    case stem(String)
    case gap
}

/// A phrase found in the tokens: `start..<end` token indices and the payload of the phrase.
struct PhraseMatch: Sendable {
    var start: Int
    var end: Int
    var payload: Int
}

/// The folded words (and stem keys) of every phrase index, interned to small integers so that
/// matching compares integers instead of hashing and comparing strings. Tokens carry their word's
/// id (`Token.id`), set once per dispatch by `assign(_:)`.
struct PhraseVocabulary: Sendable {
    private(set) var ids: [String: Int32] = [:]
    /// An open-addressing table over the UTF-8 bytes of the ASCII words, probed without
    /// building or hashing a `String`: slot values are ids, -1 when empty.
    private var slots: [Int32] = []
    private var keyStart: [Int32] = []
    private var keyBytes: [UInt8] = []
    /// Some non-ASCII word is canonically equivalent to an ASCII one (String equality would match
    /// it), so an ASCII miss in `slots` must still ask `ids`.
    private var asciiAliases = false

    mutating func intern(_ s: String) -> Int32 {
        if let id = ids[s] { return id }
        let id = Int32(ids.count)
        ids[s] = id
        return id
    }

    @inline(__always)
    func id(of s: String) -> Int32 { ids[s] ?? Token.unknownID }

    /// The key under which stem phrases are filed for a token: its first three characters.
    @inline(__always)
    static func stemKey(_ folded: String) -> String? {
        guard folded.utf8.count >= 3 else { return nil }
        return String(folded.prefix(3))
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<count {
            h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01B3
        }
        return h ^ (h >> 29)
    }

    /// Builds the byte table; call once every word is interned.
    mutating func seal() {
        var ascii: [(String, Int32)] = []
        for (s, id) in ids {
            if s.utf8.allSatisfy({ $0 < 0x80 }) {
                ascii.append((s, id))
            } else if s.precomposedCanonicalIsASCII {
                asciiAliases = true
            }
        }
        var capacity = 16
        while capacity < ascii.count * 3 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        keyStart = [Int32](repeating: 0, count: ids.count + 1)
        // Keys laid out by id so that a slot's id finds its bytes.
        var byID = [[UInt8]](repeating: [], count: ids.count)
        for (s, id) in ascii { byID[Int(id)] = Array(s.utf8) }
        keyBytes = []
        for (id, bytes) in byID.enumerated() {
            keyStart[id] = Int32(keyBytes.count)
            keyBytes.append(contentsOf: bytes)
        }
        keyStart[ids.count] = Int32(keyBytes.count)
        let mask = capacity - 1
        for (s, id) in ascii {
            let bytes = Array(s.utf8)
            var slot = bytes.withUnsafeBufferPointer { Int(truncatingIfNeeded: PhraseVocabulary.hash($0.baseAddress!, $0.count)) & mask }
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = id
        }
    }

    /// The id of the ASCII bytes `p[0..<count]`, or nil when the table cannot tell.
    @inline(__always)
    private func asciiID(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int32? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: PhraseVocabulary.hash(p, count)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return asciiAliases ? nil : Token.unknownID }
            let a = Int(keyStart[Int(id)])
            let z = Int(keyStart[Int(id) + 1])
            if z - a == count {
                var same = true
                for k in 0..<count where keyBytes[a + k] != p[k] {
                    same = false
                    break
                }
                if same { return id }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Sets the word id and stem key id of every token.
    func assign(_ tokens: inout [Token]) {
        for k in tokens.indices {
            var f = tokens[k].folded
            let (id, stem) = f.withUTF8 { u -> (Int32?, Int32?) in
                let n = u.count
                guard let p = u.baseAddress, n > 0 else { return (nil, nil) }
                var ascii = true
                for b in u where b >= 0x80 || b == 0x0D {
                    ascii = false
                    break
                }
                let id = ascii ? asciiID(p, n) : nil
                var stem: Int32? = n < 3 ? Token.unknownID : nil
                // The first three characters are the first three bytes when they and the next are ASCII.
                if n >= 3, p[0] < 0x80, p[1] < 0x80, p[2] < 0x80, p[0] != 0x0D, p[1] != 0x0D, p[2] != 0x0D,
                    n == 3 || p[3] < 0x80
                {
                    stem = asciiID(p, 3)
                }
                return (id, stem)
            }
            tokens[k].id = id ?? self.id(of: f)
            tokens[k].stemID = stem ?? (PhraseVocabulary.stemKey(f).map { self.id(of: $0) } ?? Token.unknownID)
        }
    }
}

extension String {
    /// The canonical composition of the string is plain ASCII.
    fileprivate var precomposedCanonicalIsASCII: Bool {
        precomposedStringWithCanonicalMapping.utf8.allSatisfy { $0 < 0x80 }
    }
}

/// Longest-match lookup of many multi-word phrases over folded tokens.
struct PhraseIndex: Sendable {
    struct Phrase: Sendable {
        var words: [PhraseWord]
        var payload: Int
    }

    /// A phrase word with its interned id: `kind` 0 exact, 1 acronym, 2 stem, 3 gap.
    struct Word: Sendable {
        var kind: UInt8
        var id: Int32
        var stem: String
    }

    struct Compiled: Sendable {
        var words: [Word]
        var payload: Int
    }

    private var byFirst: [String: [Phrase]] = [:]
    /// Phrases whose first word is a stem, keyed by the stem's first three characters.
    private var byStemPrefix: [String: [Phrase]] = [:]
    private(set) var count = 0

    /// Compiled phrases by the id of their first word (exact or acronym).
    private var firstTable: [[Compiled]] = []
    /// Compiled stem phrases by the id of their stem key.
    private var stemTable: [[Compiled]] = []
    private var vocabulary = PhraseVocabulary()

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

    /// Interns the words of every phrase into `vocabulary` and builds the id tables. Call after
    /// `finish()`, then `link(_:)` with the final vocabulary shared by every index.
    mutating func compile(into vocabulary: inout PhraseVocabulary) {
        func word(_ w: PhraseWord) -> Word {
            switch w {
            case .exact(let s): return Word(kind: 0, id: vocabulary.intern(s), stem: "")
            case .acronym(let s): return Word(kind: 1, id: vocabulary.intern(s), stem: "")
            case .stem(let s): return Word(kind: 2, id: Token.unknownID, stem: s)
            case .gap: return Word(kind: 3, id: Token.unknownID, stem: "")
            }
        }
        var first: [(Int32, [Compiled])] = []
        for (key, list) in byFirst {
            first.append((vocabulary.intern(key), list.map { Compiled(words: $0.words.map(word), payload: $0.payload) }))
        }
        var stems: [(Int32, [Compiled])] = []
        for (key, list) in byStemPrefix {
            stems.append((vocabulary.intern(key), list.map { Compiled(words: $0.words.map(word), payload: $0.payload) }))
        }
        let size = Int(vocabulary.ids.count)
        firstTable = Array(repeating: [], count: size)
        for (id, list) in first { firstTable[Int(id)] = list }
        stemTable = Array(repeating: [], count: size)
        for (id, list) in stems { stemTable[Int(id)] = list }
    }

    /// Shares the final vocabulary, to look up tokens that carry no id.
    mutating func link(_ vocabulary: PhraseVocabulary) {
        self.vocabulary = vocabulary
    }

    @inline(__always)
    private func id(_ t: Token) -> Int32 {
        t.id != Token.unassignedID ? t.id : vocabulary.id(of: t.folded)
    }

    @inline(__always)
    private func stemID(_ t: Token) -> Int32 {
        if t.id != Token.unassignedID { return t.stemID }
        return PhraseVocabulary.stemKey(t.folded).map { vocabulary.id(of: $0) } ?? Token.unknownID
    }

    @inline(__always)
    private func matches(_ w: Word, _ t: Token) -> Bool {
        switch w.kind {
        case 0: return w.id == id(t)
        case 1: return t.upper && w.id == id(t)
        case 2: return t.folded.hasPrefix(w.stem)
        default: return true
        }
    }

    /// Every phrase starting at token `i` (longest first), within `limit`.
    func matches(at i: Int, in tokens: [Token], limit: Int) -> [PhraseMatch] {
        var out: [PhraseMatch] = []
        let t = tokens[i]
        let first = Int(id(t))
        if first >= 0, first < firstTable.count {
            for p in firstTable[first] {
                if let end = match(p.words, at: i, in: tokens, limit: limit) {
                    out.append(PhraseMatch(start: i, end: end, payload: p.payload))
                }
            }
        }
        let stem = Int(stemID(t))
        if stem >= 0, stem < stemTable.count {
            for p in stemTable[stem] {
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
        let t = tokens[i]
        let first = Int(id(t))
        if first >= 0, first < firstTable.count {
            for p in firstTable[first] {
                if let end = match(p.words, at: i, in: tokens, limit: limit), best == nil || end > best!.end {
                    best = PhraseMatch(start: i, end: end, payload: p.payload)
                }
            }
        }
        let stem = Int(stemID(t))
        if stem >= 0, stem < stemTable.count {
            for p in stemTable[stem] {
                if let end = match(p.words, at: i, in: tokens, limit: limit), best == nil || end > best!.end {
                    best = PhraseMatch(start: i, end: end, payload: p.payload)
                }
            }
        }
        return best
    }

    private func match(_ words: [Word], at i: Int, in tokens: [Token], limit: Int) -> Int? {
        var j = i
        var w = 0
        while w < words.count {
            if words[w].kind == 3 {
                // Up to three free words before the next phrase word.
                w += 1
                guard w < words.count else { return j }
                var k = j
                var found = -1
                while k < limit && k <= j + 3 {
                    if tokens[k].kind == .punct && tokens[k].folded != "'" { break }
                    if matches(words[w], tokens[k]) {
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
            guard j < limit, matches(words[w], tokens[j]) else { return nil }
            j += 1
            w += 1
        }
        return j
    }
}
