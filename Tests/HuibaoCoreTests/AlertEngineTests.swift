import Testing
@testable import HuibaoCore

/// Reports as the rules see them, built by hand.
private func report(_ year: Int?, seq: Int, org: String = "甲街道办事处", summary: Bool = true,
                    _ figures: [(String, Double, String, FigureKind)], zero: [String] = [], part: ReportPart = .achievements) -> ReportFacts {
    var record = Record(file: "\(org)-\(year ?? 0)-\(seq).txt", sha256: String(repeating: "\(seq % 10)", count: 64), bytes: 1,
                        encoding: "utf-8", format: "text", organization: org, level: .subdistrict, report_year: year,
                        kinds: summary ? [.summary] : [.plan],
                        zero_event_details: zero.map { ZeroEvent(subject: $0, text: $0 + "零发生", start: 0) })
    record.figures = figures.map { subject, value, unit, kind in
        Figure(text: "\(value)\(unit)", value: value, unit: unit, qualifier: .exact, kind: kind, subject: subject,
                  part: part, context: "\(subject)\(value)\(unit)", start: 0, rule: "test")
    }
    return ReportFacts(record: record, seq: seq)
}

private func rule(_ name: String = "r", _ condition: Condition, mode: AlertMode = .level, kinds: Set<FigureKind> = [],
                  subject: String? = nil, unit: String? = nil, hysteresis: Double = 0) -> Rule {
    var r = Rule(name: name, condition: condition)
    r.mode = mode
    r.kinds = kinds
    r.subject = subject
    r.unit = unit
    r.hysteresis = hysteresis
    return r
}

/// Plays reports in arrival order, as the daemon does, and collects what it would say.
private func play(_ rules: [Rule], _ reports: [ReportFacts]) -> [AlertEvent] {
    var active: [String: AlertInstance] = [:]
    var said: [AlertEvent] = []
    for i in reports.indices {
        let events = AlertEngine.difference(AlertEngine.evaluate(rules: rules, reports: Array(reports[...i])), active: active)
        for e in events {
            said.append(e)
            active[e.instance.id] = e.state == .firing ? e.instance : nil
        }
    }
    return said
}

@Suite struct AlertEngineTests {
    let negativeGrowth = rule("negative-growth", .below(0, inclusive: false), kinds: [.growth])

    @Test func thresholdsAtAboveAndBelowTheLine() {
        let strict = rule("r", .below(100, inclusive: false), subject: "*完成率*")
        let inclusive = rule("r", .below(100, inclusive: true), subject: "*完成率*")
        for (value, strictFires, inclusiveFires) in [(99.9, true, true), (100.0, false, true), (100.1, false, false)] {
            let r = report(2022, seq: 1, [("任务完成率", value, "%", .percent)])
            #expect(!AlertEngine.evaluate(rules: [strict], reports: [r]).firing.isEmpty == strictFires, "\(value) < 100")
            #expect(!AlertEngine.evaluate(rules: [inclusive], reports: [r]).firing.isEmpty == inclusiveFires, "\(value) ≤ 100")
        }
        let above = rule("r", .above(0, inclusive: false), subject: "*死亡*")
        #expect(AlertEngine.evaluate(rules: [above], reports: [report(2022, seq: 1, [("死亡人数", 2, "人", .count)])]).firing.count == 1)
        #expect(AlertEngine.evaluate(rules: [above], reports: [report(2022, seq: 1, [("死亡人数", 0, "人", .count)])]).firing.isEmpty)
    }

    @Test func zeroNegativeZeroAndFlatGrowthAreNotNegative() {
        for value in [0.0, -0.0] {
            let r = report(2022, seq: 1, [("税收收入", value, "%", .growth)])
            #expect(AlertEngine.evaluate(rules: [negativeGrowth], reports: [r]).firing.isEmpty, "growth \(value)")
        }
        // 持平 is a growth of 0 and a real value: it is not a fall, and it is not missing either.
        let inclusive = rule("r", .below(0, inclusive: true), kinds: [.growth])
        #expect(AlertEngine.evaluate(rules: [inclusive], reports: [report(2022, seq: 1, [("税收收入", 0, "%", .growth)])]).firing.count == 1)
        #expect(AlertEngine.evaluate(rules: [negativeGrowth], reports: [report(2022, seq: 1, [("税收收入", -0.1, "%", .growth)])]).firing.count == 1)
    }

    @Test func levelModeAlertsOnEveryReportBeyondTheLine() {
        let events = play([negativeGrowth], [
            report(2020, seq: 1, [("工业产值", -1, "%", .growth)]),
            report(2021, seq: 2, [("工业产值", -2, "%", .growth)]),
            report(2022, seq: 3, [("工业产值", 3, "%", .growth)]),
        ])
        #expect(events.map(\.state) == [.firing, .firing])
        #expect(events.map(\.instance.reportYear) == [2020, 2021])
        #expect(events.allSatisfy { !$0.instance.id.contains("-1") && !$0.instance.id.contains("-2") }, "the value is never in the identity")
    }

