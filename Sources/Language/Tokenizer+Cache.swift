import Foundation
import Synchronization

/// spaCy's tokenizer cache: the tokens of chunks already tokenized, by the chunk's text, shared
/// by every copy of the tokenizer and every thread.
///
/// Bounded as spaCy's: at most `capacity` chunks (spaCy's `max_cache_size`, 10,000), after which
/// nothing more is added; chunks longer than `maxChunkBytes` are not kept (they rarely recur),
/// so the memory stays under about capacity × (maxChunkBytes + a few pieces).
final class ChunkCache: Sendable {
    /// A token of a cached chunk: byte offsets relative to the chunk, and its norm.
    private struct Piece {
        var start: Int32
        var end: Int32
        var norm: Int32
    }

    private struct Storage {
        var slots: [Int32]
        var hashes: [UInt64] = []
        var keyOffsets: [Int] = []
        var keyLengths: [Int] = []
        var keys: [UInt8] = []
        var pieceOffsets: [Int] = []
        var pieceCounts: [Int] = []
        var pieces: [Piece] = []

        func find(_ base: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> Int? {
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let index = Int(slots[slot])
                if index < 0 { return nil }
                if hashes[index] == hash && keyLengths[index] == count {
                    let same = keys.withUnsafeBufferPointer {
                        memcmp($0.baseAddress! + keyOffsets[index], base, count) == 0
                    }
                    if same { return index }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private let storage: Mutex<Storage>
    /// At most this many chunks.
    let capacity: Int
    /// Longer chunks are not cached.
    let maxChunkBytes: Int

    init(capacity: Int, maxChunkBytes: Int = 128) {
        var slots = 8
        while slots < capacity * 2 { slots *= 2 }
        self.capacity = capacity
        self.maxChunkBytes = maxChunkBytes
        storage = Mutex(Storage(slots: Array(repeating: -1, count: slots)))
    }

    /// Appends the cached tokens of the chunk at `base` (`count` bytes, starting at byte `start`
    /// of the text) and returns true, or returns false when it is not cached.
    func append(_ base: UnsafePointer<UInt8>, _ count: Int, hash: UInt64, at start: Int, to tokens: inout [TokenPiece])
        -> Bool
    {
        guard count <= maxChunkBytes, capacity > 0 else { return false }
        return storage.withLock { storage in
            guard let index = storage.find(base, count, hash: hash) else { return false }
            let first = storage.pieceOffsets[index]
            for piece in storage.pieces[first..<(first + storage.pieceCounts[index])] {
                tokens.append(
                    TokenPiece(
                        start: start + Int(piece.start), end: start + Int(piece.end), norm: piece.norm, space: false))
            }
            return true
        }
    }

    /// Keeps `tokens` (from byte `start` of the text) as the tokenization of the chunk at `base`.
    func insert(_ base: UnsafePointer<UInt8>, _ count: Int, hash: UInt64, at start: Int, tokens: ArraySlice<TokenPiece>)
    {
        guard count <= maxChunkBytes, !tokens.isEmpty else { return }
        storage.withLock { storage in
            guard storage.hashes.count < capacity, storage.find(base, count, hash: hash) == nil else { return }
            let index = storage.hashes.count
            storage.hashes.append(hash)
            storage.keyOffsets.append(storage.keys.count)
            storage.keyLengths.append(count)
            storage.keys.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
            storage.pieceOffsets.append(storage.pieces.count)
            storage.pieceCounts.append(tokens.count)
            for token in tokens {
                storage.pieces.append(
                    Piece(start: Int32(token.start - start), end: Int32(token.end - start), norm: token.norm))
            }
            let mask = storage.slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while storage.slots[slot] >= 0 { slot = (slot + 1) & mask }
            storage.slots[slot] = Int32(index)
        }
    }
}
