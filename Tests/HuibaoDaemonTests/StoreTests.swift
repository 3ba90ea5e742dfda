import Foundation
import Glibc
import Testing
@testable import HuibaoDaemon
import HuibaoCore

@Suite struct StoreTests {
    func tempDir() -> String {
        var template = "/tmp/huibao-store-XXXXXX".utf8CString
        return String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
    }

    func line(_ sha: String, _ n: Int) -> String { "{\"schema\":1,\"file\":\"f\(n).txt\",\"sha256\":\"\(sha)\",\"n\":\(n)}" }
    func record(_ sha: String, _ n: Int) -> Record { Record(file: "f\(n).txt", sha256: sha, bytes: n, encoding: "utf-8", format: "text") }
    func sha(_ c: Character) -> String { String(repeating: c, count: 64) }

    @Test func appendsAndKnowsWhatItHolds() throws {
        let dir = tempDir()
        let store = try Store(directory: dir)
        try store.append(record(sha("a"), 1))
        try store.append(record(sha("b"), 2))
        #expect(store.known == DigestSet([sha("a"), sha("b")]))
        let reopened = try Store(directory: dir)
        #expect(reopened.known == DigestSet([sha("a"), sha("b")]))
        #expect(reopened.count == 2)
        #expect(reopened.repairs.isEmpty)
    }

