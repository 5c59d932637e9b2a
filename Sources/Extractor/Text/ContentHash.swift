import Crypto

/// The content hashes that name dispatches and events: SHA-256 (swift-crypto) as lowercase hex.
package enum ContentHash {
    /// SHA-256 of `bytes`, as 64 lowercase hex digits.
    package static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return hex(hasher.finalize())
    }

    /// Lowercase hex of any byte sequence (a digest or a prefix of one).
    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
