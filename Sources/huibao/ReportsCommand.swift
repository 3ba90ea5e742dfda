import HuibaoCore
import HuibaoDaemon

enum ReportsCommand {
    static let help = """
        usage: huibao reports [--org TEXT] [--year N] [--level L] [--kind summary|plan] [--json]
                              [--state DIR] [--config FILE]

        One line per stored report: issuer, year, kinds, figures, alerts, file.
        Exit status: 0 something listed, 1 nothing matched, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "reports", options: ["--org", "--year", "--level", "--kind"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        guard let dir = q.stateDirectory("reports") else { return 2 }
        do throws(FileError) { return try run(q, dir) } catch {
            writeStderr("huibao reports: \(error)\n")
            return 2
        }
    }

    static func run(_ q: StoreQuery, _ dir: String) throws(FileError) -> Int32 {
        let alertsBySHA = Dictionary(grouping: try StoreReader.alerts(in: dir).items.filter { $0.event == "firing" }, by: { $0.sha256 ?? "" })
        let level = q.options["--level"], kind = q.options["--kind"]
        let index = try IndexedStore(in: dir)
        let records = index.latestSeqs(containing: q.issuerNeedle).compactMap { seq -> (Int, Record)? in
            guard let r = index.record(seq), q.matchesIssuer(r), q.matchesYear(r) else { return nil }
            if let level, r.level.rawValue != level { return nil }
            if let kind, !r.kinds.contains(where: { $0.rawValue == kind }) { return nil }
            return (seq, r)
        }
        if q.json {
            for (seq, _) in records { print(String(decoding: try index.line(seq), as: UTF8.self)) }
        } else {
            var t = Table(headers: ["issuer", "year", "kinds", "figures", "alerts", "published", "file"])
            for (seq, r) in records {
                t.add([r.organization ?? "—", r.report_year.map(String.init) ?? "—", r.kinds.map(\.rawValue).joined(separator: "+"),
                               String(index.figureCount(seq)), String(alertsBySHA[r.sha256]?.count ?? 0), r.published ?? "—", r.file])
            }
            if !records.isEmpty { t.print() }
        }
        return records.isEmpty ? 1 : 0
    }
}
