import HuibaoCore
import HuibaoDaemon

enum TrendCommand {
    static let help = """
        usage: huibao trend --indicator NAME [--org TEXT] [--period P] [--json]
                            [--state DIR] [--config FILE]

        One indicator (a catalogue name or a glob) of each issuer over the years: each year's
        full-year achievement (--period for another), the change from the year before computed
        from the two figures, and the growth the report itself stated. When the two differ by
        more than the figures' rounding can explain, the row says so: the report's baseline was
        often revised (a 同口径 growth, a changed statistical scope).
        Exit status: 0 something listed, 1 nothing matched, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "trend", options: ["--indicator", "--org", "--period"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        guard let name = q.options["--indicator"] else { writeStderr("huibao trend: --indicator NAME is needed\n" + help); return 2 }
        guard let dir = q.stateDirectory("trend") else { return 2 }
        let snapshot: StoreSnapshot
        do { snapshot = try StoreSnapshot(directory: dir, catalogue: q.config()?.catalogue ?? .empty) } catch {
            writeStderr("huibao trend: \(error)\n")
            return 2
        }
        let series = snapshot.series(indicator: name, period: q.options["--period"] ?? "year", issuerMatches: q.matchesIssuer)
        var rows = 0
        var t = Table(headers: ["issuer", "indicator", "measure", "year", "figure", "computed change", "stated growth", "note"])
        for s in series {
            var previous: (year: Int, figure: Figure)?
            for p in s.points {
                let change = previous.flatMap { prev in Trend.change(from: prev.figure, to: p.figure, years: p.year - prev.year) }
                let stated = p.statedGrowth?.value
                let differs = change.flatMap { c in stated.map { abs(c.value - $0) > c.tolerance + Trend.statedRounding(p.statedGrowth!) } } ?? false
                let note = differs ? "stated and computed differ: a revised baseline?" : ""
                rows += 1
                if q.json {
                    var w = JSONWriter()
                    w.object { w in
                        w.key("issuer_key"); w.value(s.issuer)
                        w.key("organization"); w.value(s.organization)
                        w.key("indicator"); w.value(s.indicator)
                        w.key("measure"); w.value(s.measure.rawValue)
                        w.key("year"); w.value(p.year)
                        w.key("value"); w.value(p.figure.value)
                        w.key("unit"); w.value(s.unit)
                        w.key("text"); w.value(p.figure.text)
                        w.key("context"); w.value(p.figure.context)
                        w.key("sha256"); w.value(p.sha256)
                        w.key("computed_change"); w.value(change?.value)
                        w.key("stated_growth"); w.value(stated)
                        w.key("differs"); w.value(differs)
                    }
                    print(w.string)
                } else {
                    t.add([s.organization, s.indicator, s.measure.rawValue, String(p.year), p.figure.text,
                           change.map { ($0.value > 0 ? "+" : "") + displayNumber($0.value) + (s.measure == .level ? " %" : " points") } ?? "—",
                           stated.map { ($0 > 0 ? "+" : "") + displayNumber($0) + " %" } ?? "—", note])
                }
                previous = (p.year, p.figure)
            }
        }
        if !q.json && rows > 0 { t.print() }
        return rows == 0 ? 1 : 0
    }
}
