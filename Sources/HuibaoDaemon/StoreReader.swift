import FoundationEssentials
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

    /// The latest record of each report whose line contains `needle` (raw UTF-8: the writer
    /// escapes no CJK). Only lines holding the needle are decoded, so a selective query costs a
    /// byte scan of the store, not a JSON decode of every record. A report whose latest record
    /// does not contain the needle is left out even if an older one does.
    public static func latestRecords(inDirectory dir: String, containing needle: String?) -> [Record] {
        guard let needle, !needle.isEmpty, let bytes = try? FS.read(dir + "/" + Store.recordsName) else {
            return latest(records(inDirectory: dir).items)
        }
        let lastOffsetBySHA = ledgerLastOffsets(dir)
        let decoder = JSONDecoder()
        var out: [Record] = []
        bytes.withUnsafeBufferPointer { buf in
            let n = Array(needle.utf8)
            var i = 0
            let end = buf.count - n.count
            while i <= end {
                guard buf[i] == n[0], n.indices.allSatisfy({ buf[i + $0] == n[$0] }) else { i += 1; continue }
                var lineStart = i
                while lineStart > 0 && buf[lineStart - 1] != 0x0A { lineStart -= 1 }
                var lineEnd = i
                while lineEnd < buf.count && buf[lineEnd] != 0x0A { lineEnd += 1 }
                i = lineEnd + 1
                guard lineEnd < buf.count else { break } // a line still being written is not a line
                let line = Array(buf[lineStart..<lineEnd])
                guard let record = try? decoder.decode(Record.self, from: Data(line)) else { continue }
                if let last = lastOffsetBySHA[record.sha256], last != lineStart { continue }
                out.append(record)
            }
        }
        return out
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

    /// Where the last record of each report starts, from the ledger.
    static func ledgerLastOffsets(_ dir: String) -> [String: Int] {
        guard let bytes = try? FS.read(dir + "/" + Store.ledgerName) else { return [:] }
        var out: [String: Int] = [:]
        var at = 0
        while at + Store.ledgerLineLength <= bytes.count {
            guard let (sha, offset, _) = Store.parseLedgerLine(bytes[at..<at + Store.ledgerLineLength]) else { break }
            out[sha] = offset
            at += Store.ledgerLineLength
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
