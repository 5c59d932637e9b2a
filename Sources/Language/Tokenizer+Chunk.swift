/// The buffers one `tokenize` call reuses from chunk to chunk: the chunk's code points, their
/// byte offsets, and the affixes found.
struct ChunkWork {
    private var scalars: [UInt32] = []
    /// Byte offset in the text of each code point, then of the chunk's end.
    private var offsets: [Int] = []
    private var found = Affixes()
    private let memo = RunMemo()

    struct Affixes {
        var prefixes: [Range<Int>] = []
        var suffixes: [Range<Int>] = []
        var infixes: [Range<Int>] = []
    }

    /// Decodes the chunk `text[start..<end]`.
    mutating func decode(_ text: UnsafePointer<UInt8>, from start: Int, to end: Int) {
        scalars.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        memo.reset()
        var i = start
        while i < end {
            let (c, length) = UTF8Scalars.decode(text, at: i)
            scalars.append(c)
            offsets.append(i)
            i += length
        }
        offsets.append(end)
    }

    /// Tokenizes the decoded chunk (spaCy's `_split_affixes` then `_attach_tokens`).
    mutating func split(
        _ rules: TokenizerRules, _ text: UnsafePointer<UInt8>, withSpecials: Bool, tokens: inout [TokenPiece]
    ) {
        let count = scalars.count
        scalars.withUnsafeBufferPointer { s in
            offsets.withUnsafeBufferPointer { o in
                let chunk = Chunk(
                    rules: rules, text: text, s: s.baseAddress!, o: o.baseAddress!, withSpecials: withSpecials,
                    memo: memo)
                chunk.tokenize(count: count, found: &found, tokens: &tokens)
            }
        }
    }
}

/// One chunk being tokenized: its code points `s`, their byte offsets `o` in `text`.
/// Substrings are index ranges `lo..<hi` of `s`, never copies.
private struct Chunk {
    let rules: TokenizerRules
    let text: UnsafePointer<UInt8>
    let s: UnsafePointer<UInt32>
    let o: UnsafePointer<Int>
    let withSpecials: Bool
    let memo: RunMemo

    /// The special case spelled by `s[lo..<hi]`, when special cases apply.
    private func special(_ lo: Int, _ hi: Int) -> Int? {
        guard withSpecials else { return nil }
        return rules.specials.find(text + o[lo], o[hi] - o[lo])
    }

    private func emit(_ lo: Int, _ hi: Int, _ tokens: inout [TokenPiece]) {
        let start = o[lo]
        let end = o[hi]
        tokens.append(
            TokenPiece(start: start, end: end, norm: rules.norms.lexeme(text + start, end - start), space: false))
    }

    func tokenize(count: Int, found: inout ChunkWork.Affixes, tokens: inout [TokenPiece]) {
        found.prefixes.removeAll(keepingCapacity: true)
        found.suffixes.removeAll(keepingCapacity: true)
        let rest = splitAffixes(0..<count, &found)
        for prefix in found.prefixes { emit(prefix.lowerBound, prefix.upperBound, &tokens) }
        if !rest.isEmpty {
            attach(rest, &found.infixes, &tokens)
        }
        for suffix in found.suffixes.reversed() { emit(suffix.lowerBound, suffix.upperBound, &tokens) }
    }

    /// spaCy's `_split_affixes`: peels prefixes and suffixes off until nothing changes, the rest
    /// matches `token_match`, or the rest (or the rest without the affix just found) is a
    /// special case. Returns the rest.
    private func splitAffixes(_ whole: Range<Int>, _ found: inout ChunkWork.Affixes) -> Range<Int> {
        var lo = whole.lowerBound
        var hi = whole.upperBound
        var lastSize = 0
        let affixes = rules.affixes
        while lo < hi && hi - lo != lastSize {
            if rules.tokenMatch.matches(s, lo: lo, hi: hi, memo: memo) || special(lo, hi) != nil { break }
            lastSize = hi - lo
            let prefix = affixes.prefixLength(s, lo: lo, hi: hi)
            if prefix != 0 && lo + prefix < hi && special(lo + prefix, hi) != nil {
                found.prefixes.append(lo..<(lo + prefix))
                lo += prefix
                break
            }
            // The suffix is searched in what follows the prefix (its lookbehind cannot see it).
            let suffix = affixes.suffixLength(s, lo: lo + prefix, hi: hi)
            if suffix != 0 && hi - suffix > lo && special(lo, hi - suffix) != nil {
                found.suffixes.append((hi - suffix)..<hi)
                hi -= suffix
                break
            }
            if prefix != 0 && suffix != 0 && prefix + suffix <= hi - lo {
                found.prefixes.append(lo..<(lo + prefix))
                found.suffixes.append((hi - suffix)..<hi)
                lo += prefix
                hi -= suffix
            } else if prefix != 0 {
                found.prefixes.append(lo..<(lo + prefix))
                lo += prefix
            } else if suffix != 0 {
                found.suffixes.append((hi - suffix)..<hi)
                hi -= suffix
            }
        }
        return lo..<hi
    }

    /// spaCy's `_attach_tokens` for what the affixes left: a special case, one token
    /// (`token_match`, `url_match`, or no infix), or the pieces between infixes.
    private func attach(_ rest: Range<Int>, _ infixes: inout [Range<Int>], _ tokens: inout [TokenPiece]) {
        let lo = rest.lowerBound
        let hi = rest.upperBound
        if let special = special(lo, hi) {
            rules.specials.append(special, at: o[lo], to: &tokens)
            return
        }
        // Infixes first (spaCy tries token_match and url_match first): with no infix the result
        // is one token either way, and most strings have none.
        rules.affixes.infixes(s, lo: lo, hi: hi, into: &infixes)
        if infixes.isEmpty || rules.tokenMatch.matches(s, lo: lo, hi: hi, memo: memo)
            || rules.url.matches(s, lo: lo, hi: hi)
        {
            emit(lo, hi, &tokens)
            return
        }
        var start = lo
        for infix in infixes {
            // spaCy skips a match at the very start (and keeps it in the next piece).
            if infix.lowerBound == lo { continue }
            if infix.lowerBound != start { emit(start, infix.lowerBound, &tokens) }
            if !infix.isEmpty { emit(infix.lowerBound, infix.upperBound, &tokens) }
            start = infix.upperBound
        }
        if start < hi { emit(start, hi, &tokens) }
    }
}
