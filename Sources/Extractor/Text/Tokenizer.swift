import VigieProtocol

/// One token of a dispatch: a word, a number or a punctuation mark, with its folded form.
struct Token: Sendable {
    enum Kind: UInt8, Sendable {
        case word, number, punct
    }

    /// UTF-8 byte offsets in the dispatch text, `start..<end`.
    var start: Int
    var end: Int
    /// Lowercased, accents removed, apostrophes normalized; an elided article keeps its apostrophe ("l'").
    var folded: String
    var kind: Kind
    /// The first letter is uppercase in the text.
    var capitalized: Bool
    /// Newlines between this token and the previous one.
    var newlinesBefore: Int
    /// The value of a number token ("1 250" gives 1250, "1er" gives 1); nil for a decimal.
    var value: Int?
    /// Every letter is uppercase and there are at least two: "ONU", "UE", but also a shouted headline word.
    var upper: Bool = false
    /// The lexicon's number for the folded word (-1 when no lexicon phrase uses it): phrase matching
    /// compares numbers, not strings.
    var id: Int32 = -1
    /// The lexicon's number for the word's first three letters when a stem starts with them, else -1.
    var stemKey: Int32 = -1
    /// The vocabulary has numbered this token (so `id == -1` means no rule knows the word).
    var numbered = false
}

extension [Token] {
    /// The folded form of token `i`, read in place: `self[i].folded` copies the whole token first
    /// (an outlined copy, with its retain and release), which the hottest loops cannot afford.
    @inline(__always)
    func folded(at i: Int) -> String {
        precondition(i >= 0 && i < count, "token index out of range")
        return withUnsafeBufferPointer {
            UnsafeRawPointer($0.baseAddress! + i).load(fromByteOffset: Token.foldedOffset, as: String.self)
        }
    }
}

extension Token {
    /// The token ends in "é", "ée", "és" or "ées" in `text`, its UTF-8 (U+00E9 is C3 A9): the
    /// endings of a past participle in -er.
    func endsInAcuteE(in text: [UInt8]) -> Bool {
        let raw = text[start..<end]
        for suffix: [UInt8] in [[0xC3, 0xA9], [0xC3, 0xA9, 0x65], [0xC3, 0xA9, 0x73], [0xC3, 0xA9, 0x65, 0x73]]
        where raw.count >= suffix.count && raw.suffix(suffix.count).elementsEqual(suffix) {
            return true
        }
        return false
    }

