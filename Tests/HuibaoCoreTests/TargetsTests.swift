import Testing
@testable import HuibaoCore

/// Plan against actual, over reports parsed from their text: the targets a plan sets, judged
/// by the same issuer's summary of that year.
@Suite struct TargetsTests {
    func report(_ text: String, seq: Int) throws -> ReportFacts {
        let record = try ReportParser.parse(bytes: Array(text.utf8), fileName: "\(seq).txt", catalogue: ShippedCatalogue.catalogue)
        return ReportFacts(record: record, seq: seq)
    }

    let plan2024 = """
        马峦街道2023年工作总结和2024年工作计划
        一、2023年工作回顾
        全年完成固定资产投资69.69亿元，同比增长5.7%。一般公共预算收入2.05亿元。
        二、2024年工作计划
        2024年，固定资产投资增长8%左右，一般公共预算收入力争达到2.1亿元，新增就业岗位500个，PM2.5平均浓度控制在30微克/立方米以内。
        """
    let summary2024 = """
        马峦街道办事处2024年工作总结
        一、2024年工作回顾
        全年完成固定资产投资72.1亿元，同比增长3.5%。一般公共预算收入2.2亿元，同比增长7.3%。PM2.5平均浓度28微克/立方米。
        """

    func outcomes(_ js: [TargetJudgement]) -> [String: TargetOutcome] {
        Dictionary(uniqueKeysWithValues: js.map { ($0.indicator + "|" + $0.measure.rawValue, $0.outcome) })
    }

    @Test func eachTargetIsJudgedByTheYearsActualOfTheSameIndicatorAndMeasure() throws {
        let js = Targets.judge([try report(plan2024, seq: 0), try report(summary2024, seq: 1)])
        #expect(outcomes(js) == [
            "固定资产投资|growth": .missed,          // 8%左右 against 3.5 %
            "一般公共预算收入|level": .met,          // 力争达到2.1亿元 against 2.2亿元: within 5 % above
            "新增就业岗位|level": .notReported,      // the summary states none
            "PM2.5平均浓度|level": .exceeded,        // 控制在30以内 against 28: lower is better
        ])
        let investment = try #require(js.first { $0.indicator == "固定资产投资" })
        #expect(investment.year == 2024)
        #expect(abs((investment.gap ?? 0) - 4.5) < 1e-9, "the shortfall in points")
        #expect(investment.actual?.value == 3.5 && investment.target.value == 8)
        #expect(investment.targetReport.seq == 0 && investment.actualReport?.seq == 1)
    }

    @Test func reportsArePlacedByYearNotByArrival() throws {
        // The summary stored first, the plan that set its targets after it: the same judgement.
        let early = Targets.judge([try report(summary2024, seq: 0), try report(plan2024, seq: 1)])
        #expect(outcomes(early)["固定资产投资|growth"] == .missed)
        // Without the year's summary the targets wait.
        let alone = Targets.judge([try report(plan2024, seq: 0)])
        #expect(Set(outcomes(alone).values) == [.pending])
    }

    @Test func theBandsFollowTheQualifierAndThePolarity() {
        func fact(_ value: Double, _ unit: String, _ q: Qualifier, _ p: Polarity?) -> Fact {
            var f = Figure(text: "", value: value, unit: unit, qualifier: q, kind: unit == "%" ? .growth : .money, subject: "",
                           part: .plan, context: "", start: 0, rule: "")
            f.polarity = p
            f.measure = .target
            return Fact(f, index: 0)
        }
        // About 8 %: met from 7.5 to 8.5.
        #expect(Targets.compare(target: fact(8, "%", .approx, .up), actual: fact(7.6, "%", .exact, .up)).0 == .met)
        #expect(Targets.compare(target: fact(8, "%", .approx, .up), actual: fact(7.4, "%", .exact, .up)).0 == .missed)
        #expect(Targets.compare(target: fact(8, "%", .approx, .up), actual: fact(8.6, "%", .exact, .up)).0 == .exceeded)
        // At least 7 %: 6.96 is short (beyond a print's rounding), 7.0 met.
        #expect(Targets.compare(target: fact(7, "%", .over, .up), actual: fact(6.9, "%", .exact, .up)).0 == .missed)
        #expect(Targets.compare(target: fact(7, "%", .over, .up), actual: fact(7, "%", .exact, .up)).0 == .met)
        // 信访总量下降10%以上 (a down indicator): falling 10.3 % meets it, 12 % beats it, 6 % misses it.
        #expect(Targets.compare(target: fact(-10, "%", .over, .down), actual: fact(-10.3, "%", .exact, .down)).0 == .met)
        #expect(Targets.compare(target: fact(-10, "%", .over, .down), actual: fact(-12, "%", .exact, .down)).0 == .exceeded)
        let (missed, gap) = Targets.compare(target: fact(-10, "%", .over, .down), actual: fact(-6, "%", .exact, .down))
        #expect(missed == .missed && gap == 4)
        // An amount: 2.1亿元 against 1.9亿元 is missed by 0.2亿元.
        let (amount, short) = Targets.compare(target: fact(2.1e8, "元", .exact, .up), actual: fact(1.9e8, "元", .exact, .up))
        #expect(amount == .missed && abs((short ?? 0) - 2e7) < 1)
    }

    @Test func aMissedTargetAlertsWithBothFiguresAndTheMetOnesDoNot() throws {
        var config = try Configuration.parse("[Rule target-missed]\nTargetMissed=yes\n").get()
        config.catalogue = ShippedCatalogue.catalogue
        let reports = [try report(plan2024, seq: 0), try report(summary2024, seq: 1)]
        let fired = AlertEngine.evaluate(rules: config.rules, reports: reports).firing.values.sorted { $0.id < $1.id }
        #expect(fired.map(\.indicator) == ["固定资产投资"])
        let a = try #require(fired.first)
        #expect(a.value == 3.5 && a.target == 8 && a.direction == .worse && a.reportYear == 2024)
        #expect(a.seq == 1 && a.targetSeq == 0, "the summary's figure and the plan's")
        let message = AlertRecord(event: AlertEvent(state: .firing, instance: a, reason: nil), rule: config.rules[0], time: "")
            .journalEntry(rule: config.rules[0]).message
        #expect(message.contains("missed the plan's target of 8% by 4.5%"), "\(message)")
    }

    @Test func aTargetRuleRefusesSelectorsThatCannotApply() {
        #expect(throws: (any Error).self) { try Configuration.parse("[Rule t]\nTargetMissed=yes\nMeasure=growth\n").get() }
        #expect(throws: (any Error).self) { try Configuration.parse("[Rule t]\nTargetMissed=yes\nMode=crossing\n").get() }
    }
}
