/// spaCy's `url_match` (spacy/lang/tokenizer_exceptions.py, after Diego Perini's URL regex),
/// decided without backtracking:
///
///     ^ (scheme "://")? (user "@")? (ipv4 | (label ".")+ tld) (":" port)? ([/?#] any*)? $
///
/// The converter checks that the model's pattern is this one (by its SHA-256) and gives the
/// character classes: `scheme` is Python's `[\w+\-.]`, `digit` is `\d` (all Unicode decimal
/// digits), `host` is `[A-Za-z0-9\u00a1-\uffff]`, `tld` is spaCy's ALPHA_LOWER.
///
/// Why no backtracking is needed: a host holds none of `: / ? # @`, so it ends at the first of
/// `: / ? #` after its start; labels and the TLD hold no dot, so the dots split them. The
/// possible host starts are the string's start, the end of `scheme://`, and the code point after
/// each `@` (the user part `\S+(?::\S*)?@` is any non-empty text without whitespace ending with
/// `@`); each start's host is scanned only up to the next `@`, so the whole test is linear.
/// Python's `$` also matches before a final newline; that is not reproduced, as spaCy only calls
/// this on pieces of chunks without whitespace.
struct URLGrammar: Sendable {
    /// Python's `\s` (`str.isspace`), the complement of `\S`.
    let space: ScalarSet
    let scheme: ScalarSet
    let digit: ScalarSet
    let host: ScalarSet
    let tld: ScalarSet

    private static let colon: UInt32 = 0x3A
    private static let slash: UInt32 = 0x2F
    private static let question: UInt32 = 0x3F
    private static let hash: UInt32 = 0x23
    private static let at: UInt32 = 0x40
    private static let dot: UInt32 = 0x2E

    /// Whether `s[lo..<hi]` is a URL or an e-mail address for spaCy.
    func matches(_ s: UnsafePointer<UInt32>, lo: Int, hi: Int) -> Bool {
        if hostAndRestMatch(s, from: lo, hi: hi) { return true }
        var schemeEnd: Int? = nil
        var k = lo
        while k < hi && scheme.contains(s[k]) { k += 1 }
        if k - lo >= 2 && k + 3 <= hi && s[k] == Self.colon && s[k + 1] == Self.slash && s[k + 2] == Self.slash {
            if hostAndRestMatch(s, from: k + 3, hi: hi) { return true }
            schemeEnd = k + 3
        }
        // The user part runs from the start (or the end of `scheme://`) to an `@`, without
        // whitespace (`\S`).
        var lastSpace = lo - 1
        var j = lo
        while j < hi {
            let c = s[j]
            if space.contains(c) {
                lastSpace = j
            } else if c == Self.at {
                let fromStart = lastSpace < lo && j > lo
                let fromScheme = schemeEnd.map { lastSpace < $0 && j > $0 } ?? false
                if (fromStart || fromScheme) && hostAndRestMatch(s, from: j + 1, hi: hi) { return true }
            }
            j += 1
        }
        return false
    }

    /// Host from `start`, then optional port and path, to the end.
    private func hostAndRestMatch(_ s: UnsafePointer<UInt32>, from start: Int, hi: Int) -> Bool {
        var end = start
        while end < hi {
            let c = s[end]
            if c == Self.colon || c == Self.slash || c == Self.question || c == Self.hash { break }
            if c == Self.at { return false }
            end += 1
        }
        guard ipv4(s, start, end) || domain(s, start, end) else { return false }
        return portAndPathMatch(s, from: end, hi: hi)
    }

    /// `(?::\d{2,5})?(?:[/?#]\S*)?$` from `start`.
    private func portAndPathMatch(_ s: UnsafePointer<UInt32>, from start: Int, hi: Int) -> Bool {
        if start == hi { return true }
        let c = s[start]
        if c == Self.slash || c == Self.question || c == Self.hash { return pathMatches(s, from: start + 1, hi: hi) }
        guard c == Self.colon else { return false }
        var end = start + 1
        while end < hi && digit.contains(s[end]) { end += 1 }
        let count = end - start - 1
        guard (2...5).contains(count) else { return false }
        if end == hi { return true }
        let next = s[end]
        return (next == Self.slash || next == Self.question || next == Self.hash)
            && pathMatches(s, from: end + 1, hi: hi)
    }

    /// `\S*$` from `start`.
    private func pathMatches(_ s: UnsafePointer<UInt32>, from start: Int, hi: Int) -> Bool {
        for k in start..<hi where space.contains(s[k]) { return false }
        return true
    }

    /// `(?:(?:X[X_-]{0,62})?X\.)+[tld]{2,63}` over exactly `s[start..<end]`.
    private func domain(_ s: UnsafePointer<UInt32>, _ start: Int, _ end: Int) -> Bool {
        var lastDot = end - 1
        while lastDot >= start && s[lastDot] != Self.dot { lastDot -= 1 }
        guard lastDot > start else { return false }
        let tldLength = end - lastDot - 1
        guard (2...63).contains(tldLength) else { return false }
        for k in (lastDot + 1)..<end where !tld.contains(s[k]) { return false }
        var labelStart = start
        for k in start...lastDot where s[k] == Self.dot {
            guard label(s, labelStart, k) else { return false }
            labelStart = k + 1
        }
        return true
    }

