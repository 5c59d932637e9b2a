/// A table from spaCy string ids to strings, as the converter stores the lemma tables: sorted
/// 64-bit keys, and for each a (offset, length) span into one UTF-8 blob.
struct HashedStrings: @unchecked Sendable {
    // @unchecked: read-only pointers into the memory-mapped model, kept alive by the owner.
    let keys: UnsafeBufferPointer<UInt64>
    let spans: UnsafeBufferPointer<UInt32>
    let blob: UnsafeBufferPointer<UInt8>

    init(model: ModelFile, name: String) throws(LanguageError) {
        keys = try model.uint64s("\(name).keys")
        spans = try model.uint32s("\(name).spans")
        blob = try model.bytes("\(name).blob")
        guard spans.count == keys.count * 2 else {
            throw LanguageError(code: .modelDamaged, message: "\(model.directory.path): table \(name) is inconsistent")
        }
        for i in 0..<keys.count where Int(spans[2 * i]) + Int(spans[2 * i + 1]) > blob.count {
            throw LanguageError(
                code: .modelDamaged, message: "\(model.directory.path): table \(name) overruns its blob")
        }
    }

    /// The string stored for `key`, or nil.
    subscript(key: UInt64) -> String? {
        guard let index = HashedSet.find(key, in: keys) else { return nil }
        let start = Int(spans[2 * index])
        let length = Int(spans[2 * index + 1])
        return String(decoding: UnsafeBufferPointer(rebasing: blob[start..<(start + length)]), as: UTF8.self)
    }
}

/// A set of spaCy string ids: sorted 64-bit keys.
struct HashedSet: @unchecked Sendable {
    // @unchecked: read-only pointer into the memory-mapped model, kept alive by the owner.
    let keys: UnsafeBufferPointer<UInt64>

    func contains(_ key: UInt64) -> Bool { Self.find(key, in: keys) != nil }

    static func find(_ key: UInt64, in keys: UnsafeBufferPointer<UInt64>) -> Int? {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == key ? low : nil
    }
}
