import Foundation
import Testing
@testable import HuibaoCore

/// The indicator catalogue as a file, and what it makes of a figure.
@Suite struct CatalogueTests {
    static let text = """
        # a comment
        [Indicator 固定资产投资]
        Alias=固投 全社会固定资产投资
        Exclude=工业投资 工业固定资产投资
        Domain=investment
        Unit=money
        Polarity=up

        [Indicator 工业投资]
        Alias=工业固定资产投资
        Domain=investment
        Unit=money
        Polarity=up

        [Indicator 规上工业增加值]
        Alias=规模以上工业增加值 规上*增加值
        Domain=industry
        Unit=money
        Polarity=up

        [Indicator 工业增加值]
        Domain=industry
        Unit=money
        Polarity=up

        [Indicator 刑事案件]
        Alias=刑事警情 刑事案件数
        Domain=public-order
        Unit=count
        Polarity=down
        """

    static func catalogue() throws -> IndicatorCatalogue {
        try IndicatorCatalogue.parse(files: [("shipped.conf", text)]).get()
    }

    @Test func theLongestAliasWinsAndLookAlikesStayOut() throws {
        let c = try Self.catalogue()
        #expect(c.match(subject: "全社会固定资产投资", unit: .money)?.name == "固定资产投资")
        #expect(c.match(subject: "工业固定资产投资", unit: .money)?.name == "工业投资", "the look-alike is its own indicator")
        #expect(c.match(subject: "规上工业增加值", unit: nil)?.name == "规上工业增加值", "a glob alias")
        #expect(c.match(subject: "规模以上工业增加值", unit: nil)?.name == "规上工业增加值")
        #expect(c.match(subject: "工业增加值", unit: nil)?.name == "工业增加值")
        #expect(c.match(subject: "刑事警情", unit: .count)?.polarity == .down)
        #expect(c.match(subject: "森林覆盖率", unit: .percent) == nil, "nothing fits: no guess")
        #expect(c.match(subject: "新增固定资产投资及工业增加值", unit: .money) == nil, "an increment is not the level")
        let shipped = ShippedCatalogue.catalogue
        #expect(shipped.match(subject: "新增市场主体", unit: .count)?.name == shipped.match(subject: "市场主体", unit: .count)?.name,
                "unless the catalogue lists the 新增 form")
        #expect(shipped.match(subject: "新增减税降费及退税缓费", unit: .money) == nil)
    }

    @Test func aLevelMustBeMeasuredInTheIndicatorsUnit() throws {
        let c = try Self.catalogue()
        #expect(c.match(subject: "固定资产投资项目", unit: .count) == nil, "12个 projects are not an investment")
        #expect(c.match(subject: "固定资产投资项目", unit: nil)?.name == "固定资产投资", "a growth fits any unit")
    }

    @Test func aUsersFileReplacesAnIndicatorWholeAndAddsNewOnes() throws {
        let mine = """
            [Indicator 刑事案件]
            Alias=刑事立案
            Domain=public-order
            Unit=count
            Polarity=down
            [Indicator 森林覆盖率]
            Domain=environment
            Unit=percent
            Polarity=up
            """
        let c = try IndicatorCatalogue.parse(files: [("shipped.conf", Self.text), ("/etc/huibao/indicators.d/local.conf", mine)]).get()
        #expect(c.indicators.count == 6)
        #expect(c.match(subject: "刑事警情", unit: .count) == nil, "the shipped aliases went with the shipped section")
        #expect(c.match(subject: "刑事立案", unit: .count)?.name == "刑事案件")
        #expect(c.match(subject: "森林覆盖率", unit: .percent)?.origin == "/etc/huibao/indicators.d/local.conf:6")
    }

    @Test func errorsNameTheFileAndTheLine() {
        let bad = """
            [Indicator 甲]
            Alias=甲乙
            Domain=weather
            Unit=money
            Polarity=up
            [Indicator 乙]
            Domain=fiscal
            Unit=coins
            Colour=red
            [Indicator 丙]
            Alias=丙丁
            Exclude=丙丁
            Domain=fiscal
            Unit=money
            Polarity=sideways
            [Indicator 甲]
            Domain=fiscal
            Unit=money
            Polarity=up
            Alias=x
            """
        guard case .failure(let e) = IndicatorCatalogue.parse(files: [("my.conf", bad)]) else {
            Issue.record("a broken catalogue parsed")
            return
        }
        let lines = e.errors.map(\.description)
        #expect(lines.contains { $0.hasPrefix("my.conf:3: [Indicator 甲] Domain=: 'weather'") })
        #expect(lines.contains { $0.hasPrefix("my.conf:6: [Indicator 乙] needs Polarity=") })
        #expect(lines.contains { $0.hasPrefix("my.conf:8: [Indicator 乙] Unit=: 'coins'") })
        #expect(lines.contains { $0.hasPrefix("my.conf:9: unknown key Colour=") })
        #expect(lines.contains { $0.hasPrefix("my.conf:12: [Indicator 丙] Exclude=: '丙丁' is also an alias") })
        #expect(lines.contains { $0.hasPrefix("my.conf:15: [Indicator 丙] Polarity=: 'sideways'") })
        #expect(lines.contains { $0.hasPrefix("my.conf:16: [Indicator 甲] defined twice") })
    }

    @Test func theShippedCatalogueIsLargeAndSound() {
        let c = ShippedCatalogue.catalogue
        #expect(c.indicators.count >= 200)
        // Every domain the issue names has indicators.
        #expect(Set(c.indicators.map(\.domain)) == Set(Domain.allCases))
        // The look-alikes the issue names stay apart.
        #expect(c.match(subject: "工业投资", unit: .money)?.name != "固定资产投资")
        #expect(c.match(subject: "一般公共预算收入", unit: .money)?.name != c.match(subject: "税收收入", unit: .money)?.name)
        #expect(c.match(subject: "一般公共预算收入", unit: .money)?.name != c.match(subject: "财政总收入", unit: .money)?.name)
        #expect(c.match(subject: "规上工业总产值", unit: .money)?.name != c.match(subject: "规上工业增加值", unit: .money)?.name)
        for (subject, polarity) in [("刑事警情", Polarity.down), ("信访总量", .down), ("PM2.5平均浓度", .down), ("三公经费支出", .down),
                                    ("生产安全事故起数", .down), ("固定资产投资", .up), ("一般公共预算收入", .up), ("城镇居民人均可支配收入", .up)] {
            #expect(c.match(subject: subject, unit: nil)?.polarity == polarity, "\(subject)")
        }
    }
}

