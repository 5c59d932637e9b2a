import Foundation

/// A fixed set of byte strings (UTF-8 texts), looked up from a pointer without allocating:
/// open addressing on MurmurHash64A of the bytes (the hash spaCy keys its tables with).
struct ByteTable: Sendable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    private var storage: [UInt8] = []
    /// The longest key, in bytes: longer texts are not looked up at all.
    private(set) var maxLength = 0

    /// A table of `keys`; a key's index is its position (a repeated key keeps its first index).
    init(keys: [[UInt8]]) {
        var capacity = 8
        while capacity < keys.count * 2 { capacity *= 2 }
        slots = Array(repeating: -1, count: capacity)
        for key in keys {
            let hash = key.withUnsafeBufferPointer { Self.hash($0.baseAddress, $0.count) }
            hashes.append(hash)
            offsets.append(storage.count)
            lengths.append(key.count)
            storage += key
            maxLength = max(maxLength, key.count)
            let index = hashes.count - 1
            let found = key.withUnsafeBufferPointer { find($0.baseAddress, $0.count, hash: hash) }
            if found == nil {
                var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = Int32(index)
            }
        }
    }

    /// MurmurHash64A (seed 1) of `count` bytes.
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>?, _ count: Int) -> UInt64 {
        StringHash.murmur64A(UnsafeBufferPointer(start: base, count: count), seed: 1)
    }

    /// The index of the key equal to the `count` bytes at `base`, or nil.
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>?, _ count: Int) -> Int? {
        guard count <= maxLength else { return nil }
        return find(base, count, hash: Self.hash(base, count))
    }

    /// As `find(_:_:)`, with the hash already computed.
    func find(_ base: UnsafePointer<UInt8>?, _ count: Int, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if hashes[index] == hash && lengths[index] == count && equal(index, base, count) { return index }
            slot = (slot + 1) & mask
        }
    }

    private func equal(_ index: Int, _ base: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard count > 0, let base else { return true }
        return storage.withUnsafeBufferPointer { buffer in
            memcmp(buffer.baseAddress! + offsets[index], base, count) == 0
        }
    }

    /// The bytes of key `index`.
    func key(_ index: Int) -> ArraySlice<UInt8> {
        storage[offsets[index]..<(offsets[index] + lengths[index])]
    }
}

/// spaCy's special cases (`nlp.tokenizer.rules`): a chunk or a piece of one equal to a key is
/// split into the given pieces (ORTH), each with its NORM. Also the second pass spaCy runs over
/// the whole document (`_apply_special_cases`): a sequence of tokens spelling a special case's
/// own tokenization is merged back into the special case's pieces.
struct SpecialCases: Sendable {
    /// One piece: its length in bytes and its norm (an index in `Tokenizer.norms`, -1 for none).
    struct Piece: Sendable {
        var length: Int
        var norm: Int32
    }

    private let table: ByteTable
    private let pieces: [[Piece]]
    /// Matcher patterns: each a sequence of token texts, and the texts of their first tokens.
    private let patterns: [[[UInt8]]]
    private let patternFirsts: ByteTable
    private let patternsByFirst: [[Int]]

    init(texts: [String], pieces: [[Piece]], patterns: [[String]]) {
        table = ByteTable(keys: texts.map { Array($0.utf8) })
        self.pieces = pieces
        self.patterns = patterns.map { $0.map { Array($0.utf8) } }
        let firsts = patterns.map { Array(($0.first ?? "").utf8) }
        let firstTable = ByteTable(keys: firsts)
        var byFirst = [[Int]](repeating: [], count: firsts.count)
        for (k, first) in firsts.enumerated() {
            let index = first.withUnsafeBufferPointer { firstTable.find($0.baseAddress, $0.count) }!
            byFirst[index].append(k)
        }
        patternFirsts = firstTable
        patternsByFirst = byFirst
    }

    /// The longest special case, in bytes.
    var maxLength: Int { table.maxLength }

    /// The special case spelled by the `count` bytes at `base`, or nil.
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        table.find(base, count)
    }

    /// As `find(_:_:)` with the hash of the bytes (shared with the cache).
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> Int? {
        count <= table.maxLength ? table.find(base, count, hash: hash) : nil
    }

    /// Appends the pieces of special case `special` spelled from byte `start` on.
    func append(_ special: Int, at start: Int, to tokens: inout [TokenPiece]) {
        var offset = start
        for piece in pieces[special] {
            tokens.append(TokenPiece(start: offset, end: offset + piece.length, norm: piece.norm, space: false))
            offset += piece.length
        }
    }
}

