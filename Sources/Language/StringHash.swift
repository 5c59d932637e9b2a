/// The hash functions spaCy and Thinc use, bit for bit: a word's 64-bit id (MurmurHash64A of its
/// UTF-8 bytes, seed 1, as spaCy's `StringStore`) and the four 32-bit bucket keys a hash
/// embedding derives from that id (MurmurHash3 x86_128 over the 8 bytes, as Thinc's `ops.hash`).
package enum StringHash {
    /// spaCy's id of `text`: MurmurHash64A of the UTF-8 bytes with seed 1.
    @inlinable
    package static func id(_ text: Substring.UTF8View) -> UInt64 {
        text.withContiguousStorageIfAvailable { murmur64A($0, seed: 1) }
            ?? Array(text).withUnsafeBufferPointer { murmur64A($0, seed: 1) }
    }

    /// spaCy's id of `text`.
    @inlinable
    package static func id(_ text: String) -> UInt64 {
        var copy = text
        return copy.withUTF8 { murmur64A($0, seed: 1) }
    }

    /// spaCy's id of `text`.
    @inlinable
    package static func id(_ text: Substring) -> UInt64 {
        var copy = text
        return copy.withUTF8 { murmur64A($0, seed: 1) }
    }

    /// MurmurHash64A (Austin Appleby), little-endian reads, as the `murmurhash` package's `hash64`.
    @inlinable
    package static func murmur64A(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        let m: UInt64 = 0xc6a4_a793_5bd1_e995
        let r: UInt64 = 47
        let count = bytes.count
        var h = seed ^ (UInt64(truncatingIfNeeded: count) &* m)
        let blocks = count / 8
        guard let base = bytes.baseAddress else {
            h ^= h >> r
            h = h &* m
            h ^= h >> r
            return h
        }
        let raw = UnsafeRawPointer(base)
        for i in 0..<blocks {
            var k = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            k = k &* m
            k ^= k >> r
            k = k &* m
            h ^= k
            h = h &* m
        }
        let tail = blocks * 8
        let rest = count & 7
        if rest > 0 {
            for i in stride(from: rest - 1, through: 0, by: -1) {
                h ^= UInt64(base[tail + i]) << (8 * UInt64(i))
            }
            h = h &* m
        }
        h ^= h >> r
        h = h &* m
        h ^= h >> r
        return h
    }

    /// Thinc's `MurmurHash3_x86_128_uint64`: four 32-bit keys from one 64-bit id and a seed.
    @inlinable
    package static func bucketKeys(_ value: UInt64, seed: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        var h1 = value
        h1 = h1 &* 0x87c3_7b91_1142_53d5
        h1 = (h1 << 31) | (h1 >> 33)
        h1 = h1 &* 0x4cf5_ad43_2745_937f
        h1 ^= UInt64(seed)
        h1 ^= 8
        var h2 = UInt64(seed)
        h2 ^= 8
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        h1 ^= h1 >> 33
        h1 = h1 &* 0xff51_afd7_ed55_8ccd
        h1 ^= h1 >> 33
        h1 = h1 &* 0xc4ce_b9fe_1a85_ec53
        h1 ^= h1 >> 33
        h2 ^= h2 >> 33
        h2 = h2 &* 0xff51_afd7_ed55_8ccd
        h2 ^= h2 >> 33
        h2 = h2 &* 0xc4ce_b9fe_1a85_ec53
        h2 ^= h2 >> 33
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        return (
            UInt32(truncatingIfNeeded: h1), UInt32(truncatingIfNeeded: h1 >> 32),
            UInt32(truncatingIfNeeded: h2), UInt32(truncatingIfNeeded: h2 >> 32)
        )
    }
}
