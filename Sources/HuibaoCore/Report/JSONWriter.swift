// A small JSON writer: Foundation's JSONEncoder is slow on Linux (about 36 MB/s) and omits
// nil optionals, while the record documents every field, null included. Output is one line.

/// Not copyable: it owns its buffer, so a write is a bounds check and a store through a pointer,
/// without the uniqueness check an array pays on every mutable access. Its unsafe pointers are
/// its own storage only: `write(n)` grows it to hold `count + n` before handing out `n` bytes.
/// What it copies in (strings, literals) it reads through ByteView.
public struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Bit d is set when the container open at depth d already holds an element (a comma is due).
    /// Nesting is fixed by the writers' code, never by data, and stays far below 64.
    private var commaBits: UInt64 = 0
    private var depth: UInt64 = 0

    public init(capacity: Int = 4096) {
        self.capacity = Swift.max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The JSON written so far.
    public var bytes: [UInt8] { Array(written) }

    public var string: String { String(decoding: written, as: UTF8.self) }

    /// The initialised part of the buffer: `count` bytes from `base`.
    private var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Hands `body` room for exactly `n` bytes at the writing position and moves past them.
    @inline(__always)
    private mutating func write(_ n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        if count + n > capacity { grow(toHold: count + n) }
        body(base + count)
        count += n
    }

    private mutating func grow(toHold needed: Int) {
        let larger = Swift.max(capacity * 2, needed)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) { write(1) { $0.pointee = byte } }

    @inline(__always)
    private mutating func append(_ utf8: ByteView) {
        write(utf8.count) { utf8.copy(to: $0) }
    }

    /// True when a comma is due before the next element at this depth; marks the depth as holding one.
    @inline(__always)
    private mutating func commaDue() -> Bool {
        let m: UInt64 = 1 &<< depth
        defer { commaBits |= m }
        return commaBits & m != 0
    }

    @inline(__always)
    private mutating func separate() {
        if commaDue() { append(UInt8(ascii: ",")) }
    }

    @inline(__always)
    private mutating func open(_ bracket: UInt8) {
        separate()
        append(bracket)
        precondition(depth < 63, "JSON nesting too deep")
        depth += 1
        commaBits &= ~(1 &<< depth)
    }

    @inline(__always)
    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        append(bracket)
    }

    @inline(__always)
    private mutating func keyDone() { commaBits &= ~(1 &<< depth) }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// Writes `"key":` inside an object; the value call that follows does not add a comma.
    /// Keys are the writer's own names: plain ASCII, copied without escaping, in one write.
    /// Inlined, a literal key's length is a constant and its copy a few moves, not a memcpy call.
    @inline(__always)
    public mutating func key(_ name: StaticString) {
        let comma = commaDue() ? 1 : 0
        let length = name.utf8CodeUnitCount
        let source = name.utf8Start
        write(comma + length + 3) { p in
            if comma == 1 { p[0] = UInt8(ascii: ",") }
            p[comma] = UInt8(ascii: "\"")
            (p + comma + 1).initialize(from: source, count: length)
            p[comma + length + 1] = UInt8(ascii: "\"")
            p[comma + length + 2] = UInt8(ascii: ":")
        }
        keyDone()
    }

    // Disfavoured so that literal keys take the StaticString path above (no quoting scan,
    // no String bridging); every literal key is plain ASCII without quotes or backslashes.
    @_disfavoredOverload
    public mutating func key(_ name: String) {
        separate()
        var name = name
        name.withByteView { appendQuoted($0) }
        append(UInt8(ascii: ":"))
        keyDone()
    }

    public mutating func null() {
        separate()
        appendASCII("null")
    }

    public mutating func value(_ s: String?) {
        guard let s else { return null() }
        separate()
        // Through the UTF-8 view, read in place: no mutable copy of the string to retain.
        s.utf8.withByteView { appendQuoted($0) }
    }

    /// An enum as its raw value, from bytes quoted once per type: a record writes several per figure.
    mutating func value<E: JSONEnum>(_ e: E?) {
        guard let e else { return null() }
        separate()
        let table = E.json
        // A handful of cases: a linear search of integer tags, cheaper than any hashing. Every
        // case is in `cases` (allCases).
        let i = table.cases.firstIndex(of: e)!
        table.quoted[i].withByteView { append($0) }
    }

    public mutating func value(_ b: Bool) {
        separate()
        appendASCII(b ? "true" : "false")
    }

    public mutating func value(_ n: Int?) {
        guard let n else { return null() }
        separate()
        appendInteger(Int64(n))
    }

    public mutating func value(_ d: Double?) {
        guard let d else { return null() }
        separate()
        // The integral case of `format` written in place; the same text, without a String.
        if d == d.rounded(), abs(d) < 1e15 { return appendInteger(Int64(d)) }
        var text = JSONWriter.format(d)
        text.withByteView { append($0) }
    }

    private mutating func appendASCII(_ literal: StaticString) {
        // A literal's bytes: utf8CodeUnitCount of them from utf8Start.
        write(literal.utf8CodeUnitCount) { $0.initialize(from: literal.utf8Start, count: literal.utf8CodeUnitCount) }
    }

    /// Decimal digits as String(n) writes them, straight into the output.
    private mutating func appendInteger(_ n: Int64) {
        var magnitude = n.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let sign = n < 0 ? 1 : 0
        write(sign + digits) { p in
            if sign == 1 { p[0] = UInt8(ascii: "-") }
            var k = sign + digits - 1
            repeat {
                p[k] = UInt8(truncatingIfNeeded: 0x30 &+ magnitude % 10)
                magnitude /= 10
                k -= 1
            } while magnitude > 0
        }
    }

    /// Integral values print without a fraction; non-finite values (never produced) print as null.
    public static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    /// True when some byte is a control (< 0x20, 0x7F), a quote or a backslash. Eight bytes at a
    /// time: each test below is exact about whether any byte of the word matches.
    @inline(__always)
    static func needsEscape(_ utf8: ByteView) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let n = utf8.count
        var i = 0
        while i + 8 <= n {
            let x = utf8.word64(at: i)
            if (x &- ones &* 0x20) & ~x & highs != 0 || hasZero(x ^ (ones &* 0x22))
                || hasZero(x ^ (ones &* 0x5C)) || hasZero(x ^ (ones &* 0x7F)) { return true }
            i += 8
        }
        while i < n {
            let b = utf8[i]
            if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F { return true }
            i += 1
        }
        return false
    }

    private mutating func appendQuoted(_ utf8: ByteView) {
        // Most strings need no escape at all: copy them whole, quotes included, in one write.
        if !JSONWriter.needsEscape(utf8) {
            let n = utf8.count
            write(n + 2) { p in
                p[0] = UInt8(ascii: "\"")
                utf8.copy(to: p + 1)
                p[n + 1] = UInt8(ascii: "\"")
            }
            return
        }
        append(UInt8(ascii: "\""))
        for k in 0..<utf8.count {
            let b = utf8[k]
            switch b {
            case UInt8(ascii: "\""): append(0x5C); append(0x22)
            case UInt8(ascii: "\\"): append(0x5C); append(0x5C)
            case 0x0A: append(0x5C); append(UInt8(ascii: "n"))
            case 0x0D: append(0x5C); append(UInt8(ascii: "r"))
            case 0x09: append(0x5C); append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                for e in [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]] { append(e) }
            default: append(b)
            }
        }
        append(UInt8(ascii: "\""))
    }
}

