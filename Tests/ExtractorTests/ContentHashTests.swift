import Testing

@testable import VigieExtractor

/// The names of dispatches and events: swift-crypto's SHA-256 as hex, checked against the
/// FIPS 180-2 vectors so a change of library or of the hex writing cannot go unnoticed (every
/// event id in every log depends on it).
struct ContentHashTests {
    @Test func knownVectors() {
        #expect(ContentHash.sha256Hex("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.sha256Hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(ContentHash.sha256Hex(two.utf8) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(
            ContentHash.sha256Hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func eventIDsAreStable() {
        // The id the hand-written SHA-256 of coder 0.2 gave this sentence: logs written before
        // the move to swift-crypto keep their ids.
        let records = Coding.extractor.extract(
            Dispatch(
                name: "s.txt", sha256: ContentHash.sha256Hex("x".utf8), published: nil,
                text: "Le 2 octobre, Emmanuel Macron s’est entretenu par téléphone avec Ilham Aliev."))
        #expect(records.map(\.id) == ["dc7efa737714285cefd0edd31de8ad0c"])
    }
}
