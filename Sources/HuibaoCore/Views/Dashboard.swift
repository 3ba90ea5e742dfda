// The dashboard's pages, from DashboardData: HTML, one stylesheet and inline SVG charts written
// here. No script, nothing fetched from elsewhere; everything from a report is escaped. Paths:
// index.html, issuer/ID.html, indicator/ID.html, report/ID-K.html, style.css, where an ID is the
// first 16 hex digits of the SHA-256 of the issuer's key or the indicator's name (file-name safe
// for any Chinese name, the same on every run). report/ID-K.html holds issuer ID's reports by
// twenties, oldest first (K = 0 the first twenty, so a new report changes only the last page),
// a section each (#rSHA, the report's first 16 hex digits) with a row per figure (#rSHA-fN).
// A page per report made a store of 100,000 reports a site of 100,000 files, and creating them
// took more time than the HTML (ext4 inode allocation); a page per issuer could grow unbounded.

public enum Dashboard {
    public static func render(_ data: DashboardData) -> [(path: String, html: String)] {
        (0..<groupCount(data)).flatMap { render(data, group: $0) }
    }

    /// The pages come in groups that are rendered apart (side by side, and written as they
    /// come, not held all at once): group 0 the overview, the stylesheet and the indicator
    /// pages, group 1 + k the pages of issuer k.
    public static func groupCount(_ data: DashboardData) -> Int { 1 + data.issuers.count }

    public static func render(_ data: DashboardData, group: Int) -> [(path: String, html: String)] {
        guard group > 0 else {
            let places = ReportPlaces(data.issuers)
            return [("style.css", style), ("index.html", overview(data, places))]
                + data.indicators.map { ("indicator/\(id($0.name)).html", indicatorPage($0, data, places)) }
        }
        let issuer = data.issuers[group - 1]
        let places = ReportPlaces([issuer])
        var pages = [("issuer/\(id(issuer.key)).html", issuerPage(issuer, data, places))]
        let oldestFirst = Array(issuer.reports.reversed())
        for k in stride(from: 0, to: oldestFirst.count, by: reportsPerPage) {
            let part = oldestFirst[k..<min(k + reportsPerPage, oldestFirst.count)]
            pages.append((reportsPath(issuer.key, page: k / reportsPerPage), reportsPage(issuer, Array(part.reversed()))))
        }
        return pages
    }

    static let reportsPerPage = 20

    static func id(_ key: String) -> String { String(SHA256.hex(Array(key.utf8)).prefix(16)) }
    /// Page `page` of an issuer's reports.
    static func reportsPath(_ issuer: String, page: Int) -> String { "report/\(id(issuer))-\(page).html" }

    /// Which page of reports each report is on, by its SHA-256.
    struct ReportPlaces {
        private var path: [String: String] = [:]

        init(_ issuers: [DashboardData.IssuerView]) {
            for i in issuers {
                for (k, r) in i.reports.enumerated() {
                    path[r.sha256] = reportsPath(i.key, page: (i.reports.count - 1 - k) / reportsPerPage)
                }
            }
        }

        /// A report's place on its page, and a figure's (figure `nil`: the report's head). A report
        /// no issuer lists (none should be) links to the overview.
        func link(_ sha256: String, figure: Int? = nil) -> String {
            guard let page = path[sha256] else { return "index.html" }
            return "\(page)#r\(sha256.prefix(16))" + (figure.map { "-f\($0)" } ?? "")
        }

        /// A point's link from a page one folder down: its report, at the figure.
        func link(_ p: DashboardData.Point) -> String { "../" + link(p.report, figure: p.figure) }
    }

    // MARK: pages

