import FoundationEssentials
import CLinux
import Glibc
import HuibaoCore

/// Reads the store's streams: complete lines only (a line being appended is not yet a line),
/// and lines that do not decode are skipped and counted, never fatal. The daemon's start-up
/// and the command line read through here.
public enum StoreReader {
    public struct Lines<T> {
        public var items: [T] = []
        public var unreadable = 0
    }

    public static func decodeLines<T: Decodable>(_ path: String, as type: T.Type, limit: Int = .max,
                                                 where keep: ((ArraySlice<UInt8>) -> Bool)? = nil) -> Lines<T> {
        var result = Lines<T>()
        guard let bytes = try? FS.read(path) else { return result }
        let decoder = JSONDecoder()
        var start = 0
        var seen = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            if seen == limit { break }
            seen += 1
            let line = bytes[start..<i]
            start = i + 1
            if line.isEmpty { continue }
            if let keep, !keep(line) { continue }
            if let item = try? decoder.decode(T.self, from: Data(line)) {
                result.items.append(item)
            } else {
                result.unreadable += 1
            }
        }
        return result
    }

    /// The latest record of each report, decoded whole (an export; queries use `IndexedStore`).
    public static func latestRecords(inDirectory dir: String) -> [Record] {
        latest(records(inDirectory: dir).items)
    }

    /// The latest record of each report, in store order of first appearance.
    public static func latest(_ records: [Record]) -> [Record] {
        var seen: [String: Int] = [:]
        var out: [Record] = []
        for r in records {
            if let i = seen[r.sha256] { out[i] = r } else { seen[r.sha256] = out.count; out.append(r) }
        }
        return out
    }

    /// One record from its line's bytes.
    public static func record(_ line: [UInt8]) -> Record? {
        try? JSONDecoder().decode(Record.self, from: Data(line))
    }

    /// The store's records; with `limit`, only its first lines.
    public static func records(inDirectory dir: String, limit: Int = .max) -> Lines<Record> {
        decodeLines(dir + "/" + Store.recordsName, as: Record.self, limit: limit)
    }

    public static func alerts(inDirectory dir: String) -> Lines<AlertRecord> {
        decodeLines(dir + "/" + AlertDesk.logName, as: AlertRecord.self)
    }
}

/// The store as its index has it (see `StoreIndex`), for queries and rules: read whole, with
/// the records the index does not cover yet (the daemon is catching up, or never ran on this
/// store) decoded and indexed in memory, so every record has its lines.
public struct IndexedStore {
    private let directory: String
    private var reports: [UInt8] = []
    /// Figure lines in memory: all of them, or (without figures) only the tail's, whose
    /// positions then count from the start of this buffer.
    private var figures: [UInt8] = []
    private var figuresInMemoryFrom = 0
    /// The figure lines not in memory are read from the file when asked for.
    private var figureFile: IndexFile?
    /// Each record's report line, in store order (the index of a line is its record's seq).
    private var reportLines: [Range<Int>] = []
    private var positions: [StoreIndex.Position] = []
    /// Whether each record is the newest of its report (a reprocessed report's new record
    /// supersedes the old).
    public private(set) var isLatest: [Bool] = []

    public var count: Int { positions.count }
    /// The first record the index files did not cover, and the entries made for it and those
    /// after it: what the daemon appends to the index to catch up.
    public private(set) var tailStart = 0
    public private(set) var tailEntries: [StoreIndex.Entry] = []

    /// The first `limit` records of the store in `directory`; their figures only if asked
    /// (the figure lines are most of the index).
    public init(directory: String, limit: Int = .max, withFigures: Bool = true) {
        self.directory = directory
        // The report lines first: the figure lines a report line points at were written before it.
        reports = (try? FS.read(directory + "/" + StoreIndex.reportsName)) ?? []
        var figuresSize = Int.max
        if withFigures {
            figures = (try? FS.read(directory + "/" + StoreIndex.figuresName)) ?? []
            figuresSize = figures.count
        } else if let file = IndexFile(directory + "/" + StoreIndex.figuresName) {
            figureFile = file
            figuresSize = file.size
        }
        var start = 0
        for end in reports.indices where reports[end] == 0x0A {
            guard positions.count < limit, let p = StoreIndex.position(reports[start..<end]), p.seq == positions.count,
                  p.figuresOffset + p.figuresLength <= figuresSize else { break }
            positions.append(p)
            reportLines.append(start..<end)
            start = end + 1
        }
        reports.removeSubrange(start...)
        tailStart = positions.count
        if !withFigures { figuresInMemoryFrom = tailStart }
        indexTail(limit: limit)
        var newest: [Substring: Int] = [:]
        for seq in positions.indices { newest[sha256(seq)] = seq }
        isLatest = positions.indices.map { newest[sha256($0)] == $0 }
    }