    /// `(?:X[X_-]{0,62})?X` over exactly `s[start..<end]`.
    private func label(_ s: UnsafePointer<UInt32>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard (1...64).contains(length), host.contains(s[start]), host.contains(s[end - 1]) else { return false }
        for k in start..<end where !host.contains(s[k]) && s[k] != 0x5F && s[k] != 0x2D { return false }
        return true
    }
}

// The IPv4 alternative: four dotted octets, private and local networks excluded.
extension URLGrammar {
    private func ipv4(_ s: UnsafePointer<UInt32>, _ start: Int, _ end: Int) -> Bool {
        for k in start..<end where s[k] != Self.dot && !isDigit(s[k]) { return false }
        if excludedNetwork(s, start, end) { return false }
        var parts: [Range<Int>] = []
        var partStart = start
        for k in start..<end where s[k] == Self.dot {
            parts.append(partStart..<k)
            partStart = k + 1
        }
        parts.append(partStart..<end)
        guard parts.count == 4 else { return false }
        let octets = parts.map { part in (part.map { s[$0] }) }
        return firstOctet(octets[0]) && middleOctet(octets[1]) && middleOctet(octets[2]) && lastOctet(octets[3])
    }

    private func isDigit(_ c: UInt32) -> Bool { digit.contains(c) }
    private static func ascii(_ c: UInt32, _ range: ClosedRange<Character>) -> Bool {
        c < 128 && range.contains(Character(Unicode.Scalar(UInt8(c))))
    }

    /// `[1-9]\d?|1\d\d|2[01]\d|22[0-3]`
    private func firstOctet(_ o: [UInt32]) -> Bool {
        switch o.count {
        case 1: return Self.ascii(o[0], "1"..."9")
        case 2: return Self.ascii(o[0], "1"..."9") && isDigit(o[1])
        case 3:
            return (o[0] == 0x31 && isDigit(o[1]) && isDigit(o[2]))
                || (o[0] == 0x32 && Self.ascii(o[1], "0"..."1") && isDigit(o[2]))
                || (o[0] == 0x32 && o[1] == 0x32 && Self.ascii(o[2], "0"..."3"))
        default: return false
        }
    }

    /// `1?\d{1,2}|2[0-4]\d|25[0-5]`
    private func middleOctet(_ o: [UInt32]) -> Bool {
        switch o.count {
        case 1: return isDigit(o[0])
        case 2: return isDigit(o[0]) && isDigit(o[1])
        case 3:
            return (o[0] == 0x31 && isDigit(o[1]) && isDigit(o[2]))
                || (o[0] == 0x32 && Self.ascii(o[1], "0"..."4") && isDigit(o[2]))
                || (o[0] == 0x32 && o[1] == 0x35 && Self.ascii(o[2], "0"..."5"))
        default: return false
        }
    }

    /// `[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]`
    private func lastOctet(_ o: [UInt32]) -> Bool {
        switch o.count {
        case 1: return Self.ascii(o[0], "1"..."9")
        case 2: return Self.ascii(o[0], "1"..."9") && isDigit(o[1])
        case 3:
            return (o[0] == 0x31 && isDigit(o[1]) && isDigit(o[2]))
                || (o[0] == 0x32 && Self.ascii(o[1], "0"..."4") && isDigit(o[2]))
                || (o[0] == 0x32 && o[1] == 0x35 && Self.ascii(o[2], "0"..."4"))
        default: return false
        }
    }

    /// The three negative lookaheads: `(?:10|127)(?:\.\d{1,3}){3}`,
    /// `(?:169\.254|192\.168)(?:\.\d{1,3}){2}`, `172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2}`
    /// (each a prefix match from the host's start).
    private func excludedNetwork(_ s: UnsafePointer<UInt32>, _ start: Int, _ end: Int) -> Bool {
        func literal(_ text: String, at p: Int) -> Int? {
            var k = p
            for c in text.unicodeScalars {
                guard k < end && s[k] == c.value else { return nil }
                k += 1
            }
            return k
        }
        // `(?:\.\d{1,3}){count}` as a prefix from `p`: every group but the last must be followed
        // by the next dot, so it holds its whole digit run, of 1 to 3 digits.
        func dotGroups(_ count: Int, at p: Int) -> Bool {
            var k = p
            for group in 0..<count {
                guard k < end && s[k] == Self.dot else { return false }
                var run = 0
                while k + 1 + run < end && isDigit(s[k + 1 + run]) { run += 1 }
                guard run >= 1 else { return false }
                if group < count - 1 {
                    guard run <= 3 else { return false }
                }
                k += 1 + run
            }
            return true
        }
        for prefix in ["10", "127"] {
            if let p = literal(prefix, at: start), dotGroups(3, at: p) { return true }
        }
        for prefix in ["169.254", "192.168"] {
            if let p = literal(prefix, at: start), dotGroups(2, at: p) { return true }
        }
        if let p = literal("172.", at: start), p + 2 <= end {
            let a = s[p]
            let b = s[p + 1]
            let second =
                (a == 0x31 && Self.ascii(b, "6"..."9")) || (a == 0x32 && isDigit(b))
                || (a == 0x33 && Self.ascii(b, "0"..."1"))
            if second && dotGroups(2, at: p + 2) { return true }
        }
        return false
    }
}