/// The record's enums, written by JSONWriter from their raw values quoted in advance.
protocol JSONEnum: CaseIterable, RawRepresentable, Equatable, Sendable where RawValue == String {
    static var json: JSONEnumTable<Self> { get }
}

struct JSONEnumTable<E: JSONEnum>: Sendable {
    let cases: [E]
    let quoted: [[UInt8]]

    init() {
        cases = Array(E.allCases)
        quoted = cases.map { e in
            var w = JSONWriter(capacity: 64)
            w.value(e.rawValue)
            return w.bytes
        }
    }
}

extension DocumentLevel: JSONEnum { static let json = JSONEnumTable<DocumentLevel>() }
extension ReportKind: JSONEnum { static let json = JSONEnumTable<ReportKind>() }
extension ReportPart: JSONEnum { static let json = JSONEnumTable<ReportPart>() }
extension Topic: JSONEnum { static let json = JSONEnumTable<Topic>() }
extension Qualifier: JSONEnum { static let json = JSONEnumTable<Qualifier>() }
extension FigureKind: JSONEnum { static let json = JSONEnumTable<FigureKind>() }
extension Domain: JSONEnum { static let json = JSONEnumTable<Domain>() }
extension Measure: JSONEnum { static let json = JSONEnumTable<Measure>() }
extension Polarity: JSONEnum { static let json = JSONEnumTable<Polarity>() }
extension Direction: JSONEnum { static let json = JSONEnumTable<Direction>() }

