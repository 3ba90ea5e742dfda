import Glibc
import HuibaoCore
import HuibaoDaemon

/// `huibao parse [--json] FILE...`: the daemon's parser on files named by hand.
enum ParseCommand {
    static let help = """
        usage: huibao parse [--json] [--max-size SIZE] FILE...

        Decodes and parses each report and prints its record (schema 1): a readable summary,
        or with --json one JSON object per line, exactly as the daemon stores it.
          --json           JSON Lines output
          --max-size SIZE  refuse larger files (default 16M, as the daemon's MaxFileSize=)

        Exit status: 0 all parsed, 1 some file could not be decoded, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        var json = false
        var maxSize = DaemonSettings().maxFileSize
        var files: [String] = []
        var rest = args[...]
        while let arg = rest.popFirst() {
            switch arg {
            case "--json": json = true
            case "--help", "-h":
                print(help, terminator: "")
                return 0
            case "--max-size":
                guard let v = rest.popFirst(), let n = parseSize(v) else {
                    writeStderr("huibao parse: --max-size needs a size such as 16M\n")
                    return 2
                }
                maxSize = n
            case "--": files += rest; rest = []
            default:
                if arg.hasPrefix("-") && arg != "-" {
                    writeStderr("huibao parse: unknown option \(arg)\n" + help)
                    return 2
                }
                files.append(arg)
            }
        }
        guard !files.isEmpty else {
            writeStderr(help)
            return 2
        }
        var status: Int32 = 0
        for path in files {
            let bytes: [UInt8]
            do {
                bytes = try readReport(path, limit: maxSize)
            } catch {
                writeStderr("huibao parse: \(path): \(error)\n")
                status = 2
                continue
            }
            do {
                let record = try ReportParser.parse(bytes: bytes, fileName: FS.basename(path))
                print(json ? record.jsonLine() : TextReport.render(record))
            } catch {
                writeStderr("huibao parse: \(path): cannot decode: \(error)\n")
                status = max(status, 1)
            }
        }
        return status
    }

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func readReport(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        do {
            let fd = try FD.open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY)
            defer { fd.close() }
            guard (try fd.stat().st_mode & S_IFMT) == S_IFREG else { throw ReadError(description: "not a regular file") }
            return try fd.readAll(limit: limit)
        } catch let error as SysError where error.errno == EFBIG {
            throw ReadError(description: "larger than \(limit) bytes (see --max-size)")
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(description: "\(error)")
        }
    }
}

/// The readable form of a record, for a person at a terminal.
enum TextReport {
    static func render(_ r: Record) -> String {
        var out = "\(r.file)  (\(r.encoding), \(r.format), \(r.bytes) bytes, sha256 \(r.sha256.prefix(12))…)\n"
        func row(_ label: String, _ value: String?) {
            out += "  " + padded(label, 14) + (value ?? "—") + "\n"
        }
        row("title", r.title)
        let places = [r.place.province, r.place.city, r.place.district, r.place.subdistrict].compactMap { $0 }
        row("issuer", (r.organization ?? "(not named)") + "  [\(r.level.rawValue)" + (places.isEmpty ? "" : "; " + places.joined(separator: " ")) + "]")
        row("published", r.published)
        let years = [r.report_year.map { "reviews \($0)" }, r.plan_year.map { "plans \($0)" }].compactMap { $0 }
        row("covers", (years.isEmpty ? "" : years.joined(separator: ", ") + "  ") + "(" + r.kinds.map(\.rawValue).joined(separator: ", ") + ")")
        if let n = r.index_number { row("index", n) }
        if let s = r.source { row("source", s) }
        out += "  sections (\(r.sections.count))\n"
        for s in r.sections where s.depth <= 2 {
            out += String(repeating: "  ", count: s.depth + 1) + "\(s.marker)\(s.heading.prefix(40))  [\(s.part.rawValue), \(s.topic.rawValue)]\n"
        }
        out += "  figures (\(r.indicators.count))\n"
        for f in r.indicators {
            let value = JSONWriter.format(f.value)
            let qualifier = f.qualifier == .exact ? "" : ", \(f.qualifier.rawValue)"
            out += "    \(f.subject)  \(f.text) = \(value) \(f.unit)  (\(f.kind.rawValue)\(qualifier); \(f.part.rawValue))\n"
        }
        if !r.zero_events.isEmpty { row("did not happen", r.zero_events.joined(separator: "、")) }
        return out
    }
}
