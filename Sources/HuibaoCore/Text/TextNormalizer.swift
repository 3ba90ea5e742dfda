// The plain text every later stage reads: LF line ends, ASCII digits, numbers written with
// ASCII signs, one kind of space, no invisible characters, no indentation or trailing spaces,
// at most one blank line in a row, and no lines of site furniture. Chinese punctuation is
// kept as it is: the section and figure stages rely on it.

enum TextNormalizer {
    /// Normalises valid UTF-8; the result is valid UTF-8 where every kept line ends in "\n".
    static func normalize(_ bytes: ByteView) -> [UInt8] {
        var lines = LineWriter(capacity: bytes.count)
        let n = bytes.count
        var i = 0
        while i < n {
            // A run of bytes that are all copied as they are (printable ASCII, and scalars with
            // no change) goes over in one copy. Only scalars with these lead bytes can have one.
            var j = i
            while j < n {
                let c = bytes[j]
                if c < 0x80 {
                    if c > 0x20 && c != 0x7F { j += 1; continue }
                    break
                }
                let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                if j + length > n { break }
                if c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 || c == 0xEF,
                   change(of: bytes.scalarValue(at: j, length: length)) != nil { break }
                j += length
            }
            if j > i {
                lines.append(bytes, from: i, count: j - i)
                i = j
                continue
            }
            let b = bytes[i]
            if b < 0x80 {
                switch b {
                case 0x0A: lines.endLine()
                case 0x0D: lines.endLine(); if i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                case 0x09, 0x0B, 0x0C, 0x20: lines.space()
                case 0x00..<0x20, 0x7F: break    // stray control characters are not text
                default: lines.append(b)
                }
                i += 1
                continue
            }
            // The run above stopped at a scalar that may change (or at the end of truncated input).
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            let scalar = i + length <= n ? bytes.scalarValue(at: i, length: length) : 0
            switch change(of: scalar) {
            case .toASCII:
                lines.append(UInt8(scalar - 0xFEE0))    // full-width digits and letters
            case .percent where lines.lastIsDigit:
                lines.append(UInt8(ascii: "%"))
            case .numberPunctuation where lines.lastIsDigit && startsWithDigit(bytes, at: i + length):
                // ．，： are ASCII only inside a number (5．7, 1，234, 8：30); elsewhere they are Chinese punctuation.
                lines.append(UInt8(scalar - 0xFEE0))
            case .space:
                lines.space()
            case .dropped:
                break
            case .lineBreak:
                lines.endLine()
            case .percent, .numberPunctuation, nil:
                lines.append(bytes, from: i, count: min(length, n - i))
            }
            i += length
        }
        return lines.finish()
    }

    enum Change {
        /// Full-width digits and letters.
        case toASCII
        /// ％, an ASCII % after a digit.
        case percent
        /// ．，：, ASCII inside a number.
        case numberPunctuation
        /// Spaces of other widths.
        case space
        /// Zero-width characters, soft hyphens and C1 controls.
        case dropped
        /// Line and paragraph separators.
        case lineBreak
    }

    /// What the normaliser may do to a non-ASCII scalar; nil for most (all of CJK): copied as is.
    static func change(of scalar: UInt32) -> Change? {
        switch scalar {
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A: .toASCII
        case 0xFF05: .percent
        case 0xFF0E, 0xFF0C, 0xFF1A: .numberPunctuation
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: .space
        case 0x200B...0x200D, 0x2060, 0xFEFF, 0xAD, 0x80...0x9F: .dropped
        case 0x2028, 0x2029: .lineBreak
        default: nil
        }
    }

    /// An ASCII digit or a full-width one (EF BC 90–99) starts at `i`.
    private static func startsWithDigit(_ bytes: ByteView, at i: Int) -> Bool {
        guard i < bytes.count else { return false }
        if bytes[i] >= 0x30 && bytes[i] <= 0x39 { return true }
        return i + 2 < bytes.count && bytes[i] == 0xEF && bytes[i + 1] == 0xBC && bytes[i + 2] >= 0x90 && bytes[i + 2] <= 0x99
    }
}

/// Builds the output a line at a time, so each finished line can be trimmed or dropped
/// in place. A blank line is written ahead of the next line and taken back with it.
private struct LineWriter {
    private var out: [UInt8] = []
    private var lineBegin = 0        // where the current line begins, before any blank-line separator
    private var lineStart = 0        // where the current line's own content begins
    private var blankPending = false

    init(capacity: Int) { out.reserveCapacity(capacity) }

    var lastIsDigit: Bool {
        out.count > lineStart && out[out.count - 1] >= 0x30 && out[out.count - 1] <= 0x39
    }

    mutating func append(_ byte: UInt8) { out.append(byte) }

    mutating func append(_ bytes: ByteView, from i: Int, count: Int) {
        bytes.append(i..<(i + count), to: &out)
    }

    /// Spaces at the start of a line are indentation and go.
    mutating func space() {
        if out.count > lineStart { out.append(0x20) }
    }

    mutating func endLine() {
        while out.count > lineStart, out[out.count - 1] == 0x20 { out.removeLast() }
        var keep = out.count - lineStart
        if keep > 0 {
            keep = out.withByteView { SiteFurniture.keptLength(of: $0[rebasing: lineStart..<$0.count]) }
        }
        if keep == 0 {
            let wasEmptyLine = out.count == lineStart
            out.removeSubrange(lineBegin...)
            if wasEmptyLine && !out.isEmpty { blankPending = true }
        } else {
            out.removeSubrange((lineStart + keep)...)
            out.append(0x0A)
            blankPending = false
        }
        lineBegin = out.count
        if blankPending { out.append(0x0A) }
        lineStart = out.count
    }

    mutating func finish() -> [UInt8] {
        if out.count > lineStart { endLine() }
        out.removeSubrange(lineBegin...)
        return out
    }
}
