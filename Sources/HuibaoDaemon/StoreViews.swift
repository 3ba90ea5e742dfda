// The views over a whole store that people read (`huibao targets`, `huibao trend`, the
// dashboard): the newest records of each issuer read once, with their meaning as the current
// schema gives it, and what is derived from them (targets, series) computed here, never stored.

import HuibaoCore

/// The store's newest records, one issuer at a time, and the targets they set and met.
public struct StoreSnapshot {
    /// Per issuer key, its newest records (corrections and reparses counted once), by seq.
    public let issuers: [(key: String, records: [(seq: Int, record: Record)])]
    public let targets: [TargetJudgement]
    /// The same records by seq (unique in a store), for the figures the views quote.
    private let bySeq: [Int: Record]

    public init(directory: String, catalogue: IndicatorCatalogue, shares: Int? = nil) throws(FileError) {
        let index = try IndexedStore(in: directory)
        var byIssuer: [String: [(seq: Int, record: Record)]] = [:]
        let seqs = index.latestSeqs(containing: nil)
        for (seq, record) in zip(seqs, index.records(seqs, withFigures: true, shares: shares, transform: { $0.upgraded(catalogue: catalogue) })) {
            guard let r = record else { continue }
            byIssuer[r.issuerKey, default: []].append((seq, r))
        }
        issuers = byIssuer.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        bySeq = Dictionary(uniqueKeysWithValues: byIssuer.values.joined().map { ($0.seq, $0.record) })
        targets = issuers.flatMap { issuer in
            Targets.judge(issuerReports: issuer.records.map { ReportFacts(record: $0.record, seq: $0.seq) })
        }
    }

    /// The figure of a record, for the clause a view quotes.
    public func figure(seq: Int, index: Int) -> (record: Record, figure: Figure)? {
        guard let r = bySeq[seq], index < r.figures.count else { return nil }
        return (r, r.figures[index])
    }
}

/// One indicator of one issuer over the years, as `huibao trend` and the dashboard show it.
public struct IndicatorSeries: Sendable {
    public var issuer: String
    public var organization: String
    public var indicator: String
    public var measure: Measure
    public var unit: String
    /// One per year, oldest first: the year's full-year achievement (the first such figure of
    /// the newest report of that year), with the growth the same report stated, if any.
    public var points: [(year: Int, seq: Int, sha256: String, figure: Figure, index: Int, statedGrowth: Figure?)]
}

extension StoreSnapshot {
    /// The series of every issuer (or those `issuerMatches` keeps) and indicator (or the one
    /// named), by measure: full-year achievements only unless `period` asks for another.
    public func series(indicator: String? = nil, period: String = "year",
                       issuerMatches: (Record) -> Bool = { _ in true }) -> [IndicatorSeries] {
        var out: [IndicatorSeries] = []
        for (key, records) in issuers {
            // The newest report of each year (a correction supersedes), summaries only.
            var byYear: [Int: (seq: Int, record: Record)] = [:]
            for r in records where r.record.kinds.contains(.summary) && issuerMatches(r.record) {
                guard let y = r.record.report_year else { continue }
                if (byYear[y]?.seq ?? -1) < r.seq { byYear[y] = r }
            }
            guard let newest = byYear.max(by: { $0.key < $1.key })?.value.record else { continue }
            var series: [String: IndicatorSeries] = [:]
            var order: [String] = []
            for (year, r) in byYear.sorted(by: { $0.key < $1.key }) {
                var seen: Set<String> = []
                for (i, f) in r.record.figures.enumerated() {
                    guard let name = f.indicator, indicator.map({ subjectMatches($0, name, whole: true) }) ?? true,
                          f.part == .achievements, (f.period ?? "year") == period,
                          let m = f.measure, m == .level || m == .share || m == .growth || m == .rank || m == .completion
                    else { continue }
                    let k = name + "|" + m.rawValue + "|" + f.unit
                    guard seen.insert(k).inserted else { continue }
                    if series[k] == nil {
                        series[k] = IndicatorSeries(issuer: key, organization: Issuer(newest).displayName, indicator: name,
                                                    measure: m, unit: f.unit, points: [])
                        order.append(k)
                    }
                    // The growth the report states for this level (增长5.7%), beside the computed one.
                    let stated = m == .level
                        ? r.record.figures.first { $0.indicator == name && $0.measure == .growth && $0.part == .achievements && ($0.period ?? "year") == period }
                        : nil
                    series[k]!.points.append((year, r.seq, r.record.sha256, f, i, stated))
                }
            }
            out += order.map { series[$0]! }
        }
        return out
    }
}

