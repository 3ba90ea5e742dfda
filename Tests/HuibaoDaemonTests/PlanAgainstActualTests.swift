import Foundation
import Glibc
import Testing

/// Plan against actual as a watcher meets it: the plan and the summary dropped into huibaod's
/// inbox (in either order), the missed target in its journal with both clauses, `huibao targets`
/// and `huibao trend` over its store, and the dashboard it keeps (Dashboard=).
@Suite(.serialized) struct PlanAgainstActualTests {
    static let plan = """
        马峦街道2023年工作总结和2024年工作计划
        一、2023年工作回顾
        全年完成固定资产投资69.69亿元，同比增长5.7%。一般公共预算收入2.05亿元。
        二、2024年工作计划
        2024年，固定资产投资增长8%左右，一般公共预算收入力争达到2.1亿元，新增就业岗位500个。
        """
    static let summary = """
        马峦街道办事处2024年工作总结
        一、2024年工作回顾
        全年完成固定资产投资72.1亿元，同比增长3.5%。一般公共预算收入2.2亿元，同比增长7.3%。
        """

    func run(_ first: (String, String), _ second: (String, String)) throws -> (TestSite, DaemonUnderTest) {
        let site = TestSite()
        site.writeConfig("Dashboard=\(site.root)/dashboard\n[Rule target-missed]\nTargetMissed=yes\n")
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        site.deliver(first.0, Data(first.1.utf8))
        #expect(Harness.waitUntil { site.names(site.processed).count == 1 })
        site.deliver(second.0, Data(second.1.utf8))
        #expect(Harness.waitUntil { site.names(site.processed).count == 2 })
        return (site, d)
    }

    @Test(arguments: [false, true])
    func aMissedTargetAlertsWithBothClausesWhicheverArrivesFirst(summaryFirst: Bool) throws {
        let plan = ("plan-2024.txt", Self.plan), summary = ("summary-2024.txt", Self.summary)
        let (site, d) = try run(summaryFirst ? summary : plan, summaryFirst ? plan : summary)
        let alert = try #require(d.waitForJournal { $0["MESSAGE_ID"] as? String == alertFiring && $0["HUIBAO_RULE"] as? String == "target-missed" })
        #expect(alert["HUIBAO_INDICATOR"] as? String == "固定资产投资")
        #expect(alert["HUIBAO_VALUE"] as? String == "3.5" && alert["HUIBAO_TARGET"] as? String == "8")
        #expect(alert["HUIBAO_TARGET_CONTEXT"] as? String == "固定资产投资增长8%左右", "the plan's clause")
        #expect(alert["HUIBAO_CONTEXT"] as? String == "同比增长3.5%", "the summary's clause")
        #expect((alert["MESSAGE"] as? String)?.contains("missed the plan's target of 8% by 4.5%") == true)
        // Only the missed one: 一般公共预算收入 met its 2.1亿元, 新增就业岗位 is not reported.
        #expect(d.journal().filter { $0["HUIBAO_RULE"] as? String == "target-missed" }.count == 1)

        let listed = ChildProcess.run([Harness.huibao, "targets", "--json", "--config", site.config, "--state", site.state])
        #expect(listed.status == 0)
        let rows = listed.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let outcomes = Dictionary(uniqueKeysWithValues: rows.map { ("\($0["indicator"]!)|\($0["measure"]!)", $0["outcome"] as? String ?? "") })
        #expect(outcomes == ["固定资产投资|growth": "missed", "一般公共预算收入|level": "met", "新增就业岗位|level": "not reported"])
        let missed = ChildProcess.run([Harness.huibao, "targets", "--missed", "--config", site.config, "--state", site.state])
        #expect(missed.output.contains("固定资产投资") && !missed.output.contains("一般公共预算收入"), "\(missed.output)")
        #expect(ChildProcess.run([Harness.huibao, "targets", "--year", "1999", "--config", site.config, "--state", site.state]).status == 1)

        let trend = ChildProcess.run([Harness.huibao, "trend", "--indicator", "固定资产投资", "--json", "--config", site.config, "--state", site.state])
        let points = trend.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["measure"] as? String == "level" }
        #expect(points.map { $0["year"] as? Int } == [2023, 2024])
        #expect(points.last?["computed_change"] as? Double == 3.46, "72.1 against 69.69")
        #expect(points.last?["stated_growth"] as? Double == 3.5 && points.last?["differs"] as? Bool == false, "within the rounding")

        // The dashboard huibaod keeps: written after the batch, no half-written page left behind.
        let dash = site.root + "/dashboard"
        #expect(Harness.waitUntil { (try? String(contentsOfFile: dash + "/index.html", encoding: .utf8))?.contains("马峦街道") == true })
        let all = FileManager.default.enumerator(atPath: dash)?.allObjects as? [String] ?? []
        #expect(!all.contains { $0.hasSuffix(".tmp") }, "\(all)")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    /// Reports dropped one after another while the dashboard is being rewritten: the refreshes are
    /// spaced out, and the one asked for last still comes, so the site ends up with every issuer.
    @Test func aBurstOfReportsEndsUpOnTheDashboard() throws {
        let site = TestSite()
        site.writeConfig("Dashboard=\(site.root)/dashboard\n")
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        let places = ["青山", "白云", "东湖", "西岭", "南沙", "北港", "金田", "银河", "松岗", "柳林", "桃源", "梅林"]
        for (i, place) in places.enumerated() {
            site.deliver("r\(i).txt", Data("\(place)街道2024年工作总结\n一、工作回顾\n全年完成固定资产投资\(50 + i)亿元。\n".utf8))
        }
        #expect(Harness.waitUntil { site.names(site.processed).count == places.count })
        let index = site.root + "/dashboard/index.html"
        #expect(Harness.waitUntil {
            let page = (try? String(contentsOfFile: index, encoding: .utf8)) ?? ""
            return places.allSatisfy { page.contains($0 + "街道") }
        })
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func aRevisedBaselineIsSaid() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        site.deliver("2023.txt", Data("青山街道2023年工作总结\n一、工作回顾\n全年完成固定资产投资50亿元。\n".utf8))
        #expect(Harness.waitUntil { site.names(site.processed).count == 1 })
        site.deliver("2024.txt", Data("青山街道2024年工作总结\n一、工作回顾\n全年完成固定资产投资52亿元，同比增长10.2%。\n".utf8))
        #expect(Harness.waitUntil { site.names(site.processed).count == 2 })
        let trend = ChildProcess.run([Harness.huibao, "trend", "--indicator", "固定资产投资", "--config", site.config, "--state", site.state])
        #expect(trend.status == 0)
        #expect(trend.output.contains("+4 %") && trend.output.contains("+10.2 %") && trend.output.contains("a revised baseline?"), "\(trend.output)")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }
}
