import CLinux
import Glibc
import HuibaoCore

/// The store's two index files, derived from the records like the ledger, so that queries and
/// rules never decode whole records:
/// - `figures.index`: one line per figure, `seq` then every field of the figure;
/// - `reports.index`: one line per record, `seq offset length figuresOffset figuresLength`
///   then every field of the record but its sections, figures and zero-event details, with
///   the number of figures before the zero events.
/// A record's figure lines are written before its report line, so a report line vouches for
/// the figure lines it points at. Lines are tab-separated; `\`, tab, LF and CR are escaped and
/// `\N` is null. A record read back from the index (`StoreIndex.record`) has every field a
/// query or a rule reads; its `sections` and `zero_event_details` are empty.
public enum StoreIndex {
    public static let reportsName = "reports.index"
    public static let figuresName = "figures.index"
    /// The layout of the lines: `index.version` holds it, and index files of another layout
    /// (or of none, when the file is missing) are emptied and rebuilt from the records.
    public static let versionName = "index.version"
    public static let version = "2"

    /// Whether the index files in `directory` have this layout (not when the version is missing
    /// or too long to be one).
    public static func isCurrent(inDirectory directory: String) throws(SysError) -> Bool {
        let bytes: [UInt8]
        do { bytes = try FS.read(directory + "/" + versionName, limit: 64) } catch where error.errno == ENOENT || error.errno == EFBIG { return false }
        return String(decoding: bytes, as: UTF8.self) == version + "\n"
    }

    /// A record's index lines without their positions, made on a worker beside the record's
    /// JSON line; `lines(seq:…)` puts them in place at append time.
    public struct Entry: Sendable {
        let report: [UInt8]
        let figures: [[UInt8]]

        public init(_ r: Record) {
            var w = RowWriter()
            w.field(r.sha256); w.field(r.file); w.field(r.bytes); w.field(r.encoding); w.field(r.format)
            w.field(r.title); w.field(r.organization)
            w.field(r.place.province); w.field(r.place.city); w.field(r.place.district); w.field(r.place.subdistrict)
            w.field(r.level.rawValue); w.field(r.published); w.field(r.report_year); w.field(r.plan_year)
            w.field(r.kinds.map(\.rawValue).joined(separator: "+")); w.field(r.index_number); w.field(r.source)
            w.field(r.schema); w.field(r.issuer_key); w.field(r.report_period)
            w.field(r.figures.count)
            for z in r.zero_events { w.field(z) }
            report = w.bytes
            figures = r.figures.map { f in
                var w = RowWriter()
                w.field(f.text); w.field(f.value); w.field(f.min); w.field(f.max); w.field(f.unit)
                w.field(f.qualifier.rawValue); w.field(f.kind.rawValue); w.field(f.subject); w.field(f.part.rawValue)
                w.field(f.section); w.field(f.context); w.field(f.start); w.field(f.rule)
                w.field(f.indicator); w.field(f.domain?.rawValue); w.field(f.measure?.rawValue); w.field(f.baseline)
                w.field(f.period); w.field(f.polarity?.rawValue); w.field(f.direction?.rawValue)
                return w.bytes
            }
        }
    }

    /// Where a record's lines are: its span in the records file and its figures' span in
    /// `figures.index`.
    public struct Position: Sendable, Equatable {
        public var seq: Int
        public var offset: Int
        public var length: Int
        public var figuresOffset: Int
        public var figuresLength: Int
    }

    /// The lines of one entry: figure lines, then the report line.
    static func lines(_ entry: Entry, seq: Int, offset: Int, length: Int, figuresOffset: Int) -> (report: [UInt8], figures: [UInt8]) {
        var figures: [UInt8] = []
        let prefix = Array(String(seq).utf8) + [0x09]
        for row in entry.figures {
            figures += prefix
            figures += row
            figures.append(0x0A)
        }
        var report = Array("\(seq)\t\(offset)\t\(length)\t\(figuresOffset)\t\(figures.count)\t".utf8)
        report += entry.report
        report.append(0x0A)
        return (report, figures)
    }

    /// How many figures a report line's record has.
    static func figureCount(report line: ArraySlice<UInt8>) -> Int? {
        line.withUnsafeBufferPointer { RowReader($0).int(26) }
    }

    /// A report line's position, or nil when it is not one.
    static func position(_ line: ArraySlice<UInt8>) -> Position? {
        var numbers: [Int] = []
        var value = 0, digits = 0
        for b in line {
            if b == 0x09 {
                guard digits > 0 else { return nil }
                numbers.append(value)
                if numbers.count == 5 { break }
                value = 0; digits = 0
            } else if b >= 0x30 && b <= 0x39, digits < 18 {
                value = value * 10 + Int(b - 0x30); digits += 1
            } else { return nil }
        }
        guard numbers.count == 5 else { return nil }
        return Position(seq: numbers[0], offset: numbers[1], length: numbers[2], figuresOffset: numbers[3], figuresLength: numbers[4])
    }

