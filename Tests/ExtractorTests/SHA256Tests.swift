import Testing

@testable import VigieExtractor

/// SHA-256 against the FIPS 180-2 vectors, fed whole, byte by byte and in uneven chunks (the
/// hasher compresses whole blocks straight from contiguous input and buffers the rest).
struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256Hasher.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256Hasher.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256Hasher.hex(Array(two.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func chunkingDoesNotChangeTheDigest() {
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256Hasher.hex(million) == expected)
        var h = SHA256Hasher()
        var i = 0
        var step = 1
        while i < million.count {
            let end = min(million.count, i + step)
            h.update(million[i..<end])
            i = end
            step = step % 131 + 7
        }
        #expect(SHA256Hasher.hexString(h.finalize()) == expected)
        // A lazy sequence takes the byte-by-byte path.
        #expect(SHA256Hasher.hex(million.lazy.map { $0 }) == expected)
    }
}
