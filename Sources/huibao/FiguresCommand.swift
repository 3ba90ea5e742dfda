import FoundationEssentials
import Glibc
import HuibaoCore
import HuibaoDaemon

enum FiguresCommand {
    static let help = """
        usage: huibao figures [--subject TEXT] [--kind K] [--org TEXT] [--year N]
                              [--part achievements|plan|problems] [--by year] [--json]
                              [--state DIR] [--config FILE]

        The matching figures across stored reports, newest year first. --subject takes a
        substring or a glob (*完成率*). --by year pivots them: a row per issuer and subject,
        a column per year (the first matching figure of each report).
        Exit status: 0 something listed, 1 nothing matched, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "figures", options: ["--subject", "--kind", "--org", "--year", "--part", "--by"], help: help)
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
            let years = Array(Set(rows.compactMap { $0.0.report_year })).sorted()
            var cells: [String: [Int: String]] = [:]
            var order: [String] = []
            for (r, f) in rows.reversed() {
                let key = (r.organization ?? "—") + "\u{1F}" + f.subject
                if cells[key] == nil { cells[key] = [:]; order.append(key) }
                if let y = r.report_year, cells[key]![y] == nil { cells[key]![y] = f.text }
            }
            if q.json {
                for key in order {
                    let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                    var w = JSONWriter()
                    w.object { w in
                        w.key("organization"); w.value(parts[0])
                        w.key("subject"); w.value(parts[1])
                        for y in years { w.key(String(y)); w.value(cells[key]![y]) }
                    }
                    print(w.string)
                }
            } else if !order.isEmpty {
                var t = Table(headers: ["issuer", "subject"] + years.map(String.init))
                for key in order.sorted() {
                    let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                    t.add(parts + years.map { cells[key]![$0] ?? "—" })
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
            var t = Table(headers: ["year", "issuer", "subject", "figure", "value", "kind", "part", "file"])
            // Fields read in place: copying a record per row costs a retain per field.
            for row in picked {
                let year = records[row.record].report_year, value = candidates[row.figure].figure.value
                t.add([year.map(String.init) ?? "—", records[row.record].organization ?? "—", candidates[row.figure].figure.subject,
                       candidates[row.figure].figure.text, JSONWriter.format(value) + " " + candidates[row.figure].figure.unit,
                       candidates[row.figure].figure.kind.rawValue, candidates[row.figure].figure.part.rawValue, records[row.record].file])
            }
            t.print()
        }
        return picked.isEmpty ? 1 : 0
    }
}