    @Test func cutsATornLastLineAndKeepsWhatCameBefore() throws {
        let dir = tempDir()
        do {
            let store = try Store(directory: dir)
            try store.append(record(sha("a"), 1))
        }
        let path = dir + "/reports.jsonl"
        let intact = try Data(contentsOf: URL(fileURLWithPath: path))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        h.seekToEndOfFile()
        h.write(Data(line(sha("c"), 3).utf8.prefix(40)))
        try h.close()
        let store = try Store(directory: dir)
        #expect(store.repairs.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == intact)
        #expect(store.known == DigestSet([sha("a")]))
        try store.append(record(sha("d"), 4))
        let lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains(sha("d")))
    }

    @Test func rebuildsALostOrDamagedLedgerFromTheRecords() throws {
        let dir = tempDir()
        do {
            let store = try Store(directory: dir)
            for (i, c) in ["a", "b", "c"].enumerated() { try store.append(record(sha(Character(c)), i)) }
        }
        // Lose the last ledger entry and garble the one before, as a crash or power loss could.
        let ledger = dir + "/reports.ledger"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ledger)))
        bytes.removeLast(Store.ledgerLineLength)
        bytes[Store.ledgerLineLength + 70] = UInt8(ascii: "x")
        try Data(bytes).write(to: URL(fileURLWithPath: ledger))
        let store = try Store(directory: dir)
        #expect(store.known == DigestSet([sha("a"), sha("b"), sha("c")]))
        #expect(store.count == 3)
        let rebuilt = try Data(contentsOf: URL(fileURLWithPath: ledger))
        #expect(rebuilt.count == 3 * Store.ledgerLineLength)
        // The next open agrees without repairs.
        #expect(try Store(directory: dir).repairs.isEmpty)
    }

    /// Real records from the held-out reports, with names that need escaping in the index.
    func parsedReports() throws -> [Record] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/heldout")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        return try names.enumerated().map { i, name in
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
            return try ReportParser.parse(bytes: bytes, fileName: i == 0 ? "tab\there\nback\\slash.txt" : name, catalogue: .empty)
        }
    }

    /// What a query or a rule reads of a record: all of it but the sections and zero-event details.
    func indexed(_ r: Record) -> Record {
        var r = r
        r.sections = []
        r.zero_event_details = []
        return r
    }

    @Test func theIndexGivesBackEveryFieldQueriesAndRulesRead() throws {
        let dir = tempDir()
        let reports = try parsedReports()
        #expect(reports.count >= 3)
        let store = try Store(directory: dir)
        for r in reports { try store.append(r) }
        #expect(store.indexed == reports.count)
        let index = try IndexedStore(in: dir)
        #expect(index.count == reports.count)
        for (seq, r) in reports.enumerated() {
            #expect(index.record(seq, withFigures: true) == indexed(r))
            #expect(index.figureCount(seq) == r.figures.count)
            #expect(try index.line(seq) == Array(r.jsonLine().utf8))
        }
        // Only the figures whose subject holds the text are taken, each with its record.
        let income = index.latestFigures(subjectContaining: "收入")
        #expect(!income.isEmpty)
        #expect(income.allSatisfy { reports[$0.seq].figures.contains($0.figure) })
        let expected = reports.reduce(0) { n, r in n + r.figures.filter { $0.subject.contains("收入") }.count }
        #expect(income.count == expected)
    }

    @Test func aTornOrMissingIndexIsCutAndRebuiltFromTheRecords() throws {
        let dir = tempDir()
        let reports = try parsedReports()
        do {
            let store = try Store(directory: dir)
            for r in reports { try store.append(r) }
        }
        // A crash mid-write: the last report line loses its end, the figure lines a few bytes.
        for name in [StoreIndex.reportsName, StoreIndex.figuresName] {
            let path = dir + "/" + name
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(bytes.count - 7).write(to: URL(fileURLWithPath: path))
        }
        // Readers see every record: what the index lacks is read from the records.
        let before = try IndexedStore(in: dir)
        #expect(before.count == reports.count)
        #expect(before.tailStart == reports.count - 1)
        #expect(before.record(reports.count - 1, withFigures: true) == indexed(reports.last!))
        // The store keeps what agrees and the catch-up appends the rest.
        let store = try Store(directory: dir)
        #expect(store.indexed == reports.count - 1)
        try StoreReader.indexEntries(inDirectory: dir, from: store.indexed, offset: store.offset(of: store.indexed), limit: store.count) { first, entries, _ in
            store.appendIndex(entries, from: first)
        }
        #expect(store.indexed == reports.count)
        let after = try IndexedStore(in: dir)
        #expect(after.tailStart == reports.count)
        for (seq, r) in reports.enumerated() { #expect(after.record(seq, withFigures: true) == indexed(r)) }
        // An index deleted altogether is the same case from the first record.
        try FileManager.default.removeItem(atPath: dir + "/" + StoreIndex.figuresName)
        #expect(try Store(directory: dir).indexed == 0)
    }

    @Test func indexFilesOfAnotherLayoutAreEmptiedAndReadersIgnoreThem() throws {
        let dir = tempDir()
        let reports = try parsedReports()
        do {
            let store = try Store(directory: dir)
            for r in reports { try store.append(r) }
            #expect(store.indexed == reports.count)
        }
        #expect(try StoreIndex.isCurrent(inDirectory: dir))
        try Data("0\n".utf8).write(to: URL(fileURLWithPath: dir + "/" + StoreIndex.versionName))
        let reader = try IndexedStore(in: dir)
        #expect(reader.tailStart == 0 && reader.count == reports.count, "every record read from the store")
        #expect(reader.record(0, withFigures: true) == indexed(reports[0]))
        let store = try Store(directory: dir)
        #expect(store.indexed == 0)
        #expect(try StoreIndex.isCurrent(inDirectory: dir))
        #expect(try FileManager.default.attributesOfItem(atPath: dir + "/" + StoreIndex.figuresName)[.size] as? Int == 0)
    }

    /// Root reads a file of mode 000, so the failures here are ones root meets too: a stream
    /// that is a directory (EISDIR) and a state path under a regular file (ENOTDIR).
    @Test func aStoreThatCannotBeReadIsAnErrorWithItsPathNotAnEmptyStore() throws {
        let dir = tempDir()
        #expect(try StoreReader.alerts(in: dir).items.isEmpty, "a stream not written yet is empty")
        #expect(try IndexedStore(in: dir).count == 0)
        #expect(mkdir(dir + "/" + AlertDesk.logName, 0o700) == 0)
        #expect(throws: FileError(dir + "/" + AlertDesk.logName, SysError(EISDIR, "read"))) { try StoreReader.alerts(in: dir) }
        #expect(mkdir(dir + "/" + Store.recordsName, 0o700) == 0)
        #expect(throws: FileError(dir + "/" + Store.recordsName, SysError(EISDIR, "read"))) { try IndexedStore(in: dir) }
        #expect(throws: FileError(dir + "/" + Store.recordsName, SysError(EISDIR, "read"))) { try StoreReader.records(in: dir) }
        let file = dir + "/plain"
        #expect(creat(file, 0o600) >= 0)
        #expect(throws: FileError(file + "/" + AlertDesk.logName, SysError(ENOTDIR, "open"))) { try StoreReader.alerts(in: file) }
        // The daemon's evaluation of such a store is refused, not taken as a store without history.
        let evaluation = AlertDesk.evaluate(directory: dir, limit: .max, rules: [], catalogue: .empty)
        #expect(evaluation.failure?.errno == EISDIR)
        #expect(FileError(dir + "/x", SysError(EISDIR, "read")).description == dir + "/x: Is a directory")
    }

    @Test func findsTheRecordsOwnShaEvenWhenAFileNameMentionsIt() {
        let tricky = "{\"schema\":1,\"file\":\"x\\\"sha256\\\":\\\"\(sha("f"))\",\"sha256\":\"\(sha("e"))\"}"
        #expect(Store.sha256(inRecordLine: Array(tricky.utf8)) == sha("e"))
        #expect(Store.sha256(inRecordLine: Array("{\"schema\":1}".utf8)) == nil)
    }
}

