import Glibc
import HuibaoCore

/// The append-only store: `reports.jsonl`, one record per line, and `reports.ledger`, one
/// fixed-width line per record (`sha256 offset length`) so that start-up need not read every
/// record to know what is stored. The ledger is derived from the records and rebuilt from
/// them whenever the two disagree; the records file is the truth.
public final class Store {
    public static let recordsName = "reports.jsonl"
    public static let ledgerName = "reports.ledger"
    static let ledgerLineLength = 64 + 1 + 12 + 1 + 10 + 1

    public let directory: String
    private let records: DurableLines
    private let ledger: FD
    private var ledgerSize: Int
    /// SHA-256 of every stored report: the dedupe set.
    public private(set) var known = DigestSet()
    /// Records stored (a reprocessed report counts once per record).
    public var count: Int { spans.count }
    /// Where each record is, in store order: record `seq` is `spans[seq]`.
    private var spans: [(offset: Int, length: Int)] = []

    /// Where each indexed record's index lines are (see `StoreIndex`): the first
    /// `indexed` records, in store order. Records after them are indexed by `indexLagging`'s
    /// catch-up, never out of order.
    private(set) var positions: [StoreIndex.Position] = []
    /// Where each indexed record's report line starts in `reports.index`.
    private var reportLineStarts: [Int] = []
    public var indexed: Int { positions.count }
    private let reportIndex: FD
    private let figureIndex: FD
    private var reportIndexSize = 0
    private var figureIndexSize = 0
    /// A failed index append could not be cut back (see `appendIndex`).
    private var indexCannotGrow = false

    /// What start-up recovery did, for the log.
    public private(set) var repairs: [String] = []

    public init(directory: String) throws(SysError) {
        self.directory = directory
        try FS.makeDirectories(directory, mode: 0o700)
        records = try DurableLines(path: directory + "/" + Store.recordsName)
        if let repair = records.repair { repairs.append(repair) }
        ledger = try FD.open(directory + "/" + Store.ledgerName, O_RDWR | O_APPEND | O_CREAT, mode: 0o600)
        ledgerSize = Int(try ledger.stat().st_size)
        reportIndex = try FD.open(directory + "/" + StoreIndex.reportsName, O_RDWR | O_APPEND | O_CREAT, mode: 0o600)
        figureIndex = try FD.open(directory + "/" + StoreIndex.figuresName, O_RDWR | O_APPEND | O_CREAT, mode: 0o600)
        try recover()
        try recoverIndex()
    }

    deinit {
        ledger.close()
        reportIndex.close()
        figureIndex.close()
    }

    public var recordsPath: String { records.path }
    public var bytes: Int { records.size }

    /// Appends one record and makes it durable before returning. On failure (e.g. ENOSPC)
    /// the file is cut back to where it was, so no torn line is left behind.
    public func append(_ record: Record) throws(SysError) {
        try append([(record.sha256, record.jsonBytes(), StoreIndex.Entry(record))])
    }

    /// Appends several records durably with one fsync; all or none. Their index lines follow
    /// unless the index is still catching up with earlier records.
    public func append(_ batch: [(sha256: String, line: [UInt8], index: StoreIndex.Entry)]) throws(SysError) {
        guard !batch.isEmpty else { return }
        let first = spans.count
        let offsets = try records.append(batch.map(\.line))
        for (i, item) in batch.enumerated() {
            let end = i + 1 < offsets.count ? offsets[i + 1] : records.size
            known.insert(item.sha256)
            spans.append((offsets[i], end - offsets[i]))
            appendLedger(sha256: item.sha256, offset: offsets[i], length: end - offsets[i])
        }
        appendIndex(batch.map(\.index), from: first)
    }

    /// Where record `seq` starts in the records file (its end for `count`).
    public func offset(of seq: Int) -> Int {
        seq < spans.count ? spans[seq].offset : records.size
    }

