import Foundation
import Glibc
import Testing
@testable import HuibaoDaemon

@Suite struct StoreTests {
    func tempDir() -> String {
        var template = "/tmp/huibao-store-XXXXXX".utf8CString
        return String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
    }

    func line(_ sha: String, _ n: Int) -> String { "{\"schema\":1,\"file\":\"f\(n).txt\",\"sha256\":\"\(sha)\",\"n\":\(n)}" }
    func sha(_ c: Character) -> String { String(repeating: c, count: 64) }

    @Test func appendsAndKnowsWhatItHolds() throws {
        let dir = tempDir()
        let store = try Store(directory: dir)
        try store.append(sha256: sha("a"), line: line(sha("a"), 1))
        try store.append(sha256: sha("b"), line: line(sha("b"), 2))
        #expect(store.known == [sha("a"), sha("b")])
        let reopened = try Store(directory: dir)
        #expect(reopened.known == [sha("a"), sha("b")])
        #expect(reopened.count == 2)
        #expect(reopened.repairs.isEmpty)
    }

    @Test func cutsATornLastLineAndKeepsWhatCameBefore() throws {
        let dir = tempDir()
        do {
            let store = try Store(directory: dir)
            try store.append(sha256: sha("a"), line: line(sha("a"), 1))
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
        #expect(store.known == [sha("a")])
        try store.append(sha256: sha("d"), line: line(sha("d"), 4))
        let lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains(sha("d")))
    }

    @Test func rebuildsALostOrDamagedLedgerFromTheRecords() throws {
        let dir = tempDir()
        do {
            let store = try Store(directory: dir)
            for (i, c) in ["a", "b", "c"].enumerated() { try store.append(sha256: sha(Character(c)), line: line(sha(Character(c)), i)) }
        }
        // Lose the last ledger entry and garble the one before, as a crash or power loss could.
        let ledger = dir + "/reports.ledger"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ledger)))
        bytes.removeLast(Store.ledgerLineLength)
        bytes[Store.ledgerLineLength + 70] = UInt8(ascii: "x")
        try Data(bytes).write(to: URL(fileURLWithPath: ledger))
        let store = try Store(directory: dir)
        #expect(store.known == [sha("a"), sha("b"), sha("c")])
        #expect(store.count == 3)
        let rebuilt = try Data(contentsOf: URL(fileURLWithPath: ledger))
        #expect(rebuilt.count == 3 * Store.ledgerLineLength)
        // The next open agrees without repairs.
        #expect(try Store(directory: dir).repairs.isEmpty)
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