    static func overview(_ data: DashboardData, _ places: ReportPlaces) -> String {
        var h = HTML()
        h.raw("<h1>汇报 huibao</h1><p class=\"meta\">")
        h.text("\(data.issuers.count) issuers, \(data.issuers.reduce(0) { $0 + $1.reports.count }) reports · \(data.generated)")
        h.raw("</p><h2>Issuers</h2><div class=\"scroll\"><table><thead><tr><th>issuer</th><th>level</th><th>latest report</th><th>alerts</th><th>targets missed</th></tr></thead><tbody>")
        for i in data.issuers {
            let missed = i.targets.filter { $0.outcome == "missed" }.count
            h.raw("<tr><td><a href=\"issuer/\(id(i.key)).html\">"); h.text(i.name); h.raw("</a></td><td>"); h.text(i.level)
            h.raw("</td><td>")
            if let r = i.reports.first {
                h.raw("<a href=\"\(places.link(r.sha256))\">"); h.text((r.year.map { "\($0) " } ?? "") + (r.title ?? r.file)); h.raw("</a>")
            }
            h.raw("</td><td class=\"num\(i.alerts.isEmpty ? "" : " bad")\">\(i.alerts.count)</td><td class=\"num\(missed == 0 ? "" : " bad")\">\(missed)</td></tr>")
        }
        h.raw("</tbody></table></div>")
        let alerts = data.issuers.flatMap { i in i.alerts.map { (i, $0) } }
        h.raw("<h2>Alerts firing</h2>")
        if alerts.isEmpty { h.raw("<p>None.</p>") } else {
            h.raw("<ul class=\"alerts\">")
            for (i, a) in alerts { alertItem(&h, a, issuer: i, named: true, prefix: "", places) }
            h.raw("</ul>")
        }
        let missed = data.issuers.flatMap { i in i.targets.filter { $0.outcome == "missed" }.map { (i, $0) } }
        h.raw("<h2>Targets missed</h2>")
        if missed.isEmpty { h.raw("<p>None.</p>") } else { targetTable(&h, missed, prefix: "", withIssuer: true, places) }
        h.raw("<h2>Indicators</h2><p class=\"chips\">")
        for ind in data.indicators {
            h.raw("<a href=\"indicator/\(id(ind.name)).html\">"); h.text(ind.name); h.raw("</a> ")
        }
        h.raw("</p>")
        return page(title: "汇报 · overview", body: h.out, depth: 0)
    }

    static func issuerPage(_ i: DashboardData.IssuerView, _ data: DashboardData, _ places: ReportPlaces) -> String {
        var h = HTML()
        h.raw("<p class=\"meta\"><a href=\"../index.html\">← overview</a></p><h1>"); h.text(i.name); h.raw("</h1><p class=\"meta\">")
        h.text("\(i.level) · \(i.reports.count) reports · \(data.generated)")
        h.raw("</p>")
        if !i.alerts.isEmpty {
            h.raw("<h2>Alerts firing</h2><ul class=\"alerts\">")
            for a in i.alerts { alertItem(&h, a, issuer: i, named: false, prefix: "../", places) }
            h.raw("</ul>")
        }
        let targets = i.targets
        if !targets.isEmpty {
            h.raw("<h2>Targets</h2>")
            targetTable(&h, targets.map { (i, $0) }, prefix: "../", withIssuer: false, places)
        }
        let charted = i.series.filter { !$0.points.isEmpty }
        if !charted.isEmpty {
            h.raw("<h2>Indicators over the years</h2><div class=\"charts\">")
            for s in charted {
                h.raw("<figure><figcaption><a href=\"../indicator/\(id(s.indicator)).html\">"); h.text(s.indicator); h.raw("</a> ")
                h.text(s.measure); h.raw("</figcaption>")
                chart(&h, name: s.indicator, places, lines: [s.points], targets: s.targets)
                h.raw("<p class=\"values\">")
                for p in s.points {
                    h.raw("<a href=\"\(places.link(p))\" title=\""); h.text(p.context); h.raw("\">"); h.text("\(p.year): \(p.text)"); h.raw("</a> ")
                }
                h.raw("</p></figure>")
            }
            h.raw("</div>")
        }
        h.raw("<h2>Reports</h2><ul>")
        for r in i.reports {
            h.raw("<li><a href=\"../\(places.link(r.sha256))\">"); h.text((r.year.map { "\($0) · " } ?? "") + (r.title ?? r.file)); h.raw("</a> ")
            h.raw("<span class=\"meta\">"); h.text(r.kinds.joined(separator: "+") + " · " + r.file); h.raw("</span></li>")
        }
        h.raw("</ul>")
        return page(title: i.name, body: h.out, depth: 1)
    }

