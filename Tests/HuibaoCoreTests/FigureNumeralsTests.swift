import Testing
@testable import HuibaoCore

@Suite struct FigureNumeralsTests {
    func chinese(_ s: String) -> Double? {
        let t = FigureText(s)
        return Numerals.chinese(t, 0..<t.count)
    }

    func arabic(_ s: String) -> (Double, Int)? {
        guard let n = Numerals.arabic(FigureText(s), at: 0) else { return nil }
        return (n.value(), n.end)
    }

    @Test func chineseNumerals() {
        #expect(chinese("三十五") == 35)
        #expect(chinese("十二") == 12)
        #expect(chinese("一百零八") == 108)
        #expect(chinese("两千") == 2000)
        #expect(chinese("一万") == 10_000)
        #expect(chinese("三亿五千万") == 350_000_000)
        #expect(chinese("零") == 0)
    }

    @Test func chineseRunsThatAreNotNumbers() {
        #expect(chinese("二〇二二") == nil)  // a year written digit by digit
        #expect(chinese("五一") == nil)      // a holiday
        #expect(chinese("万") == nil)
        #expect(chinese("千") == nil)
    }

    @Test func arabicNumbers() {
        #expect(arabic("1,234元")! == (1234, 5))
        #expect(arabic("392.6万")! == (392.6, 5))
        #expect(arabic("１２３")! == (123, 3))       // full-width digits
        #expect(arabic("10,30,60")! == (10, 2))      // not a thousands group
        #expect(arabic("1.积极")! == (1, 1))         // a list marker, not a decimal
    }

    @Test func multipliedValuesStayExact() {
        let n = Numerals.arabic(FigureText("392.6"), at: 0)!
        #expect(n.value(times: 10_000) == 3_926_000)
        let m = Numerals.arabic(FigureText("69.69"), at: 0)!
        #expect(m.value(times: 100_000_000) == 6_969_000_000)
    }
}
