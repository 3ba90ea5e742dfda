import HuibaoCore
import HuibaoDaemon

/// `huibao export`: the store in the shapes other tools take.
enum ExportCommand {
    static let help = """
        usage: huibao export --format csv|jsonl [--what reports|figures|alerts] [--state DIR] [--config FILE]

        Writes the store to standard output. CSV is UTF-8 with a byte-order mark and RFC 4180
        quoting (CRLF line ends), so Excel on a Chinese Windows opens it correctly.
        --what defaults to figures. Exit status: 0 written, 1 nothing to write, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "export", options: ["--format", "--what"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        guard let format = q.options["--format"], format == "csv" || format == "jsonl" else {
            writeStderr("huibao export: --format csv or --format jsonl\n" + help)
            return 2
        }
        let what = q.options["--what"] ?? "figures"
        guard ["reports", "figures", "alerts"].contains(what) else {
            writeStderr("huibao export: --what reports, figures or alerts\n")
            return 2
        }
        guard let dir = q.stateDirectory("export") else { return 2 }
        let table: ExportRows
        do { table = try rows(what, dir) } catch {
            writeStderr("huibao export: \(error)\n")
            return 2
        }
        if format == "jsonl" {
            for row in table.rows {
                var w = JSONWriter()
                w.object { w in for (k, v) in zip(table.headers, row) { w.key(k); w.value(v.isEmpty ? nil : v) } }
                print(w.string)
            }
        } else {
            var out = "\u{FEFF}" + CSV.line(table.headers)
            for row in table.rows { out += CSV.line(row) }
            print(out, terminator: "")
        }
        return table.rows.isEmpty ? 1 : 0
    }

    static func rows(_ what: String, _ dir: String) throws(FileError) -> ExportRows {
        // Rounded as reports print them (-0.68, not -0.6799999999999999); JSON Lines keep the full number.
        let fmt: (Double?) -> String = { $0.map(displayNumber) ?? "" }
        switch what {
        case "reports":
            var t = ExportRows(headers: ["sha256", "file", "title", "organization", "province", "city", "district", "subdistrict",
                                    "level", "published", "report_year", "plan_year", "kinds", "figures", "encoding"])
            for r in try StoreReader.latestRecords(in: dir) {
                t.rows.append([r.sha256, r.file, r.title ?? "", r.organization ?? "", r.place.province ?? "", r.place.city ?? "",
                               r.place.district ?? "", r.place.subdistrict ?? "", r.level.rawValue, r.published ?? "",
                               r.report_year.map(String.init) ?? "", r.plan_year.map(String.init) ?? "",
                               r.kinds.map(\.rawValue).joined(separator: " "), String(r.figures.count), r.encoding])
            }
            return t
        case "alerts":
            var t = ExportRows(headers: ["time", "event", "rule", "severity", "organization", "report_year", "subject", "indicator",
                                    "measure", "period", "polarity", "direction", "value", "unit",
                                    "threshold", "change", "previous_value", "previous_year", "reason", "file", "sha256", "context"])
            for a in try StoreReader.alerts(in: dir).items where a.event == "firing" || a.event == "resolved" {
                t.rows.append([a.time ?? "", a.event, a.rule, a.severity ?? "", a.organization ?? a.issuer ?? "",
                               a.report_year.map(String.init) ?? "", a.subject ?? "", a.indicator ?? "", a.measure ?? "",
                               a.period ?? "", a.polarity ?? "", a.direction ?? "", fmt(a.value), a.unit ?? "", a.threshold ?? "",
                               fmt(a.change), fmt(a.previous_value), a.previous_year.map(String.init) ?? "", a.reason ?? "",
                               a.file ?? "", a.sha256 ?? "", a.context ?? ""])
            }
            return t
        default:
            var t = ExportRows(headers: ["organization", "issuer_key", "report_year", "subject", "indicator", "domain", "measure",
                                    "baseline", "period", "polarity", "direction", "text", "value", "unit", "qualifier", "kind", "part",
                                    "section", "context", "file", "sha256"])
            for r in try StoreReader.latestRecords(in: dir) {
                for f in r.figures {
                    let section = f.section.flatMap { $0 < r.sections.count ? r.sections[$0].heading : nil } ?? ""
                    t.rows.append([r.organization ?? "", r.issuerKey, r.report_year.map(String.init) ?? "", f.subject, f.indicator ?? "",
                                   f.domain?.rawValue ?? "", f.measure?.rawValue ?? "", f.baseline ?? "", f.period ?? "",
                                   f.polarity?.rawValue ?? "", f.direction?.rawValue ?? "", f.text, fmt(f.value),
                                   f.unit, f.qualifier.rawValue, f.kind.rawValue, f.part.rawValue, section, f.context, r.file, r.sha256])
                }
            }
            return t
        }
    }
}

/// What an export writes: named columns and their rows, as text.
struct ExportRows {
    var headers: [String]
    var rows: [[String]] = []
}

/// RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes doubled, lines end CRLF.
enum CSV {
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        var quoted = "\""
        for c in s { quoted += c == "\"" ? "\"\"" : String(c) }
        return quoted + "\""
    }

    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}
