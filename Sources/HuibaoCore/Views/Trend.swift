// An indicator's change from one year to the next, computed from the two figures, and how much
// of a difference from the growth a report states the figures' own rounding can explain.

public enum Trend {
    /// The change from `a` to `b`, a year apart and in the same unit: for a level, in percent of
    /// `a`; for a rate (a growth, a share, a rank), the difference. `tolerance` is how far the
    /// printed figures' rounding alone can move it. Nil for years further apart or a zero base.
    public static func change(from a: Figure, to b: Figure, years: Int) -> (value: Double, tolerance: Double)? {
        guard years == 1, a.unit == b.unit else { return nil }
        if a.measure == .level && a.unit != "%" {
            guard a.value != 0 else { return nil }
            let pct = (b.value - a.value) / abs(a.value) * 100
            // Each value is known to half its last printed digit, relative to itself.
            let tolerance = (relativeRounding(a) + relativeRounding(b)) * 100 * (1 + abs(pct) / 100)
            return ((pct * 100).rounded() / 100, tolerance)
        }
        return (((b.value - a.value) * 100).rounded() / 100, absoluteRounding(a) + absoluteRounding(b))
    }

    /// Half the last digit the growth a report states was printed to (增长5.7% → 0.05 points).
    public static func statedRounding(_ f: Figure) -> Double { absoluteRounding(f) }

    /// Half the last printed digit of a figure's number, relative to that number: 69.69亿元 is
    /// known to 0.005/69.69.
    static func relativeRounding(_ f: Figure) -> Double {
        guard let (number, decimals) = printedNumber(f.text), number != 0 else { return 0 }
        return halfDigit(decimals) / abs(number)
    }

    /// Half the last printed digit, in the figure's own unit (for rates: points).
    static func absoluteRounding(_ f: Figure) -> Double {
        guard let (_, decimals) = printedNumber(f.text) else { return 0 }
        return halfDigit(decimals)
    }

    private static func halfDigit(_ decimals: Int) -> Double {
        var d = 0.5
        for _ in 0..<decimals { d /= 10 }
        return d
    }

    /// The first Arabic number of a figure's text and how many decimals it was printed with.
    static func printedNumber(_ text: String) -> (Double, Int)? {
        var digits = "", decimals = -1
        for c in text.unicodeScalars {
            if c.value >= 0x30 && c.value <= 0x39 {
                digits.unicodeScalars.append(c)
                if decimals >= 0 { decimals += 1 }
            } else if c == "." && !digits.isEmpty && decimals < 0 {
                digits += "."
                decimals = 0
            } else if c == "," && !digits.isEmpty && decimals < 0 {
                continue
            } else if !digits.isEmpty {
                break
            }
        }
        guard let n = Double(digits) else { return nil }
        return (n, max(decimals, 0))
    }
}
