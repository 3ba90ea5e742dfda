import Glibc

// Bytes to valid UTF-8 bytes: byte-order marks, UTF-8, UTF-16, and GB18030 through glibc's iconv.
// UTF-8 is checked in place (no String is built: the text goes on as bytes).
// Every failure is a DecodeError with a reason a person can act on; nothing is ever decoded
// into replacement characters.

enum ByteDecoding {
    /// A charset named by a page's `<meta>`; only the families we can check against the bytes.
    enum DeclaredCharset: Equatable {
        case utf8, gb18030, big5
    }

    /// Decodes bytes that carry no byte-order mark. `declared` comes from an HTML `<meta>`.
    /// A declaration decides the order of attempts only; bytes that decode cleanly win over it.
    static func decodeUnmarked(_ bytes: [UInt8], declared: DeclaredCharset?) throws(DecodeError) -> ([UInt8], String) {
        if let nul = bytes.firstIndex(of: 0) {
            if let (text, name) = try decodeUTF16WithoutMark(bytes) { return (text, name) }
            throw DecodeError("not text: binary content (NUL byte at offset \(nul))")
        }
        if declared == .big5, !isValidUTF8(bytes), case .success(let utf8) = iconvToUTF8(bytes, from: "BIG5-HKSCS") {
            return (utf8, "big5")
        }
        // Valid UTF-8 wins even over a GB label: Chinese text in GB18030 is practically never
        // valid UTF-8, while mislabelled pages are common.
        if isValidUTF8(bytes) { return (bytes, "utf-8") }
        let utf8Error = firstInvalidUTF8(bytes)
        switch iconvToUTF8(bytes, from: "GB18030") {
        case .success(let utf8):
            if let reason = implausibleGB18030(utf8) { throw DecodeError("not text: invalid UTF-8, and as GB18030 \(reason)") }
            return (utf8, "gb18030")
        case .failure(.truncated(let offset)):
            throw DecodeError("not text: invalid UTF-8 (byte \(hex(bytes[utf8Error])) at offset \(utf8Error)) and truncated GB18030 sequence at end (offset \(offset))")
        case .failure(.illegal(let offset)):
            throw DecodeError("not text: invalid UTF-8 and not GB18030 (byte \(hex(bytes[offset])) at offset \(offset); first invalid UTF-8 byte \(hex(bytes[utf8Error])) at offset \(utf8Error))")
        case .failure(.unavailable):
            throw DecodeError("not text: invalid UTF-8 (byte \(hex(bytes[utf8Error])) at offset \(utf8Error)) and no GB18030 converter on this system")
        }
    }