    @Test func crossingFiresOnTheTransitionAndResolvesOnTheWayBack() {
        let crossing = rule("fall", .below(0, inclusive: false), mode: .crossing, kinds: [.growth])
        let events = play([crossing], [
            report(2019, seq: 1, [("工业产值", -1, "%", .growth)]), // first report: no previous, no crossing
            report(2020, seq: 2, [("工业产值", 2, "%", .growth)]),
            report(2021, seq: 3, [("工业产值", -3, "%", .growth)]), // crosses
            report(2022, seq: 4, [("工业产值", -4, "%", .growth)]), // still below: nothing new
            report(2023, seq: 5, [("工业产值", 5, "%", .growth)]),  // back: resolved with the new value
        ])
        #expect(events.map(\.state) == [.firing, .resolved])
        #expect(events[0].instance.reportYear == 2021)
        #expect(events[0].instance.previousValue == 2 && events[0].instance.previousYear == 2020)
        #expect(events[1].instance.value == 5 && events[1].instance.reportYear == 2023)
        #expect(events[1].reason == "back within the line")
    }

    @Test func aRankThatFallsYearOnYear() {
        var fell = rule("rank-fell", .deltaAbove(0), mode: .crossing, kinds: [.rank])
        fell.parts = [.achievements]
        let events = play([fell], [
            report(2021, seq: 1, [("综合考核排名", 3, "rank", .rank)]),
            report(2022, seq: 2, [("综合考核排名", 5, "rank", .rank)]), // 3rd → 5th: fell
            report(2023, seq: 3, [("综合考核排名", 6, "rank", .rank)]), // fell again: still the same alert
            report(2024, seq: 4, [("综合考核排名", 2, "rank", .rank)]), // rose: resolved
        ])
        #expect(events.map(\.state) == [.firing, .resolved])
        #expect(events[0].instance.previousValue == 3 && events[0].instance.value == 5)
    }

    @Test func hysteresisKeepsAHoveringFigureFromFlapping() {
        let crossing = rule("fall", .below(0, inclusive: false), mode: .crossing, kinds: [.growth], hysteresis: 1)
        let events = play([crossing], [
            report(2019, seq: 1, [("产值", 2, "%", .growth)]),
            report(2020, seq: 2, [("产值", -0.5, "%", .growth)]),
            report(2021, seq: 3, [("产值", 0.5, "%", .growth)]), // within the margin: still firing
            report(2022, seq: 4, [("产值", -0.2, "%", .growth)]),
            report(2023, seq: 5, [("产值", 1.5, "%", .growth)]), // past the margin: resolved
        ])
        #expect(events.map(\.state) == [.firing, .resolved])
        #expect(events[1].instance.reportYear == 2023)
    }

    @Test func aMissingReportResolvesNothing() {
        let crossing = rule("fall", .below(0, inclusive: false), mode: .crossing, kinds: [.growth])
        let events = play([crossing], [
            report(2020, seq: 1, [("产值", 2, "%", .growth)]),
            report(2021, seq: 2, [("产值", -3, "%", .growth)]),
            report(2022, seq: 3, [("别的指标", 4, "%", .growth)]), // the subject is not reported at all
        ])
        #expect(events.map(\.state) == [.firing])
    }

    @Test func aBackFilledOldReportFiresNothingAgainstANewerOne() {
        let crossing = rule("fall", .below(0, inclusive: false), mode: .crossing, kinds: [.growth])
        // 2022 is known; then 2021 (negative) and 2020 arrive late.
        let events = play([crossing], [
            report(2022, seq: 1, [("产值", 3, "%", .growth)]),
            report(2021, seq: 2, [("产值", -2, "%", .growth)]),
            report(2020, seq: 3, [("产值", 1, "%", .growth)]),
        ])
        #expect(events.isEmpty)
        // Nor does one that arrives after a newer report resolve what the newer one says.
        let held = play([crossing], [
            report(2020, seq: 1, [("产值", 1, "%", .growth)]),
            report(2021, seq: 2, [("产值", -1, "%", .growth)]), // crosses
            report(2023, seq: 3, [("产值", -2, "%", .growth)]),
            report(2022, seq: 4, [("产值", 4, "%", .growth)]),  // back-filled: within the line, but old news
        ])
        #expect(held.map(\.state) == [.firing])
        let change = rule("halved", .changeBelow(-50), kinds: [.money])
        let late = play([change], [
            report(2022, seq: 1, [("投资", 10, "元", .money)]),
            report(2021, seq: 2, [("投资", 100, "元", .money)]), // older, larger: no "fall" against 2022
        ])
        #expect(late.isEmpty)
    }

