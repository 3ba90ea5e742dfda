// SHA-256 (FIPS 180-4), written here because the design allows no package for it.
// The identity of a report is the SHA-256 of its bytes.
//
// Whole blocks go to the x86 SHA extensions (CSHA256) when the CPU has them, else to the
// portable rounds below; both give the same digest, and the tests run both.

import CSHA256

public struct SHA256: Sendable {
    /// Whether this CPU compresses with the SHA extensions; cpuid is asked once per process.
    static let accelerated: Bool = huibao_sha256_accelerated() != 0

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    private var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0
    /// The extensions when the CPU has them, unless a test asked for the portable rounds.
    private let useAccelerated: Bool

    public init() { self.init(portable: false) }

    /// `portable: true` keeps to the Swift rounds even on a CPU with the extensions: for tests.
    init(portable: Bool) {
        useAccelerated = !portable && SHA256.accelerated
        pending.reserveCapacity(64)
    }

    public mutating func update<C: Collection>(_ data: C) where C.Element == UInt8 {
        length &+= UInt64(data.count)
        data.withByteView { absorb($0) }
    }

    /// Whole blocks straight from the caller's bytes; only a tail waits in `pending`.
    private mutating func absorb(_ bytes: ByteView) {
        var i = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            bytes.append(0..<take, to: &pending)
            i = take
            guard pending.count == 64 else { return }
            pending.withByteView { compress($0, at: 0, blocks: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - i) / 64
        if whole > 0 {
            compress(bytes, at: i, blocks: whole)
            i += whole * 64
        }
        bytes.append(i..<bytes.count, to: &pending)
    }

    /// The `blocks` 64-byte blocks from `offset` of `bytes`: in one call to the extensions
    /// (the state stays in registers across blocks), or block by block in Swift.
    private mutating func compress(_ bytes: ByteView, at offset: Int, blocks: Int) {
        if useAccelerated {
            bytes.withUnsafeStart(of: offset..<(offset + blocks * 64)) { data in
                // Unsafe because C writes through the pointer: exactly the 8 state words.
                h.withUnsafeMutableBufferPointer { state in
                    huibao_sha256_blocks(state.baseAddress.unsafelyUnwrapped, data, blocks)
                }
            }
        } else {
            for b in 0..<blocks { compress(bytes, at: offset + b * 64) }
        }
    }

    public mutating func finish() -> [UInt8] {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        let saved = length
        update(tail)
        length = saved
        var out: [UInt8] = []
        for word in h { for i in (0..<4).reversed() { out.append(UInt8(truncatingIfNeeded: word >> (UInt32(i) * 8))) } }
        return out
    }

    public static func hex<C: Collection>(_ data: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data)
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in hasher.finish() { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 64-byte block at `offset` of `bytes`.
    private mutating func compress(_ bytes: ByteView, at offset: Int) {
        // Unsafe for speed, bounded by the algorithm: the schedule (64 words, on the stack: no
        // allocation per block), the 8 state words and the 64 constants are read and written
        // at fixed indices below those counts only. Wrapping shifts: no overshift tests.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            let w = schedule.baseAddress.unsafelyUnwrapped
            bytes.loadBigEndianWords32(at: offset, 16, into: w)
            for i in 16..<64 {
                let x = w[i &- 15], y = w[i &- 2]
                let s0 = x.rotr(7) ^ x.rotr(18) ^ (x &>> 3)
                let s1 = y.rotr(17) ^ y.rotr(19) ^ (y &>> 10)
                w[i] = w[i &- 16] &+ s0 &+ w[i &- 7] &+ s1
            }
            h.withUnsafeMutableBufferPointer { state in
                let h = state.baseAddress.unsafelyUnwrapped
                var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
                // Eight rounds per turn, each naming the eight words in their rotated roles,
                // so no round spends moves shifting the words along.
                SHA256.k.withUnsafeBufferPointer { constants in
                    let k = constants.baseAddress.unsafelyUnwrapped
                    for i in stride(from: 0, to: 64, by: 8) {
                        SHA256.round(a, b, c, &d, e, f, g, &hh, k[i] &+ w[i])
                        SHA256.round(hh, a, b, &c, d, e, f, &g, k[i &+ 1] &+ w[i &+ 1])
                        SHA256.round(g, hh, a, &b, c, d, e, &f, k[i &+ 2] &+ w[i &+ 2])
                        SHA256.round(f, g, hh, &a, b, c, d, &e, k[i &+ 3] &+ w[i &+ 3])
                        SHA256.round(e, f, g, &hh, a, b, c, &d, k[i &+ 4] &+ w[i &+ 4])
                        SHA256.round(d, e, f, &g, hh, a, b, &c, k[i &+ 5] &+ w[i &+ 5])
                        SHA256.round(c, d, e, &f, g, hh, a, &b, k[i &+ 6] &+ w[i &+ 6])
                        SHA256.round(b, c, d, &e, f, g, hh, &a, k[i &+ 7] &+ w[i &+ 7])
                    }
                }
                h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d
                h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
            }
        }
    }
}

extension SHA256 {
    /// One round: `d` takes e's next value and `h` a's; the caller rotates the roles.
    /// Ch and Maj in their three- and four-operation forms.
    @inline(__always)
    fileprivate static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                                  _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (e.rotr(6) ^ e.rotr(11) ^ e.rotr(25)) &+ (g ^ (e & (f ^ g))) &+ kw
        let t2 = (a.rotr(2) ^ a.rotr(13) ^ a.rotr(22)) &+ ((a & b) | (c & (a | b)))
        d &+= t1
        h = t1 &+ t2
    }
}

private extension UInt32 {
    @inline(__always)
    func rotr(_ n: UInt32) -> UInt32 { (self &>> n) | (self &<< (32 &- n)) }
}
