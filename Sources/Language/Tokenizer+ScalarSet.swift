import Synchronization

/// A set of Unicode scalar values: one character class of spaCy's patterns, resolved by the
/// converter to exactly the code points Python's `re` accepts.
///
/// Python indexes strings by code point, so the tokenizer works on scalars, never on Swift's
/// grapheme clusters.
struct ScalarSet: @unchecked Sendable, Equatable {
    // @unchecked: `high` points into storage interned for the life of the process and never
    // written after it is made (see `ScalarSetPool`).
    //
    // Code points below 256 (ASCII and Latin-1, most of French text) in a bitmap; the ranges
    // reaching above 255 packed (first << 32 | last) and bisected. No reference counting: the
    // matchers copy sets freely in their inner loops.
    private var bits0: UInt64 = 0
    private var bits1: UInt64 = 0
    private var bits2: UInt64 = 0
    private var bits3: UInt64 = 0
    private var high: UnsafePointer<UInt64>? = nil
    private var highCount = 0
    /// How many code points the set holds.
    private(set) var count = 0
    /// Every code point.
    private(set) var isFull = false

    /// The set of the given inclusive ranges (any order, overlaps allowed).
    init(ranges: [ClosedRange<UInt32>]) {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        var packed: [UInt64] = []
        for range in merged {
            count += Int(range.upperBound - range.lowerBound) + 1
            if range.lowerBound < 256 {
                for c in range.lowerBound...min(range.upperBound, 255) { setBit(c) }
            }
            if range.upperBound > 255 {
                packed.append(UInt64(max(range.lowerBound, 256)) << 32 | UInt64(range.upperBound))
            }
        }
        highCount = packed.count
        high = packed.isEmpty ? nil : ScalarSetPool.intern(packed)
        isFull = merged == [0...0x10_FFFF]
    }

    /// The empty set.
    static let empty = ScalarSet(ranges: [])
    /// All code points.
    static let full = ScalarSet(ranges: [0...0x10_FFFF])

    private mutating func setBit(_ c: UInt32) {
        let bit = UInt64(1) << UInt64(c & 63)
        switch c >> 6 {
        case 0: bits0 |= bit
        case 1: bits1 |= bit
        case 2: bits2 |= bit
        default: bits3 |= bit
        }
    }

    /// Whether `c` is in the set.
    @inline(__always)
    func contains(_ c: UInt32) -> Bool {
        if c < 256 {
            let word: UInt64
            switch c >> 6 {
            case 0: word = bits0
            case 1: word = bits1
            case 2: word = bits2
            default: word = bits3
            }
            return (word >> UInt64(c & 63)) & 1 != 0
        }
        return containsHigh(c)
    }

    private func containsHigh(_ c: UInt32) -> Bool {
        guard let high else { return false }
        var low = 0
        var upper = highCount
        while low < upper {
            let mid = (low + upper) / 2
            if UInt32(truncatingIfNeeded: high[mid]) < c {
                low = mid + 1
            } else {
                upper = mid
            }
        }
        return low < highCount && UInt32(high[low] >> 32) <= c
    }

    /// The ranges, sorted and disjoint.
    var ranges: [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        var c: UInt32 = 0
        while c < 256 {
            if contains(c) {
                let first = c
                while c < 256 && contains(c) { c += 1 }
                out.append(first...(c - 1))
            } else {
                c += 1
            }
        }
        for k in 0..<highCount {
            let range = UInt32(high![k] >> 32)...UInt32(truncatingIfNeeded: high![k])
            if let last = out.last, last.upperBound == 255, range.lowerBound == 256 {
                out[out.count - 1] = last.lowerBound...range.upperBound
            } else {
                out.append(range)
            }
        }
        return out
    }

    /// The code points, for a small set.
    var members: [UInt32] {
        ranges.flatMap { Array($0) }
    }

