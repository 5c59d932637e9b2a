/// SHA-256 (FIPS 180-4), enough to name dispatches and events by their content.
public struct SHA256Hasher: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
        0x5be0_cd19
    )
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() { buffer.reserveCapacity(64) }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
        0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
        0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
        0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
        0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
        0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
        0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
        0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
        0xc671_78f2,
    ]

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: $0) }
        if done != nil { return }
        for b in bytes {
            buffer.append(b)
            length &+= 1
            if buffer.count == 64 {
                compress()
                buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Whole blocks are compressed straight from `bytes`; only the tail is buffered.
    private mutating func update(buffer bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var i = 0
        let n = bytes.count
        length &+= UInt64(n)
        if !buffer.isEmpty {
            while i < n && buffer.count < 64 {
                buffer.append(base[i])
                i += 1
            }
            if buffer.count < 64 { return }
            compress()
            buffer.removeAll(keepingCapacity: true)
        }
        while n - i >= 64 {
            compress(base + i)
            i += 64
        }
        while i < n {
            buffer.append(base[i])
            i += 1
        }
    }

    private mutating func compress() {
        buffer.withUnsafeBufferPointer { compress($0.baseAddress!) }
    }

    /// One round: `d` takes `d + t1` (the next `e`), `h` takes `t1 + t2` (the next `a`).
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
        _ h: inout UInt32, _ kw: UInt32
    ) {
        let s1 = e.rotr(6) ^ e.rotr(11) ^ e.rotr(25)
        let ch = (e & f) ^ (~e & g)
        let t1 = h &+ s1 &+ ch &+ kw
        let s0 = a.rotr(2) ^ a.rotr(13) ^ a.rotr(22)
        let maj = (a & b) ^ (a & c) ^ (b & c)
        d = d &+ t1
        h = t1 &+ s0 &+ maj
    }

    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] =
                    UInt32(block[i * 4]) << 24 | UInt32(block[i * 4 + 1]) << 16
                    | UInt32(block[i * 4 + 2]) << 8 | UInt32(block[i * 4 + 3])
            }
            for i in 16..<64 {
                let s0 = w[i - 15].rotr(7) ^ w[i - 15].rotr(18) ^ (w[i - 15] >> 3)
                let s1 = w[i - 2].rotr(17) ^ w[i - 2].rotr(19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            // Eight rounds per turn with the roles of the variables rotated, instead of moving all
            // eight values every round.
            SHA256Hasher.k.withUnsafeBufferPointer { k in
                var i = 0
                while i < 64 {
                    SHA256Hasher.round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                    SHA256Hasher.round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                    SHA256Hasher.round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                    SHA256Hasher.round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                    SHA256Hasher.round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                    SHA256Hasher.round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                    SHA256Hasher.round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                    SHA256Hasher.round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
                    i += 8
                }
            }
            state = (
                state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f,
                state.6 &+ g, state.7 &+ h
            )
        }
    }

    /// The 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        let bitLength = length &* 8
        buffer.append(0x80)
        if buffer.count > 56 {
            while buffer.count < 64 { buffer.append(0) }
            compress()
            buffer.removeAll(keepingCapacity: true)
        }
        while buffer.count < 56 { buffer.append(0) }
        for i in (0..<8).reversed() { buffer.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        compress()
        var out: [UInt8] = []
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            out.append(contentsOf: [
                UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16),
                UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word),
            ])
        }
        return out
    }

    /// Hex digest of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var h = SHA256Hasher()
        h.update(bytes)
        return hexString(h.finalize())
    }

    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension UInt32 {
    // Masking shifts: one rotate instruction, not the checked shifts of `>>` and `<<`.
    @inline(__always) fileprivate func rotr(_ n: UInt32) -> UInt32 { (self &>> n) | (self &<< (32 &- n)) }
}