extension StoreSnapshot {
    /// What the dashboard shows of the store: per issuer its reports, firing alerts, series and
    /// targets; per indicator the issuers' series side by side. `alerts` is the alert stream.
    public func dashboard(alerts: [AlertRecord], generated: String) -> DashboardData {
        var state = AlertState()
        var lastFiring: [String: AlertRecord] = [:]
        for a in alerts {
            state.apply(a)
            if a.event == "firing" { lastFiring[a.id] = a }
        }
        let severityOrder = Dictionary(uniqueKeysWithValues: Severity.allCases.enumerated().map { ($1.rawValue, $0) })
        let firingByIssuer = Dictionary(grouping: state.active.keys.compactMap { lastFiring[$0] }, by: { $0.issuer ?? "" })
        let targetsByIssuer = Dictionary(grouping: targets, by: \.issuer)
        let seriesByIssuer = Dictionary(grouping: series(), by: \.issuer)

        func point(_ year: Int, _ sha: String, _ f: Figure, _ index: Int) -> DashboardData.Point {
            .init(year: year, value: f.value, text: f.text, context: f.context, report: sha, figure: index)
        }
        var views: [DashboardData.IssuerView] = []
        for (key, records) in issuers {
            let sorted = records.sorted { ($0.record.report_year ?? 0, $0.seq) > ($1.record.report_year ?? 0, $1.seq) }
            guard let newest = sorted.first?.record else { continue }
            let reports = sorted.map { r in
                DashboardData.ReportRef(
                    sha256: r.record.sha256, file: r.record.file, title: r.record.title, year: r.record.report_year,
                    kinds: r.record.kinds.map(\.rawValue),
                    figures: r.record.figures.enumerated().compactMap { i, f in
                        f.indicator == nil ? nil : .init(text: f.text, subject: f.subject, indicator: f.indicator,
                                                         measure: f.measure?.rawValue, period: f.period, context: f.context, index: i)
                    })
            }
            var judged: [String: [DashboardData.TargetView]] = [:]
            for j in targetsByIssuer[key] ?? [] {
                guard let plan = figure(seq: j.targetReport.seq, index: j.target.index) else { continue }
                let actual = j.actualReport.flatMap { r in
                    j.actual.flatMap { a in figure(seq: r.seq, index: a.index).map { point(j.year, r.sha256, $0.figure, a.index) } }
                }
                let view = DashboardData.TargetView(
                    indicator: j.indicator, measure: j.measure.rawValue, year: j.year, outcome: j.outcome.rawValue,
                    target: point(j.year, plan.record.sha256, plan.figure, j.target.index), actual: actual,
                    shortfall: j.outcome == .missed ? j.gap.map { displayAmount($0, unit: j.target.unit) } : nil)
                judged[j.indicator + "|" + j.measure.rawValue + "|" + j.target.unit, default: []].append(view)
            }
            var series: [DashboardData.Series] = []
            var withSeries: Set<String> = []
            for s in seriesByIssuer[key] ?? [] {
                let k = s.indicator + "|" + s.measure.rawValue + "|" + s.unit
                withSeries.insert(k)
                series.append(.init(indicator: s.indicator, measure: s.measure.rawValue, unit: s.unit,
                                    polarity: s.points.first?.figure.polarity?.rawValue,
                                    points: s.points.map { point($0.year, $0.sha256, $0.figure, $0.index) },
                                    targets: judged[k] ?? []))
            }
            // A target of an indicator with no achievements stored still shows, on its own.
            for (k, views) in judged.sorted(by: { $0.key < $1.key }) where !withSeries.contains(k) {
                series.append(.init(indicator: views[0].indicator, measure: views[0].measure, unit: "", polarity: nil,
                                    points: [], targets: views))
            }
            let alertViews = (firingByIssuer[key] ?? [])
                .sorted { (severityOrder[$0.severity ?? ""] ?? 9, $0.id) < (severityOrder[$1.severity ?? ""] ?? 9, $1.id) }
                .map { a in
                    DashboardData.AlertView(rule: a.rule, severity: a.severity ?? "warning",
                                            message: a.journalEntry(rule: nil).message, year: a.report_year,
                                            context: a.context ?? "", report: a.sha256 ?? "", figure: nil)
                }
            views.append(.init(key: key, name: Issuer(newest).displayName, level: newest.level.rawValue,
                               reports: reports, alerts: alertViews, series: series))
        }
        var byIndicator: [String: [(key: String, name: String, series: DashboardData.Series)]] = [:]
        for v in views {
            // An indicator's page compares its levels where the issuer has them, else its growth.
            var best: [String: DashboardData.Series] = [:]
            for s in v.series where !s.points.isEmpty {
                if let b = best[s.indicator], b.measure == "level" || s.measure != "level" && s.points.count <= b.points.count { continue }
                best[s.indicator] = s
            }
            for (name, s) in best { byIndicator[name, default: []].append((v.key, v.name, s)) }
        }
        let indicators = byIndicator.sorted { $0.key < $1.key }.map { name, rows in
            DashboardData.IndicatorView(name: name, domain: nil, polarity: rows.first?.series.polarity,
                                        issuers: rows.sorted { $0.key < $1.key })
        }
        return DashboardData(generated: generated, issuers: views, indicators: indicators)
    }
}
