// From the bytes of a file to the normalised text the parser reads: find the encoding
// (byte-order mark, UTF-16 by its NUL pattern, UTF-8, else GB18030), turn an HTML page into
// text, then normalise. Everything works on bytes; no step looks back, so the whole is linear.

public struct DecodedText: Sendable, Equatable {
    /// The normalised plain text the parser reads, as UTF-8 (always valid).
    public var utf8: [UInt8]
    /// The same text as a String (built on each call; the parser reads `utf8`).
    public var text: String { String(decoding: utf8, as: UTF8.self) }
    /// The encoding found: "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030" (or "big5"
    /// when a page declares it and its bytes are not UTF-8).
    public var encoding: String
    /// "text" or "html".
    public var format: String

    public init(text: String, encoding: String, format: String) {
        self.utf8 = Array(text.utf8)
        self.encoding = encoding
        self.format = format
    }

    init(utf8: [UInt8], encoding: String, format: String) {
        self.utf8 = utf8
        self.encoding = encoding
        self.format = format
    }
}

public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

public enum ReportText {
    /// Decodes and normalises one file. Throws when the bytes are empty, binary, or not
    /// text in any encoding we read; never returns replacement characters for bad bytes.
    public static func decode(bytes: [UInt8], fileName: String) throws(DecodeError) -> DecodedText {
        guard !bytes.isEmpty else { throw DecodeError("empty file") }
        let (raw, encoding, isHTML) = try decodeBytes(bytes, fileName: fileName)
        if let reason = raw.withByteView(binaryContent) { throw DecodeError("not text: binary content (\(reason))") }
        let text = raw.withByteView { utf8 in
            guard isHTML else { return TextNormalizer.normalize(utf8) }
            let page = HTMLText.text(of: utf8)
            let body = page.body.withByteView(TextNormalizer.normalize)
            return withTitle(page.title, before: body)
        }
        guard !text.isEmpty else { throw DecodeError("no text: the file holds only whitespace or markup") }
        return DecodedText(utf8: text, encoding: encoding, format: isHTML ? "html" : "text")
    }

    /// The file's text as valid UTF-8, the encoding found, and whether it is an HTML page.
    private static func decodeBytes(_ bytes: [UInt8], fileName: String) throws(DecodeError) -> ([UInt8], String, Bool) {
        let marked: ([UInt8], String)?
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            marked = (try ByteDecoding.decodeUTF8(bytes[3...]), "utf-8-bom")
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            marked = (try ByteDecoding.decodeUTF16(bytes[2...], bigEndian: false, offset: 2), "utf-16le")
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            marked = (try ByteDecoding.decodeUTF16(bytes[2...], bigEndian: true, offset: 2), "utf-16be")
        } else {
            marked = nil
        }
        if case (let text, let encoding)? = marked {
            // A byte-order mark outranks any <meta charset>.
            let isHTML = text.withByteView { HTMLText.looksLikeHTML($0, fileName: fileName) }
            return (text, encoding, isHTML)
        }
        let (isHTML, declared) = bytes.withByteView { buffer in
            let isHTML = HTMLText.looksLikeHTML(buffer, fileName: fileName)
            return (isHTML, isHTML ? HTMLText.declaredCharset(buffer) : nil)
        }
        let (text, encoding) = try ByteDecoding.decodeUnmarked(bytes, declared: declared)
        return (text, encoding, isHTML)
    }

    /// Why decoded text is binary: a NUL character, or control characters beyond one in eight.
    private static func binaryContent(_ utf8: ByteView) -> String? {
        var controls = 0, characters = 0
        /// One byte by the rule; false when it is a NUL.
        @inline(__always) func count(_ b: UInt8) -> Bool {
            if b & 0xC0 != 0x80 { characters += 1 }
            guard b < 0x20 || b == 0x7F else { return true }
            if b == 0 { return false }
            if b != 0x0A && b != 0x0D && b != 0x09 && b != 0x0C && b != 0x0B { controls += 1 }
            return true
        }
        let n = utf8.count
        var i = 0
        // Eight bytes at a time: a word without a byte below 0x20 or a 0x7F (most words of a
        // text) holds as many characters as it has bytes that are no continuation byte (10xxxxxx).
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let x = utf8.word64(at: i)
            let y = x ^ (ones &* 0x7F)
            if (x &- ones &* 0x20) & ~x & highs == 0, (y &- ones) & ~y & highs == 0 {
                characters += 8 - (x & ~(x << 1) & highs).nonzeroBitCount
            } else {
                for k in i..<(i + 8) where !count(utf8[k]) { return "NUL character after \(characters - 1) characters" }
            }
            i += 8
        }
        for k in i..<n where !count(utf8[k]) { return "NUL character after \(characters - 1) characters" }
        return controls * 8 > characters ? "\(controls) control characters in \(characters)" : nil
    }

    /// A page's <title> is usually "report title - site name". Its first part goes in front
    /// of the text only when the body does not already carry it near its top.
    private static func withTitle(_ title: [UInt8], before body: [UInt8]) -> [UInt8] {
        var line = title.withByteView(TextNormalizer.normalize)
        if let newline = line.firstIndex(of: 0x0A) { line.removeSubrange(newline...) }
        let separators: [[UInt8]] = [" - ", "_", "|", "｜", "——", " — ", " – ", "－"].map { Array($0.utf8) }
        var end = line.count
        for separator in separators {
            if let at = firstIndex(of: separator, in: line[...], limit: line.count), at < end { end = at }
        }
        line.removeSubrange(end...)
        // A title a CMS cut short ("…", "...") is looked for by what is left of it.
        while let last = line.last, last == 0x20 || last == UInt8(ascii: ".") { line.removeLast() }
        if line.count >= 3, line[(line.count - 3)...].elementsEqual("…".utf8) { line.removeLast(3) }
        while line.last == 0x20 { line.removeLast() }
        let characters = line.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        // The body's own title line is in its first lines; searching further adds cost, not recall.
        guard characters >= 4, firstIndex(of: line, in: body[...], limit: 64 * 1024) == nil else { return body }
        return line + [0x0A] + body
    }

    private static func firstIndex(of pattern: [UInt8], in text: ArraySlice<UInt8>, limit: Int) -> Int? {
        let end = min(text.endIndex, text.startIndex + limit) - pattern.count
        guard !pattern.isEmpty, end >= text.startIndex else { return nil }
        for i in text.startIndex...end where text[i] == pattern[0] && text[i..<(i + pattern.count)].elementsEqual(pattern) {
            return i
        }
        return nil
    }
}
