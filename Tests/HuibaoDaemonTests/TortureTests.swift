import Foundation
import Glibc
import HuibaoCore
import Testing

// Fault injection (issue 7) on the built huibaod: SIGKILL at random moments while four writers
// drop files, an inotify queue overflow, a full disk, the order that makes a record durable
// before its report leaves work/, and an inbox that goes bad. The suite runs a reduced run;
// `make torture` (HUIBAO_TORTURE=full) runs the issue's numbers and prints the figures.

enum Torture {
    static let full = ProcessInfo.processInfo.environment["HUIBAO_TORTURE"] == "full"

    /// A rule that fires on many of the generated reports (a growth in % below zero).
    static let rule = "[Rule negative-growth]\nKind=growth\nUnit=%\nBelow=0\nSeverity=warning\n"
}

@Suite(.serialized) struct TortureTests {
    static let variants = ReportVariants()

    @Test func killedFiftyTimesWhileWritersDropLosesAndDuplicatesNothing() throws {
        let (distinct, writerCount, kills) = Torture.full ? (5000, 4, 50) : (400, 2, 8)
        let variants = Self.variants
        try #require(variants.samples.count >= 3, "sample reports with a named issuer")
        let began = Date()
        let site = TestSite(extraConfig: Torture.rule)
        let drops = Drop.plan(distinct: distinct)
        let d = DaemonUnderTest(site: site)
        d.start(watchdogMicros: nil)
        try #require(d.waitReady())

        // Writers spread their drops over about the time the kills take.
        let killSpan = Double(kills) * 0.8
        let pause = UInt32(killSpan * 0.8 / Double(drops.count / writerCount) * 1_000_000)
        let writers = (0..<writerCount).map { w in
            Thread {
                for drop in drops[w...].striding(by: writerCount) {
                    drop.write(into: site, variants.report(drop.report))
                    usleep(pause)
                }
            }
        }
        writers.forEach { $0.start() }
        // A quarter of the kills land in start-up and recovery, the rest anywhere.
        var rng = SplitMix64(state: 7)
        for _ in 0..<kills {
            let wait = Double.random(in: 0..<1, using: &rng) < 0.25
                ? Double.random(in: 0...0.15, using: &rng) : Double.random(in: 0...1.6, using: &rng)
            usleep(UInt32(wait * 1_000_000))
            d.signal(SIGKILL)
            try #require(d.waitExit() != nil)
            d.start(watchdogMicros: nil)
        }
        #expect(Harness.waitUntil(600) { writers.allSatisfy(\.isFinished) })
        #expect(d.waitReady())
        let names = Set(drops.map(\.name))
        let settled = Harness.waitUntil(Torture.full ? 900 : 120) {
            site.names(site.inbox).isEmpty && site.names(site.work).isEmpty
                && site.names(site.processed).count + site.names(site.failed).filter { !$0.hasSuffix(".reason") }.count >= drops.count
        }
        #expect(settled, "inbox \(site.names(site.inbox).count), work \(site.names(site.work).count)")
        d.signal(SIGTERM)
        #expect(d.waitExit(30) == 0)

        let store = try StoreAudit(site)
        let expected = Set(drops.map { variants.sha256(of: $0.report) })
        let lost = expected.subtracting(store.counts.keys).count
        let duplicated = store.counts.values.filter { $0 > 1 }.count
        let placed = Set(site.names(site.processed) + site.names(site.failed))
        let filesLost = names.subtracting(placed).count
        let failed = site.names(site.failed).filter { !$0.hasSuffix(".reason") }
        let alerts = AlertAudit(site, d)
        print("""
            torture crash: files \(drops.count) (\(distinct) distinct, \(drops.count - distinct) duplicates, \(writerCount) writers), \
            kills \(kills), records \(store.lines), lost \(lost), duplicated \(duplicated), files lost \(filesLost), \
            failed \(failed.count), alerts \(alerts.stream.count) (journald \(alerts.journal.count), missing \(alerts.missing), \
            repeated \(alerts.repeated), fired twice \(alerts.firedTwice), replay: \(alerts.replay)), \
            \(Int(Date().timeIntervalSince(began))) s
            """)
        #expect(store.tornTail == false)
        #expect(store.unparsed == 0)
        #expect(store.ledgerAgrees)
        #expect(lost == 0)
        #expect(duplicated == 0)
        #expect(store.lines == distinct)
        #expect(filesLost == 0)
        #expect(failed.isEmpty, "\(failed.prefix(3).map { (try? String(contentsOfFile: site.failed + "/" + $0 + ".reason", encoding: .utf8)) ?? $0 })")
        #expect(alerts.stream.count > 0, "the rule fired")
        #expect(alerts.missing == 0, "every alert written reached journald")
        #expect(alerts.repeated == 0, "no alert reached journald twice")
        #expect(alerts.firedTwice == 0, "no alert written twice")
        #expect(alerts.replay.contains("0 alerts would appear, 0 would disappear"), "\(alerts.replay)")
    }

