import Foundation
import Testing
@testable import HuibaoCore

/// Rules that read meaning: Worse=yes and the selectors, keyed on (issuer_key, indicator,
/// measure, period), over reports parsed from their text.
@Suite struct WorseRuleTests {
    func report(_ title: String, _ body: String, seq: Int, catalogue: IndicatorCatalogue? = nil) throws -> ReportFacts {
        let text = title + "\n一、工作回顾\n" + body + "\n"
        let record = try ReportParser.parse(bytes: Array(text.utf8), fileName: "\(seq).txt",
                                            catalogue: try catalogue ?? CatalogueTests.catalogue())
        return ReportFacts(record: record, seq: seq)
    }

    func rules(_ text: String, catalogue: IndicatorCatalogue? = nil) throws -> [Rule] {
        var config = try Configuration.parse(text).get()
        config.catalogue = try catalogue ?? CatalogueTests.catalogue()
        #expect(config.unknownIndicators().isEmpty)
        return config.rules
    }

    func fired(_ rules: [Rule], _ reports: [ReportFacts]) -> [AlertInstance] {
        AlertEngine.evaluate(rules: rules, reports: reports).firing.values.sorted { $0.id < $1.id }
    }

    @Test func badNewsFiresGoodNewsDoesNot() throws {
        let r = try rules("[Rule growth-worse]\nMeasure=growth\nWorse=yes\n")
        let good = try report("马峦街道2023年工作总结", "刑事警情同比下降18.2%，全社会固定资产投资同比增长5.7%。", seq: 1)
        #expect(fired(r, [good]).isEmpty, "a fall of crime and a rise of investment are good news")
        let bad = try report("马峦街道2023年工作总结", "刑事警情同比上升12%，全社会固定资产投资同比下降3.1%。", seq: 1)
        let alerts = fired(r, [bad])
        #expect(Set(alerts.compactMap(\.indicator)) == ["刑事案件", "固定资产投资"])
        #expect(alerts.allSatisfy { $0.direction == .worse })
    }

    @Test func yearsCompareUnderTheIndicatorWhateverTheWordingAndTheBody() throws {
        let r = try rules("[Rule worse-than-last-year]\nMeasure=level\nPolarity=up down\nWorse=yes\n")
        let y2022 = try report("马峦街道办事处2022年工作总结", "完成全社会固定资产投资69.69亿元。刑事案件数52起。", seq: 1)
        let y2023 = try report("马峦街道党工委2023年工作总结", "固投60.1亿元。刑事警情40起。", seq: 2)
        #expect(y2022.issuer == y2023.issuer, "办事处 and 党工委 of one place are one issuer")
        let alerts = fired(r, [y2022, y2023])
        #expect(alerts.count == 1, "\(alerts.map(\.id))")
        let a = try #require(alerts.first)
        #expect(a.indicator == "固定资产投资" && a.previousValue == 6_969_000_000 && a.previousYear == 2022)
        #expect(a.change == -13.76)
    }

    @Test func aFirstHalfIsNeverComparedWithAFullYear() throws {
        let r = try rules("[Rule worse-than-last-year]\nMeasure=level\nWorse=yes\n")
        let year = try report("马峦街道2022年工作总结", "完成全社会固定资产投资69.69亿元。", seq: 1)
        let half = try report("马峦街道2023年上半年工作总结", "完成全社会固定资产投资30亿元。", seq: 2)
        #expect(fired(r, [year, half]).isEmpty)
    }

