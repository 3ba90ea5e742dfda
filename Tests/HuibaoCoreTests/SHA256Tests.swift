import Foundation
import Testing
@testable import HuibaoCore

@Suite struct SHA256Tests {
    /// The digest as hex, by the portable rounds or by whatever this CPU offers (the extensions
    /// when it has them), fed in one piece or in the chunk lengths given (cycled).
    static func hex(_ data: [UInt8], portable: Bool, chunks: [Int] = []) -> String {
        var hasher = SHA256(portable: portable)
        if chunks.isEmpty {
            hasher.update(data)
        } else {
            var i = 0, k = 0
            while i < data.count {
                let end = min(i + chunks[k % chunks.count], data.count)
                hasher.update(data[i..<end])
                i = end
                k += 1
            }
        }
        return hasher.finish().map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
    }

    // FIPS 180-4 / NIST CAVS example vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ], [false, true])
    func knownVectors(vector: (input: String, digest: String), portable: Bool) {
        #expect(Self.hex(Array(vector.input.utf8), portable: portable) == vector.digest)
        if !portable { #expect(SHA256.hex(Array(vector.input.utf8)) == vector.digest) }
    }

    @Test(arguments: [false, true])
    func millionAs(portable: Bool) {
        #expect(Self.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), portable: portable)
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [false, true])
    func incrementalMatchesOneShot(portable: Bool) {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(Self.hex(data, portable: portable, chunks: [63]) == Self.hex(data, portable: portable))
        #expect(Self.hex(data, portable: portable) == SHA256.hex(data))
    }

    /// The two paths agree on random bytes of every awkward length (the padding's edges at
    /// 55/56 and 119/120, the block's at 63/64/65 and 128), whole and in uneven chunks that
    /// leave `pending` partly full across calls.
    @Test func acceleratedMatchesPortable() {
        var rng = SHA256TestRandom(state: 0x5EED_5A25_6000_0001)
        var lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 121, 127, 128, 129, 191, 192, 3000]
        for _ in 0..<120 { lengths.append(Int(rng.next() % 3001)) }
        let chunkings: [[Int]] = [[], [1], [7, 64, 3], [63, 65], [128, 1, 200], [13, 57, 129, 0, 64]]
        for n in lengths {
            let data = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let reference = Self.hex(data, portable: true)
            let random = (0..<5).map { _ in 1 + Int(rng.next() % 150) }
            for chunks in chunkings + [random] {
                #expect(Self.hex(data, portable: false, chunks: chunks) == reference, "length \(n), chunks \(chunks)")
                #expect(Self.hex(data, portable: true, chunks: chunks) == reference, "length \(n), chunks \(chunks)")
            }
        }
    }

    /// cpuid as read by CSHA256 agrees with the kernel's flags (no flags line, as off x86: no).
    @Test func detectionAgreesWithCPUInfo() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }
            .map { Set($0.split(separator: ":", maxSplits: 1).last.map { $0.split(separator: " ").map(String.init) } ?? []) }
            ?? []
        let expected = flags.contains("sha_ni") && flags.contains("sse4_1") && flags.contains("ssse3")
        #expect(SHA256.accelerated == expected, "cpuinfo flags sha_ni/sse4_1/ssse3: \(expected)")
    }
}

/// SplitMix64: the same bytes on every run.
private struct SHA256TestRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
