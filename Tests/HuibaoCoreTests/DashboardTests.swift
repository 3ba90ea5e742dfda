import Foundation
import Testing
@testable import HuibaoCore

/// A dashboard's data made by hand, shared by the page tests and the browser tests.
enum DashboardSample {
    typealias D = DashboardData

    static func point(_ year: Int, _ value: Double, _ text: String, report: String, figure: Int, context: String? = nil) -> D.Point {
        D.Point(year: year, value: value, text: text, context: context ?? "全年完成\(text)", report: report, figure: figure)
    }

    static func sha(_ n: Int) -> String { String(repeating: String(n % 10), count: 64) }

    static var data: D {
        // 马峦: four years of investment, its 2024 growth target missed; a report whose title is
        // markup and a clause with every character HTML escapes.
        let investment = D.Series(
            indicator: "固定资产投资", measure: "level", unit: "元", polarity: "up",
            points: [point(2021, 5.1e9, "51亿元", report: sha(1), figure: 0), point(2022, 6.0e9, "60亿元", report: sha(2), figure: 0),
                     point(2023, 6.969e9, "69.69亿元", report: sha(3), figure: 0, context: "完成“三旧”改造 & <投资> \"69.69亿元\" 'x'"),
                     point(2024, 7.21e9, "72.1亿元", report: sha(4), figure: 0)],
            targets: [D.TargetView(indicator: "固定资产投资", measure: "level", year: 2024, outcome: "missed",
                                   target: point(2024, 7.5e9, "75亿元", report: sha(3), figure: 5, context: "固定资产投资力争达到75亿元"),
                                   actual: point(2024, 7.21e9, "72.1亿元", report: sha(4), figure: 0), shortfall: "2.9亿元")])
        let growth = D.Series(
            indicator: "固定资产投资", measure: "growth", unit: "%", polarity: "up",
            points: [point(2022, 17.6, "17.6%", report: sha(2), figure: 1), point(2023, 16.2, "16.2%", report: sha(3), figure: 1),
                     point(2024, -3.5, "-3.5%", report: sha(4), figure: 1)],
            targets: [])
        let revenue = D.Series(
            indicator: "一般公共预算收入", measure: "level", unit: "元", polarity: "up",
            points: [point(2023, 2.05e8, "2.05亿元", report: sha(3), figure: 2), point(2024, 2.2e8, "2.2亿元", report: sha(4), figure: 2)],
            targets: [D.TargetView(indicator: "一般公共预算收入", measure: "level", year: 2024, outcome: "met",
                                   target: point(2024, 2.1e8, "2.1亿元", report: sha(3), figure: 6), actual: point(2024, 2.2e8, "2.2亿元", report: sha(4), figure: 2),
                                   shortfall: nil)])
        func report(_ n: Int, _ year: Int, title: String) -> D.ReportRef {
            D.ReportRef(sha256: sha(n), file: "\(year).txt", title: title, year: year, kinds: ["summary", "plan"],
                        figures: (0..<7).map { D.FigureRef(text: "\($0)亿元", subject: "固定资产投资", indicator: "固定资产投资", measure: "level",
                                                             period: "year", context: "完成“三旧”改造 & <投资> \"\($0)\"", index: $0) })
        }
        let maluan = D.IssuerView(
            key: "马峦街道", name: "深圳市坪山区马峦街道办事处（马峦街道党工委）", level: "subdistrict",
            reports: [report(4, 2024, title: "马峦街道2024年工作总结"), report(3, 2023, title: "<script>alert(1)</script>"),
                      report(2, 2022, title: "马峦街道2022年工作总结"), report(1, 2021, title: "马峦街道2021年工作总结")],
            alerts: [D.AlertView(rule: "target-missed", severity: "warning",
                                 message: "alert target-missed: 马峦街道办事处 2024 固定资产投资 7210000000 元: missed the plan's target of 75亿元 by 2.9亿元",
                                 year: 2024, context: "全年完成固定资产投资72.1亿元", report: sha(4), figure: 0)],
            series: [investment, growth, revenue])
        let longName = String(repeating: "超长名称", count: 20) + "镇人民政府"
        let other = D.IssuerView(
            key: longName, name: longName, level: "town",
            reports: [report(5, 2024, title: String(repeating: "长标题", count: 40))], alerts: [],
            series: [D.Series(indicator: "固定资产投资", measure: "level", unit: "元", polarity: "up",
                              points: [point(2024, 1e8, "1亿元", report: sha(5), figure: 0)], targets: [])])
        return D(generated: "2026-12-07 10:00 UTC", issuers: [maluan, other], indicators: [
            D.IndicatorView(name: "固定资产投资", domain: "investment", polarity: "up",
                            issuers: [(maluan.key, maluan.name, investment), (other.key, other.name, other.series[0])]),
            D.IndicatorView(name: "一般公共预算收入", domain: "fiscal", polarity: "up", issuers: [(maluan.key, maluan.name, revenue)]),
        ])
    }
}

@Suite struct DashboardTests {
    let pages = Dictionary(uniqueKeysWithValues: Dashboard.render(DashboardSample.data).map { ($0.path, $0.html) })

