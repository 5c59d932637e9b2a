import Foundation

/// A map from folded words to values, for the word lists the rules test token after token. A word
/// is found by hashing its UTF-8 bytes in an open-addressing table, without the cost of `String`
/// hashing; a word the table cannot settle asks a plain `Dictionary`, so the answers are exactly
/// those of `[String: Value]` (String equality, that is canonical equivalence, included).
///
/// The table settles a word when byte equality is String equality: an ASCII word (unless some
/// non-ASCII key composes to ASCII), or a word whose every scalar is "stable" (see `stableEnd`:
/// Latin up to U+02FF and general punctuation, text already in NFC that no scalar after it can
/// compose with) when every non-ASCII key is stable too.
struct FoldedMap<Value: Sendable>: Sendable, ExpressibleByDictionaryLiteral {
    private let dictionary: [String: Value]
    private let slots: [Int32]
    private let keyStart: [Int32]
    private let keyBytes: [UInt8]
    private let values: [Value]
    /// Some non-ASCII key composes to ASCII, so an ASCII miss must ask the dictionary.
    private let asciiAliases: Bool
    /// Every non-ASCII key is stable and in the table, so a stable word's miss is final.
    private let stableKeys: Bool
    /// Bit `min(n, 63)` is set when some key in the table has `n` bytes; bit `b & 63` when one starts with `b`.
    private let lengths: UInt64
    private let firsts: UInt64

    init(dictionaryLiteral elements: (String, Value)...) {
        self.init(Dictionary(uniqueKeysWithValues: elements))
    }

