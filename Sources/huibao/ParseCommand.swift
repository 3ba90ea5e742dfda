import Glibc
import HuibaoCore
import HuibaoDaemon

/// `huibao parse [--json] FILE...`: the daemon's parser on files named by hand.
enum ParseCommand {
    static let help = """
        usage: huibao parse [--json] [--explain [--dropped]] [--max-size SIZE]
                            [--config FILE | --indicators FILE] FILE...

        Decodes and parses each report and prints its record (schema 2): a readable summary,
        or with --json one JSON object per line, as the daemon stores it, the figures also
        repeated under schema 1's key `indicators` for tools written for schema 1 (score.py).
          --json           JSON Lines output
          --explain        for each figure: its clause, the rule that recognised it, and where
                           its subject came from
          --dropped        with --explain: also the numbers that made no figure, each with
                           the reason (inside a quote, a date, a code, no unit, a set phrase)
          --max-size SIZE  refuse larger files (default 16M, as the daemon's MaxFileSize=)
          --config FILE    take the indicator catalogue the config names (Indicators=,
                           IndicatorsDirectory=); default /etc/huibao/huibao.conf
          --indicators FILE
                           this catalogue (and /etc/huibao/indicators.d) instead; without either
                           and without the config file: /usr/share/huibao/indicators.conf, or the
                           checkout's Config/indicators.conf for a program built there

        Exit status: 0 all parsed, 1 some file could not be decoded, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        var json = false
        var explain = false
        var dropped = false
        var maxSize = DaemonSettings().maxFileSize
        var configPath = "/etc/huibao/huibao.conf"
        var indicators: String?
        var files: [String] = []
        var rest = args[...]
        while let arg = rest.popFirst() {
            switch arg {
            case "--json": json = true
            case "--explain": explain = true
            case "--dropped": dropped = true
            case "--help", "-h":
                print(help, terminator: "")
                return 0
            case "--max-size":
                guard let v = rest.popFirst(), let n = parseSize(v) else {
                    writeStderr("huibao parse: --max-size needs a size such as 16M\n")
                    return 2
                }
                maxSize = n
            case "--config", "--indicators":
                guard let v = rest.popFirst() else {
                    writeStderr("huibao parse: \(arg) needs a file\n")
                    return 2
                }
                if arg == "--config" { configPath = v } else { indicators = v }
            case "--": files += rest; rest = []
            default:
                if arg.hasPrefix("-") && arg != "-" {
                    writeStderr("huibao parse: unknown option \(arg)\n" + help)
                    return 2
                }
                files.append(arg)
            }
        }
        if dropped && !explain {
            writeStderr("huibao parse: --dropped goes with --explain\n")
            return 2
        }
        guard !files.isEmpty else {
            writeStderr(help)
            return 2
        }
        let catalogue: IndicatorCatalogue
        switch Locations.catalogue(configPath: configPath, explicit: indicators) {
        case .success(let c): catalogue = c
        case .failure(let e):
            writeStderr("huibao parse: \(e)\n")
            return 2
        }
        var status: Int32 = 0
        for path in files {
            let bytes: [UInt8]
            switch ReportFile.read(path, limit: maxSize) {
            case .bytes(let read): bytes = read
            case .refused(let refusal):
                writeStderr("huibao parse: \(path): \(reason(refusal, limit: maxSize))\n")
                status = 2
                continue
            case .transient(let error):
                writeStderr("huibao parse: \(path): \(String(cString: strerror(error.errno)))\n")
                status = 2
                continue
            case .changed:
                writeStderr("huibao parse: \(path): changed while it was read\n")
                status = 2
                continue
            }
            do {
                let record = try ReportParser.parse(bytes: bytes, fileName: FS.basename(path), catalogue: catalogue)
                print(json ? record.jsonLine(schema1Key: true) : explain ? TextReport.explain(record) : TextReport.render(record))
                if dropped && !json {
                    print(TextReport.explainDropped(try ReportParser.droppedCandidates(bytes: bytes, fileName: FS.basename(path))))
                }
            } catch {
                writeStderr("huibao parse: \(path): cannot decode: \(error)\n")
                status = max(status, 1)
            }
        }
        return status
    }

    /// The daemon's reason, but in the words of this command's options.
    static func reason(_ refusal: ReportFile.Refusal, limit: Int) -> String {
        switch refusal {
        case .tooLarge: "larger than \(limit) bytes (see --max-size)"
        case .unreadable(let error): String(cString: strerror(error.errno))
        case .notRegular(let what): what
        }
    }
}

/// The readable form of a record, for a person at a terminal.
enum TextReport {
    /// Why each figure is what it is: the clause, the recognising rule, the subject's origin.
    static func explain(_ r: Record) -> String {
        var out = "\(r.file)  (\(r.figures.count) figures)\n"
        for (n, f) in r.figures.enumerated() {
            let section = f.section.flatMap { $0 < r.sections.count ? r.sections[$0] : nil }
            out += "\n  [\(n + 1)] \(f.text) = \(displayNumber(f.value)) \(f.unit)  \(f.kind.rawValue), \(f.qualifier.rawValue), \(f.part.rawValue)\n"
            out += "      clause   \(f.context)\n"
            out += "      section  \(section.map { "\($0.marker)\($0.heading.prefix(30)) [\($0.topic.rawValue)]" } ?? "(before the first heading)")\n"
            out += "      rule     \(f.rule)\n"
            out += "      subject  \(f.subject.isEmpty ? "(none found)" : f.subject) — \(subjectOrigin(f))\n"
            out += "      meaning \(meaningText(f))\n"
        }
        return out
    }

    /// The numbers that made no figure, with the reason, in text order.
    static func explainDropped(_ dropped: [DroppedCandidate]) -> String {
        var out = "  dropped (\(dropped.count) numbers that made no figure)\n"
        for d in dropped {
            out += "\n    \(d.text)  — \(d.reason.rawValue)\n      clause   \(d.context)\n"
        }
        return out
    }

    /// Where the subject stands relative to the figure in its clause.
    static func subjectOrigin(_ f: Figure) -> String {
        guard !f.subject.isEmpty else { return "no noun phrase around the figure names it" }
        let clause = f.context
        guard let figureAt = clause.firstRange(of: f.text)?.lowerBound else { return "from the clause" }
        if let at = clause.firstRange(of: f.subject)?.lowerBound {
            return at < figureAt ? "the words before the figure in its clause" : "the words after the figure (what it counts)"
        }
        // Not verbatim in the clause: built from its parts (verb + object), or carried over.
        let chars = Set(f.subject.unicodeScalars)
        let shared = chars.filter { clause.unicodeScalars.contains($0) }.count
        return shared * 2 >= chars.count ? "put together from the verb and object around the figure"
            : "carried over from the sentence or list the figure belongs to"
    }

    static func render(_ r: Record) -> String {
        var out = "\(r.file)  (\(r.encoding), \(r.format), \(r.bytes) bytes, sha256 \(r.sha256.prefix(12))…)\n"
        func row(_ label: String, _ value: String?) {
            out += "  " + padded(label, 14) + (value ?? "—") + "\n"
        }
        row("title", r.title)
        let places = Issuer(r).places
        row("issuer", (r.organization ?? "(not named)") + "  [\(r.level.rawValue)" + (places.isEmpty ? "" : "; " + places.joined(separator: " ")) + "; key \(r.issuerKey)]")
        row("published", r.published)
        let years = [r.report_year.map { "reviews \($0)" }, r.plan_year.map { "plans \($0)" }].compactMap { $0 }
        row("covers", (years.isEmpty ? "" : years.joined(separator: ", ") + "  ") + "(" + r.kinds.map(\.rawValue).joined(separator: ", ") + ")")
        if let n = r.index_number { row("index", n) }
        if let s = r.source { row("source", s) }
        out += "  sections (\(r.sections.count))\n"
        for s in r.sections where s.depth <= 2 {
            out += String(repeating: "  ", count: s.depth + 1) + "\(s.marker)\(s.heading.prefix(40))  [\(s.part.rawValue), \(s.topic.rawValue)]\n"
        }
        out += "  figures (\(r.figures.count))\n"
        for f in r.figures {
            let value = displayNumber(f.value)
            let qualifier = f.qualifier == .exact ? "" : ", \(f.qualifier.rawValue)"
            out += "    \(f.subject)  \(f.text) = \(value) \(f.unit)  (\(f.kind.rawValue)\(qualifier); \(f.part.rawValue))\(meaningText(f))\n"
        }
        if !r.zero_events.isEmpty { row("did not happen", r.zero_events.joined(separator: "、")) }
        return out
    }

    /// ` → 固定资产投资, growth 同比, year, up: better`; empty when no indicator and nothing else to say.
    static func meaningText(_ f: Figure) -> String {
        var parts: [String] = []
        parts.append((f.measure?.rawValue ?? "level") + (f.baseline.map { " " + $0 } ?? ""))
        if let p = f.period, p != "year" { parts.append(p) }
        if let p = f.polarity { parts.append(p.rawValue + (f.direction.map { ": " + $0.rawValue } ?? "")) }
        return "  → " + (f.indicator ?? "(no indicator)") + ", " + parts.joined(separator: ", ")
    }
}