    @Test func thePagesOfTheSite() {
        let maluan = "issuer/" + Dashboard.id("马峦街道") + ".html"
        #expect(pages["index.html"] != nil && pages["style.css"] != nil && pages[maluan] != nil)
        #expect(pages["indicator/" + Dashboard.id("固定资产投资") + ".html"] != nil)
        // One page of reports per issuer (not a file per report), a section per report on it.
        #expect(pages.keys.filter { $0.hasPrefix("report/") }.count == DashboardSample.data.issuers.count)
        for issuer in DashboardSample.data.issuers {
            let reports = pages[Dashboard.reportsPath(issuer.key, page: 0)] ?? ""
            #expect(reports.components(separatedBy: "<section class=\"report\"").count - 1 == issuer.reports.count)
            for r in issuer.reports { #expect(reports.contains("id=\"r\(r.sha256.prefix(16))\""), "\(r.file)") }
        }
        #expect(Dashboard.render(DashboardSample.data).map(\.html) == Dashboard.render(DashboardSample.data).map(\.html), "deterministic")
    }

    @Test func chartsHaveAPointPerFigureAndTheMissedTargetMarked() throws {
        let page = try #require(pages["issuer/" + Dashboard.id("马峦街道") + ".html"])
        let charts = page.components(separatedBy: "<svg class=\"chart\"").dropFirst()
        #expect(charts.map { $0.components(separatedBy: "<circle class=\"point\"").count - 1 } == [4, 3, 2])
        #expect(page.components(separatedBy: "class=\"target missed\"").count == 2, "one missed target on the charts")
        #expect(page.contains("未完成 missed") && page.contains("2.9亿元"))
    }

    @Test func everythingFromAReportIsEscaped() {
        for (path, html) in pages where path.hasSuffix(".html") {
            #expect(!html.contains("<script"), "\(path)")
            #expect(!html.contains("<投资>"), "\(path)")
        }
        let report = pages[Dashboard.reportsPath("马峦街道", page: 0)] ?? ""
        #expect(report.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(report.contains("&amp; &lt;投资&gt; &quot;"))
    }

    /// An issuer's reports go by twenties onto pages counted from the oldest, so a new report
    /// changes only the last page; every figure's link finds its report's page.
    @Test func reportsByTwentiesOldestFirst() {
        var data = DashboardSample.data
        let template = data.issuers[0].reports[0]
        data.issuers[0].reports = (0..<45).reversed().map { k in
            var r = template
            r.sha256 = String(format: "%064x", k + 100)
            r.file = "report-\(k).txt"
            return r
        }
        let point = DashboardSample.point(2024, 1, "1亿元", report: String(format: "%064x", 100 + 3), figure: 2)
        data.issuers[0].series = [DashboardData.Series(indicator: "固定资产投资", measure: "level", unit: "元", polarity: "up",
                                                       points: [point], targets: [])]
        data.issuers[0].alerts = []
        let rendered = Dictionary(uniqueKeysWithValues: Dashboard.render(data).map { ($0.path, $0.html) })
        let key = data.issuers[0].key
        #expect(rendered.keys.filter { $0.hasPrefix("report/" + Dashboard.id(key)) }.sorted()
                == (0..<3).map { Dashboard.reportsPath(key, page: $0) })
        let first = rendered[Dashboard.reportsPath(key, page: 0)] ?? ""
        let last = rendered[Dashboard.reportsPath(key, page: 2)] ?? ""
        #expect(first.components(separatedBy: "<section class=\"report\"").count - 1 == 20)
        #expect(first.contains("report-0.txt") && first.contains("report-19.txt") && !first.contains("report-20.txt"))
        #expect(last.components(separatedBy: "<section class=\"report\"").count - 1 == 5)
        // Newest first on a page.
        #expect(last.range(of: "report-44.txt")!.lowerBound < last.range(of: "report-40.txt")!.lowerBound)
        let issuerPage = rendered["issuer/" + Dashboard.id(key) + ".html"] ?? ""
        #expect(issuerPage.contains("../" + Dashboard.reportsPath(key, page: 0) + "#r" + String(format: "%064x", 103).prefix(16) + "-f2"))
    }

    /// Every link leads to a page of the site, and a link to a place on a page (a report, a
    /// figure) to an element of that page with that id.
    @Test func everyLinkLeadsToAPageOfTheSite() {
        var fragments = 0
        for (path, html) in pages where path.hasSuffix(".html") {
            let folder = path.contains("/") ? String(path.split(separator: "/")[0]) + "/" : ""
            for piece in html.components(separatedBy: "href=\"").dropFirst() {
                let link = piece.prefix { $0 != "\"" }
                let href = String(link.prefix { $0 != "#" })
                var target = folder + href
                if href.hasPrefix("../") { target = String(href.dropFirst(3)) }
                #expect(pages[target] != nil, "\(path) links to \(href)")
                if let hash = link.firstIndex(of: "#") {
                    fragments += 1
                    #expect(pages[target]?.contains("id=\"\(link[link.index(after: hash)...])\"") == true, "\(path) links to \(link)")
                }
            }
        }
        #expect(fragments > 20, "the numbers link to their figures")
    }
}
