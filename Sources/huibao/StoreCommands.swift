import FoundationEssentials
import Glibc
import HuibaoCore
import HuibaoDaemon

/// Terminal columns a string takes: East Asian wide characters take two.
func displayWidth(_ s: String) -> Int {
    displayWidth(Array(s.utf8)[...])
}

/// Terminal columns of UTF-8 text, read from the bytes (a query's table can have millions of cells).
func displayWidth(_ bytes: ArraySlice<UInt8>) -> Int {
    var width = 0, i = bytes.startIndex
    while i < bytes.endIndex {
        let b = bytes[i]
        if b < 0x80 { width += b < 0x20 ? 0 : 1; i += 1; continue }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        var v = UInt32(b) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
        for k in 1..<length where i + k < bytes.endIndex { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
        i += length
        if (0x300...0x36F).contains(v) || v == 0x200B { continue }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        width += wide ? 2 : 1
    }
    return width
}

/// Pads to a width in terminal columns.
func padded(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(1, width - displayWidth(s)))
}

/// Writes bytes to standard output after what `print` buffered (fflush(nil) flushes it).
func writeStdout(_ bytes: [UInt8]) {
    fflush(nil)
    try? FD(1).writeAll(bytes)
}

/// How a command ends early: help shown (0) or a usage error (2).
struct ExitCode: Error {
    let code: Int32
}

/// Rows printed as an aligned table. The cells are kept as UTF-8 in one buffer and each is
/// measured once, as it is added (a query may print hundreds of thousands of rows).
struct Table {
    private var bytes: [UInt8] = []
    /// Where each cell ends in `bytes`, and its width, row after row.
    private var cells: [(end: Int, width: Int)] = []
    private var widths: [Int]
    private let columns: Int

    init(headers: [String]) {
        columns = headers.count
        widths = Array(repeating: 0, count: headers.count)
        add(headers)
    }

    var isEmpty: Bool { cells.count <= columns }

    mutating func add(_ row: [String]) {
        for i in 0..<columns {
            let start = bytes.count
            if i < row.count {
                var cell = row[i]
                cell.withUTF8 { bytes.append(contentsOf: $0) }
            }
            let width = displayWidth(bytes[start...])
            cells.append((bytes.count, width))
            widths[i] = max(widths[i], width)
        }
    }

    /// Writes the table to standard output, a megabyte at a time.
    func print() {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 4096)
        var start = 0
        for (k, cell) in cells.enumerated() {
            let column = k % columns
            out += bytes[start..<cell.end]
            start = cell.end
            if column == columns - 1 {
                out.append(0x0A)
                if out.count >= 1 << 20 {
                    writeStdout(out)
                    out.removeAll(keepingCapacity: true)
                }
            } else {
                out += repeatElement(0x20, count: widths[column] - cell.width + 2)
            }
        }
        writeStdout(out)
    }
}

/// Options every store command takes, and the store they point at.
struct StoreQuery {
    var locations = Locations()
    var json = false
    var options: [String: String] = [:]
    var flags: Set<String> = []
    var positional: [String] = []

    /// Parses `args` against the options and flags a command knows.
    static func parse(_ args: [String], command: String, options known: Set<String>, flags knownFlags: Set<String> = [], help: String) -> Result<StoreQuery, ExitCode> {
        var q = StoreQuery()
        let rest: [String]
        switch q.locations.take(args) {
        case .failure(let e): writeStderr("huibao \(command): \(e)\n"); return .failure(ExitCode(code: 2))
        case .success(let r): rest = r
        }
        var it = rest[...]
        while let a = it.popFirst() {
            if a == "--help" || a == "-h" { print(help, terminator: ""); return .failure(ExitCode(code: 0)) }
            if a == "--json" { q.json = true; continue }
            if knownFlags.contains(a) { q.flags.insert(a); continue }
            if known.contains(a) {
                guard let v = it.popFirst() else { writeStderr("huibao \(command): \(a) needs a value\n"); return .failure(ExitCode(code: 2)) }
                q.options[a] = v
                continue
            }
            if a.hasPrefix("-") { writeStderr("huibao \(command): unknown option \(a)\n" + help); return .failure(ExitCode(code: 2)) }
            q.positional.append(a)
        }
        return .success(q)
    }

    func config() -> Configuration? { try? Daemon.loadConfig(locations.configPath) }

