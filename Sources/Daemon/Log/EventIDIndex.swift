/// The set of event ids in the log (and retired by retention): what makes appends idempotent.
///
/// It holds one entry per event of the whole history, so its size is the daemon's memory floor
/// on a large log. The extractor's ids are 32 lowercase hex digits; they are kept packed in 16
/// bytes (a `Set<String>` cost about 90 bytes per id: the set slot and a heap string). Any other
/// id is kept as its string, so every id is accepted and two distinct ids never collide.
struct EventIDIndex {
    private struct Packed: Hashable {
        var high: UInt64
        var low: UInt64
    }

    private var packed = Set<Packed>()
    private var others = Set<String>()

    var count: Int { packed.count + others.count }

    func contains(utf8 bytes: ArraySlice<UInt8>) -> Bool {
        if let key = Self.pack(bytes) { return packed.contains(key) }
        return others.contains(String(decoding: bytes, as: UTF8.self))
    }

    func contains(_ id: String) -> Bool {
        if let key = Self.pack(id.utf8) { return packed.contains(key) }
        return others.contains(id)
    }

    /// Returns false when the id was already there.
    @discardableResult
    mutating func insert(_ id: String) -> Bool {
        if let key = Self.pack(id.utf8) { return packed.insert(key).inserted }
        return others.insert(id).inserted
    }

    /// The id as stored in a log frame (UTF-8), without making a string of it when it packs.
    @discardableResult
    mutating func insert(utf8 bytes: ArraySlice<UInt8>) -> Bool {
        if let key = Self.pack(bytes) { return packed.insert(key).inserted }
        return others.insert(String(decoding: bytes, as: UTF8.self)).inserted
    }

    mutating func remove(_ id: String) {
        if let key = Self.pack(id.utf8) { packed.remove(key) } else { others.remove(id) }
    }

    mutating func remove(utf8 bytes: ArraySlice<UInt8>) {
        if let key = Self.pack(bytes) {
            packed.remove(key)
        } else {
            others.remove(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// 32 lowercase hex digits as two words; nil for anything else (uppercase included, so that
    /// "AB..." and "ab..." stay two ids).
    private static func pack(_ bytes: some Collection<UInt8>) -> Packed? {
        guard bytes.count == 32 else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        var i = 0
        for b in bytes {
            let digit: UInt64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(b - UInt8(ascii: "a") + 10)
            default: return nil
            }
            if i < 16 { words.0 = words.0 << 4 | digit } else { words.1 = words.1 << 4 | digit }
            i += 1
        }
        return Packed(high: words.0, low: words.1)
    }
}
