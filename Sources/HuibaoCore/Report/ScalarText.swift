// The report text as Unicode scalars cut into lines, and the small scalar-level tests the
// structure scanners share. Offsets are scalar offsets, the unit of `Section.start`.

struct ScalarText {
    let scalars: [Unicode.Scalar]
    /// Line ranges without their "\n".
    let lines: [Range<Int>]

    init(_ text: String) { self.init(utf8: Array(text.utf8)) }

    /// `utf8` is the decoder's output, valid UTF-8; should it not be, a sequence cut short ends
    /// the text and a value that is no scalar reads as U+FFFD, so nothing is read out of bounds.
    init(utf8: [UInt8]) {
        var scalars: [Unicode.Scalar] = []
        var lines: [Range<Int>] = []
        // One pass over the UTF-8 bytes: counting the scalars first, as
        // Array(text.unicodeScalars) does, would double the work.
        utf8.withByteView { bytes in
            // Unsafe for speed (no capacity or uniqueness check per scalar): written straight into
            // the array's storage, at most one scalar per byte, so `count` stays below the capacity.
            scalars = [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { out, written in
                var count = 0
                var start = 0, i = 0
                let n = bytes.count
                while i < n {
                    guard let (value, length) = bytes.scalarValue(at: i) else { break }
                    i += length
                    if value == 0x0A {
                        lines.append(start..<count)
                        start = count + 1
                    }
                    // The scalar test inline: Unicode.Scalar's failable init is a call per scalar.
                    let isScalar = value < 0xD800 || (value > 0xDFFF && value <= 0x10FFFF)
                    out.initializeElement(at: count, to: isScalar ? Unicode.Scalar(value).unsafelyUnwrapped : "\u{FFFD}")
                    count += 1
                }
                lines.append(start..<count)
                written = count
            }
        }
        self.scalars = scalars
        self.lines = lines
    }

    /// `range` without leading and trailing blanks.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, Scalars.isBlank(scalars[lower]) { lower += 1 }
        while upper > lower, Scalars.isBlank(scalars[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    func string(_ range: Range<Int>) -> String { Scalars.string(scalars[range]) }

    func has(_ word: [Unicode.Scalar], at i: Int, before end: Int? = nil) -> Bool {
        Scalars.has(word, at: i, in: scalars, before: end ?? scalars.count)
    }

    /// First offset in `range` where `word` starts.
    func find(_ word: [Unicode.Scalar], in range: Range<Int>) -> Int? {
        Scalars.find(word, in: scalars, range)
    }

    func contains(any words: [[Unicode.Scalar]], in range: Range<Int>) -> Bool {
        words.contains { find($0, in: range) != nil }
    }
}

enum Scalars {
    static func word(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
    static func words(_ list: [String]) -> [[Unicode.Scalar]] { list.map(word) }

    static func isBlank(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20, 0x09, 0x0D, 0xA0, 0x3000, 0xFEFF, 0x2000...0x200B: return true
        default: return false
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    static func isHan(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// Whether `word` stands at `i` in `s`, ending at or before `end`: the one comparison of a
    /// word with the text, on every hot path.
    @inline(__always)
    static func has(_ word: [Unicode.Scalar], at i: Int, in s: [Unicode.Scalar], before end: Int) -> Bool {
        guard i >= 0, i + word.count <= min(end, s.count) else { return false }
        // Unchecked reads for speed, bounded by the guard above: i + k < i + word.count <= s.count.
        return s.withUnsafeBufferPointer { sp in
            word.withUnsafeBufferPointer { wp in
                for k in 0..<wp.count where sp[i + k] != wp[k] { return false }
                return true
            }
        }
    }

    /// Scalars to a String through UTF-8 bytes (appending to a UnicodeScalarView is several times slower).
    /// The bytes are encoded into a scratch buffer (on the stack when short) and copied into the
    /// string unchecked: scalars encode to valid UTF-8 by construction, and the check the string
    /// initialisers run would cost more than the encoding itself (1.7× in a micro-benchmark).
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        if scalars.isEmpty { return "" }
        var length = 0
        for c in scalars {
            let v = c.value
            length += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { out in
            var n = 0
            for c in scalars {
                let v = c.value
                if v < 0x80 {
                    out[n] = UInt8(truncatingIfNeeded: v)
                    n += 1
                } else if v < 0x800 {
                    out[n] = UInt8(truncatingIfNeeded: 0xC0 | v >> 6)
                    out[n + 1] = UInt8(truncatingIfNeeded: 0x80 | v & 0x3F)
                    n += 2
                } else if v < 0x10000 {
                    out[n] = UInt8(truncatingIfNeeded: 0xE0 | v >> 12)
                    out[n + 1] = UInt8(truncatingIfNeeded: 0x80 | (v >> 6) & 0x3F)
                    out[n + 2] = UInt8(truncatingIfNeeded: 0x80 | v & 0x3F)
                    n += 3
                } else {
                    out[n] = UInt8(truncatingIfNeeded: 0xF0 | v >> 18)
                    out[n + 1] = UInt8(truncatingIfNeeded: 0x80 | (v >> 12) & 0x3F)
                    out[n + 2] = UInt8(truncatingIfNeeded: 0x80 | (v >> 6) & 0x3F)
                    out[n + 3] = UInt8(truncatingIfNeeded: 0x80 | v & 0x3F)
                    n += 4
                }
            }
            let bytes = Span(_unsafeElements: UnsafeBufferPointer(out))
            return String(copying: unsafe UTF8Span(unchecked: bytes))
        }
    }

    static func find(_ word: [Unicode.Scalar], in s: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
        guard let first = word.first, range.count >= word.count else { return nil }
        var i = range.lowerBound
        let last = range.upperBound - word.count
        while i <= last {
            if s[i] == first, has(word, at: i, in: s, before: range.upperBound) { return i }
            i += 1
        }
        return nil
    }

    static func contains(_ word: [Unicode.Scalar], in s: [Unicode.Scalar]) -> Bool {
        find(word, in: s, 0..<s.count) != nil
    }

    static func containsAny(_ words: [[Unicode.Scalar]], in s: [Unicode.Scalar]) -> Bool {
        words.contains { contains($0, in: s) }
    }

    /// The value of a Chinese numeral digit 〇/零…九 (0–9), or nil.
    static func chineseDigit(_ c: Unicode.Scalar) -> Int? { Numerals.chineseDigit(c) }

    /// A Chinese numeral from 1 to 99 (一, 十, 十二, 二十, 二十三) starting at `i`:
    /// its value and the offset after it. Reads at most 3 scalars.
    static func chineseNumber(in s: [Unicode.Scalar], at i: Int, before end: Int) -> (value: Int, end: Int)? {
        var j = i
        var tens: Int?
        var units: Int?
        while j < end, j - i < 3 {
            let c = s[j]
            if c == "十" {
                guard tens == nil else { break }
                tens = units ?? 1
                units = nil
            } else if let d = chineseDigit(c), d > 0, c != "两" {
                guard units == nil else { break }
                units = d
            } else {
                break
            }
            j += 1
        }
        guard j > i else { return nil }
        let value = (tens ?? 0) * 10 + (units ?? 0)
        return value > 0 ? (value, j) : nil
    }

    /// Arabic digits starting at `i` (at most `maxDigits`): the value and the offset after them.
    static func arabicNumber(in s: [Unicode.Scalar], at i: Int, before end: Int, maxDigits: Int) -> (value: Int, end: Int)? {
        var j = i, value = 0
        while j < end, isDigit(s[j]) {
            guard j - i < maxDigits else { return nil }
            value = value * 10 + Int(s[j].value - 0x30)
            j += 1
        }
        return j > i ? (value, j) : nil
    }

    /// A year written `2022年` (1949–2099) starting at `i`.
    static func year(in s: [Unicode.Scalar], at i: Int, before end: Int) -> Int? {
        guard i + 4 < end, i == 0 || !isDigit(s[i - 1]),
              let n = arabicNumber(in: s, at: i, before: end, maxDigits: 4), n.end == i + 4,
              s[n.end] == "年", (1949...2099).contains(n.value) else { return nil }
        return n.value
    }

    /// Every year written `YYYY年` in `range`, in order, with its offset.
    static func years(in s: [Unicode.Scalar], _ range: Range<Int>) -> [(year: Int, at: Int)] {
        var found: [(Int, Int)] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if let y = year(in: s, at: i, before: range.upperBound) {
                found.append((y, i))
                i += 5
            } else {
                i += 1
            }
        }
        return found
    }
}
