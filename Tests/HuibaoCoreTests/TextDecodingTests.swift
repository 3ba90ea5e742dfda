import Glibc
import Testing
@testable import HuibaoCore

/// Encodes UTF-8 text into another charset with glibc iconv, for building test inputs.
func encodeForTest(_ text: String, to charset: String) -> [UInt8] {
    let cd = iconv_open(charset, "UTF-8")!
    precondition(cd != iconv_t(bitPattern: -1), "iconv cannot encode \(charset)")
    defer { iconv_close(cd) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
    let outCount = output.count
    var outLeft = outCount
    input.withUnsafeMutableBytes { inRaw in
        output.withUnsafeMutableBytes { outRaw in
            var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = inRaw.count
            let status = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            precondition(status != -1 && inLeft == 0, "iconv failed to encode to \(charset)")
        }
    }
    return Array(output[0..<(outCount - outLeft)])
}

func decodeText(_ bytes: [UInt8], _ fileName: String = "report.txt") throws -> DecodedText {
    try ReportText.decode(bytes: bytes, fileName: fileName)
}

func rejection(_ bytes: [UInt8], _ fileName: String = "report.txt") -> String? {
    do {
        _ = try ReportText.decode(bytes: bytes, fileName: fileName)
        return nil
    } catch {
        return error.reason
    }
}

@Suite struct TextDecodingTests {
    let sample = "坪山区马峦街道2022年工作总结\n一、主要指标\n地区生产总值69.69亿元,增长5.7%。\n"

    @Test func encoderRoundTripsKnownBytes() throws {
        #expect(encodeForTest("中文", to: "GB18030") == [0xD6, 0xD0, 0xCE, 0xC4])
        #expect(encodeForTest("中文", to: "UTF-16LE") == [0x2D, 0x4E, 0x87, 0x65])
        #expect(try decodeText([0xD6, 0xD0, 0xCE, 0xC4]) == DecodedText(text: "中文\n", encoding: "gb18030", format: "text"))
        // A four-byte GB18030 sequence: U+00A5 ¥ is 81 30 84 36.
        #expect(encodeForTest("¥", to: "GB18030") == [0x81, 0x30, 0x84, 0x36])
        #expect(try decodeText([0x81, 0x30, 0x84, 0x36, 0xD6, 0xD0]).text == "¥中\n")
    }

    @Test func findsEachEncoding() throws {
        let utf8 = Array(sample.utf8)
        #expect(try decodeText(utf8).encoding == "utf-8")
        #expect(try decodeText([0xEF, 0xBB, 0xBF] + utf8).encoding == "utf-8-bom")
        #expect(try decodeText([0xFF, 0xFE] + encodeForTest(sample, to: "UTF-16LE")).encoding == "utf-16le")
        #expect(try decodeText([0xFE, 0xFF] + encodeForTest(sample, to: "UTF-16BE")).encoding == "utf-16be")
        #expect(try decodeText(encodeForTest(sample, to: "GB18030")).encoding == "gb18030")
        for bytes in [utf8, [0xEF, 0xBB, 0xBF] + utf8, [0xFF, 0xFE] + encodeForTest(sample, to: "UTF-16LE"),
                      [0xFE, 0xFF] + encodeForTest(sample, to: "UTF-16BE"), encodeForTest(sample, to: "GB18030")] {
            #expect(try decodeText(bytes).text == sample)
        }
    }

    /// UTF-16 without a byte-order mark is recognised by the NULs of its ASCII characters.
    @Test func detectsUTF16WithoutMarkByNULPattern() throws {
        let le = try decodeText(encodeForTest(sample, to: "UTF-16LE"))
        #expect(le.encoding == "utf-16le")
        #expect(le.text == sample)
        let be = try decodeText(encodeForTest(sample, to: "UTF-16BE"))
        #expect(be.encoding == "utf-16be")
        #expect(be.text == sample)
    }

    @Test func textWithoutCJKIsStillText() throws {
        #expect(try decodeText(Array("Annual report 2022\nGDP grew 5.7%.\n".utf8)).text == "Annual report 2022\nGDP grew 5.7%.\n")
    }

    @Test func rejectsEmptyAndWhitespaceOnly() {
        #expect(rejection([]) == "empty file")
        #expect(rejection(Array(" \n\u{3000}\r\n".utf8))?.hasPrefix("no text") == true)
    }

    @Test func rejectsBinary() {
        // PNG-like garbage with NULs on both parities.
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0]
        #expect(rejection(png)?.hasPrefix("not text: binary content (NUL byte at offset 8)") == true)
        // Valid UTF-8 but mostly control characters.
        let controls = (0..<400).map { UInt8($0 % 8 + 1) } + Array("abc".utf8)
        #expect(rejection(controls)?.hasPrefix("not text: binary content") == true)
        // A NUL character inside marked UTF-16.
        #expect(rejection([0xFF, 0xFE, 0x41, 0, 0, 0, 0x42, 0])?.contains("NUL character") == true)
    }

    @Test func rejectsInvalidUTF8ThatIsNotGB18030() {
        // 0x80 and 0xFF are never valid in GB18030.
        let bytes = Array("增长5.7%".utf8) + [0xFF, 0x41]
        let reason = rejection(bytes)
        #expect(reason == "not text: invalid UTF-8 and not GB18030 (byte 0xFF at offset 10; first invalid UTF-8 byte 0xFF at offset 10)")
        // C3 28 is neither: 0x28 cannot follow 0xC3 in UTF-8 nor in GB18030.
        #expect(rejection([0x41, 0xC3, 0x28, 0x80]) == "not text: invalid UTF-8 and not GB18030 (byte 0xC3 at offset 1; first invalid UTF-8 byte 0xC3 at offset 1)")
    }

    @Test func rejectsTruncatedGB18030() {
        let bytes = encodeForTest("街道工作总结", to: "GB18030") + [0xD6]
        let reason = rejection(bytes)
        #expect(reason?.contains("truncated GB18030 sequence at end (offset 12)") == true)
    }

    @Test func rejectsBrokenMarkedEncodings() {
        #expect(rejection([0xEF, 0xBB, 0xBF, 0x41, 0xD6, 0xD0])?.hasPrefix("not text: invalid UTF-8 after a UTF-8 byte-order mark (byte 0xD6 at offset 4)") == true)
        #expect(rejection([0xFF, 0xFE, 0x41, 0, 0x42])?.hasPrefix("not text: truncated UTF-16") == true)
        #expect(rejection([0xFF, 0xFE, 0x41, 0, 0x00, 0xD8, 0x41, 0]) == "not text: invalid UTF-16 (unpaired surrogate 0xD800 at offset 4)")
    }
}