    static func indicatorPage(_ ind: DashboardData.IndicatorView, _ data: DashboardData, _ places: ReportPlaces) -> String {
        var h = HTML()
        h.raw("<p class=\"meta\"><a href=\"../index.html\">← overview</a></p><h1>"); h.text(ind.name); h.raw("</h1><p class=\"meta\">")
        h.text([ind.domain, ind.polarity.map { $0 == "up" ? "a rise is good news" : $0 == "down" ? "a fall is good news" : "no polarity" }]
            .compactMap { $0 }.joined(separator: " · "))
        h.raw("</p>")
        let years = Array(Set(ind.issuers.flatMap { $0.series.points.map(\.year) })).sorted()
        h.raw("<div class=\"scroll\"><table><thead><tr><th>issuer</th><th>measure</th>")
        for y in years { h.raw("<th>\(y)</th>") }
        h.raw("</tr></thead><tbody>")
        for row in ind.issuers {
            h.raw("<tr><td><a href=\"../issuer/\(id(row.key)).html\">"); h.text(row.name); h.raw("</a></td><td>"); h.text(row.series.measure); h.raw("</td>")
            for y in years {
                h.raw("<td class=\"num\">")
                if let p = row.series.points.first(where: { $0.year == y }) {
                    h.raw("<a href=\"\(places.link(p))\" title=\""); h.text(p.context); h.raw("\">"); h.text(p.text); h.raw("</a>")
                }
                h.raw("</td>")
            }
            h.raw("</tr>")
        }
        h.raw("</tbody></table></div><div class=\"charts\">")
        for row in ind.issuers where !row.series.points.isEmpty {
            h.raw("<figure><figcaption>"); h.text(row.name); h.raw("</figcaption>")
            chart(&h, name: ind.name, places, lines: [row.series.points], targets: row.series.targets)
            h.raw("</figure>")
        }
        h.raw("</div>")
        return page(title: ind.name, body: h.out, depth: 1)
    }

    /// Some of an issuer's reports, newest first: each with its figures and their clauses.
    static func reportsPage(_ i: DashboardData.IssuerView, _ reports: [DashboardData.ReportRef]) -> String {
        var h = HTML()
        h.raw("<p class=\"meta\"><a href=\"../issuer/\(id(i.key)).html\">← "); h.text(i.name); h.raw("</a></p><h1>")
        h.text(i.name); h.raw(" · reports</h1>")
        for r in reports {
            let anchor = "r\(r.sha256.prefix(16))"
            h.raw("<section class=\"report\" id=\"\(anchor)\"><h2>"); h.text(r.title ?? r.file); h.raw("</h2><p class=\"meta\">")
            h.text((r.year.map { "\($0) · " } ?? "") + r.kinds.joined(separator: "+") + " · " + r.file + " · " + r.sha256)
            h.raw("</p><div class=\"scroll\"><table><thead><tr><th>figure</th><th>indicator</th><th>measure</th><th>clause</th></tr></thead><tbody>")
            for f in r.figures {
                h.raw("<tr id=\"\(anchor)-f\(f.index)\"><td class=\"num\">"); h.text(f.text); h.raw("</td><td>"); h.text(f.indicator ?? f.subject)
                h.raw("</td><td>"); h.text([f.measure, f.period == "year" ? nil : f.period].compactMap { $0 }.joined(separator: " "))
                h.raw("</td><td><q>"); h.text(f.context); h.raw("</q></td></tr>")
            }
            h.raw("</tbody></table></div></section>")
        }
        return page(title: i.name + " · reports", body: h.out, depth: 1)
    }

    // MARK: parts