    @Test func anInotifyQueueOverflowLosesNothing() throws {
        let count = Torture.full ? 20_000 : 3_000
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        let knob = "/proc/sys/fs/inotify/max_queued_events"
        let saved = try String(contentsOfFile: knob, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        // The queue's size is fixed when the daemon creates its inotify instance: low only for that.
        #expect(writeKnob(knob, "64"))
        do {
            defer { writeKnob(knob, saved) }
            d.start(watchdogMicros: nil)
            try #require(d.waitReady())
        }
        #expect(try String(contentsOfFile: knob, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == saved)
        let began = Date()
        for i in 0..<count { site.deliver("burst \(i).txt", sampleReport(200_000 + i)) }
        #expect(Harness.waitUntil(Torture.full ? 600 : 120) { site.names(site.processed).count == count })
        let seconds = Date().timeIntervalSince(began)
        let overflow = d.waitForJournal { $0["MESSAGE_ID"] as? String == "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7089" }
        #expect(overflow != nil, "the queue overflowed and was logged")
        let records = site.storeRecords().compactMap { $0["sha256"] as? String }
        print("torture overflow: \(count) files, \(records.count) records, \(Set(records).count) distinct, overflows \(overflow?["HUIBAO_OVERFLOWS"] as? String ?? "?")+, \(Int(seconds)) s")
        #expect(records.count == count)
        #expect(Set(records).count == count)
        #expect(site.names(site.inbox).isEmpty)
        #expect(site.names(site.work).isEmpty)
        #expect(site.names(site.failed).isEmpty)
        d.signal(SIGTERM)
        #expect(d.waitExit(30) == 0)
    }
}

/// One file a writer drops: which report's bytes, under what name, and how.
struct Drop: Sendable {
    var name: String
    var report: Int
    var renamedIn: Bool

    /// `distinct` reports, and after every tenth one a copy of an earlier report under a new
    /// name. Names with spaces, CJK and newlines; half written in place, half renamed in.
    static func plan(distinct: Int) -> [Drop] {
        var drops: [Drop] = []
        for i in 0..<distinct {
            drops.append(Drop(name: name(i, "r"), report: i, renamedIn: (i / 4) % 2 == 0))
            if i % 10 == 9 { drops.append(Drop(name: name(i, "copy"), report: i - 1 - (i / 10) % 9, renamedIn: i % 20 == 9)) }
        }
        return drops
    }

    static func name(_ i: Int, _ kind: String) -> String {
        switch i % 4 {
        case 0: return "\(kind)\(i).txt"
        case 1: return "报告 \(kind) \(i) 工作总结.txt"
        case 2: return "two\nlines \(kind) \(i).txt"
        default: return "a name with  spaces \(kind) \(i).txt"
        }
    }