@Suite struct InotifyDecodingTests {
    /// Builds the kernel's layout by hand: wd, mask, cookie, len, then a NUL-padded name.
    func event(wd: Int32, mask: UInt32, cookie: UInt32 = 0, name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for v in [UInt32(bitPattern: wd), mask, cookie] { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        var nameBytes = Array(name.utf8)
        if !name.isEmpty { nameBytes += [0]; while nameBytes.count % 16 != 0 { nameBytes.append(0) } }
        withUnsafeBytes(of: UInt32(nameBytes.count).littleEndian) { bytes += $0 }
        return bytes + nameBytes
    }

    @Test func decodesSeveralEventsWithPaddedNames() {
        let buffer = event(wd: 1, mask: UInt32(IN_MOVED_TO), cookie: 7, name: "报告 2022.txt")
            + event(wd: 1, mask: UInt32(IN_CLOSE_WRITE), name: "a")
            + event(wd: -1, mask: UInt32(IN_Q_OVERFLOW), name: "")
        let events = buffer.withUnsafeBytes { decodeInotifyEvents($0) }
        #expect(events.count == 3)
        #expect(events[0] == InotifyEvent(wd: 1, mask: UInt32(IN_MOVED_TO), cookie: 7, name: "报告 2022.txt"))
        #expect(events[1].name == "a")
        #expect(events[2].isOverflow)
        #expect(!events[0].watchLost)
    }

    @Test func aTruncatedRecordEndsTheWalk() {
        let whole = event(wd: 1, mask: UInt32(IN_CLOSE_WRITE), name: "complete") + event(wd: 1, mask: UInt32(IN_CLOSE_WRITE), name: "cut-short")
        let events = Array(whole.dropLast(5)).withUnsafeBytes { decodeInotifyEvents($0) }
        #expect(events.map(\.name) == ["complete"])
    }

    @Test func watchLossIsRecognised() {
        for mask in [IN_DELETE_SELF, IN_MOVE_SELF, IN_IGNORED, IN_UNMOUNT] {
            #expect(InotifyEvent(wd: 1, mask: UInt32(mask), cookie: 0, name: "").watchLost)
        }
    }
}

@Suite struct JournalFieldTests {
    @Test func fieldNamesAreMadeValidForJournald() {
        #expect(Journal.fieldName("HUIBAO_FILE") == "HUIBAO_FILE")
        #expect(Journal.fieldName("request-id") == "REQUEST_ID")
        #expect(Journal.fieldName("_PRIVATE") == "PRIVATE")
        #expect(Journal.fieldName("9DIGIT") == "HUIBAO_9DIGIT")
    }

    @Test func controlCharactersArePrintedAsEscapes() {
        #expect(Journal.printable("a\nb\u{1b}") == "a\\x0ab\\x1b")
    }
}