    /// An alert of `issuer`; `named`: with the issuer's name (the overview's list).
    static func alertItem(_ h: inout HTML, _ a: DashboardData.AlertView, issuer: DashboardData.IssuerView, named: Bool, prefix: String, _ places: ReportPlaces) {
        h.raw("<li class=\"\(a.severity == "critical" || a.severity == "error" ? "bad" : "warn")\"><span class=\"sev\">"); h.text(a.severity); h.raw("</span> ")
        if named { h.raw("<a href=\"issuer/\(id(issuer.key)).html\">"); h.text(issuer.name); h.raw("</a> ") }
        h.text(a.message)
        if !a.context.isEmpty {
            h.raw(" <a href=\"\(prefix)\(places.link(a.report, figure: a.figure))\"><q>"); h.text(a.context); h.raw("</q></a>")
        }
        h.raw("</li>")
    }

    static func targetTable(_ h: inout HTML, _ rows: [(DashboardData.IssuerView, DashboardData.TargetView)], prefix: String, withIssuer: Bool, _ places: ReportPlaces) {
        h.raw("<div class=\"scroll\"><table class=\"targets\"><thead><tr>")
        if withIssuer { h.raw("<th>issuer</th>") }
        h.raw("<th>year</th><th>indicator</th><th>target</th><th>actual</th><th>outcome</th></tr></thead><tbody>")
        for (i, t) in rows {
            let missed = t.outcome == "missed"
            h.raw("<tr class=\"\(missed ? "missed" : t.outcome == "met" || t.outcome == "exceeded" ? "met" : "open")\">")
            if withIssuer { h.raw("<td><a href=\"\(prefix)issuer/\(id(i.key)).html\">"); h.text(i.name); h.raw("</a></td>") }
            h.raw("<td class=\"num\">\(t.year)</td><td>"); h.text(t.indicator + " (" + t.measure + ")"); h.raw("</td><td class=\"num\">")
            h.raw("<a href=\"\(prefix)\(places.link(t.target.report, figure: t.target.figure))\" title=\""); h.text(t.target.context); h.raw("\">")
            h.text(t.target.text); h.raw("</a></td><td class=\"num\">")
            if let a = t.actual {
                h.raw("<a href=\"\(prefix)\(places.link(a.report, figure: a.figure))\" title=\""); h.text(a.context); h.raw("\">"); h.text(a.text); h.raw("</a>")
            } else { h.raw("—") }
            h.raw("</td><td>")
            if missed { h.raw("<strong class=\"missed-mark\">未完成 missed</strong>"); if let s = t.shortfall { h.text(" (−" + s + ")") } } else { h.text(t.outcome) }
            h.raw("</td></tr>")
        }
        h.raw("</tbody></table></div>")
    }

    /// A small line chart: one circle per point (linking to its figure, its clause as the
    /// title), the targets as short bars, a missed one in the warning colour.
    static func chart(_ h: inout HTML, name: String, _ places: ReportPlaces, lines: [[DashboardData.Point]], targets: [DashboardData.TargetView]) {
        let points = lines.flatMap { $0 }
        let years = points.map(\.year) + targets.map(\.year)
        let values = points.map(\.value) + targets.map(\.target.value)
        guard let y0 = years.min(), let y1 = years.max(), let v0 = values.min(), let v1 = values.max() else { return }
        let w = 320.0, ht = 140.0, left = 22.0, right = 22.0, top = 12.0, bottom = 22.0
        let x = { (year: Int) in y0 == y1 ? w / 2 : left + (w - left - right) * Double(year - y0) / Double(y1 - y0) }
        let lo = v0, hi = v1
        let span = hi - lo
        let y = { (v: Double) in span == 0 ? (top + ht - bottom) / 2 : top + (ht - top - bottom) * (1 - (v - lo) / span) }
        h.raw("<svg class=\"chart\" data-series=\""); h.text(name); h.raw("\" viewBox=\"0 0 \(Int(w)) \(Int(ht))\" role=\"img\"><title>"); h.text(name); h.raw("</title>")
        if lo < 0 && hi > 0 { h.raw("<line class=\"zero\" x1=\"0\" x2=\"\(Int(w))\" y1=\"\(f(y(0)))\" y2=\"\(f(y(0)))\"/>") }
        for line in lines where line.count > 1 {
            h.raw("<polyline class=\"line\" points=\"")
            h.raw(line.sorted { $0.year < $1.year }.map { "\(f(x($0.year))),\(f(y($0.value)))" }.joined(separator: " "))
            h.raw("\"/>")
        }
        for t in targets {
            h.raw("<path class=\"target\(t.outcome == "missed" ? " missed" : "")\" d=\"M\(f(x(t.year) - 7)) \(f(y(t.target.value)))h14\"><title>")
            h.text("target \(t.year): \(t.target.text) — \(t.outcome)"); h.raw("</title></path>")
        }
        for p in points {
            h.raw("<a href=\"\(places.link(p))\"><circle class=\"point\" cx=\"\(f(x(p.year)))\" cy=\"\(f(y(p.value)))\" r=\"4\"><title>")
            h.text("\(p.year): \(p.text) — \(p.context)"); h.raw("</title></circle></a>")
        }
        for yr in Set(years).sorted() {
            h.raw("<text x=\"\(f(x(yr)))\" y=\"\(Int(ht - 6))\" text-anchor=\"middle\">\(yr)</text>")
        }
        h.raw("</svg>")
    }

