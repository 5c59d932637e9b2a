import Foundation
import Testing
import VigieExtractor
import VigieProtocol

/// A small deterministic generator (SplitMix64), so every fuzz run can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations in the style of coverage-less fuzzers: flips, splices, truncations, inserted
/// tokens that parsers care about.
enum Mutator {
    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "1e400", "\\u0000", "\\ud800", "\n",
        "\u{FEFF}", "’", "«", "»", " date ", "2020-10", "\r\n", "\u{0}", "op", "since", "filter", "now",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !bytes.isEmpty:
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1 where !bytes.isEmpty:
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] = UInt8.random(in: 0...255, using: &rng)
            case 2:
                let i = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: i)
            case 3 where !bytes.isEmpty:
                bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
            case 4 where bytes.count > 2:
                let a = Int.random(in: 0..<bytes.count, using: &rng)
                let b = Int.random(in: a..<bytes.count, using: &rng)
                bytes.insert(contentsOf: bytes[a..<b], at: Int.random(in: 0...bytes.count, using: &rng))
            case 5 where bytes.count > 1:
                let a = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.remove(at: a)
            default:
                bytes.append(
                    contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in
                        UInt8.random(in: 0...255, using: &rng)
                    })
            }
        }
        return bytes
    }
}

/// The iteration budget: `VIGIE_FUZZ_ITERATIONS` (CI keeps the default; a long local run sets more).
let fuzzIterations = ProcessInfo.processInfo.environment["VIGIE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 20_000
let fuzzSeed = ProcessInfo.processInfo.environment["VIGIE_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED_F00D

@Suite("Fuzzing untrusted input")
struct FuzzTests {
    static let requestCorpus: [[UInt8]] = [
        #"{"op":"ping"}"#, #"{"op":"status"}"#, #"{"op":"subscribe","since":0}"#,
        #"{"op":"subscribe","since":"now","filter":{"types":["ASSAULT"],"countries":["ARM"],"min_confidence":0.5}}"#,
        #"{"op":"subscribe","since":12,"filter":{"modes":["phone"],"orgs":["UN"],"actor":"Aliev"}}"#,
    ].map { Array($0.utf8) }

    /// Every line the protocol parser gets either parses or fails with a stable code: it never crashes or hangs.
    @Test func clientLineParserNeverCrashes() {
        var rng = SeededGenerator(seed: fuzzSeed)
        var parsed = 0
        var refused: [ProtocolError.Code: Int] = [:]
        for _ in 0..<fuzzIterations {
            let line = Mutator.mutate(Self.requestCorpus.randomElement(using: &rng)!, using: &rng)
            do {
                let request = try LineCodec.decodeClientRequest(line)
                // What parses must encode and parse again to the same request.
                let again = try LineCodec.decodeClientRequest(LineCodec.encodeLine(request).dropLast())
                #expect(again == request, "re-encoding changed \(String(decoding: line, as: UTF8.self))")
                parsed += 1
            } catch {
                refused[error.code, default: 0] += 1
                #expect(!error.message.isEmpty)
            }
        }
        // The mutations must exercise both outcomes, or the test proves nothing.
        #expect(parsed > fuzzIterations / 50)
        #expect(refused.count >= 3)
    }

    static func dispatchCorpus() -> [[UInt8]] {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../seeds").standardized
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seeds.path))?.sorted() ?? []
        return names.compactMap { try? [UInt8](Data(contentsOf: seeds.appendingPathComponent($0))) }
    }

    /// Mutated dispatches are either refused with a reason or extracted into records whose
    /// evidence offsets point inside the text and whose JSON round-trips.
    @Test func dispatchReaderAndExtractorNeverCrash() throws {
        let corpus = Self.dispatchCorpus()
        try #require(corpus.count >= 5, "the seeds are the fuzz corpus")
        let reader = DispatchReader()
        let extractor = try loadFuzzExtractor()
        var rng = SeededGenerator(seed: fuzzSeed ^ 0xD15)
        var accepted = 0
        var refused = 0
        let rounds = max(200, fuzzIterations / 40)
        for _ in 0..<rounds {
            var bytes = corpus.randomElement(using: &rng)!
            // Fewer mutations on big files would leave most of the text intact; scale them.
            for _ in 0..<Int.random(in: 1...6, using: &rng) { bytes = Mutator.mutate(bytes, using: &rng) }
            let dispatch: Dispatch
            do {
                dispatch = try reader.decode(name: "fuzz.txt", bytes: bytes)
            } catch {
                refused += 1
                #expect(!error.message.isEmpty)
                continue
            }
            accepted += 1
            let textLength = dispatch.text.utf8.count
            for record in extractor.extract(dispatch) {
                #expect(record.evidence.start >= 0 && record.evidence.start <= record.evidence.end)
                #expect(record.evidence.end <= textLength)
                #expect(try LineCodec.decodeRecord(LineCodec.encode(record)) == record)
            }
        }
        #expect(accepted > rounds / 4)
        #expect(refused > 0)
    }
}
