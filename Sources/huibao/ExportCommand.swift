import HuibaoCore
import HuibaoDaemon

/// `huibao export`: the store in the shapes other tools take.
enum ExportCommand {
    static let help = """
        usage: huibao export --format csv|jsonl [--what reports|figures|alerts] [--state DIR] [--config FILE]
               huibao export --format jsonl --after CURSOR [--state DIR]

        Writes the store to standard output. CSV is UTF-8 with a byte-order mark and RFC 4180
        quoting (CRLF line ends), so Excel on a Chinese Windows opens it correctly.
        --what defaults to figures.
        --after CURSOR: what was appended after CURSOR (0.0 is the start), as JSON Lines:
        {"record": …} for each record (whole, with its figures) and {"alert": …} for each alert
        event, in store order, then {"cursor": "R.A"}, the cursor to pass next time. A cursor is
        a place in the append-only store (records and alert lines before it): it holds across
        restarts and reindexing. Exit status: 0 written, 1 nothing to write (with --after:
        nothing new, the cursor is still printed), 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "export", options: ["--format", "--what", "--after"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        if let after = q.options["--after"] { return appended(after: after, q) }
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

    /// `--after CURSOR`: the records and alert lines appended after it, then the new cursor.
    static func appended(after text: String, _ q: StoreQuery) -> Int32 {
        guard q.options["--format"] == "jsonl", q.options["--what"] == nil else {
            writeStderr("huibao export: --after goes with --format jsonl (records and alerts together)\n")
            return 2
        }
        guard let cursor = StoreCursor(text) else {
            writeStderr("huibao export: '\(text)' is not a cursor (RECORDS.ALERTS, as an export printed it; 0.0 is the start)\n")
            return 2
        }
        guard let dir = q.stateDirectory("export") else { return 2 }
        do {
            let tail = try StoreTail(directory: dir, after: cursor)
            var out: [UInt8] = []
            out.reserveCapacity(1 << 20)
            let flush = { (force: Bool) in
                if force || out.count >= 1 << 20 { writeStdout(out); out.removeAll(keepingCapacity: true) }
            }
            let lines = try tail.store.lines(from: tail.seqs.lowerBound)
            for range in lines.lineRanges() {
                out += Array("{\"record\":".utf8) + lines[range] + Array("}\n".utf8)
                flush(false)
            }
            for (_, line) in tail.alertLines {
                out += Array("{\"alert\":".utf8) + line + Array("}\n".utf8)
                flush(false)
            }
            out += Array("{\"cursor\":\"\(tail.to)\"}\n".utf8)
            flush(true)
            return tail.seqs.isEmpty && tail.alertLines.isEmpty ? 1 : 0
        } catch {
            writeStderr("huibao export: \(error)\n")
            return 2
        }
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
