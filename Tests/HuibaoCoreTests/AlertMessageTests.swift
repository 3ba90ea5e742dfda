import Testing
@testable import HuibaoCore

/// The words of an alert, as journald and `huibao alerts` show them.
struct AlertMessageTests {
    private func record(_ state: AlertEvent.State, value: Double?, reason: String? = nil, rule: Rule) -> AlertRecord {
        let instance = AlertInstance(id: "growth|青山街道|地区生产总值|2022", rule: rule.name, issuer: "青山街道", organization: "青山街道办事处",
                                     subject: "地区生产总值", value: value, unit: "%", change: -3.26, previousValue: 5,
                                     previousYear: 2021, reportYear: 2022, file: "qs-2022.txt", sha256: "ab12",
                                     section: "一、经济运行", context: "地区生产总值下降3.2%")
        return AlertRecord(event: AlertEvent(state: state, instance: instance, reason: reason), rule: rule, time: "2024-01-01T00:00:00Z")
    }

    @Test func firingSaysWhoWhatAndTheLine() {
        var rule = Rule(name: "growth", condition: .below(0, inclusive: false))
        rule.unit = "%"
        rule.severity = .error
        let entry = record(.firing, value: -3.2, rule: rule).journalEntry(rule: rule, key: "0f-7")
        // No indicator: the comparison went by the subject, and the message says so.
        #expect(entry.message == "alert growth: 青山街道办事处 2022 地区生产总值 -3.2 %, change -3.3 % on 2021 (line: < 0 %) (no indicator: compared by the subject “地区生产总值”)")
        #expect(entry.priority == 3)
        #expect(entry.fields.map { "\($0.name)=\($0.value)" } == [
            "HUIBAO_RULE=growth", "HUIBAO_ALERT_ID=growth|青山街道|地区生产总值|2022", "HUIBAO_ALERT_KEY=0f-7", "HUIBAO_ALERT_STATE=firing",
            "HUIBAO_SEVERITY=error", "HUIBAO_SUBJECT=地区生产总值", "HUIBAO_INDICATOR=", "HUIBAO_MEASURE=", "HUIBAO_PERIOD=",
            "HUIBAO_POLARITY=", "HUIBAO_DIRECTION=", "HUIBAO_VALUE=-3.2", "HUIBAO_UNIT=%",
            "HUIBAO_THRESHOLD=< 0 %", "HUIBAO_CHANGE=-3.26", "HUIBAO_PREVIOUS_VALUE=5", "HUIBAO_PREVIOUS_YEAR=2021",
            "HUIBAO_ORGANIZATION=青山街道办事处", "HUIBAO_REPORT_YEAR=2022", "HUIBAO_FILE=qs-2022.txt", "HUIBAO_SHA256=ab12",
            "HUIBAO_SECTION=一、经济运行", "HUIBAO_CONTEXT=地区生产总值下降3.2%", "HUIBAO_REASON=",
            "HUIBAO_TARGET=", "HUIBAO_TARGET_CONTEXT=",
        ])
    }

    @Test func badNewsSaysWhyInWords() {
        let rule = Rule(name: "growth-worse", condition: .worse)
        var r = record(.firing, value: -0.6799999999999999, rule: rule)
        r.indicator = "地区生产总值"; r.measure = "growth"; r.period = "year"; r.polarity = "up"; r.direction = "worse"
        let entry = r.journalEntry(rule: rule)
        #expect(entry.message == "alert growth-worse: 青山街道办事处 2022 地区生产总值 -0.68 %: fell by -0.68 % (a rise is good news)")
        #expect(entry.fields.contains(.init("HUIBAO_VALUE", "-0.6799999999999999")), "the field keeps the full number")
        #expect(entry.fields.contains(.init("HUIBAO_DIRECTION", "worse")) && entry.fields.contains(.init("HUIBAO_POLARITY", "up")))
        r.value = 1.8; r.unit = "个百分点"
        #expect(r.journalEntry(rule: rule).message == "alert growth-worse: 青山街道办事处 2022 地区生产总值 1.8 个百分点: short of its target by 1.8 points")
        r.unit = "%"
        r.indicator = "刑事案件"; r.value = 12; r.polarity = "down"; r.period = "H1"
        #expect(r.journalEntry(rule: rule).message == "alert growth-worse: 青山街道办事处 2022 刑事案件 (H1) 12 %: rose by +12 % (a fall is good news)")
        r.measure = "level"; r.value = 7; r.unit = "起"; r.previous_value = 3; r.change = 133.33
        #expect(r.journalEntry(rule: rule).message == "alert growth-worse: 青山街道办事处 2022 刑事案件 (H1) 7 起: rose from 3 to 7 on 2021, +133.33 % (a fall is good news)")
    }

    @Test func numbersAreShownAsReportsPrintThem() {
        #expect(displayNumber(-0.6799999999999999) == "-0.68")
        #expect(displayNumber(42.660000000000004) == "42.66")
        #expect(displayNumber(6969000000) == "6969000000")
        #expect(displayNumber(5.7) == "5.7")
        #expect(displayNumber(0.004) == "0.004")
        #expect(displayNumber(-3) == "-3")
        #expect(displayNumber(1e30) == JSONWriter.format(1e30), "a hostile huge value prints, never traps")
        #expect(displayNumber(-9.2e18) == JSONWriter.format(-9.2e18))
        #expect(displayNumber(.nan) == "?")
        #expect(displayNumber(1.005) == "1.01" || displayNumber(1.005) == "1")
    }

    @Test func resolvedSaysWhy() {
        let rule = Rule(name: "growth", condition: .below(0, inclusive: false))
        let entry = record(.resolved, value: 1.5, reason: "back within the line", rule: rule).journalEntry(rule: rule)
        #expect(entry.message == "resolved growth: 青山街道办事处 2022 地区生产总值 1.5 % — back within the line")
        #expect(entry.priority == 5)
    }

    @Test func aMissingZeroHasItsOwnSentence() {
        let rule = Rule(name: "zero", condition: .zeroEventMissing)
        let r = record(.firing, value: nil, rule: rule)
        #expect(r.journalEntry(rule: rule).message == "alert zero: 青山街道办事处 2022 no longer reports 地区生产总值 as zero (it did in 2021)")
        #expect(r.valueText == nil)
        // A rule removed since: the priority falls back to warning, the words to the general ones.
        #expect(r.journalEntry(rule: nil).priority == 4)
        #expect(r.journalEntry(rule: nil).message.hasPrefix("alert zero: 青山街道办事处 2022 地区生产总值 missing, change"))
    }
}
