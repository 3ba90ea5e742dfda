import Testing
@testable import HuibaoCore

@Suite struct TrendTests {
    func level(_ text: String, _ value: Double, unit: String = "元") -> Figure {
        var f = Figure(text: text, value: value, unit: unit, qualifier: .exact, kind: .money, subject: "固定资产投资",
                       context: text, start: 0, rule: "")
        f.measure = .level
        return f
    }

    @Test func aLevelsChangeIsInPercentWithTheRoundingOfItsFigures() throws {
        let c = try #require(Trend.change(from: level("69.69亿元", 6.969e9), to: level("72.1亿元", 7.21e9), years: 1))
        #expect(c.value == 3.46)
        // 72.1 is known to ±0.05 (0.07 %), 69.69 to ±0.005: together about 0.08 points.
        #expect(c.tolerance > 0.07 && c.tolerance < 0.1)
        #expect(abs(c.value - 3.5) <= c.tolerance + 0.05, "a stated 3.5 % is within the rounding")
        #expect(abs(c.value - 10.2) > c.tolerance + 0.05, "a stated 10.2 % is not: a revised baseline")
    }

    @Test func noChangeAcrossAGapOrAUnitOrFromZero() {
        #expect(Trend.change(from: level("5亿元", 5e8), to: level("6亿元", 6e8), years: 2) == nil)
        #expect(Trend.change(from: level("5亿元", 5e8), to: level("6万亩", 6e4, unit: "亩"), years: 1) == nil)
        #expect(Trend.change(from: level("0元", 0), to: level("6亿元", 6e8), years: 1) == nil)
    }

    @Test func aRateChangesByItsDifference() throws {
        var a = level("5.7%", 5.7, unit: "%"), b = level("3.5%", 3.5, unit: "%")
        a.measure = .growth
        b.measure = .growth
        let c = try #require(Trend.change(from: a, to: b, years: 1))
        #expect(c.value == -2.2 && abs(c.tolerance - 0.1) < 1e-12)
    }

    @Test func thePrintedNumberAndItsDecimals() {
        #expect(Trend.printedNumber("69.69亿元")! == (69.69, 2))
        #expect(Trend.printedNumber("1,356户")! == (1356, 0))
        #expect(Trend.printedNumber("增长5.7%")! == (5.7, 1))
        #expect(Trend.printedNumber("三百人") == nil)
    }
}
