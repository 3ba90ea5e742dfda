// HTML pages as saved from a browser or scraper, to plain text with the block structure kept.
// One forward pass over the UTF-8 bytes with no element stack, so unclosed or deeply nested
// markup costs nothing extra; every search that can fail remembers that it failed, which keeps
// the pass linear even on pathological input.

enum HTMLText {
    /// True when the name says HTML, or the first bytes look like a page.
    static func looksLikeHTML(_ bytes: ByteView, fileName: String) -> Bool {
        let name = fileName.lowercased()
        if name.hasSuffix(".html") || name.hasSuffix(".htm") || name.hasSuffix(".xhtml") { return true }
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        if bytes.hasIgnoringCase("<!doctype html", at: i) || bytes.hasIgnoringCase("<html", at: i) {
            return true
        }
        // Otherwise a page-structure tag within the first few KiB. memchr finds each `<`: a
        // text file usually has none, and a loop byte by byte over 4 KiB of each file is not free.
        let end = min(bytes.count, i + 4096)
        while i < end, let found = bytes.firstIndex(of: UInt8(ascii: "<"), in: i..<end) {
            i = found
            if let (name, _) = tagName(bytes, at: i + 1), sniffTags.contains(name) { return true }
            i += 1
        }
        return false
    }

    /// The charset a `<meta charset=…>` or `<meta http-equiv … content="…charset=…">` declares,
    /// looked for in the first 8 KiB like a browser's prescan.
    static func declaredCharset(_ bytes: ByteView) -> ByteDecoding.DeclaredCharset? {
        let end = min(bytes.count, 8192)
        var i = 0
        while i < end {
            guard bytes[i] == UInt8(ascii: "<"), let (name, afterName) = tagName(bytes, at: i + 1), name == "meta" else {
                i += 1
                continue
            }
            var j = afterName
            while j < end, bytes[j] != UInt8(ascii: ">") {
                if bytes.hasIgnoringCase("charset", at: j) {
                    var k = j + 7
                    while k < end, isSpace(bytes[k]) { k += 1 }
                    if k < end, bytes[k] == UInt8(ascii: "=") {
                        k += 1
                        while k < end, isSpace(bytes[k]) || bytes[k] == UInt8(ascii: "\"") || bytes[k] == UInt8(ascii: "'") { k += 1 }
                        var label = ""
                        while k < end, isLabelByte(bytes[k]) {
                            label.unicodeScalars.append(Unicode.Scalar(lowercased(bytes[k])))
                            k += 1
                        }
                        return charsetFamily(label)
                    }
                }
                j += 1
            }
            i = j
        }
        return nil
    }

    static func charsetFamily(_ label: String) -> ByteDecoding.DeclaredCharset? {
        switch label {
        case "utf-8", "utf8": return .utf8
        case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn", "gb_2312-80", "csgb2312", "chinese":
            return .gb18030
        case "big5", "big5-hkscs", "x-x-big5", "cn-big5", "csbig5": return .big5
        // Latin labels and the rest are ignored: on Chinese pages they are nearly always wrong.
        default: return nil
        }
    }