    /// The state directory, checked to hold a store.
    func stateDirectory(_ command: String) -> String? {
        let dir = locations.stateDirectory(config())
        guard FS.exists(dir + "/" + Store.recordsName) else {
            writeStderr("huibao \(command): no store at \(dir) (use --state DIR or HUIBAO_STATE; `make run` keeps it in ./var/lib)\n")
            return nil
        }
        return dir
    }

    /// The literal every matching report line of the index holds: the issuer asked for.
    var issuerNeedle: String? { options["--org"].flatMap(Self.literal) }

    /// The literal every matching figure line holds: the longest wildcard-free piece of a
    /// subject pattern (none for alternatives).
    var subjectNeedle: String? {
        guard let subject = options["--subject"], !subject.contains("|") else { return nil }
        let pieces = subject.split(whereSeparator: { (c: Character) in c == "*" || c == "?" })
        return pieces.max(by: { $0.count < $1.count }).flatMap { Self.literal(String($0)) }
    }

    /// A text as the index holds it byte for byte (the index escapes backslashes and controls).
    static func literal(_ s: String) -> String? {
        s.isEmpty || s.utf8.contains(where: { $0 < 0x20 || $0 == 0x5C }) ? nil : s
    }

    func matchesIssuer(_ r: Record) -> Bool {
        guard let org = options["--org"] else { return true }
        let names = [r.organization, r.place.province, r.place.city, r.place.district, r.place.subdistrict, r.source].compactMap { $0 }
        return names.contains { $0.contains(org) }
    }

    func matchesYear(_ r: Record) -> Bool {
        guard let y = options["--year"] else { return true }
        return r.report_year.map(String.init) == y
    }
}

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
                candidates += (index.record(seq, withFigures: true)?.indicators ?? []).map { (seq, $0) }
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
                    w.key("subject"); w.value(f.subject)
                    w.key("text"); w.value(f.text)
                    w.key("value"); w.value(f.value)
                    w.key("unit"); w.value(f.unit)
                    w.key("qualifier"); w.value(f.qualifier.rawValue)
                    w.key("kind"); w.value(f.kind.rawValue)
                    w.key("part"); w.value(f.part.rawValue)
                    w.key("context"); w.value(f.context)
                    w.key("file"); w.value(r.file)
                    w.key("sha256"); w.value(r.sha256)
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

enum StatusCommand {
    static let help = """
        usage: huibao status [--json] [--state DIR] [--config FILE]

        Whether huibaod runs, its inbox and counts, its last error and the store's size, from the
        status file it keeps in the state directory. Exit status: 0 running, 1 not running, 2 no state.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "status", options: [], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        let dir = q.locations.stateDirectory(q.config())
        let bytes: [UInt8]?
        do { bytes = try StoreReader.readIfPresent(dir + "/status.json", limit: 1 << 20) } catch {
            writeStderr("huibao status: \(error)\n")
            return 2
        }
        guard let text = bytes.map({ String(decoding: $0, as: UTF8.self) }), let status = StatusFile.decode(text) else {
            writeStderr("huibao status: no status in \(dir) (huibaod has not run with this state directory; use --state DIR)\n")
            return 2
        }
        let pid = status["pid"].flatMap { Int32($0) } ?? 0
        let alive = status["state"] != "stopped" && pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
        if q.json {
            print(text.trimmingNewline().dropLast() + ",\"running\":\(alive)}")
            return alive ? 0 : 1
        }
        var t = Table(headers: ["huibaod", alive ? "running (pid \(pid), since \(status["started"] ?? "?"))" : "not running (last state: \(status["state"] ?? "?"), \(status["updated"] ?? "?"))"])
        for key in ["inbox", "store", "store_bytes", "reports", "processed", "failed", "duplicates", "queued", "in_flight", "alerts", "overflows", "degraded", "last_error", "updated"] {
            t.add([key, status[key] ?? "—"])
        }
        t.print()
        return alive ? 0 : 1
    }
}

/// The status file is flat JSON written by huibaod: strings, numbers, booleans and nulls.
enum StatusFile {
    enum Scalar: Decodable {
        case text(String), number(Double), flag(Bool), none
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .none }
            else if let b = try? c.decode(Bool.self) { self = .flag(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .text(try c.decode(String.self)) }
        }
    }

    static func decode(_ text: String) -> [String: String]? {
        guard let object = try? JSONDecoder().decode([String: Scalar].self, from: Data(text.utf8)) else { return nil }
        return object.compactMapValues {
            switch $0 {
            case .text(let s): s
            case .number(let d): JSONWriter.format(d)
            case .flag(let b): String(b)
            case .none: nil
            }
        }
    }
}

extension String {
    func trimmingNewline() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