@Suite struct TextGB18030PlausibilityTests {
    @Test func rejectsHighByteGarbageThatIsWellFormedGB18030() throws {
        // AAA1.. and F8A1.. are GB18030's user-defined rows: they decode, to private-use characters.
        let bytes: [UInt8] = [0xAA, 0xA1, 0xD6, 0xD0, 0xF8, 0xA1, 0xCE, 0xC4, 0xAB, 0xB2]
        #expect(rejection(bytes)?.hasPrefix("not text: invalid UTF-8, and as GB18030 it would be 3 private-use characters in 5") == true)
        // One stray user-defined character in a real text is tolerated.
        let text = encodeForTest(String(repeating: "街道工作总结,完成全年目标。", count: 10), to: "GB18030") + [0xAA, 0xA1]
        #expect(try decodeText(text).encoding == "gb18030")
    }

    /// The written-out validator against the standard library's, on every edge of the table of
    /// well-formed sequences and on random mixtures of valid text and broken bytes.
    @Test func validatorAgreesWithTheStandardLibrary() {
        func standard(_ bytes: [UInt8]) -> Int {
            var n = bytes.count
            while (try? UTF8Span(validating: Array(bytes[0..<n]).span)) == nil { n -= 1 }
            return n
        }
        var cases: [[UInt8]] = []
        let edges: [UInt8] = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                              0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        // Each edge alone, and amid ASCII (the validator reads eight bytes at a time where it can).
        let ascii = Array("abcdefgh".utf8)
        for a in edges {
            for b in edges {
                for tail: [UInt8] in [[0x80, 0x80], [0x80], []] {
                    cases.append([a, b] + tail)
                    cases.append([a, b] + tail + ascii)
                    cases.append(ascii + [a, b] + tail + ascii)
                }
            }
        }
        var rng = SystemRandomNumberGenerator()
        let text = Array("全年完成固定资产投资69.69亿元，同比增长5.7%。𠀀 é".utf8)
        for _ in 0..<1000 {
            var bytes = (0..<Int.random(in: 0...6, using: &rng)).flatMap { _ in text }
            if !bytes.isEmpty, Bool.random(using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0x80...0xFF, using: &rng)
            }
            if !bytes.isEmpty, Bool.random(using: &rng) { bytes.removeLast(Int.random(in: 0...min(3, bytes.count), using: &rng)) }
            cases.append(bytes)
        }
        for bytes in cases {
            let valid = (try? UTF8Span(validating: bytes.span)) != nil
            #expect(ByteDecoding.isValidUTF8(bytes) == valid, "\(bytes)")
            if !valid {
                // The first invalid offset is where the longest valid prefix stops.
                #expect(ByteDecoding.firstInvalidUTF8(bytes) == standard(bytes), "\(bytes)")
            }
        }
    }

    @Test func scalarsBecomeTheSameStringAsTheStandardLibrarysConversion() {
        let text = "街道2022年GDP增长5.7%，é ß 𠀀😀\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"
        let scalars = Array(text.unicodeScalars)
        for i in 0...scalars.count {
            for j in i...scalars.count {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[i..<j])
                #expect(Scalars.string(scalars[i..<j]) == String(view))
                #expect(Array(Scalars.string(scalars[i..<j]).utf8) == Array(String(view).utf8))
            }
        }
        let long = Array(String(repeating: "全年完成固定资产投资69.69亿元，", count: 500).unicodeScalars)
        #expect(Scalars.string(long[...]) == String(String.UnicodeScalarView(long)))
    }
}