    @Test func selectorsByIndicatorDomainMeasureAndPeriod() throws {
        let reports = [try report("马峦街道2023年工作总结", "工业固定资产投资同比下降4%，刑事警情同比上升3%，1-9月规上工业增加值同比下降2%。", seq: 1)]
        #expect(fired(try rules("[Rule a]\nIndicator=工业投资\nWorse=yes\n"), reports).compactMap(\.indicator) == ["工业投资"])
        #expect(fired(try rules("[Rule a]\nIndicator=*投资\nWorse=yes\n"), reports).compactMap(\.indicator) == ["工业投资"])
        #expect(fired(try rules("[Rule a]\nDomain=public-order\nWorse=yes\n"), reports).compactMap(\.indicator) == ["刑事案件"])
        #expect(fired(try rules("[Rule a]\nPeriod=Q1-Q3\nWorse=yes\n"), reports).compactMap(\.indicator) == ["规上工业增加值"])
        #expect(fired(try rules("[Rule a]\nPeriod=year\nMeasure=growth\nPolarity=up\nWorse=yes\n"), reports).compactMap(\.indicator) == ["工业投资"])
    }

    @Test func withoutAnIndicatorTheSubjectStandsIn() throws {
        let r = try rules("[Rule halved]\nKind=money\nChangeBelow=-50\n")
        let a = try report("马峦街道2022年工作总结", "发放养老补贴100万元。", seq: 1)
        let b = try report("马峦街道2023年工作总结", "发放养老补贴40万元。", seq: 2)
        let alert = try #require(fired(r, [a, b]).first)
        #expect(alert.indicator == nil && alert.subject.contains("养老补贴"))
    }

    @Test func newKeysAreCheckedWhenRead() {
        func error(_ text: String) -> String { (try? Configuration.parse(text).get()).map { _ in "" } ?? "\(Configuration.parse(text))" }
        #expect(error("[Rule a]\nWorse=no\n").contains("Worse=: 'no' must be yes"))
        #expect(error("[Rule a]\nWorse=yes\nPeriod=spring\n").contains("'spring' is not a period"))
        #expect(error("[Rule a]\nWorse=yes\nMeasure=size\n").contains("'size' is not one of"))
        #expect(error("[Rule a]\nWorse=yes\nDomain=weather\n").contains("'weather' is not one of"))
        #expect(error("[Rule a]\nZeroEventMissing=yes\nIndicator=固定资产投资\n").contains("zero-events have no indicator"))
        #expect(error("[Rule a]\nWorse=yes\nBelow=0\n").contains("draws more than one line"))
        var config = try! Configuration.parse("[Rule a]\n\nIndicator=固定资产投资 固定资产投资额\nWorse=yes\n").get()
        config.catalogue = try! CatalogueTests.catalogue()
        #expect(config.unknownIndicators().map(\.description) == ["line 3: [Rule a] Indicator=: '固定资产投资额' is not in the indicator catalogue"])
    }

    /// The shipped rules with the shipped catalogue: the good news the issue's user met fires
    /// nothing; the bad news does.
    @Test func theShippedRulesAlertOnBadNewsOnly() throws {
        let root = GoldScoreTests.root
        let shipped = try rules(String(contentsOf: root.appendingPathComponent("Config/huibao.conf"), encoding: .utf8),
                                catalogue: ShippedCatalogue.catalogue)
        let good = try report("青石镇2023年工作总结", """
            刑事警情同比下降18.2%，交通事故死亡人数同比下降36.6%，信访总量同比减少31.2%。
            PM2.5平均浓度同比下降7.1%，三公经费支出同比下降11.6%，生产安全事故起数同比下降21.4%，一般性支出压减10%。
            一般公共预算收入同比增长6.5%，城镇居民人均可支配收入同比增长5.2%。
            """, seq: 1, catalogue: ShippedCatalogue.catalogue)
        let goodAlerts = fired(shipped, [good])
        #expect(goodAlerts.isEmpty, "\(goodAlerts.map { "\($0.rule) \($0.subject) \($0.value ?? 0)" })")
        let bad = try report("青石镇2023年工作总结", "生猪出栏同比下降9.6%，一般公共预算收入同比下降4.2%，刑事警情同比上升12%。",
                             seq: 1, catalogue: ShippedCatalogue.catalogue)
        #expect(fired(shipped, [bad]).count == 3, "\(fired(shipped, [bad]).map(\.subject))")
    }
}