/// A figure's measure, period and direction, from its sentence.
@Suite struct FigureMeaningTests {
    func meaning(_ sentence: String, title: String = "某街道2023年工作总结", plan: Bool = false) throws -> [Figure] {
        let head = title + "\n" + (plan ? "二、2024年工作计划\n" : "一、2023年工作回顾\n")
        let record = try ReportParser.parse(bytes: Array((head + sentence + "\n").utf8), fileName: "m.txt",
                                            catalogue: try CatalogueTests.catalogue())
        return record.figures
    }

    @Test func growthWithItsBaselineAndDirection() throws {
        let f = try meaning("全社会固定资产投资69.69亿元，同比下降5.7%；刑事警情同比下降18.2%。")
        let investment = try #require(f.first { $0.text == "5.7%" })
        #expect(investment.indicator == "固定资产投资" && investment.measure == .growth && investment.baseline == "同比")
        #expect(investment.direction == .worse, "an up indicator that fell")
        let crime = try #require(f.first { $0.text == "18.2%" })
        #expect(crime.indicator == "刑事案件" && crime.direction == .better, "a down indicator that fell is good news")
        let level = try #require(f.first { $0.text == "69.69亿元" })
        #expect(level.measure == .level && level.period == "year" && level.direction == nil)
    }

    @Test func periodsFromTheSentenceElseTheReport() throws {
        let f = try meaning("1-9月，完成固定资产投资3.2亿元；上半年工业增加值1.1亿元。累计完成投资12亿元。")
        #expect(f.first { $0.text == "3.2亿元" }?.period == "Q1-Q3")
        #expect(f.first { $0.text == "1.1亿元" }?.period == "H1")
        #expect(f.first { $0.text == "12亿元" }?.period == "cumulative")
        let half = try meaning("完成固定资产投资1.86亿元，完成全年目标的52%。", title: "某乡2024年上半年工作总结")
        #expect(half.first { $0.text == "1.86亿元" }?.period == "H1", "a half-year report's figures are H1")
        let progress = try #require(half.first { $0.text == "52%" })
        #expect(progress.measure == .completion && progress.period == "H1" && progress.direction == nil,
                "half a year's progress to the full-year target is not news")
        #expect(try meaning("一年来，完成固定资产投资3亿元。").first?.period == "year")
    }

    @Test func aPeriodAtTheHeadOfAParagraphGovernsItsSentences() throws {
        let f = try meaning("1-6月，全乡财政总收入238万元；民间投资1130万元，完成年度任务35.3%；固定资产投资4084万元，完成年度任务58.3%。")
        let completion = try #require(f.first { $0.text == "58.3%" })
        #expect(completion.period == "H1" && completion.direction == nil, "half a year's progress, however the report is titled")
        let plan = try meaning("2021年是“十四五”规划开局之年。完成固定资产投资3亿元。五年来，地区生产总值由74亿元增至105亿元，累计完成投资300亿元。")
        #expect(plan.first { $0.text == "3亿元" }?.period == "year", "the first year of a plan is one year")
        #expect(plan.first { $0.text == "105亿元" }?.period == "year", "a level reached at the end of a span is that year's")
        #expect(plan.first { $0.text == "300亿元" }?.period == "cumulative")
    }

    @Test func aShortfallAgainstItsTargetIsBadNewsNotATarget() throws {
        let f = try meaning("工业增加值同比增长3.2%，塌目标1.8个百分点；固定资产投资同比增长6%，高于目标2.1个百分点。")
        let short = try #require(f.first { $0.text == "1.8个百分点" })
        #expect(short.measure == .growth && short.direction == .worse && short.subject == "工业增加值")
        let over = try #require(f.first { $0.text == "2.1个百分点" })
        #expect(over.measure == .growth && over.direction == .better)
    }

    @Test func completionTargetRankAndShare() throws {
        let f = try meaning("固定资产投资完成年度目标的92%，排名全区第4，第三产业占比45%，力争全年实现工业增加值5亿元。")
        let completion = try #require(f.first { $0.text == "92%" })
        #expect(completion.measure == .completion && completion.direction == .worse)
        #expect(f.first { $0.text == "第4" }?.measure == .rank)
        #expect(f.first { $0.text == "45%" }?.measure == .share)
        #expect(f.first { $0.text == "5亿元" }?.measure == .target)
        let plan = try meaning("固定资产投资增长8%左右。", plan: true)
        #expect(plan.first?.measure == .target && plan.first?.direction == nil, "a plan's figure is a target: no news yet")
    }

    @Test func aTargetAmountAndItsCompletionBelongToTheFigureBefore() throws {
        let f = try meaning("完成固定资产投资14.89亿元，完成年初镇人代会计划14.70亿元的101.29%。工业增加值突破500亿大关，达到553.6亿元。")
        let target = try #require(f.first { $0.text == "14.70亿元" })
        #expect(target.indicator == "固定资产投资" && target.measure == .target)
        let completion = try #require(f.first { $0.text == "101.29%" })
        #expect(completion.indicator == "固定资产投资" && completion.measure == .completion && completion.direction != .worse)
        let reached = try #require(f.first { $0.text == "553.6亿元" })
        #expect(reached.indicator == "工业增加值" && reached.measure == .level, "a bare 达到 goes on the clause before")
    }

    @Test func aSchemaOneRecordIsReadAndUpgraded() throws {
        var record = try ReportParser.parse(bytes: Array("某街道2023年工作总结\n一、工作回顾\n固定资产投资同比下降5.7%。\n".utf8),
                                            fileName: "o.txt", catalogue: try CatalogueTests.catalogue())
        // Schema 1 as an older huibao wrote it: figures under `indicators`, no meaning, no issuer key.
        var line = record.jsonLine().replacingOccurrences(of: "\"figures\":", with: "\"indicators\":")
            .replacingOccurrences(of: "\"schema\":2", with: "\"schema\":1")
        for key in ["indicator", "domain", "measure", "baseline", "period", "polarity", "direction", "issuer_key", "report_period"] {
            line = line.replacingOccurrences(of: #","\#(key)":"[^"]*""#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #","\#(key)":null"#, with: "", options: .regularExpression)
        }
        #expect(!line.contains("\"measure\""))
        let old = try JSONDecoder().decode(Record.self, from: Data(line.utf8))
        #expect(old.schema == 1 && old.figures.count == 1 && old.figures[0].indicator == nil)
        let upgraded = old.upgraded(catalogue: try CatalogueTests.catalogue())
        record.schema = 2
        #expect(upgraded.figures[0].indicator == "固定资产投资" && upgraded.figures[0].direction == .worse)
        #expect(upgraded.issuer_key == record.issuer_key)
    }
}