    /// Index lines for records `first…`, appended only in store order. Like the ledger the
    /// index is not flushed: the records are the truth, and a lost tail is rebuilt.
    public func appendIndex(_ entries: [StoreIndex.Entry], from first: Int) {
        guard first == indexed, !entries.isEmpty, first + entries.count <= spans.count, !indexCannotGrow else { return }
        var reportLines: [UInt8] = [], figureLines: [UInt8] = []
        var added: [StoreIndex.Position] = []
        var addedStarts: [Int] = []
        for (i, entry) in entries.enumerated() {
            let seq = first + i
            let (report, figures) = StoreIndex.lines(entry, seq: seq, offset: spans[seq].offset, length: spans[seq].length,
                                                     figuresOffset: figureIndexSize + figureLines.count)
            added.append(StoreIndex.Position(seq: seq, offset: spans[seq].offset, length: spans[seq].length,
                                             figuresOffset: figureIndexSize + figureLines.count, figuresLength: figures.count))
            addedStarts.append(reportIndexSize + reportLines.count)
            figureLines += figures
            reportLines += report
        }
        do {
            try figureIndex.writeAll(figureLines)
            try reportIndex.writeAll(reportLines)
        } catch {
            // Index lines after a piece that could not be cut would sit at the wrong offsets:
            // the index stops growing until start-up recovery cuts it (readers check it anyway).
            do {
                try reportIndex.truncate(to: reportIndexSize)
                try figureIndex.truncate(to: figureIndexSize)
            } catch { indexCannotGrow = true }
            return
        }
        figureIndexSize += figureLines.count
        reportIndexSize += reportLines.count
        positions += added
        reportLineStarts += addedStarts
    }

    /// Record `seq` as the index has it (see `StoreIndex`), read from the index files.
    public func indexedRecord(_ seq: Int) -> Record? {
        guard seq >= 0, seq < indexed else { return nil }
        let start = reportLineStarts[seq], end = seq + 1 < indexed ? reportLineStarts[seq + 1] : reportIndexSize
        let p = positions[seq]
        guard let report = try? reportIndex.line(at: start, length: end - start),
              let figures = try? figureIndex.read(at: p.figuresOffset, count: p.figuresLength) else { return nil }
        return StoreIndex.record(report: report[...], figures: figures[...])?.1
    }

    /// The bytes of record `seq` (its line, without the newline).
    public func line(at seq: Int) -> [UInt8]? {
        guard seq >= 0, seq < spans.count else { return nil }
        return try? records.fd.line(at: spans[seq].offset, length: spans[seq].length)
    }

    /// The ledger is an index: a failed write (or cut) only costs a rescan at the next start.
    private func appendLedger(sha256: String, offset: Int, length: Int) {
        appendLedger(Array(Store.ledgerLine(sha256: sha256, offset: offset, length: length).utf8))
    }

    private func appendLedger(_ entries: [UInt8]) {
        do {
            try ledger.writeAll(entries)
            ledgerSize += entries.count
        } catch {
            try? ledger.truncate(to: ledgerSize)
        }
    }