    func write(into site: TestSite, _ bytes: Data) {
        if renamedIn { site.deliver(name, bytes) } else { site.write(name, bytes) }
    }
}

/// Distinct reports made from the sample reports at run time, as bench/workload.py makes them:
/// the issuer renamed (a name of its own for each variant), years shifted, figures perturbed.
/// Each variant has its own SHA-256 and its own issuer, so its alerts are its own too.
struct ReportVariants: Sendable {
    struct Sample: Sendable {
        var text: String
        /// The two characters the issuer is named by (马峦 in 马峦街道办事处).
        var placeName: String
    }

    let samples: [Sample]
    static let nameCharacters = Array("东西南北中新华安平和兴隆福永宁康泰丰富盛昌明光阳春秋山水河湖海江林石金玉龙凤鹤云霞桂兰竹梅松柏清源岭溪泉桥田园")
    static let placeSuffixes = ["街道", "镇", "乡"]

    init() {
        let root = Harness.packageRoot
        let dirs = [root.appendingPathComponent("Tests/Fixtures/heldout"), root.appendingPathComponent("Tests/Fixtures/heldout2"),
                    root.deletingLastPathComponent().appendingPathComponent("shared/corpus")]
        var samples: [Sample] = []
        for dir in dirs {
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() where file.hasSuffix(".txt") {
                guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(file).path),
                      let text = String(data: data, encoding: .utf8),
                      let organization = (try? ReportParser.parse(bytes: Array(data), fileName: file))?.organization,
                      let placeName = Self.placeNames(in: text).first(where: { organization.contains($0) })
                else { continue }
                samples.append(Sample(text: text, placeName: placeName))
            }
        }
        self.samples = samples
    }

    /// Two Han characters before 街道, 镇 or 乡 near the top of the text.
    static func placeNames(in text: String) -> [String] {
        let chars = Array(text.prefix(3000))
        func isHan(_ c: Character) -> Bool { c.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) } ?? false }
        return (2..<max(2, chars.count)).compactMap { i in
            guard isHan(chars[i - 2]), isHan(chars[i - 1]),
                  placeSuffixes.contains(where: { String(chars[i..<min(chars.count, i + $0.count)]) == $0 }) else { return nil }
            return String(chars[(i - 2)..<i])
        }
    }

    func report(_ i: Int) -> Data {
        var rng = SplitMix64(state: UInt64(i))
        let sample = samples[i % samples.count]
        let c = Self.nameCharacters
        let newName = String([c[i % c.count], c[(i / c.count) % c.count], c[(i / c.count / c.count) % c.count]])
        var text = sample.text
        for suffix in Self.placeSuffixes {
            text = text.replacingOccurrences(of: sample.placeName + suffix, with: newName + suffix)
        }
        return Data(Self.perturbed(text, yearShift: Int.random(in: -3...2, using: &rng), rng: &rng).utf8)
    }

    func sha256(of i: Int) -> String { SHA256.hex(Array(report(i))) }

    /// Years (20xx before 年 or a date separator) move by `yearShift`; other numbers before
    /// 月, 日, 号 or a separator stay; every other digit run keeps its first digit (and so its
    /// magnitude) and has the rest changed at random.
    static func perturbed(_ text: String, yearShift: Int, rng: inout SplitMix64) -> String {
        let scalars = Array(text.unicodeScalars)
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard isDigit(scalars[i]) else { out.append(scalars[i]); i += 1; continue }
            var j = i
            while j < scalars.count && isDigit(scalars[j]) { j += 1 }
            let run = String(String.UnicodeScalarView(scalars[i..<j]))
            let next = j < scalars.count ? Character(scalars[j]) : " "
            if run.count == 4 && run.hasPrefix("20") && "年-./－".contains(next) {
                out.append(contentsOf: String(Int(run)! + yearShift).unicodeScalars)
            } else if "年月日号-/:：".contains(next) {
                out.append(contentsOf: run.unicodeScalars)
            } else if run.count == 1 {
                out.append(contentsOf: (Bool.random(using: &rng) ? String(Int.random(in: 1...9, using: &rng)) : run).unicodeScalars)
            } else {
                out.append(contentsOf: String(run.first!).unicodeScalars)
                for digit in run.dropFirst() {
                    let d = Double.random(in: 0..<1, using: &rng) < 0.6 ? String(Int.random(in: 0...9, using: &rng)) : String(digit)
                    out.append(contentsOf: d.unicodeScalars)
                }
            }
            i = j
        }
        return String(out)
    }
}

