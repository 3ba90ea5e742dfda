import Testing
@testable import HuibaoCore

struct JSONEscapeTests {
    /// The word-at-a-time escape check agrees with the byte-by-byte rule for every byte value
    /// at every position of strings of several lengths.
    @Test func needsEscapeMatchesBytewiseRule() {
        func naive(_ b: [UInt8]) -> Bool { b.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F } }
        let fill: [UInt8] = Array("政府工作报告abc".utf8)
        for length in [1, 7, 8, 9, 16, 17, 31] {
            for position in 0..<length {
                for value in 0...255 {
                    var bytes = (0..<length).map { fill[$0 % fill.count] }
                    bytes[position] = UInt8(value)
                    let got = bytes.withByteView { JSONWriter.needsEscape($0) }
                    #expect(got == naive(bytes))
                    if got != naive(bytes) { return }
                }
            }
        }
    }
}