    static func ledgerLine(sha256: String, offset: Int, length: Int) -> String {
        func padded(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(sha256) \(padded(offset, 12)) \(padded(length, 10))\n"
    }

    // MARK: start-up recovery

    /// Loads the ledger up to its last entry that agrees with the records, then indexes the
    /// records it does not cover (the ledger lagged at a crash, or lost its tail).
    private func recover() throws(SysError) {
        let ledgerBytes = try ledger.read(at: 0, count: ledgerSize)
        var covered = 0
        var validLedger = 0
        while validLedger + Store.ledgerLineLength <= ledgerBytes.count {
            let line = ledgerBytes[validLedger..<validLedger + Store.ledgerLineLength]
            guard let (sha, offset, length) = Store.parseLedgerLine(line), offset == covered,
                  offset + length <= records.size else { break }
            known.insert(sha)
            spans.append((offset, length))
            covered = offset + length
            validLedger += Store.ledgerLineLength
        }
        if validLedger != ledgerSize {
            try ledger.truncate(to: validLedger)
            repairs.append("dropped \(ledgerSize - validLedger) bytes of ledger that did not match the records")
            ledgerSize = validLedger
        }
        var added = 0
        var entries: [UInt8] = []
        try records.forEachLine(from: covered) { offset, line in
            guard let sha = Store.sha256(inRecordLine: line) else { return }
            entries += Store.ledgerLine(sha256: sha, offset: offset, length: line.count + 1).utf8
            known.insert(sha)
            spans.append((offset, line.count + 1))
            added += 1
        }
        // One write for all the missing entries (a never-indexed store has 100,000 of them).
        appendLedger(entries)
        if added > 0 { repairs.append("indexed \(added) records missing from the ledger") }
    }

    /// Keeps the index lines that agree with the records, in order, and cuts the rest.
    private func recoverIndex() throws(SysError) {
        if try !StoreIndex.isCurrent(inDirectory: directory) {
            // Emptied before the version is written: a crash in between leaves an empty index.
            // Derived data: a version that cannot be written (disk full) means a rebuild next time.
            try reportIndex.truncate(to: 0)
            try figureIndex.truncate(to: 0)
            try? FS.writeAtomically(directory + "/" + StoreIndex.versionName, Array((StoreIndex.version + "\n").utf8), mode: 0o600)
        }
        let reportBytes = try reportIndex.read(at: 0, count: Int(try reportIndex.stat().st_size))
        figureIndexSize = Int(try figureIndex.stat().st_size)
        var start = 0, figuresEnd = 0
        for end in reportBytes.indices where reportBytes[end] == 0x0A {
            guard let p = StoreIndex.position(reportBytes[start..<end]), p.seq == positions.count, p.seq < spans.count,
                  p.offset == spans[p.seq].offset, p.length == spans[p.seq].length, p.figuresOffset == figuresEnd,
                  p.figuresOffset + p.figuresLength <= figureIndexSize else { break }
            positions.append(p)
            reportLineStarts.append(start)
            figuresEnd = p.figuresOffset + p.figuresLength
            start = end + 1
        }
        if start != reportBytes.count || figuresEnd != figureIndexSize {
            try reportIndex.truncate(to: start)
            try figureIndex.truncate(to: figuresEnd)
        }
        reportIndexSize = start
        figureIndexSize = figuresEnd
    }

    static func parseLedgerLine(_ line: ArraySlice<UInt8>) -> (String, Int, Int)? {
        let b = Array(line)
        guard b.count == ledgerLineLength, b[64] == 0x20, b[77] == 0x20, b[88] == 0x0A else { return nil }
        guard b[0..<64].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }),
              let offset = Int(String(decoding: b[65..<77], as: UTF8.self)),
              let length = Int(String(decoding: b[78..<88], as: UTF8.self)), length > 0 else { return nil }
        return (String(decoding: b[0..<64], as: UTF8.self), offset, length)
    }

    /// The record's `"sha256":"…"` found by a byte search: a quote inside a JSON string is
    /// escaped, so the first unescaped `"sha256":"` is the record's own key.
    public static func sha256(inRecordLine line: ArraySlice<UInt8>) -> String? {
        let key = Array("\"sha256\":\"".utf8)
        guard let at = line.firstIndex(of: key) else { return nil }
        let start = at + key.count
        guard line.endIndex - start >= 65, line[start + 64] == UInt8(ascii: "\"") else { return nil }
        return String(decoding: line[start..<start + 64], as: UTF8.self)
    }

    public static func sha256(inRecordLine line: [UInt8]) -> String? {
        sha256(inRecordLine: line[...])
    }
}

/// SHA-256 digests held as 32 bytes each rather than as 64-character strings: the dedupe set of a
/// large store stays small, and owns its memory instead of pinning the strings the parser threads
/// made (which kept their heap pages from being given back when the daemon went idle).
public struct DigestSet: Equatable {
    struct Digest: Hashable {
        var words: (UInt64, UInt64, UInt64, UInt64)
        static func == (a: Digest, b: Digest) -> Bool { a.words == b.words }
        func hash(into h: inout Hasher) { h.combine(words.0); h.combine(words.1); h.combine(words.2); h.combine(words.3) }

        init?(_ hex: String) {
            var hex = hex
            guard let words = hex.withUTF8({ b -> (UInt64, UInt64, UInt64, UInt64)? in
                guard b.count == 64 else { return nil }
                var w: [UInt64] = [0, 0, 0, 0]
                for (i, c) in b.enumerated() {
                    let v: UInt8
                    switch c {
                    case 0x30...0x39: v = c - 0x30
                    case 0x61...0x66: v = c - 0x61 + 10
                    default: return nil
                    }
                    w[i / 16] = w[i / 16] << 4 | UInt64(v)
                }
                return (w[0], w[1], w[2], w[3])
            }) else { return nil }
            self.words = words
        }
    }

    private var digests: Set<Digest> = []
    /// Anything that is not 64 lowercase hex digits (never written by huibaod) is kept as it is.
    private var others: Set<String> = []

    public init(_ hexes: [String] = []) { for h in hexes { insert(h) } }

    public var count: Int { digests.count + others.count }

    public func contains(_ hex: String) -> Bool {
        Digest(hex).map { digests.contains($0) } ?? others.contains(hex)
    }

    public mutating func insert(_ hex: String) {
        if let d = Digest(hex) { digests.insert(d) } else { others.insert(hex) }
    }
}
