import FoundationEssentials
import Glibc
import HuibaoCore

/// Reads the store's streams: complete lines only (a line being appended is not yet a line),
/// and lines that do not decode are skipped and counted, never fatal. A stream that is not
/// there yet is empty; one that cannot be read is an error with its path, never an empty
/// store. The daemon's start-up and the command line read through here.
public enum StoreReader {
    public struct Lines<T> {
        public var items: [T] = []
        public var unreadable = 0
    }

    /// `path` whole, or nothing when it does not exist (a stream not written yet).
    public static func readIfPresent(_ path: String, limit: Int = .max) throws(FileError) -> [UInt8]? {
        do throws(SysError) { return try FS.read(path, limit: limit) } catch {
            if error.errno == ENOENT { return nil }
            throw FileError(path, error)
        }
    }

    public static func decodeLines<T: Decodable>(_ path: String, as type: T.Type,
                                                 where keep: ((ArraySlice<UInt8>) -> Bool)? = nil) throws(FileError) -> Lines<T> {
        var result = Lines<T>()
        guard let bytes = try readIfPresent(path) else { return result }
        let decoder = JSONDecoder()
        for range in bytes.lineRanges() {
            let line = bytes[range]
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
    public static func latestRecords(in dir: String) throws(FileError) -> [Record] {
        latest(try records(in: dir).items)
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

    /// The index entries of the records from number `seq` on, the first starting at byte
    /// `offset` of the records file, up to record `limit`: read and decoded a piece at a time and
    /// handed over `chunk` records at a time with their spans, so memory stays bounded however
    /// large the store. Lines without a record's SHA-256 are not records (as for the ledger).
    public static func indexEntries(inDirectory dir: String, from seq: Int, offset: Int, limit: Int, chunk: Int = 1000,
                                    _ deliver: (Int, [StoreIndex.Entry], [(offset: Int, length: Int)]) -> Void) throws(FileError) {
        guard seq < limit else { return }
        let path = dir + "/" + Store.recordsName
        let decoder = JSONDecoder()
        var next = seq
        var entries: [StoreIndex.Entry] = [], spans: [(offset: Int, length: Int)] = []
        var first = seq
        do throws(SysError) {
            let fd: FD
            do { fd = try FD.open(path, O_RDONLY) } catch where error.errno == ENOENT { return }
            defer { fd.close() }
            try fd.forEachLine(from: offset, to: Int(try fd.stat().st_size)) { at, line in
                guard next < limit else { return false }
                guard let sha = Store.sha256(inRecordLine: line) else { return true }
                let record = (try? decoder.decode(Record.self, from: Data(line)))
                    ?? Record(file: "", sha256: sha, bytes: 0, encoding: "", format: "")
                entries.append(StoreIndex.Entry(record))
                spans.append((at, line.count + 1))
                next += 1
                if entries.count == chunk {
                    deliver(first, entries, spans)
                    first = next
                    entries = []
                    spans = []
                }
                return true
            }
        } catch { throw FileError(path, error) }
        if !entries.isEmpty { deliver(first, entries, spans) }
    }

    /// One record from its line's bytes.
    public static func record(_ line: [UInt8]) -> Record? {
        try? JSONDecoder().decode(Record.self, from: Data(line))
    }

    /// The store's records.
    public static func records(in dir: String) throws(FileError) -> Lines<Record> {
        try decodeLines(dir + "/" + Store.recordsName, as: Record.self)
    }

    public static func alerts(in dir: String) throws(FileError) -> Lines<AlertRecord> {
        try decodeLines(dir + "/" + AlertDesk.logName, as: AlertRecord.self)
    }

}