    @Test func changeRulesNeedAPreviousNonZeroValue() {
        let halved = rule("halved", .changeBelow(-50), kinds: [.money])
        #expect(play([halved], [report(2022, seq: 1, [("投资", 10, "元", .money)])]).isEmpty, "no previous report")
        #expect(play([halved], [report(2021, seq: 1, [("投资", 0, "元", .money)]),
                                report(2022, seq: 2, [("投资", 0, "元", .money)])]).isEmpty, "0 against 0")
        #expect(play([halved], [report(2021, seq: 1, [("其他", 100, "元", .money)]),
                                report(2022, seq: 2, [("投资", 10, "元", .money)])]).isEmpty, "previous report lacks the subject")
        let fell = play([halved], [report(2021, seq: 1, [("投资", 100, "元", .money)]),
                                   report(2022, seq: 2, [("投资", 40, "元", .money)])])
        #expect(fell.count == 1)
        #expect(fell.first?.instance.change == -60)
        #expect(fell.first?.instance.previousValue == 100 && fell.first?.instance.previousYear == 2021)
    }

    @Test func percentagePointsAreNotPercent() {
        let percentFall = rule("fall", .below(0, inclusive: false), kinds: [.growth], unit: "%")
        let r = report(2022, seq: 1, [("城镇化率", -0.5, "个百分点", .growth)])
        #expect(AlertEngine.evaluate(rules: [percentFall], reports: [r]).firing.isEmpty)
        // A change rule never compares a figure in 个百分点 with one in %.
        let change = rule("change", .changeBelow(-10))
        #expect(play([change], [report(2021, seq: 1, [("城镇化率", 50, "%", .percent)]),
                                report(2022, seq: 2, [("城镇化率", 1, "个百分点", .growth)])]).isEmpty)
    }

    @Test func aCorrectedReportSupersedesAndWithdrawsWhatItNoLongerShows() {
        let events = play([negativeGrowth], [
            report(2022, seq: 1, [("税收", -5, "%", .growth)]),
            report(2022, seq: 2, [("税收", 5, "%", .growth)]), // the corrected report
        ])
        #expect(events.map(\.state) == [.firing, .resolved])
        #expect(events[1].reason?.contains("a corrected report") == true)
        // A correction that still breaches says nothing new.
        let again = play([negativeGrowth], [
            report(2022, seq: 1, [("税收", -5, "%", .growth)]),
            report(2022, seq: 2, [("税收", -4, "%", .growth)]),
        ])
        #expect(again.map(\.state) == [.firing])
    }

    @Test func replayingTheSameReportsSaysNothingTwice() {
        let reports = [report(2021, seq: 1, [("税收", -5, "%", .growth)]), report(2022, seq: 2, [("税收", -6, "%", .growth)])]
        var active: [String: AlertInstance] = [:]
        for e in play([negativeGrowth], reports) where e.state == .firing { active[e.instance.id] = e.instance }
        let evaluation = AlertEngine.evaluate(rules: [negativeGrowth], reports: reports)
        #expect(AlertEngine.difference(evaluation, active: active).isEmpty)
    }

    @Test func aZeroEventThePreviousReportClaimedAndThisOneDoesNot() {
        var missing = rule("safety", .zeroEventMissing, subject: "*事故*")
        missing.parts = [.achievements]
        let events = play([missing], [
            report(2021, seq: 1, [], zero: ["安全事故", "森林火情"]),
            report(2022, seq: 2, [], zero: ["森林火情"]),
        ])
        #expect(events.count == 1)
        #expect(events.first?.instance.subject == "安全事故")
        #expect(events.first?.instance.previousYear == 2021)
        // A plan-only report claims nothing, so it cannot drop a claim.
        #expect(play([missing], [report(2021, seq: 1, [], zero: ["安全事故"]), report(2022, seq: 2, summary: false, [])]).isEmpty)
    }

    @Test func targetsInAPlanAreNotAchievements() {
        let r = report(2023, seq: 1, [("生产总值", -1, "%", .growth)], part: .plan)
        #expect(AlertEngine.evaluate(rules: [negativeGrowth], reports: [r]).firing.isEmpty)
    }

    @Test func likePeriodsOnly() {
        let halved = rule("halved", .changeBelow(-50), kinds: [.money])
        var a = report(2021, seq: 1, [("投资", 100, "元", .money)])
        var b = report(2022, seq: 2, [("投资", 10, "元", .money)])
        a.figures[0].period = "year"
        b.figures[0].period = "1-9月"
        #expect(play([halved], [a, b]).isEmpty, "a 1-9月 figure is not compared with a full year")
        b.figures[0].period = "year"
        #expect(!play([halved], [a, b]).isEmpty, "the same period compares")
    }

    @Test func globsAndSubstrings() {
        #expect(subjectMatches("*完成率*", "年度任务完成率"))
        #expect(subjectMatches("完成率", "年度任务完成率"))
        #expect(!subjectMatches("*完成率", "完成率指标"))
        #expect(subjectMatches("固定?产投资", "固定资产投资"))
        #expect(!subjectMatches("*死亡*", "伤亡"))
        #expect(subjectMatches("*死亡*|*伤亡*", "事故伤亡人数"))
    }
}