extension Record {
    /// The record as one line of JSON in UTF-8 (no trailing newline): what a store appends,
    /// without building a String (which would check the UTF-8 once more).
    /// With `schema1Key`, the figures are written a second time under schema 1's key
    /// `indicators`, for tools written for schema 1 (the project's scorer `score.py` reads only
    /// that key or the gold's `quantities`): what `huibao parse --json` prints. The store never
    /// holds the copy.
    public func jsonBytes(schema1Key: Bool = false) -> [UInt8] {
        // A schema 2 figure takes about 450 bytes: room for them all, so the buffer rarely grows.
        var w = JSONWriter(capacity: 2048 + figures.count * (schema1Key ? 1024 : 512))
        write(to: &w, schema1Key: schema1Key)
        return w.bytes
    }

    /// The record as one line of JSON (no trailing newline): the String of `jsonBytes()`.
    public func jsonLine(schema1Key: Bool = false) -> String { String(decoding: jsonBytes(schema1Key: schema1Key), as: UTF8.self) }

    public func write(to w: inout JSONWriter, schema1Key: Bool = false) {
        w.object { w in
            w.key("schema"); w.value(schema)
            w.key("file"); w.value(file)
            w.key("sha256"); w.value(sha256)
            w.key("bytes"); w.value(bytes)
            w.key("encoding"); w.value(encoding)
            w.key("format"); w.value(format)
            w.key("title"); w.value(title)
            w.key("organization"); w.value(organization)
            w.key("place"); w.object { w in
                w.key("province"); w.value(place.province)
                w.key("city"); w.value(place.city)
                w.key("district"); w.value(place.district)
                w.key("subdistrict"); w.value(place.subdistrict)
            }
            w.key("level"); w.value(level)
            w.key("published"); w.value(published)
            w.key("report_year"); w.value(report_year)
            w.key("plan_year"); w.value(plan_year)
            w.key("report_period"); w.value(report_period)
            w.key("kinds"); w.array { w in for k in kinds { w.value(k) } }
            w.key("index_number"); w.value(index_number)
            w.key("source"); w.value(source)
            w.key("issuer_key"); w.value(issuer_key)
            w.key("sections"); w.array { w in
                for s in sections {
                    w.object { w in
                        w.key("index"); w.value(s.index)
                        w.key("parent"); w.value(s.parent)
                        w.key("depth"); w.value(s.depth)
                        w.key("marker"); w.value(s.marker)
                        w.key("heading"); w.value(s.heading)
                        w.key("start"); w.value(s.start)
                        w.key("end"); w.value(s.end)
                        w.key("part"); w.value(s.part)
                        w.key("topic"); w.value(s.topic)
                        w.key("topic_keywords"); w.array { w in for k in s.topic_keywords { w.value(k) } }
                    }
                }
            }
            // By index: each figure is read in place, not copied into the closure (a retain and
            // a release of each of its strings).
            w.key("figures"); w.array { w in
                for i in figures.indices { w.object { w in figures[i].writeFields(to: &w) } }
            }
            if schema1Key {
                w.key("indicators"); w.array { w in
                    for i in figures.indices { w.object { w in figures[i].writeFields(to: &w) } }
                }
            }
            w.key("zero_events"); w.array { w in for z in zero_events { w.value(z) } }
            w.key("zero_event_details"); w.array { w in
                for z in zero_event_details {
                    w.object { w in
                        w.key("subject"); w.value(z.subject)
                        w.key("text"); w.value(z.text)
                        w.key("part"); w.value(z.part)
                        w.key("section"); w.value(z.section)
                        w.key("start"); w.value(z.start)
                    }
                }
            }
        }
    }
}

extension Figure {
    /// The figure's fields, in the record's order: the one JSON form of a figure, in a record and
    /// in a row of `huibao figures --json` (which adds the record's fields before them).
    public func writeFields(to w: inout JSONWriter) {
        w.key("text"); w.value(text)
        w.key("value"); w.value(value)
        w.key("min"); w.value(min)
        w.key("max"); w.value(max)
        w.key("unit"); w.value(unit)
        w.key("qualifier"); w.value(qualifier)
        w.key("kind"); w.value(kind)
        w.key("subject"); w.value(subject)
        w.key("part"); w.value(part)
        w.key("section"); w.value(section)
        w.key("context"); w.value(context)
        w.key("start"); w.value(start)
        w.key("rule"); w.value(rule)
        w.key("indicator"); w.value(indicator)
        w.key("domain"); w.value(domain)
        w.key("measure"); w.value(measure)
        w.key("baseline"); w.value(baseline)
        w.key("period"); w.value(period)
        w.key("polarity"); w.value(polarity)
        w.key("direction"); w.value(direction)
    }
}
