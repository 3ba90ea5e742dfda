import Testing
@testable import HuibaoCore

/// The binary-content check counts eight bytes at a time; its verdict and its counts must be
/// those of the byte-by-byte rule wherever the control characters fall.
@Suite struct TextBinaryContentTests {
    @Test func controlCountsMatchTheByteRuleAtEveryPosition() {
        let scalars = Array("街道2023年工作总结abc\n一、概况，全年".unicodeScalars)
        let controlRun: [Unicode.Scalar] = ["\u{01}", "\u{7F}", "\u{1B}", "\u{02}", "\u{7F}", "\u{03}"]
        for position in 0...scalars.count {
            for runLength in 1...controlRun.count {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[..<position])
                text.append(contentsOf: controlRun[..<runLength])
                text.append(contentsOf: scalars[position...])
                let bytes = Array(String(text).utf8)
                // The plain rule: every scalar is a character; the run holds the only controls.
                let characters = scalars.count + runLength
                let expected = runLength * 8 > characters
                    ? "not text: binary content (\(runLength) control characters in \(characters))" : nil
                #expect(rejection(bytes) == expected, "\(runLength) controls at \(position)")
            }
        }
    }
}