    /// Records after the last indexed one, decoded from the store.
    private mutating func indexTail(limit: Int) {
        let from = positions.last.map { $0.offset + $0.length } ?? 0
        guard let fd = try? FD.open(directory + "/" + Store.recordsName, O_RDONLY) else { return }
        defer { fd.close() }
        guard let size = try? Int(fd.stat().st_size), size > from, let bytes = try? fd.read(at: from, count: size - from) else { return }
        let decoder = JSONDecoder()
        var start = 0
        for end in bytes.indices where bytes[end] == 0x0A && positions.count < limit {
            defer { start = end + 1 }
            guard let sha = Store.sha256(inRecordLine: bytes[start..<end]) else { continue }
            let record = (try? decoder.decode(Record.self, from: Data(bytes[start..<end])))
                ?? Record(file: "", sha256: sha, bytes: 0, encoding: "", format: "")
            let entry = StoreIndex.Entry(record)
            tailEntries.append(entry)
            let (report, figureLines) = StoreIndex.lines(entry, seq: positions.count, offset: from + start,
                                                         length: end + 1 - start, figuresOffset: figures.count)
            positions.append(StoreIndex.Position(seq: positions.count, offset: from + start, length: end + 1 - start,
                                                 figuresOffset: figures.count, figuresLength: figureLines.count))
            figures += figureLines
            reportLines.append(reports.count..<reports.count + report.count - 1)
            reports += report
        }
    }

    private func sha256(_ seq: Int) -> Substring {
        let line = reports[reportLines[seq]]
        var tabs = 0, i = line.startIndex
        while i < line.endIndex && tabs < 5 { if line[i] == 0x09 { tabs += 1 }; i += 1 }
        return Substring(decoding: line[i..<min(i + 64, line.endIndex)], as: UTF8.self)
    }

    /// Record `seq` as the index has it; without its figures unless asked (and read).
    public func record(_ seq: Int, withFigures: Bool = false) -> Record? {
        let p = positions[seq]
        var figureLines: ArraySlice<UInt8> = []
        if withFigures {
            if seq >= figuresInMemoryFrom {
                figureLines = figures[p.figuresOffset..<p.figuresOffset + p.figuresLength]
            } else {
                guard let bytes = try? figureFile?.fd.read(at: p.figuresOffset, count: p.figuresLength) else { return nil }
                figureLines = bytes[...]
            }
        }
        return StoreIndex.record(report: reports[reportLines[seq]], figures: figureLines)?.1
    }

    public func figureCount(_ seq: Int) -> Int {
        StoreIndex.figureCount(report: reports[reportLines[seq]]) ?? 0
    }

    /// The newest records whose report line holds `needle` (all of them for nil): a byte
    /// search, so only candidates are parsed.
    public func latestSeqs(containing needle: String?) -> [Int] {
        let n = needle.map { Array($0.utf8) } ?? []
        return positions.indices.filter { isLatest[$0] && (n.isEmpty || Store.firstIndex(of: n, in: reports[reportLines[$0]]) != nil) }
    }

    /// The figures of the newest records whose line holds `needle` (all for nil), with their
    /// record's seq, in store order. Needs the figures in memory (`withFigures`).
    public func latestFigures(containing needle: String?) -> [(seq: Int, figure: Indicator)] {
        var out: [(Int, Indicator)] = []
        let n = needle.map { Array($0.utf8) } ?? []
        figures.withUnsafeBufferPointer { buf in
            var lineStart = 0
            var i = 0
            while i < buf.count {
                if !n.isEmpty {
                    // Jump to the next occurrence, then take the line around it.
                    guard let hit = Self.find(n, in: buf, from: i) else { break }
                    var s = hit
                    while s > lineStart && buf[s - 1] != 0x0A { s -= 1 }
                    lineStart = s
                    i = hit
                }
                var end = i
                while end < buf.count && buf[end] != 0x0A { end += 1 }
                if end < buf.count, let (seq, figure) = StoreIndex.figure(figures[lineStart..<end]), seq < isLatest.count, isLatest[seq] {
                    out.append((seq, figure))
                }
                i = end + 1
                lineStart = i
            }
        }
        return out
    }

    private static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < hay.count, let base = hay.baseAddress else { return nil }
        return needle.withUnsafeBytes { n in
            memmem(base + from, hay.count - from, n.baseAddress!, n.count).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
        }
    }

    /// Record `seq`'s whole line from the store.
    public func line(_ seq: Int) -> [UInt8]? {
        guard let fd = try? FD.open(directory + "/" + Store.recordsName, O_RDONLY) else { return nil }
        defer { fd.close() }
        let p = positions[seq]
        guard let bytes = try? fd.read(at: p.offset, count: p.length) else { return nil }
        return bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes
    }
}

/// A file open for reading for as long as its owner lives.
final class IndexFile: @unchecked Sendable {
    let fd: FD
    let size: Int

    init?(_ path: String) {
        guard let fd = try? FD.open(path, O_RDONLY), let st = try? fd.stat() else { return nil }
        self.fd = fd
        size = Int(st.st_size)
    }

    deinit { fd.close() }
}
