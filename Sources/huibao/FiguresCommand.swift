import FoundationEssentials
import Glibc
import HuibaoCore
import HuibaoDaemon

enum FiguresCommand {
    static let help = """
        usage: huibao figures [--subject TEXT] [--indicator NAME] [--kind K] [--measure M]
                              [--period P] [--org TEXT] [--year N]
                              [--part achievements|plan|problems] [--by year] [--json]
                              [--state DIR] [--config FILE]

        The matching figures across stored reports, newest year first. --subject takes a
        substring or a glob (*完成率*) of the text's wording; --indicator a catalogue name or a
        glob (*收入); --measure one of level, growth, share, completion, rank, target; --period
        year, H1, Q1-Q3, 1-9月, cumulative.
        --by year pivots them: a row per issuer, indicator (else subject) and measure, a column
        per year, holding the first matching figure of that year's report. Only full-year
        achievements go in a cell unless --period or --measure asks for others: a plan's target
        or a first half is never shown as a year's result; the target a plan set for that year
        stands beside it with its judgement (`72.1亿元 (target 70亿元: met)`, see huibao targets).
        Exit status: 0 something listed, 1 nothing matched, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "figures", options: ["--subject", "--indicator", "--kind", "--measure", "--period", "--org", "--year", "--part", "--by"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        if let by = q.options["--by"], by != "year" { writeStderr("huibao figures: --by takes only 'year'\n"); return 2 }
        guard let dir = q.stateDirectory("figures") else { return 2 }
        let index: IndexedStore
        do { index = try IndexedStore(in: dir) } catch {
            writeStderr("huibao figures: \(error)\n")
            return 2
        }
        // From the figure lines holding the subject, or else from the reports of the issuer.
        var candidates: [(seq: Int, figure: Figure)] = []
        if let needle = q.subjectNeedle {
            candidates = index.latestFigures(subjectContaining: needle, withContext: q.json)
        } else {
            for seq in index.latestSeqs(containing: q.issuerNeedle) {
                candidates += (index.record(seq, withFigures: true)?.figures ?? []).map { (seq, $0) }
            }
        }
        // The reports that pass the issuer and year filters, and the rows: newest year first,
        // in store order within a year (small tuples are sorted, not records).
        var records: [Record] = []
        // Per seq: -1 not looked at yet, -2 filtered out, else the index into `records`.
        var recordOf = [Int](repeating: -1, count: index.count)
        var picked: [(year: Int, record: Int, figure: Int)] = []
        for (i, (seq, f)) in candidates.enumerated() {
            if let s = q.options["--subject"], !subjectMatches(s, f.subject) { continue }
            if let k = q.options["--kind"], f.kind.rawValue != k { continue }
            if let p = q.options["--part"], f.part.rawValue != p { continue }
            if let i = q.options["--indicator"], !(f.indicator.map { subjectMatches(i, $0, whole: true) } ?? false) { continue }
            if let m = q.options["--measure"], f.measure?.rawValue != m { continue }
            if let p = q.options["--period"], f.period != p { continue }
            // A year's cell holds what the year achieved: not the plan's target, not a first half.
            if q.options["--by"] == "year" {
                if q.options["--measure"] == nil && (f.measure == .target || f.part == .plan) { continue }
                if q.options["--period"] == nil && (f.period ?? "year") != "year" { continue }
            }
            if recordOf[seq] == -1 {
                let r = index.record(seq).flatMap { q.matchesIssuer($0) && q.matchesYear($0) ? $0 : nil }
                recordOf[seq] = r.map { records.append($0); return records.count - 1 } ?? -2
            }
            let r = recordOf[seq]
            guard r >= 0 else { continue }
            picked.append((records[r].report_year ?? 0, r, i))
        }
        picked.sort { $0.year != $1.year ? $0.year > $1.year : $0.figure < $1.figure }
        let rows = picked.lazy.map { (records[$0.record], candidates[$0.figure].figure) }
        if q.options["--by"] == "year" {
            // The plans' targets beside the years' actuals: (issuer, indicator, measure, year).
            var targets: [String: TargetJudgement] = [:]
            if let snapshot = try? StoreSnapshot(directory: dir, catalogue: q.config()?.catalogue ?? .empty) {
                for j in snapshot.targets {
                    targets[[j.issuer, j.indicator, j.measure.rawValue, String(j.year)].joined(separator: "\u{1F}")] = j
                }
            }
            func withTarget(_ cell: String?, _ key: String, _ year: Int) -> String? {
                guard let j = targets[key + "\u{1F}" + String(year)] else { return cell }
                let target = "target " + displayAmount(j.target.value, unit: j.target.unit) + ": " + j.outcome.rawValue
                return (cell.map { $0 + " " } ?? "") + "(" + target + ")"
            }
            let years = Array(Set(rows.compactMap { $0.0.report_year } + targets.values.map(\.year))).sorted()
            var cells: [String: [Int: String]] = [:]
            var order: [String] = []
            var shown: [String: String] = [:]
            for (r, f) in rows.reversed() {
                // One row per issuer (its key, so 办事处 and 党工委 are one) and what is measured.
                let what = f.indicator ?? f.subject
                let key = r.issuerKey + "\u{1F}" + what + "\u{1F}" + (f.measure?.rawValue ?? "level")
                if cells[key] == nil { cells[key] = [:]; order.append(key) }
                shown[key] = shown[key] ?? Issuer(r).displayName
                if let y = r.report_year, cells[key]![y] == nil { cells[key]![y] = f.text }
            }
            if q.json {
                for key in order {
                    let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                    var w = JSONWriter()
                    w.object { w in
                        w.key("issuer_key"); w.value(parts[0])
                        w.key("organization"); w.value(shown[key])
                        w.key("indicator_or_subject"); w.value(parts[1])
                        w.key("measure"); w.value(parts[2])
                        for y in years { w.key(String(y)); w.value(cells[key]![y]) }
                        w.key("targets"); w.object { w in
                            for y in years {
                                guard let j = targets[key + "\u{1F}" + String(y)] else { continue }
                                w.key(String(y)); w.object { w in
                                    w.key("target"); w.value(j.target.value)
                                    w.key("actual"); w.value(j.actual?.value)
                                    w.key("outcome"); w.value(j.outcome.rawValue)
                                    w.key("gap"); w.value(j.gap)
                                }
                            }
                        }
                    }
                    print(w.string)
                }
            } else if !order.isEmpty {
                var t = Table(headers: ["issuer", "indicator", "measure"] + years.map(String.init))
                for key in order.sorted() {
                    let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                    t.add([shown[key] ?? parts[0], parts[1], parts[2]] + years.map { withTarget(cells[key]![$0], key, $0) ?? "—" })
                }
                t.print()
            }
            return order.isEmpty ? 1 : 0
        }
        if q.json {
            for (r, f) in rows {
                var w = JSONWriter()
                w.object { w in
                    w.key("organization"); w.value(r.organization)
                    w.key("report_year"); w.value(r.report_year)
                    w.key("file"); w.value(r.file)
                    w.key("sha256"); w.value(r.sha256)
                    f.writeFields(to: &w)
                }
                print(w.string)
            }
        } else if !rows.isEmpty {
            var t = Table(headers: ["year", "issuer", "subject", "figure", "value", "indicator", "measure", "period", "part", "file"])
            // Fields read in place: copying a record per row costs a retain per field.
            for row in picked {
                let year = records[row.record].report_year, value = candidates[row.figure].figure.value
                t.add([year.map(String.init) ?? "—", records[row.record].organization ?? "—", candidates[row.figure].figure.subject,
                       candidates[row.figure].figure.text, displayNumber(value) + " " + candidates[row.figure].figure.unit,
                       candidates[row.figure].figure.indicator ?? "—", candidates[row.figure].figure.measure?.rawValue ?? "—",
                       candidates[row.figure].figure.period ?? "—", candidates[row.figure].figure.part.rawValue, records[row.record].file])
            }
            t.print()
        }
        return picked.isEmpty ? 1 : 0
    }
}