extension SpecialCases {
    /// The special cases and matcher patterns of tokenizer.json, checked; their norms go into
    /// `norms` (a piece without NORM has its lexeme norm).
    init(file: TokenizerFile, norms: inout NormTable) throws(LanguageError) {
        var pieces: [[Piece]] = []
        for special in file.specials {
            guard !special.text.isEmpty, !special.pieces.isEmpty, special.pieces.allSatisfy({ !$0.orth.isEmpty }),
                special.pieces.map(\.orth).joined() == special.text
            else { throw TokenizerRules.damaged("special case \(special.text.debugDescription) is inconsistent") }
            pieces.append(
                special.pieces.map { piece in
                    Piece(
                        length: piece.orth.utf8.count,
                        norm: piece.norm.map { norms.intern($0) } ?? norms.lexeme(piece.orth))
                })
        }
        let texts = file.specials.map(\.text)
        let known = Set(texts)
        guard known.count == texts.count else { throw TokenizerRules.damaged("repeated special case") }
        guard file.matcher_patterns.allSatisfy({ known.contains($0.text) && !$0.orths.isEmpty }) else {
            throw TokenizerRules.damaged("a matcher pattern names no special case")
        }
        self.init(texts: texts, pieces: pieces, patterns: file.matcher_patterns.map(\.orths))
    }
}

// The document pass (spaCy's `_apply_special_cases`, PhraseMatcher on ORTH).
extension SpecialCases {
    /// Finds every occurrence of a pattern, keeps the longest (then leftmost) non-overlapping
    /// ones the way spaCy's `_filter_special_spans` does, and replaces each whose text (with the
    /// whitespace inside it) is a special case by that special case's pieces.
    func applyMatcher(to tokens: inout [TokenPiece], text: UnsafePointer<UInt8>) {
        var matches: [Range<Int>] = []
        for i in tokens.indices {
            let token = tokens[i]
            guard let first = patternFirsts.find(text + token.start, token.end - token.start) else { continue }
            for pattern in patternsByFirst[first] where matchesPattern(pattern, at: i, tokens, text) {
                matches.append(i..<(i + patterns[pattern].count))
            }
        }
        if matches.isEmpty { return }
        var replaced: [TokenPiece] = []
        replaced.reserveCapacity(tokens.count)
        var next = 0
        for span in filter(matches, tokenCount: tokens.count) {
            replaced += tokens[next..<span.lowerBound]
            next = span.upperBound
            let first = tokens[span.lowerBound]
            let last = tokens[span.upperBound - 1]
            guard let special = find(text + first.start, last.end - first.start) else {
                // The tokens spell the special case with whitespace between them: kept as they are.
                replaced += tokens[span]
                continue
            }
            let start = replaced.count
            append(special, at: first.start, to: &replaced)
            replaced[replaced.count - 1].space = last.space
            assert(replaced[start].start == first.start && replaced[replaced.count - 1].end == last.end)
        }
        replaced += tokens[next...]
        tokens = replaced
    }

    private func matchesPattern(_ pattern: Int, at i: Int, _ tokens: [TokenPiece], _ text: UnsafePointer<UInt8>)
        -> Bool
    {
        let orths = patterns[pattern]
        guard i + orths.count <= tokens.count else { return false }
        for (k, orth) in orths.enumerated().dropFirst() {
            let token = tokens[i + k]
            guard token.end - token.start == orth.count else { return false }
            let same = orth.withUnsafeBufferPointer { memcmp($0.baseAddress!, text + token.start, orth.count) == 0 }
            if !same { return false }
        }
        return true
    }

    /// spaCy's `_filter_special_spans`: longest first, then leftmost; a span is kept when its
    /// first and last tokens are not yet covered, and covers its tokens even when not kept.
    private func filter(_ matches: [Range<Int>], tokenCount: Int) -> [Range<Int>] {
        let ordered = matches.sorted { a, b in
            a.count != b.count ? a.count > b.count : a.lowerBound < b.lowerBound
        }
        var seen = Set<Int>()
        var kept: [Range<Int>] = []
        for span in ordered {
            if !seen.contains(span.lowerBound) && !seen.contains(span.upperBound - 1) {
                kept.append(span)
            }
            seen.formUnion(span)
        }
        return kept.sorted { $0.lowerBound < $1.lowerBound }
    }
}