    /// The record a report line and its figure lines describe (see the type's comment).
    public static func record(report line: ArraySlice<UInt8>, figures: ArraySlice<UInt8>) -> (Position, Record)? {
        guard let position = position(line) else { return nil }
        // Fields after the five numbers of the position, each made a String only here.
        let parsed: Record? = line.withUnsafeBufferPointer { buf in
            let g = RowReader(buf)
            func f(_ k: Int) -> String? { g.string(5 + k) }
            guard g.count >= 27, let schema = g.int(23), let sha = f(0), let file = f(1), let bytes = g.int(7), let encoding = f(3), let format = f(4),
                  let level = f(11).flatMap(DocumentLevel.init(rawValue:)) else { return nil }
            let kinds = (f(15) ?? "").split(separator: "+").compactMap { ReportKind(rawValue: String($0)) }
            var record = Record(file: file, sha256: sha, bytes: bytes, encoding: encoding, format: format, title: f(5),
                                organization: f(6), place: Place(province: f(7), city: f(8), district: f(9), subdistrict: f(10)),
                                level: level, published: f(12), report_year: g.int(18), plan_year: g.int(19), kinds: kinds,
                                index_number: f(16), source: f(17), report_period: f(20), issuer_key: f(19))
            record.schema = schema
            record.zero_events = (27..<g.count).compactMap { g.string($0) }
            return record
        }
        guard var record = parsed else { return nil }
        for line in figures.lineRanges() {
            guard let (_, figure) = figure(figures[line]) else { return nil }
            record.figures.append(figure)
        }
        return (position, record)
    }
}

extension StoreIndex {
    /// One figure line: the seq of its record and the figure.
    public static func figure(_ line: ArraySlice<UInt8>) -> (Int, Figure)? {
        line.withUnsafeBufferPointer { figure($0) }
    }

    /// One figure line, or nil when it is not one or (with `subjectHolding`) its subject lacks
    /// those bytes: a query then builds only the figures it shows.
    /// Without `withContext`, `context` and `rule` are left empty: a table shows neither.
    static func figure(_ line: UnsafeBufferPointer<UInt8>, subjectHolding needle: [UInt8] = [], withContext: Bool = true) -> (Int, Figure)? {
        let g = RowReader(line)
        guard g.count == 21, needle.isEmpty || g.field(8, contains: needle) else { return nil }
        guard let seq = g.int(0), let text = g.string(1), let value = g.double(2), let unit = g.string(5),
              let qualifier = g.string(6).flatMap(Qualifier.init(rawValue:)), let kind = g.string(7).flatMap(FigureKind.init(rawValue:)),
              let subject = g.string(8), let part = g.string(9).flatMap(ReportPart.init(rawValue:)),
              let context = withContext ? g.string(11) : "", let start = g.int(12), let rule = withContext ? g.string(13) : "" else { return nil }
        var figure = Figure(text: text, value: value, min: g.double(3), max: g.double(4), unit: unit, qualifier: qualifier,
                            kind: kind, subject: subject, part: part, section: g.int(10), context: context, start: start, rule: rule)
        figure.indicator = g.string(14)
        figure.domain = g.string(15).flatMap(Domain.init(rawValue:))
        figure.measure = g.string(16).flatMap(Measure.init(rawValue:))
        figure.baseline = g.string(17)
        figure.period = g.string(18)
        figure.polarity = g.string(19).flatMap(Polarity.init(rawValue:))
        figure.direction = g.string(20).flatMap(Direction.init(rawValue:))
        return (seq, figure)
    }
}

/// Writes one tab-separated line.
struct RowWriter {
    var bytes: [UInt8] = []

    mutating func field(_ s: String?) {
        if !bytes.isEmpty { bytes.append(0x09) }
        guard let s else { bytes += [0x5C, 0x4E]; return }
        for b in s.utf8 {
            switch b {
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x09: bytes += [0x5C, 0x74]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            default: bytes.append(b)
            }
        }
    }

    mutating func field(_ n: Int?) { field(n.map(String.init)) }
    mutating func field(_ d: Double?) { field(d.map(JSONWriter.format)) }
}

/// Reads one tab-separated line written by `RowWriter`: the fields are found first, and a
/// field becomes a String only when asked for (a query reads a few fields of many lines).
struct RowReader {
    private let line: UnsafeBufferPointer<UInt8>
    private var ranges: [Range<Int>] = []

    init(_ line: UnsafeBufferPointer<UInt8>) {
        self.line = line
        ranges.reserveCapacity(28)
        var start = 0
        while let base = line.baseAddress, start <= line.count {
            let tab = start < line.count ? memchr(base + start, 0x09, line.count - start) : nil
            let end = tab.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? line.count
            ranges.append(start..<end)
            start = end + 1
        }
    }

    var count: Int { ranges.count }

    func isNull(_ i: Int) -> Bool {
        ranges[i].count == 2 && line[ranges[i].lowerBound] == 0x5C && line[ranges[i].lowerBound + 1] == 0x4E
    }

    func string(_ i: Int) -> String? {
        guard i < ranges.count, !isNull(i) else { return nil }
        let raw = UnsafeBufferPointer(rebasing: line[ranges[i]])
        guard raw.contains(0x5C) else { return String(decoding: raw, as: UTF8.self) }
        var bytes: [UInt8] = []
        var escaped = false
        for b in raw {
            if escaped {
                bytes.append(b == 0x74 ? 0x09 : b == 0x6E ? 0x0A : b == 0x72 ? 0x0D : b)
                escaped = false
            } else if b == 0x5C { escaped = true } else { bytes.append(b) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func int(_ i: Int) -> Int? {
        guard i < ranges.count, !ranges[i].isEmpty, ranges[i].count < 19 else { return nil }
        var value = 0, sign = 1
        for (k, b) in line[ranges[i]].enumerated() {
            if k == 0 && b == 0x2D { sign = -1; continue }
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return sign * value
    }

    func double(_ i: Int) -> Double? { string(i).flatMap { Double($0) } }

    /// Whether field `i` holds `needle` as raw bytes.
    func field(_ i: Int, contains needle: [UInt8]) -> Bool {
        guard i < ranges.count else { return false }
        return UnsafeBufferPointer(rebasing: line[ranges[i]]).firstIndex(of: needle) != nil
    }

    var fields: [String?] { (0..<count).map { string($0) } }
}