    /// Almost any run of high bytes is well-formed GB18030, so a clean decode alone proves
    /// little. Real text seldom uses the private-use area (GB18030's user-defined rows);
    /// random bytes land there about one time in twelve.
    private static func implausibleGB18030(_ utf8: [UInt8]) -> String? {
        var nonASCII = 0, privateUse = 0
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if b < 0x80 { i += 1; continue }
            nonASCII += 1
            // U+E000...U+F8FF is EE 80 80 ... EF A3 BF.
            if b == 0xEE || (b == 0xEF && utf8[i + 1] <= 0xA3) { privateUse += 1 }
            i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        }
        guard privateUse >= 2, privateUse * 50 > nonASCII else { return nil }
        return "it would be \(privateUse) private-use characters in \(nonASCII): binary or another encoding"
    }

    /// True when `bytes` are well-formed UTF-8; checked where they lie, without a copy.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool { firstInvalidUTF8(bytes) == bytes.count }

    static func decodeUTF8(_ bytes: ArraySlice<UInt8>) throws(DecodeError) -> [UInt8] {
        let utf8 = Array(bytes)
        if isValidUTF8(utf8) { return utf8 }
        let bad = firstInvalidUTF8(Array(bytes))
        throw DecodeError("not text: invalid UTF-8 after a UTF-8 byte-order mark (byte \(hex(bytes[bytes.startIndex + bad])) at offset \(bad + 3))")
    }

    /// Decodes UTF-16 code units; `offset` is where `bytes` starts in the file, for messages.
    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, offset: Int) throws(DecodeError) -> [UInt8] {
        if bytes.count % 2 != 0 {
            throw DecodeError("not text: truncated UTF-16 (odd number of bytes, \(bytes.count + offset))")
        }
        var units = [UInt16]()
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        if let text = String(validating: units, as: UTF16.self) { return Array(text.utf8) }
        let bad = firstUnpairedSurrogate(units)
        throw DecodeError("not text: invalid UTF-16 (unpaired surrogate \(hex16(units[bad])) at offset \(offset + 2 * bad))")
    }

    /// UTF-16 without a mark is recognised by its NUL bytes: ASCII characters (line ends,
    /// digits, punctuation) put a zero in the high byte, so zeros pile up on one parity.
    private static func decodeUTF16WithoutMark(_ bytes: [UInt8]) throws(DecodeError) -> ([UInt8], String)? {
        var zerosEven = 0, zerosOdd = 0
        for i in bytes.indices where bytes[i] == 0 {
            if i & 1 == 0 { zerosEven += 1 } else { zerosOdd += 1 }
        }
        let bigEndian: Bool
        if zerosOdd >= 4 * zerosEven { bigEndian = false }
        else if zerosEven >= 4 * zerosOdd { bigEndian = true }
        else { return nil }
        guard let text = try? decodeUTF16(bytes[...], bigEndian: bigEndian, offset: 0),
              !text.contains(0) else { return nil }
        return (text, bigEndian ? "utf-16be" : "utf-16le")
    }

    enum IconvFailure: Error {
        case illegal(Int), truncated(Int), unavailable
    }

    /// Converts `bytes` from `charset` to UTF-8 with glibc iconv (a pure conversion, no state kept).
    static func iconvToUTF8(_ bytes: [UInt8], from charset: String) -> Result<[UInt8], IconvFailure> {
        let cd = iconv_open("UTF-8", charset)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return .failure(.unavailable) }
        defer { iconv_close(cd) }
        return bytes.withByteView { $0.converted(by: cd) }
    }

    /// Where well-formed UTF-8 ends (`count` when it all is), by the table of well-formed byte
    /// sequences (Unicode 3.9). Written out rather than the standard library's validator for the
    /// two cases that make up a report: eight ASCII bytes, or one three-byte sequence, in one test.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        bytes.withByteView { utf8 in
            let n = utf8.count
            var i = 0
            while i < n {
                if i + 8 <= n {
                    let word = utf8.word64(at: i)
                    if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                    // A three-byte sequence, most of Chinese text, in one test: 1110xxxx 10xxxxxx
                    // 10xxxxxx, and neither an overlong E0 80...9F nor a surrogate ED A0...BF.
                    if word & 0xC0C0F0 == 0x8080E0 {
                        let lead = word & 0x0F, second = word >> 8 & 0xFF
                        if (lead != 0x0 || second >= 0xA0) && (lead != 0xD || second <= 0x9F) { i += 3; continue }
                    }
                }
                let b = utf8[i]
                if b < 0x80 { i += 1; continue }
                let length: Int, low: UInt8, high: UInt8
                switch b {
                case 0xE1...0xEC, 0xEE, 0xEF: length = 3; low = 0x80; high = 0xBF
                case 0xC2...0xDF: length = 2; low = 0x80; high = 0xBF
                case 0xE0: length = 3; low = 0xA0; high = 0xBF
                case 0xED: length = 3; low = 0x80; high = 0x9F
                case 0xF0: length = 4; low = 0x90; high = 0xBF
                case 0xF4: length = 4; low = 0x80; high = 0x8F
                case 0xF1...0xF3: length = 4; low = 0x80; high = 0xBF
                default: return i
                }
                guard i + length <= n else { return i }
                let second = utf8[i + 1]
                guard second >= low, second <= high else { return i }
                if length > 2 {
                    guard utf8[i + 2] & 0xC0 == 0x80 else { return i }
                    if length > 3 { guard utf8[i + 3] & 0xC0 == 0x80 else { return i } }
                }
                i += length
            }
            return n
        }
    }

    private static func firstUnpairedSurrogate(_ units: [UInt16]) -> Int {
        var i = 0
        while i < units.count {
            let u = units[i]
            if u >= 0xD800 && u <= 0xDBFF {
                guard i + 1 < units.count, units[i + 1] >= 0xDC00, units[i + 1] <= 0xDFFF else { return i }
                i += 2
            } else if u >= 0xDC00 && u <= 0xDFFF {
                return i
            } else {
                i += 1
            }
        }
        return units.count
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }

    private static func hex16(_ unit: UInt16) -> String {
        hex(UInt8(unit >> 8)) + String(hex(UInt8(unit & 0xFF)).dropFirst(2))
    }
}