    init(_ dictionary: [String: Value]) {
        self.dictionary = dictionary
        var tabled: [([UInt8], Value)] = []
        var aliases = false
        var stable = true
        for (k, v) in dictionary {
            let bytes = Array(k.utf8)
            if bytes.allSatisfy({ $0 < 0x80 }) {
                tabled.append((bytes, v))
                continue
            }
            if k.precomposedStringWithCanonicalMapping.utf8.allSatisfy({ $0 < 0x80 }) {
                aliases = true
            }
            let settled = bytes.withUnsafeBufferPointer { FoldedMap.stableEnd($0) == $0.count }
            if settled {
                tabled.append((bytes, v))
            } else {
                stable = false
            }
        }
        asciiAliases = aliases
        stableKeys = stable
        var lengths: UInt64 = 0
        var firsts: UInt64 = 0
        for (k, _) in tabled where !k.isEmpty {
            lengths |= 1 << UInt64(min(k.count, 63))
            firsts |= 1 << UInt64(k[0] & 63)
        }
        self.lengths = lengths
        self.firsts = firsts
        var capacity = 16
        while capacity < tabled.count * 3 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        var starts: [Int32] = []
        var bytes: [UInt8] = []
        var values: [Value] = []
        for (k, v) in tabled {
            starts.append(Int32(bytes.count))
            bytes.append(contentsOf: k)
            values.append(v)
        }
        starts.append(Int32(bytes.count))
        let mask = capacity - 1
        for (i, (k, _)) in tabled.enumerated() {
            var slot =
                k.withUnsafeBufferPointer { Int(truncatingIfNeeded: FoldedMap.hash($0.baseAddress, $0.count)) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
        self.slots = slots
        self.keyStart = starts
        self.keyBytes = bytes
        self.values = values
    }

    /// The length of the longest prefix of `u` (UTF-8) made of stable scalars: below U+0300 (no
    /// combining mark, nothing that decomposes) or in U+2010...U+205F (dashes, quotes, ellipsis).
    /// Such text is in NFC, so two stable strings are equal as `String`s exactly when their bytes are.
    @inline(__always)
    static func stableEnd(_ u: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        let n = u.count
        while i < n {
            let b = u[i]
            if b < 0x80 {
                i += 1
            } else if b >= 0xC2 && b < 0xCC && i + 1 < n {
                // U+0080...U+02FF.
                i += 2
            } else if b == 0xE2 && i + 2 < n
                && ((u[i + 1] == 0x80 && u[i + 2] >= 0x90) || (u[i + 1] == 0x81 && u[i + 2] < 0xA0))
            {
                // U+2010...U+205F.
                i += 3
            } else {
                return i
            }
        }
        return n
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ count: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        guard let p else { return h }
        for k in 0..<count {
            h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01B3
        }
        return h ^ (h >> 29)
    }

    /// The value of a word from the table: `.some(nil)` when it is surely absent, nil when the
    /// table cannot tell.
    @inline(__always)
    private func lookup(_ u: UnsafeBufferPointer<UInt8>) -> Value?? {
        // Most words are in no list: their length or first byte rules them out at once.
        let n = u.count
        if n > 0, lengths & (1 << UInt64(min(n, 63))) == 0 || firsts & (1 << UInt64(u[0] & 63)) == 0 {
            return missIsFinal(u) ? .some(nil) : nil
        }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: FoldedMap.hash(u.baseAddress, u.count)) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return missIsFinal(u) ? .some(nil) : nil }
            let a = Int(keyStart[i])
            let z = Int(keyStart[i + 1])
            if z - a == u.count {
                var same = true
                for k in 0..<u.count where keyBytes[a + k] != u[k] {
                    same = false
                    break
                }
                // Equal bytes are equal strings, whatever the word.
                if same { return .some(values[i]) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Whether a word the table lacks is surely absent: an ASCII word when no key composes to ASCII,
    /// or a stable word when every key is stable. Read only on a miss, as a hit needs no such test.
    @inline(__always)
    private func missIsFinal(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for b in u where b >= 0x80 {
            ascii = false
            break
        }
        return ascii ? !asciiAliases : stableKeys && FoldedMap.stableEnd(u) == u.count
    }

    /// Every key, as the dictionary lists them.
    var keys: Dictionary<String, Value>.Keys { dictionary.keys }

    subscript(key: String) -> Value? {
        if let found = key.utf8.withContiguousStorageIfAvailable({ lookup($0) }), let answer = found {
            return answer
        }
        return dictionary[key]
    }
}

/// A set of folded words with the fast lookup of `FoldedMap`.
struct FoldedSet: Sendable, ExpressibleByArrayLiteral, Sequence {
    private let map: FoldedMap<Bool>
    /// The words, as a plain set.
    let elements: Set<String>

    init(arrayLiteral elements: String...) {
        self.init(elements)
    }

    /// The words of all `lists`.
    init(_ lists: any Sequence<String>...) {
        var elements = Set<String>()
        for list in lists { elements.formUnion(list) }
        self.elements = elements
        var d: [String: Bool] = [:]
        for e in elements { d[e] = true }
        map = FoldedMap(d)
    }

    @inline(__always)
    func contains(_ word: String) -> Bool { map[word] != nil }

    func makeIterator() -> Set<String>.Iterator { elements.makeIterator() }

    func union(_ other: some Sequence<String>) -> Set<String> { elements.union(other) }
}

/// ASCII stems a folded word is tested against with `hasPrefix`, grouped by their first byte: a word
/// whose first byte is ASCII can only start with the stems that share that byte (its first scalar,
/// composed or not, is no other ASCII letter), so only those are compared. The answers are those of
/// `stems.contains { word.hasPrefix($0) }`.
struct StemList: Sendable, ExpressibleByArrayLiteral {
    private let all: [String]
    private let byFirst: [[String]]

    init(arrayLiteral stems: String...) {
        self.init(stems)
    }

    init(_ stems: [String]) {
        precondition(stems.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 < 0x80 } }, "stems are ASCII")
        all = stems
        var groups = [[String]](repeating: [], count: 128)
        for s in stems { groups[Int(s.utf8.first!)].append(s) }
        byFirst = groups
    }

    /// Whether `word` starts with one of the stems.
    func matches(_ word: String) -> Bool {
        if let b = word.utf8.first, b < 0x80 {
            return byFirst[Int(b)].contains { word.hasPrefix($0) }
        }
        return all.contains { word.hasPrefix($0) }
    }
}
