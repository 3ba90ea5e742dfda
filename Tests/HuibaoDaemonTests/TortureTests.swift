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

    @Test func aBadInboxIsLoggedAndTakenUpAgainOnceSane() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        // Root without CAP_DAC_OVERRIDE: file modes bind huibaod as they bind its service user.
        d.launcher = "/usr/bin/setpriv --bounding-set -dac_override,-dac_read_search"
        d.start()
        try #require(d.waitReady())
        var dropped = 0
        func drop(into dir: String? = nil) -> String {
            dropped += 1
            let name = "fault \(dropped).txt"
            _ = FileManager.default.createFile(atPath: (dir ?? site.inbox) + "/" + name, contents: sampleReport(300 + dropped))
            return name
        }
        func inboxLost(_ count: Int) -> Bool {
            Harness.waitUntil { d.journal().filter { $0["MESSAGE_ID"] as? String == MessageID.inboxLost }.count >= count }
        }
        func processed(_ name: String) -> Bool { Harness.waitUntil { site.names(site.processed).contains(name) } }

        // Unreadable: logged; taken up again once readable, without waiting for a rescan.
        chmod(site.inbox, 0)
        let whileUnreadable = drop()
        #expect(inboxLost(1))
        #expect(d.journal().contains { ($0["MESSAGE"] as? String)?.contains("Permission denied") == true })
        chmod(site.inbox, 0o755)
        #expect(processed(whileUnreadable))

        // Replaced by a symlink to a directory elsewhere: never followed, taken up once it is a directory again.
        let elsewhere = site.root + "/elsewhere"
        #expect(rename(site.inbox, elsewhere) == 0 && symlink(elsewhere, site.inbox) == 0)
        #expect(inboxLost(2))
        let throughLink = drop(into: elsewhere)
        usleep(1_500_000) // longer than the daemon takes to look at a lost inbox again
        #expect(!site.names(site.processed).contains(throughLink), "nothing is taken through the symlink")
        #expect(unlink(site.inbox) == 0 && rename(elsewhere, site.inbox) == 0)
        #expect(processed(throughLink))

        // Removed, then back with a report already in it.
        let fresh = site.root + "/fresh"
        try FileManager.default.createDirectory(atPath: fresh, withIntermediateDirectories: false)
        let waiting = drop(into: fresh)
        #expect(rename(site.inbox, site.root + "/old-inbox") == 0)
        #expect(inboxLost(3))
        #expect(rename(fresh, site.inbox) == 0)
        #expect(processed(waiting))

        // A tree of subdirectories: logged and left alone; files beside it are still taken.
        try FileManager.default.createDirectory(atPath: site.inbox + "/tree/a/b/c", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: site.inbox + "/tree/a/b/c/deep.txt", contents: sampleReport(399))
        let beside = drop()
        #expect(processed(beside))
        #expect(d.waitForJournal { $0["MESSAGE_ID"] as? String == MessageID.failed && $0["HUIBAO_FILE"] as? String == "tree" } != nil)
        #expect(FileManager.default.fileExists(atPath: site.inbox + "/tree/a/b/c/deep.txt"))
        #expect(d.isRunning)
        #expect(site.storeLines().count == 4)
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func aRecordIsDurableBeforeItsReportLeavesWork() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start()
        try #require(d.waitReady())
        // processed/ replaced by a file: the move out of work/ fails (ENOTDIR) after the append.
        try FileManager.default.removeItem(atPath: site.processed)
        _ = FileManager.default.createFile(atPath: site.processed, contents: Data())
        site.deliver("a.txt", sampleReport(81))
        #expect(d.waitForJournal { ($0["MESSAGE"] as? String)?.contains("cannot move a.txt out of work/") == true } != nil)
        #expect(site.storeLines().count == 1, "the record was written before the move was tried")
        #expect(site.names(site.work).contains("a.txt"), "and the report has not left work/")
        // Power cut now; at the next start the report is found stored and moved on.
        d.signal(SIGKILL)
        _ = d.waitExit()
        try FileManager.default.removeItem(atPath: site.processed)
        try FileManager.default.createDirectory(atPath: site.processed, withIntermediateDirectories: false)
        d.start()
        try #require(d.waitReady())
        #expect(Harness.waitUntil { site.names(site.processed) == ["a.txt"] })
        #expect(site.names(site.work).isEmpty)
        #expect(site.storeLines().count == 1)
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    /// strace shows the order of the calls themselves: the store's directory fsynced when the
    /// store is created, and the record fsynced before the rename out of work/.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")))
    func straceShowsFsyncBeforeTheReportLeavesWork() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        let trace = site.root + "/trace"
        d.launcher = "/usr/bin/strace -f -qq -o '\(trace)' -e trace=openat,fsync,fdatasync,rename,renameat,renameat2"
        d.start()
        try #require(d.waitReady())
        site.deliver("b.txt", sampleReport(82))
        #expect(Harness.waitUntil { site.names(site.processed) == ["b.txt"] })
        // The trace is complete once the report is processed. The daemon itself is killed (killing
        // strace alone would leave it running); the harness then stops strace and journald.
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: site.state + "/status.json"))) as? [String: Any]
        kill(pid_t(try #require(status?["pid"] as? Int)), SIGKILL)
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        func fd(openedBy needle: String) -> String? {
            calls.first { $0.contains("openat(") && $0.contains(needle) }.flatMap { $0.split(separator: "=").last?.trimmingCharacters(in: .whitespaces) }
        }
        func index(_ predicate: (String) -> Bool, after start: Int = 0) -> Int? {
            calls.indices.first { $0 >= start && predicate(calls[$0]) }
        }
        let records = try #require(fd(openedBy: "/reports.jsonl\", O_RDWR|O_CREAT"))
        let directory = try #require(fd(openedBy: "/state\", O_RDONLY"))
        let created = try #require(index { $0.contains("/reports.jsonl\", O_RDWR") })
        #expect(index({ $0.contains("fsync(\(directory))") }, after: created) != nil, "the new store's directory is fsynced")
        let claimed = try #require(index { $0.contains("/inbox/b.txt\"") && $0.contains("/work/b.txt\"") })
        let leaves = try #require(index({ $0.contains("/work/b.txt\"") && $0.contains("/processed/b.txt\"") }, after: claimed))
        let synced = index({ $0.contains("fsync(\(records))") }, after: claimed)
        #expect(synced != nil && synced! < leaves, "fsync of reports.jsonl (fd \(records)) comes before the rename out of work/")
    }

    @Test func alertsThatFindTheDiskFullAreWrittenAndSentOnceThereIsRoom() throws {
        let site = TestSite(extraConfig: Torture.rule)
        let d = DaemonUnderTest(site: site)
        // A 1 MiB tmpfs, full, except room kept for the store (fallocate beyond its end):
        // records can be written, the alert stream cannot.
        try FileManager.default.createDirectory(atPath: site.state, withIntermediateDirectories: true)
        let store = site.state + "/reports.jsonl"
        d.prelude = "mount -t tmpfs -o size=1m,mode=0700 tmpfs '\(site.state)' && install -m 600 /dev/null '\(store)' && fallocate -n -l 512K '\(store)' && { dd if=/dev/zero of='\(site.state)/filler' bs=4k 2>/dev/null || true; }"
        d.start()
        try #require(d.waitReady())
        for year in 2001...2005 { site.deliver("\(year).txt", yearReport(year, investment: "5.1", growth: "下降3.2%")) }
        #expect(Harness.waitUntil { site.names(site.processed).count == 5 }, "records still fit")
        #expect(d.notify.waitFor { $0.contains("degraded") } != nil, "STATUS says degraded")
        func fired() -> [[String: Any]] { d.journal().filter { $0["MESSAGE_ID"] as? String == alertFiring } }
        #expect(fired().isEmpty, "no alert is sent before it is written")
        // Room again: the next report's commit brings the missed alerts with it.
        d.inNamespace("rm '\(site.state)/filler'")
        site.deliver("2006.txt", yearReport(2006, investment: "5.1", growth: "下降3.2%"))
        #expect(Harness.waitUntil { fired().count >= 6 }, "every alert reaches journald: \(fired().count)")
        #expect(Set(fired().compactMap { $0["HUIBAO_REPORT_YEAR"] as? String }) == Set((2001...2006).map(String.init)))
        #expect(d.notify.waitFor { $0.hasPrefix("STATUS=processed 6,") && !$0.contains("degraded") } != nil, "no longer degraded")
        usleep(300_000)
        #expect(fired().count == 6, "each once")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
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
                      let organization = (try? ReportParser.parse(bytes: Array(data), fileName: file, catalogue: .empty))?.organization,
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
            if let sha = record?["sha256"] as? String, record?["schema"] as? Int == 2 { counts[sha, default: 0] += 1 } else { unparsed += 1 }
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