    /// The union of two sets.
    func union(_ other: ScalarSet) -> ScalarSet {
        ScalarSet(ranges: ranges + other.ranges)
    }

    /// Whether the two sets share no code point.
    func isDisjoint(with other: ScalarSet) -> Bool {
        let a = ranges
        let b = other.ranges
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i].upperBound < b[j].lowerBound {
                i += 1
            } else if b[j].upperBound < a[i].lowerBound {
                j += 1
            } else {
                return false
            }
        }
        return true
    }
}

/// The storage of every set's high ranges, interned by content and kept for the life of the
/// process: loading the same rules again reuses it, so it stays as small as the distinct sets of
/// one tokenizer.json (a few hundred kilobytes), and sets need no reference counting.
private enum ScalarSetPool {
    private static let pool = Mutex<[[UInt64]: UnsafeMutablePointer<UInt64>]>([:])

    static func intern(_ packed: [UInt64]) -> UnsafePointer<UInt64> {
        pool.withLock { pool in
            if let stored = pool[packed] { return UnsafePointer(stored) }
            let stored = UnsafeMutablePointer<UInt64>.allocate(capacity: packed.count)
            stored.initialize(from: packed, count: packed.count)
            pool[packed] = stored
            return UnsafePointer(stored)
        }
    }
}

/// The rules that can match at a position, by the code point found there, in rule order.
///
/// Each rule has a trigger set (the code points its match can start with, or for suffixes end
/// with); the index lists, for every code point below 0x3000 and for the members of small trigger
/// sets above, the rules whose trigger holds it. Rules with a large trigger above 0x3000 (icons,
/// CJK letters) are checked one by one for the code points the table does not cover.
struct RuleIndex: Sendable {
    private static let direct: UInt32 = 0x3000
    private static let smallSet = 64

    /// For code point c < direct: rules in `flat[starts[c]..<starts[c + 1]]`.
    private var starts: [Int32] = []
    private var flat: [Int32] = []
    /// Code points above `direct` that a small trigger names.
    private var named: [UInt32: [Int32]] = [:]
    /// Rules with a large trigger, tried by membership for the other code points.
    private var wide: [(rule: Int32, trigger: ScalarSet)] = []

    /// Indexes rules by their triggers (position = rule number).
    init(triggers: [ScalarSet]) {
        var lists = [[Int32]](repeating: [], count: Int(Self.direct))
        for (rule, trigger) in triggers.enumerated() {
            for range in trigger.ranges where range.lowerBound < Self.direct {
                for c in range.lowerBound...min(range.upperBound, Self.direct - 1) {
                    lists[Int(c)].append(Int32(rule))
                }
            }
            if trigger.count > Self.smallSet {
                if trigger.ranges.contains(where: { $0.upperBound >= Self.direct }) {
                    wide.append((Int32(rule), trigger))
                }
            }
        }
        // Code points above `direct` named by small triggers get their exact, ordered list.
        for trigger in triggers where trigger.count <= Self.smallSet {
            for c in trigger.members where c >= Self.direct && named[c] == nil {
                named[c] = triggers.indices.filter { triggers[$0].contains(c) }.map { Int32($0) }
            }
        }
        starts.reserveCapacity(lists.count + 1)
        for list in lists {
            starts.append(Int32(flat.count))
            flat += list
        }
        starts.append(Int32(flat.count))
    }

    /// Calls `body` with each rule that may match at `c`, in order, until it returns true.
    @inline(__always)
    func first(for c: UInt32, where body: (Int) -> Bool) {
        if c < Self.direct {
            let index = Int(c)
            var k = Int(starts[index])
            let end = Int(starts[index + 1])
            while k < end {
                if body(Int(flat[k])) { return }
                k += 1
            }
            return
        }
        if let list = named[c] {
            for rule in list where body(Int(rule)) { return }
            return
        }
        for entry in wide where entry.trigger.contains(c) {
            if body(Int(entry.rule)) { return }
        }
    }
}
