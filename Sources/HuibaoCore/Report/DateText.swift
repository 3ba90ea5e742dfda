// Calendar dates as printed on a report page: 2023-03-06, 2023/3/6, 2023.3.6, 2023年3月6日,
// 二〇二三年三月六日. Gives ISO YYYY-MM-DD.

enum DateText {
    /// The date starting at `i`, and the offset after it.
    static func parse(_ s: [Unicode.Scalar], at i: Int, before end: Int) -> (iso: String, end: Int)? {
        arabic(s, at: i, before: end) ?? chinese(s, at: i, before: end)
    }

    /// Whether `range` holds a date and nothing else (a signature date line).
    static func whole(_ s: [Unicode.Scalar], _ range: Range<Int>) -> String? {
        guard let d = parse(s, at: range.lowerBound, before: range.upperBound), d.end == range.upperBound else { return nil }
        return d.iso
    }

    static func iso(_ y: Int, _ m: Int, _ d: Int) -> String? {
        guard (1949...2099).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    private static func arabic(_ s: [Unicode.Scalar], at i: Int, before end: Int) -> (iso: String, end: Int)? {
        guard let y = Scalars.arabicNumber(in: s, at: i, before: end, maxDigits: 4), y.end == i + 4, y.end < end else { return nil }
        // Text taken from a PDF spaces the words of a date apart: 2021 年 1 月 27 日.
        func blanks(from k: Int) -> Int {
            var k = k
            while k < end, Scalars.isBlank(s[k]) { k += 1 }
            return k
        }
        var k = y.end
        if s[k] != "-" && s[k] != "/" && s[k] != "." { k = blanks(from: k) }
        guard k < end else { return nil }
        let sep = s[k]
        let closing: Unicode.Scalar
        switch sep {
        case "-", "/", ".": closing = sep
        case "年": closing = "月"
        default: return nil
        }
        let spaced = sep == "年"
        guard let m = Scalars.arabicNumber(in: s, at: spaced ? blanks(from: k + 1) : k + 1, before: end, maxDigits: 2) else { return nil }
        k = spaced ? blanks(from: m.end) : m.end
        guard k < end, s[k] == closing,
              let d = Scalars.arabicNumber(in: s, at: spaced ? blanks(from: k + 1) : k + 1, before: end, maxDigits: 2),
              let text = iso(y.value, m.value, d.value) else { return nil }
        var after = d.end
        if spaced {
            after = blanks(from: after)
            guard after < end, s[after] == "日" || s[after] == "号" else { return nil }
            after += 1
        }
        return (text, after)
    }

    private static func chinese(_ s: [Unicode.Scalar], at i: Int, before end: Int) -> (iso: String, end: Int)? {
        guard i + 5 < end else { return nil }
        var year = 0
        for k in 0..<4 {
            guard let digit = Scalars.chineseDigit(s[i + k]), s[i + k] != "两" else { return nil }
            year = year * 10 + digit
        }
        guard s[i + 4] == "年",
              let m = Scalars.chineseNumber(in: s, at: i + 5, before: end), m.end < end, s[m.end] == "月",
              let d = Scalars.chineseNumber(in: s, at: m.end + 1, before: end), d.end < end,
              s[d.end] == "日" || s[d.end] == "号",
              let text = iso(year, m.value, d.value) else { return nil }
        return (text, d.end + 1)
    }
}
