import FoundationEssentials
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

    public static func decodeLines<T: Decodable>(_ path: String, as type: T.Type, where keep: ((ArraySlice<UInt8>) -> Bool)? = nil) -> Lines<T> {
        var result = Lines<T>()
        guard let bytes = try? readWholeFile(path) else { return result }
        let decoder = JSONDecoder()
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
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

    /// One record from its line's bytes.
    public static func record(_ line: [UInt8]) -> Record? {
        try? JSONDecoder().decode(Record.self, from: Data(line))
    }

    public static func records(inDirectory dir: String) -> Lines<Record> {
        decodeLines(dir + "/" + Store.recordsName, as: Record.self)
    }

    public static func alerts(inDirectory dir: String) -> Lines<AlertRecord> {
        decodeLines(dir + "/" + AlertDesk.logName, as: AlertRecord.self)
    }
}

/// The whole file, however large (the store is read whole by queries and start-up).
func readWholeFile(_ path: String) throws(SysError) -> [UInt8] {
    let fd = try FD.open(path, O_RDONLY)
    defer { fd.close() }
    return try fd.readAll(limit: Int.max)
}