    /// Whether the folded form is the punctuation `mark`, compared byte by byte: comparing a
    /// non-ASCII token ("«", "’") as a `String` takes the slow canonical-equivalence path at every
    /// punctuation mark. Bytes decide alone for marks no other scalar decomposes to (not ";").
    @inline(__always)
    func isMark(_ mark: StaticString) -> Bool {
        let u = folded.utf8
        guard u.count == mark.utf8CodeUnitCount else { return false }
        return mark.withUTF8Buffer { m in
            var i = 0
            for b in u {
                if b != m[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// Where `folded` lies in a token, for `[Token].folded(at:)`.
    static let foldedOffset = MemoryLayout<Token>.offset(of: \Token.folded)!
}

/// A sentence: a range of token indices, and the paragraph (line) it starts in.
struct Sentence: Sendable {
    var range: Range<Int>
    var paragraph: Int
}

/// Precomputed letter classes and folded UTF-8 of the scalars below `limit`, so that the tokenizer
/// does not query Unicode properties or build strings scalar by scalar. Computed with the same
/// functions the slow path calls, so both paths agree.
struct ScalarTable: Sendable {
    static let limit: UInt32 = 0x3000
    static let letter: UInt8 = 1
    static let uppercase: UInt8 = 2
    static let lowercase: UInt8 = 4

    let flags: [UInt8]
    /// `foldBytes[foldStart[v]..<foldStart[v + 1]]` is the folded UTF-8 of scalar `v`.
    let foldStart: [Int32]
    let foldBytes: [UInt8]

    static let shared = ScalarTable()

    init() {
        var flags = [UInt8](repeating: 0, count: Int(ScalarTable.limit))
        var starts: [Int32] = []
        starts.reserveCapacity(Int(ScalarTable.limit) + 1)
        var bytes: [UInt8] = []
        for v in 0..<ScalarTable.limit {
            starts.append(Int32(bytes.count))
            var f: UInt8 = Tokenizer.isLetter(v) ? ScalarTable.letter : 0
            if let s = Unicode.Scalar(v) {
                if s.properties.isUppercase { f |= ScalarTable.uppercase }
                if s.properties.isLowercase { f |= ScalarTable.lowercase }
            }
            flags[Int(v)] = f
            var folded = String.UnicodeScalarView()
            TextFolding.appendFolded(Unicode.Scalar(v) ?? "?", to: &folded)
            bytes.append(contentsOf: String(folded).utf8)
        }
        starts.append(Int32(bytes.count))
        self.flags = flags
        self.foldStart = starts
        self.foldBytes = bytes
    }
}

/// The folded bytes of the word being read, reused from word to word: appending does not pay the
/// uniqueness check and the growth test of an array on every byte.
private struct WordBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity = 64
    private var count = 0

    init() { base = .allocate(capacity: 64) }

    func deallocate() { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    mutating func append(contentsOf bytes: some Collection<UInt8>) {
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        for byte in bytes {
            base[count] = byte
            count += 1
        }
    }

    private mutating func grow(to needed: Int) {
        while capacity < needed { capacity *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
    }
}

/// Splits dispatch text into tokens and sentences, walking UTF-8 bytes.
enum Tokenizer {
    /// Prefixes that elide before a vowel: "l'", "d'", "qu'", "jusqu'".
    static let elisions: FoldedSet = [
        "l", "d", "s", "n", "m", "t", "j", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    ]
    /// Words after which a period does not end a sentence.
    static let abbreviations: FoldedSet = [
        "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "gen", "col", "cf", "etc", "art", "no",
        "sept", "oct", "nov", "dec", "janv", "fevr", "av", "bd", "p", "vol", "env",
    ]

    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0 || v == 0x202F || v == 0x2009 || v == 0x200B
            || v == 0xFEFF
    }

    @inline(__always)
    static func isApostrophe(_ v: UInt32) -> Bool {
        v == 0x27 || v == 0x2019 || v == 0x2018 || v == 0x02BC
    }

    @inline(__always)
    static func isHyphen(_ v: UInt32) -> Bool { v == 0x2D || v == 0x2010 || v == 0x2011 }

    @inline(__always)
    static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 {
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
        }
        if v == 0xAB || v == 0xBB || v == 0xA0 || v == 0xB0 || (v >= 0x2000 && v <= 0x206F) { return false }
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isAlphabetic
    }

    @inline(__always)
    static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }

    /// Decodes the scalar at `i` of valid UTF-8; returns it and its length.
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, i + 1 < b.count { return (((b0 & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < b.count {
            return (((b0 & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3)
        }
        if i + 3 < b.count {
            return (
                ((b0 & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12) | ((UInt32(b[i + 2]) & 0x3F) << 6)
                    | (UInt32(b[i + 3]) & 0x3F), 4
            )
        }
        return (0xFFFD, 1)
    }

    /// The tokens of `text`.
    static func tokenize(_ text: String) -> [Token] {
        var text = text
        return text.withUTF8 { tokenize(bytes: $0) }
    }

    static func tokenize(bytes b: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(b.count / 5)
        let table = ScalarTable.shared
        // The folded bytes of the word being read, reused from word to word.
        var buf = WordBytes()
        defer { buf.deallocate() }
        var i = 0
        var newlines = 0
        let n = b.count
        while i < n {
            let (v, len) = scalar(b, i)
            if isSpace(v) {
                if v == 0x0A { newlines += 1 }
                i += len
                continue
            }
            if v < 0x80
                ? isLetter(v) : v < ScalarTable.limit ? table.flags[Int(v)] & ScalarTable.letter != 0 : isLetter(v)
            {
                // A word: letters, digits inside, and an apostrophe that is not an elision.
                let start = i
                buf.removeAll()
                var capitalized = false
                if v < 0x80 {
                    capitalized = v >= 0x41 && v <= 0x5A
                } else if v < ScalarTable.limit {
                    capitalized = table.flags[Int(v)] & ScalarTable.uppercase != 0
                } else if let s = Unicode.Scalar(v) {
                    capitalized = s.properties.isUppercase
                }
                var j = i
                var end = i
                var letters = 0
                var allUpper = true
                while j < n {
                    let w = UInt32(b[j])
                    if w < 0x80 {
                        // ASCII letters and digits: fold by hand.
                        if (w >= 0x61 && w <= 0x7A) || (w >= 0x30 && w <= 0x39) {
                            if w >= 0x61 { allUpper = false }
                            letters += 1
                            buf.append(UInt8(w))
                            j += 1
                            end = j
                            continue
                        }
                        if w >= 0x41 && w <= 0x5A {
                            letters += 1
                            buf.append(UInt8(w + 32))
                            j += 1
                            end = j
                            continue
                        }
                    }
                    let (u, wl) = w < 0x80 ? (w, 1) : scalar(b, j)
                    if u >= 0x80 {
                        let letterLike: Bool
                        let lower: Bool
                        if u < ScalarTable.limit {
                            let f = table.flags[Int(u)]
                            letterLike = f & ScalarTable.letter != 0 || u == 0x00B7
                            lower = f & ScalarTable.lowercase != 0
                        } else {
                            letterLike = isLetter(u)
                            lower = Unicode.Scalar(u)?.properties.isLowercase ?? false
                        }
                        if letterLike {
                            if lower { allUpper = false }
                            letters += 1
                            if u < ScalarTable.limit {
                                let a = Int(table.foldStart[Int(u)])
                                let z = Int(table.foldStart[Int(u) + 1])
                                buf.append(contentsOf: table.foldBytes[a..<z])
                            } else {
                                var folded = String.UnicodeScalarView()
                                TextFolding.appendFolded(Unicode.Scalar(u) ?? "?", to: &folded)
                                buf.append(contentsOf: String(folded).utf8)
                            }
                            j += wl
                            end = j
                            continue
                        }
                    }
                    if isApostrophe(u) {
                        let word = String(decoding: buf.bytes, as: UTF8.self)
                        if elisions.contains(word) || word == "aujourd" {
                            if word == "aujourd" {
                                // "aujourd'hui" is one word.
                                buf.append(0x27)
                                j += wl
                                end = j
                                continue
                            }
                            buf.append(0x27)
                            j += wl
                            end = j
                        }
                        break
                    }
                    break
                }
                var word = String(decoding: buf.bytes, as: UTF8.self)
                // "à" (to, at) must not fold into "a" (has): the two drive different rules.
                if word == "a", end - start == 2 { word = "à" }
                tokens.append(
                    Token(
                        start: start, end: end, folded: word, kind: .word, capitalized: capitalized,
                        newlinesBefore: newlines, value: nil, upper: allUpper && letters >= 2))
                newlines = 0
                i = end
                if i < n, end == start { i += len }
                continue
            }
            if isDigit(v) {
                let start = i
                var value = 0
                var j = i
                var overflow = false
                while j < n, isDigit(UInt32(b[j])) {
                    value = value &* 10 &+ Int(b[j] - 0x30)
                    if value > 1_000_000_000 { overflow = true }
                    j += 1
                }
                var groupDigits = j - start
                // French grouping: "1 250", "1.250", "30.000" (a separator then exactly three digits).
                while groupDigits <= 3, j < n {
                    let (sep, sl) = scalar(b, j)
                    guard sep == 0x20 || sep == 0xA0 || sep == 0x202F || sep == 0x2E || sep == 0x2009 else { break }
                    let k = j + sl
                    guard k + 3 <= n, isDigit(UInt32(b[k])), isDigit(UInt32(b[k + 1])), isDigit(UInt32(b[k + 2])),
                        k + 3 == n || !isDigit(UInt32(b[k + 3]))
                    else { break }
                    // A year after a day ("le 27 septembre 2020") never follows digits directly, so this is a group.
                    value = value * 1000 + Int(b[k] - 0x30) * 100 + Int(b[k + 1] - 0x30) * 10 + Int(b[k + 2] - 0x30)
                    j = k + 3
                    groupDigits = 3
                }
                var decimal = false
                if j + 1 < n, b[j] == 0x2C, isDigit(UInt32(b[j + 1])) {
                    decimal = true
                    j += 1
                    while j < n, isDigit(UInt32(b[j])) { j += 1 }
                }
                var folded = String(decoding: UnsafeBufferPointer(rebasing: b[start..<j]), as: UTF8.self)
                // An ordinal or unit suffix stays on the number: "1er", "9e", "15h".
                var k = j
                while k < n, (b[k] >= 0x61 && b[k] <= 0x7A) || (b[k] >= 0x41 && b[k] <= 0x5A) { k += 1 }
                if k > j, k - j <= 3 {
                    folded += String(decoding: UnsafeBufferPointer(rebasing: b[j..<k]), as: UTF8.self).lowercased()
                    j = k
                }
                tokens.append(
                    Token(
                        start: start, end: j, folded: folded, kind: .number, capitalized: false,
                        newlinesBefore: newlines, value: decimal || overflow ? nil : value))
                newlines = 0
                i = j
                continue
            }
            // Punctuation: hyphens between words vanish (compounds are matched as word sequences).
            if isHyphen(v) {
                i += len
                continue
            }
            var p: String
            if v < ScalarTable.limit {
                let a = Int(table.foldStart[Int(v)])
                let z = Int(table.foldStart[Int(v) + 1])
                p = String(decoding: table.foldBytes[a..<z], as: UTF8.self)
            } else {
                var folded = String.UnicodeScalarView()
                TextFolding.appendFolded(Unicode.Scalar(v) ?? "?", to: &folded)
                p = String(folded)
            }
            if v == 0x201C || v == 0x201D || v == 0x201E { p = "\"" }
            if v == 0x2026 { p = "..." }
            tokens.append(
                Token(
                    start: i, end: i + len, folded: p, kind: .punct, capitalized: false, newlinesBefore: newlines,
                    value: nil))
            newlines = 0
            i += len
        }
        return tokens
    }

    /// Sentences over `tokens`: a period, "!" or "?" before a capital, a quote or a new line ends one,
    /// except after an abbreviation ("M.", "Mme") or an initial; a new line ends one unless the next
    /// line starts in lowercase.
    /// No sentence is longer than this many tokens (wire sentences run to about 100).
    static let maxSentenceTokens = 256

    static func sentences(_ tokens: [Token]) -> [Sentence] {
        var out: [Sentence] = []
        var start = 0
        var paragraph = 0
        var startParagraph = 0
        for i in 0..<tokens.count {
            // Text with no sentence punctuation would be one sentence as long as the dispatch, and
            // reading a sentence costs more than its length: a hard cap keeps coding linear.
            if i - start >= maxSentenceTokens {
                out.append(Sentence(range: start..<i, paragraph: startParagraph))
                start = i
            }
            // Most tokens neither open a line nor can end a sentence: skipped on fields read in place,
            // without copying the token.
            if i != start, tokens[i].newlinesBefore == 0, tokens[i].kind != .punct { continue }
            let t = tokens[i]
            if i > start, t.newlinesBefore > 0 {
                let prev = tokens[i - 1]
                let continues =
                    t.kind == .word && !t.capitalized && !prev.isMark(".") && !prev.isMark(":")
                    && t.newlinesBefore == 1
                if !continues {
                    out.append(Sentence(range: start..<i, paragraph: startParagraph))
                    start = i
                }
            }
            if t.newlinesBefore > 0 { paragraph += 1 }
            if i == start { startParagraph = paragraph }
            guard t.kind == .punct, t.isMark(".") || t.isMark("!") || t.isMark("?") || t.isMark("..."),
                i + 1 < tokens.count
            else { continue }
            let next = tokens[i + 1]
            if next.newlinesBefore > 0 { continue }  // handled at the next token
            let nextStarts =
                (next.kind == .word && next.capitalized) || next.isMark("«") || next.isMark("\"")
                || next.isMark("-") || next.kind == .number
            guard nextStarts else { continue }
            if t.isMark("."), i > 0 {
                let prev = tokens[i - 1]
                if prev.kind == .word, prev.end == t.start {
                    if abbreviations.contains(prev.folded) && (prev.capitalized || prev.folded.utf8.count > 2) {
                        continue
                    }
                    // An initial: "J. Biden".
                    if prev.folded.utf8.count == 1 && prev.capitalized { continue }
                }
            }
            out.append(Sentence(range: start..<(i + 1), paragraph: startParagraph))
            start = i + 1
            startParagraph = paragraph
        }
        if start < tokens.count {
            out.append(Sentence(range: start..<tokens.count, paragraph: startParagraph))
        }
        return out
    }
}
