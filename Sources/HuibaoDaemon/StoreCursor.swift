import HuibaoCore

/// A place in the store: how many records and how many alert lines came before it. The store
/// only grows (records and alert lines are appended, never rewritten), so a cursor means the
/// same thing after a restart, a reindex or a rebuilt ledger. Written `RECORDS.ALERTS`.
public struct StoreCursor: Equatable, Sendable, CustomStringConvertible {
    public var records: Int
    public var alerts: Int

    public static let start = StoreCursor(records: 0, alerts: 0)

    public init(records: Int, alerts: Int) {
        self.records = records
        self.alerts = alerts
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let r = Int(parts[0]), let a = Int(parts[1]), r >= 0, a >= 0,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) else { return nil }
        self.init(records: r, alerts: a)
    }

    public var description: String { "\(records).\(alerts)" }
}

/// What the store holds after a cursor: the records (through the index) and the alert lines,
/// and the cursor at its end.
public struct StoreTail {
    public let store: IndexedStore
    public let from: StoreCursor
    public let to: StoreCursor
    /// The complete alert lines after `from`, each with its number in the alert stream.
    public let alertLines: [(n: Int, line: ArraySlice<UInt8>)]

    public struct BeyondTheEnd: Error, CustomStringConvertible {
        public let cursor: StoreCursor, end: StoreCursor
        public var description: String {
            "cursor \(cursor) is beyond the end of this store (\(end)): it belongs to another store, or this one was replaced"
        }
    }

    public init(directory: String, after from: StoreCursor) throws {
        store = try IndexedStore(in: directory)
        let alerts = try StoreReader.readIfPresent(directory + "/" + AlertDesk.logName) ?? []
        let ranges = alerts.lineRanges()
        let end = StoreCursor(records: store.count, alerts: ranges.count)
        guard from.records <= end.records, from.alerts <= end.alerts else { throw BeyondTheEnd(cursor: from, end: end) }
        self.from = from
        to = end
        alertLines = ranges.enumerated().dropFirst(from.alerts).map { ($0.offset, alerts[$0.element]) }
    }

    public var seqs: Range<Int> { from.records..<to.records }
}