    /// The text of a page: block elements end lines, table cells are spaced, `script`, `style`,
    /// `noscript`, `select` and comments are dropped, entities decoded. The `<title>` comes back
    /// separately so the caller can decide whether the body already carries it.
    static func text(of bytes: ByteView) -> (body: [UInt8], title: [UInt8]) {
        var writer = Writer()
        writer.body.reserveCapacity(bytes.count / 2)
        let n = bytes.count
        var i = 0
        var quotesReliable = true   // an unterminated quote inside a tag makes us stop honouring quotes
        var tagsCanClose = true     // no '>' is left after some point: every later '<' is text
        var preDepth = 0
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "<") && tagsCanClose {
                if bytes.has("<!--", at: i) {
                    i = commentEnd(bytes, from: i + 4).map { $0 + 3 } ?? n
                    continue
                }
                let next = i + 1 < n ? bytes[i + 1] : 0
                let isEnd = next == UInt8(ascii: "/")
                let nameInfo = tagName(bytes, at: isEnd ? i + 2 : i + 1)
                guard nameInfo != nil || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || isEnd else {
                    writer.text(b)
                    i += 1
                    continue
                }
                var close = tagEnd(bytes, from: i + 1, honourQuotes: quotesReliable)
                if close == nil && quotesReliable {
                    quotesReliable = false
                    close = tagEnd(bytes, from: i + 1, honourQuotes: false)
                }
                guard let close else {
                    tagsCanClose = false
                    continue
                }
                i = close + 1
                guard let (name, _) = nameInfo else { continue }
                if !isEnd, rawTextTags.contains(name) {
                    // Contents never reach the text; an unclosed one swallows the rest, as in a browser.
                    i = findEndTag(bytes, name, from: i) ?? n
                    continue
                }
                if !isEnd, name == "title" {
                    let end = findEndTag(bytes, name, from: i) ?? n
                    writer.title(bytes, from: i, to: end)
                    writer.lineBreak()
                    i = end
                    continue
                }
                if name == "br" {
                    writer.forcedLineBreak()
                } else if name == "td" || name == "th" {
                    writer.space()
                } else if blockTags.contains(name) {
                    if name == "pre" { preDepth = max(0, preDepth + (isEnd ? -1 : 1)) }
                    writer.lineBreak()
                }
                continue
            }
            if b == UInt8(ascii: "&") {
                if let (scalar, length) = entity(bytes, at: i) {
                    writer.text(scalar)
                    i += length
                } else {
                    writer.text(b)
                    i += 1
                }
                continue
            }
            if isSpace(b) {
                if preDepth > 0 {
                    if b == UInt8(ascii: "\n") { writer.forcedLineBreak() } else if b != UInt8(ascii: "\r") { writer.text(UInt8(ascii: " ")) }
                } else {
                    writer.whitespace(isLineBreak: b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r"))
                }
                i += 1
                continue
            }
            writer.text(b)
            i += 1
        }
        return (writer.body, writer.titleBytes)
    }

    /// The output side: source whitespace collapses to one space, and a source line break
    /// between two non-ASCII characters vanishes (Chinese text wrapped in the HTML source).
    private struct Writer {
        var body: [UInt8] = []
        var titleBytes: [UInt8] = []
        private var pendingSpace = false
        private var pendingSpaceHadLineBreak = false

        mutating func whitespace(isLineBreak: Bool) {
            pendingSpace = true
            if isLineBreak { pendingSpaceHadLineBreak = true }
        }

        mutating func space() {
            pendingSpace = true
            pendingSpaceHadLineBreak = false
        }

        mutating func text(_ byte: UInt8) {
            if pendingSpace {
                let joinsCJK = pendingSpaceHadLineBreak && byte >= 0x80 && (body.last ?? 0) >= 0x80
                if !joinsCJK, let last = body.last, last != UInt8(ascii: "\n"), last != UInt8(ascii: " ") {
                    body.append(UInt8(ascii: " "))
                }
                pendingSpace = false
                pendingSpaceHadLineBreak = false
            }
            body.append(byte)
        }

        mutating func text(_ scalar: Unicode.Scalar) {
            for byte in UTF8.encode(scalar)! { text(byte) }
        }

        mutating func lineBreak() {
            pendingSpace = false
            pendingSpaceHadLineBreak = false
            if let last = body.last, last != UInt8(ascii: "\n") { body.append(UInt8(ascii: "\n")) }
        }

        mutating func forcedLineBreak() {
            pendingSpace = false
            pendingSpaceHadLineBreak = false
            body.append(UInt8(ascii: "\n"))
        }

        /// The title's text: entities decoded, whitespace collapsed.
        mutating func title(_ bytes: ByteView, from start: Int, to end: Int) {
            var i = start
            var sawSpace = false
            while i < end {
                if isSpace(bytes[i]) {
                    sawSpace = true
                    i += 1
                    continue
                }
                if sawSpace && !titleBytes.isEmpty { titleBytes.append(UInt8(ascii: " ")) }
                sawSpace = false
                if bytes[i] == UInt8(ascii: "&"), let (scalar, length) = entity(bytes, at: i), length <= end - i {
                    titleBytes.append(contentsOf: UTF8.encode(scalar)!)
                    i += length
                } else {
                    titleBytes.append(bytes[i])
                    i += 1
                }
            }
        }
    }

    // MARK: Entities

    /// Decodes the character reference at `i` (which holds '&'): numeric ones, and named ones
    /// ending in ';' (the commonest few also without it, as sloppy pages write them).
    static func entity(_ bytes: ByteView, at i: Int) -> (Unicode.Scalar, Int)? {
        let n = bytes.count
        var j = i + 1
        if j < n, bytes[j] == UInt8(ascii: "#") {
            j += 1
            let isHex = j < n && (bytes[j] == UInt8(ascii: "x") || bytes[j] == UInt8(ascii: "X"))
            if isHex { j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < n, j - digitsStart < 8, let d = digitValue(bytes[j], hex: isHex) {
                value = value * (isHex ? 16 : 10) + d
                j += 1
            }
            guard j > digitsStart else { return nil }
            if j < n, bytes[j] == UInt8(ascii: ";") { j += 1 }
            // NUL, surrogates and out-of-range values become U+FFFD, as in a browser.
            return (Unicode.Scalar(value).flatMap { $0 == "\0" ? nil : $0 } ?? "\u{FFFD}", j - i)
        }
        var name = ""
        while j < n, j - i <= 10, isASCIIAlphanumeric(bytes[j]) {
            name.unicodeScalars.append(Unicode.Scalar(bytes[j]))
            j += 1
        }
        guard let scalar = namedEntities[name] else { return nil }
        if j < n, bytes[j] == UInt8(ascii: ";") { return (scalar, j + 1 - i) }
        return legacyEntitiesWithoutSemicolon.contains(name) ? (scalar, j - i) : nil
    }

    private static let legacyEntitiesWithoutSemicolon: Set<String> = ["nbsp", "amp", "lt", "gt", "quot", "copy"]

    private static let namedEntities: [String: Unicode.Scalar] = [
        "nbsp": "\u{A0}", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "bdquo": "\u{201E}", "sbquo": "\u{201A}", "laquo": "\u{AB}", "raquo": "\u{BB}",
        "lsaquo": "\u{2039}", "rsaquo": "\u{203A}",
        "mdash": "\u{2014}", "ndash": "\u{2013}", "hellip": "\u{2026}", "middot": "\u{B7}",
        "bull": "\u{2022}", "prime": "\u{2032}", "Prime": "\u{2033}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
        "zwsp": "\u{200B}", "zwnj": "\u{200C}", "zwj": "\u{200D}", "shy": "\u{AD}", "lrm": "\u{200E}", "rlm": "\u{200F}",
        "times": "\u{D7}", "divide": "\u{F7}", "plusmn": "\u{B1}", "minus": "\u{2212}",
        "le": "\u{2264}", "ge": "\u{2265}", "ne": "\u{2260}", "asymp": "\u{2248}",
        "deg": "\u{B0}", "permil": "\u{2030}", "micro": "\u{B5}", "sup2": "\u{B2}", "sup3": "\u{B3}",
        "frac12": "\u{BD}", "frac14": "\u{BC}", "frac34": "\u{BE}",
        "yen": "\u{A5}", "euro": "\u{20AC}", "pound": "\u{A3}", "cent": "\u{A2}",
        "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "sect": "\u{A7}", "para": "\u{B6}",
        "larr": "\u{2190}", "rarr": "\u{2192}", "uarr": "\u{2191}", "darr": "\u{2193}",
        "alpha": "\u{3B1}", "beta": "\u{3B2}", "gamma": "\u{3B3}", "delta": "\u{3B4}", "mu": "\u{3BC}",
        "Omega": "\u{3A9}", "radic": "\u{221A}", "infin": "\u{221E}", "sum": "\u{2211}",
    ]

    // MARK: Tags

    private static let sniffTags: Set<String> = ["html", "head", "body", "p", "div", "br", "meta", "title", "table"]

    /// Elements whose contents are never text (or are site machinery such as a select list).
    private static let rawTextTags: Set<String> = ["script", "style", "noscript", "template", "select", "textarea", "svg", "iframe", "object"]

    private static let blockTags: Set<String> = [
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "thead", "tbody", "tfoot", "caption",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main",
        "blockquote", "pre", "hr", "form", "fieldset", "figure", "figcaption", "address", "center",
        "body", "html", "head", "option", "legend", "details", "summary",
    ]

    /// The lower-cased tag name starting at `i` and the index after it; nil if no letter starts there.
    private static func tagName(_ bytes: ByteView, at i: Int) -> (String, Int)? {
        guard i < bytes.count, isASCIILetter(bytes[i]) else { return nil }
        var name = ""
        var j = i
        while j < bytes.count, isASCIIAlphanumeric(bytes[j]) || bytes[j] == UInt8(ascii: "-") {
            if j - i < 16 { name.unicodeScalars.append(Unicode.Scalar(lowercased(bytes[j]))) }
            j += 1
        }
        return (name, j)
    }

    /// Index of the '>' closing a tag that starts before `from`, or nil if none follows.
    private static func tagEnd(_ bytes: ByteView, from: Int, honourQuotes: Bool) -> Int? {
        var quote: UInt8 = 0
        var j = from
        while j < bytes.count {
            let b = bytes[j]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: ">") {
                return j
            } else if honourQuotes, b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                // Only quotes that open an attribute value count.
                if j > from, bytes[j - 1] == UInt8(ascii: "=") || isSpace(bytes[j - 1]) { quote = b }
            }
            j += 1
        }
        return nil
    }

    /// Index of `</name` (any case) at or after `from`.
    private static func findEndTag(_ bytes: ByteView, _ name: String, from: Int) -> Int? {
        let pattern = Array(("</" + name).utf8)
        var j = from
        let last = bytes.count - pattern.count
        while j <= last {
            if bytes[j] == UInt8(ascii: "<"), bytes[j + 1] == UInt8(ascii: "/"), bytes.hasIgnoringCase(pattern, at: j) {
                return j
            }
            j += 1
        }
        return nil
    }

    /// Index of the `-->` at or after `from` that ends a comment.
    private static func commentEnd(_ bytes: ByteView, from: Int) -> Int? {
        var j = from
        while let dash = bytes.firstIndex(of: UInt8(ascii: "-"), in: j..<bytes.count) {
            if bytes.has("-->", at: dash) { return dash }
            j = dash + 1
        }
        return nil
    }

    // MARK: Bytes

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    private static func isASCIIAlphanumeric(_ b: UInt8) -> Bool { isASCIILetter(b) || (b >= 0x30 && b <= 0x39) }

    private static func isLabelByte(_ b: UInt8) -> Bool {
        isASCIIAlphanumeric(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
    }

    private static func lowercased(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    private static func digitValue(_ b: UInt8, hex: Bool) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x61...0x66 where hex: return UInt32(b - 0x61 + 10)
        case 0x41...0x46 where hex: return UInt32(b - 0x41 + 10)
        default: return nil
        }
    }
}