    /// A coordinate to a tenth of a pixel.
    static func f(_ d: Double) -> String { displayNumber((d * 10).rounded() / 10) }

    static func page(title: String, body: String, depth: Int) -> String {
        var h = HTML()
        h.raw("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        h.text(title)
        h.raw("</title><link rel=\"stylesheet\" href=\"\(depth == 0 ? "" : "../")style.css\"></head><body><main>")
        h.raw(body)
        h.raw("</main></body></html>\n")
        return h.out
    }

    static let style = """
        :root { --bad: #b3261e; --warn: #a15c00; --ok: #1e6b34; --line: #1d4e89; --muted: #5f6368; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.55 "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; color: #202124; background: #fafafa; }
        main { max-width: 1100px; margin: 0 auto; padding: 12px 16px 40px; }
        h1 { font-size: 1.5em; margin: .3em 0; overflow-wrap: anywhere; }
        h2 { font-size: 1.15em; margin: 1.4em 0 .5em; border-bottom: 1px solid #ddd; }
        a { color: var(--line); }
        p, li, figcaption, q { overflow-wrap: anywhere; }
        td, th { overflow-wrap: break-word; }
        .meta { color: var(--muted); font-size: .9em; }
        .scroll { overflow-x: auto; max-width: 100%; }
        table { border-collapse: collapse; font-size: .92em; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 8px; text-align: left; vertical-align: top; }
        td.num { white-space: nowrap; }
        td.bad, .bad .sev { color: var(--bad); font-weight: bold; }
        .warn .sev { color: var(--warn); font-weight: bold; }
        tr.missed td { background: #fdecea; }
        .missed-mark { color: var(--bad); }
        ul.alerts li { margin: .3em 0; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
        figure { margin: 0; padding: 8px; background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; min-width: 0; }
        figcaption { font-weight: bold; font-size: .95em; }
        svg.chart { width: 100%; max-width: 480px; height: auto; display: block; }
        svg .line { fill: none; stroke: var(--line); stroke-width: 2; }
        svg .point { fill: var(--line); }
        svg .target { stroke: var(--ok); stroke-width: 3; }
        svg .target.missed { stroke: var(--bad); }
        svg .zero { stroke: #bbb; stroke-dasharray: 3 3; }
        svg text { font-size: 11px; fill: var(--muted); }
        .values { font-size: .85em; margin: .3em 0 0; }
        .chips a { display: inline-block; margin: 0 .6em .3em 0; }

        """
}

/// A page's text being written: markup as it is, report text escaped.
struct HTML {
    var out = ""

    init() { out.reserveCapacity(16 * 1024) }

    mutating func raw(_ s: String) { out += s }

    /// Text from a report or a name: & < > " ' escaped (safe in an element and in a quoted attribute).
    mutating func text(_ s: String) {
        // Most text holds nothing to escape: appended whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
            out += s
            return
        }
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Controls other than tab and line breaks are not allowed in HTML text.
                if c.value < 0x20 && c != "\t" && c != "\n" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
    }
}
