// Arabic numbers (with decimal point and thousands separators, ASCII or full-width digits)
// and Chinese numerals (零〇一二两三四五六七八九十百千万亿).

enum Numerals {
    /// An Arabic number read as an integer mantissa and a count of decimal places, so that
    /// `392.6` times 万 is computed as 3926 × 10000 / 10 and stays exact.
    struct Arabic {
        var mantissa: Double
        var decimals: Int
        var digits: Int
        var end: Int

        func value(times multiplier: Double = 1) -> Double {
            var v = mantissa * multiplier
            for _ in 0..<decimals { v /= 10 }
            return v
        }
    }

    static func digit(_ c: Unicode.Scalar) -> Int? {
        let v = c.value
        if v >= 0x30 && v <= 0x39 { return Int(v - 0x30) }
        if v >= 0xFF10 && v <= 0xFF19 { return Int(v - 0xFF10) }
        return nil
    }

    static func isDecimalPoint(_ c: Unicode.Scalar) -> Bool { c == "." || c == "．" }

    /// The number starting at `i`: digits, `,ddd` groups, then an optional fraction.
    static func arabic(_ t: FigureText, at i: Int) -> Arabic? {
        var k = i
        var n = Arabic(mantissa: 0, decimals: 0, digits: 0, end: i)
        while let c = t[k], let d = digit(c) { n.mantissa = n.mantissa * 10 + Double(d); n.digits += 1; k += 1 }
        guard n.digits > 0 else { return nil }
        // A comma is a thousands separator only before exactly three digits.
        while t[k] == ",", let a = t[k + 1], let b = t[k + 2], let c = t[k + 3],
              let da = digit(a), let db = digit(b), let dc = digit(c), t[k + 4].flatMap(digit) == nil {
            n.mantissa = n.mantissa * 1000 + Double(da * 100 + db * 10 + dc)
            n.digits += 3
            k += 4
        }
        if let p = t[k], isDecimalPoint(p), let c = t[k + 1], digit(c) != nil {
            k += 1
            while let c = t[k], let d = digit(c) {
                n.mantissa = n.mantissa * 10 + Double(d); n.decimals += 1; n.digits += 1; k += 1
            }
        }
        n.end = k
        return n
    }

    /// The value of a Chinese numeral digit (零/〇/○ … 九, 两), or nil.
    static func chineseDigit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "零", "〇", "○": return 0
        case "一": return 1
        case "二", "两": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    static func chineseUnit(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "十": return 10
        case "百": return 100
        case "千": return 1000
        case "万": return 10_000
        case "亿": return 100_000_000
        default: return nil
        }
    }

    static func isChinese(_ c: Unicode.Scalar) -> Bool { chineseDigit(c) != nil || chineseUnit(c) != nil }

    /// Multipliers written after an Arabic number (`3万`, `1.2亿`, `5千`).
    static func multiplier(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "万": return 10_000
        case "亿": return 100_000_000
        case "千": return 1000
        case "百": return 100
        default: return nil
        }
    }

    /// The value of a run of Chinese numeral characters, or nil when the run is not a number:
    /// digit strings (`二〇二二`, a year), digit pairs (`五一`), a multiplier alone (`万`, `千`).
    static func chinese(_ t: FigureText, _ range: Range<Int>) -> Double? {
        var belowYi = 0.0, section = 0.0
        var pending: Double? = nil
        var yi = 0.0
        var previousWasZero = false
        var sawDigit = false
        for k in range {
            let c = t.s[k]
            if let d = chineseDigit(c) {
                if pending != nil && !previousWasZero { return nil }
                pending = Double(d)
                previousWasZero = d == 0
                sawDigit = true
            } else if let u = chineseUnit(c) {
                previousWasZero = false
                if u < 10_000 {
                    // 十 may stand alone at the head: 十二 = 12.
                    guard let p = pending ?? (u == 10 && section == 0 && belowYi == 0 && yi == 0 ? 1 : nil),
                          p > 0 else { return nil }
                    section += p * u
                    pending = nil
                } else {
                    let part = section + (pending ?? 0)
                    if u == 10_000 {
                        guard part > 0 else { return nil }
                        belowYi += part * u
                    } else {
                        guard part + belowYi > 0 else { return nil }
                        yi = (yi + belowYi + part) * u
                        belowYi = 0
                    }
                    section = 0
                    pending = nil
                }
            } else {
                return nil
            }
        }
        // 十万 has no digit but a value; 万 alone has neither.
        let value = yi + belowYi + section + (pending ?? 0)
        guard sawDigit || value > 0 else { return nil }
        return value
    }

    /// A run of multipliers without a digit (百, 千万), read as one of them: its meaning as a
    /// number (逾百场, 近万人) depends on the words around it, which the caller checks.
    static func bareMultiplier(_ t: FigureText, _ run: Range<Int>) -> Arabic? {
        guard run.count <= 3 else { return nil }
        var value = 1.0
        for k in run {
            guard t.s[k] != "十", let u = chineseUnit(t.s[k]) else { return nil }
            value *= u
        }
        return Arabic(mantissa: value, decimals: 0, digits: run.count, end: run.upperBound)
    }

    /// The Chinese number written by `run`, with the fraction that 点 introduces (八点五 = 8.5).
    /// The fraction is digits only: 八点三十分 is a clock time, not 8.3.
    static func chineseNumber(_ t: FigureText, _ run: Range<Int>) -> Arabic? {
        guard let whole = chinese(t, run) else { return nil }
        var n = Arabic(mantissa: whole, decimals: 0, digits: run.count, end: run.upperBound)
        guard t[run.upperBound] == "点" else { return n }
        var k = run.upperBound + 1
        var fraction = n
        while let c = t[k], let d = chineseDigit(c) {
            fraction.mantissa = fraction.mantissa * 10 + Double(d)
            fraction.decimals += 1
            fraction.digits += 1
            k += 1
        }
        if fraction.decimals > 0 && fraction.decimals <= 6, t[k].flatMap(chineseUnit) == nil {
            fraction.end = k
            n = fraction
        }
        return n
    }
}