/// A small seeded generator, so a run's reports and kill times can be had again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The store read from its first byte to its last: every line a record, the ledger in step.
struct StoreAudit {
    var lines = 0
    var unparsed = 0
    var tornTail = false
    var ledgerAgrees = true
    /// Records per SHA-256.
    var counts: [String: Int] = [:]

    init(_ site: TestSite) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: site.state + "/reports.jsonl")))
        tornTail = !bytes.isEmpty && bytes.last != 0x0A
        let ledger = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: site.state + "/reports.ledger"))) ?? Data())
        var start = 0
        for end in bytes.indices where bytes[end] == 0x0A {
            let record = try? JSONSerialization.jsonObject(with: Data(bytes[start..<end])) as? [String: Any]
            if let sha = record?["sha256"] as? String, record?["schema"] as? Int == 1 { counts[sha, default: 0] += 1 } else { unparsed += 1 }
            // The ledger line of record n: "sha256 offset length\n", fixed width.
            let at = lines * 89
            let entry = at + 89 <= ledger.count ? String(decoding: ledger[at..<at + 88], as: UTF8.self) : ""
            let fields = entry.split(separator: " ")
            if fields.count != 3 || Int(fields[1]) != start || Int(fields[2]) != end + 1 - start { ledgerAgrees = false }
            lines += 1
            start = end + 1
        }
        if ledger.count != lines * 89 { ledgerAgrees = false }
    }
}

/// Alerts in the stream (alerts.jsonl) against the alerts journald received.
struct AlertAudit {
    /// (id, firing|resolved) per event written to the stream, and per journald entry.
    var stream: [String] = []
    var journal: [String] = []
    var missing = 0, repeated = 0, firedTwice = 0
    var replay = ""

    init(_ site: TestSite, _ d: DaemonUnderTest) {
        let text = (try? String(contentsOfFile: site.state + "/alerts.jsonl", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            guard let r = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let event = r["event"] as? String, event == "firing" || event == "resolved", let id = r["id"] as? String else { continue }
            stream.append(id + " " + event)
        }
        for entry in d.journal() {
            guard let id = entry["HUIBAO_ALERT_ID"] as? String, let state = entry["HUIBAO_ALERT_STATE"] as? String else { continue }
            journal.append(id + " " + state)
        }
        var balance: [String: Int] = [:]
        for e in stream { balance[e, default: 0] += 1 }
        for e in journal { balance[e, default: 0] -= 1 }
        missing = balance.values.filter { $0 > 0 }.reduce(0, +)
        repeated = balance.values.filter { $0 < 0 }.reduce(0, +) * -1
        firedTwice = Dictionary(grouping: stream.filter { $0.hasSuffix(" firing") }, by: { $0 }).values.filter { $0.count > 1 }.count
        replay = ChildProcess.run([Harness.huibao, "alerts", "--replay", "--config", site.config], timeout: 300).output
            .split(separator: "\n").last.map(String.init) ?? ""
    }
}

/// Writes a /proc/sys knob (not through a temporary file: /proc has none).
@discardableResult
func writeKnob(_ path: String, _ value: String) -> Bool {
    let fd = open(path, O_WRONLY | O_TRUNC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return Array(value.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == value.utf8.count
}

extension ArraySlice {
    /// Every `step`-th element from the start.
    func striding(by step: Int) -> [Element] {
        stride(from: startIndex, to: endIndex, by: step).map { self[$0] }
    }
}
