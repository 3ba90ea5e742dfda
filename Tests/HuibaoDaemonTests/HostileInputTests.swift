import Foundation
import Glibc
import Testing

/// Hostile and broken input (issue 7): a catalogue of bad files, generated at run time, dropped
/// into one running daemon; each has the outcome a drop-folder service owes it, one clear
/// journal entry, and nothing is lost. Then: nothing from a report or a file name reaches a
/// shell, and what the daemon writes is not world-readable.
@Suite(.serialized) struct HostileInputTests {
    /// Inside every hostile content: a reason file or a journal entry must never echo it.
    static let marker = "HOSTILE-CONTENT-MARKER"

    enum Expected: Equatable {
        /// A record in the store; the file in processed/.
        case record
        /// Same bytes as a record already stored: processed/, no new record.
        case duplicate
        /// failed/NAME with NAME.reason saying this.
        case failed(String)
        /// Never taken (an upload in progress by the delivery contract): stays in the inbox, unlogged.
        case leftAlone
        /// A directory: stays in the inbox, one warning.
        case directoryWarned
        /// Removed by its writer before it settled: nowhere, and nothing to say about it.
        case gone
    }

    struct Case {
        /// The name the outcome is found under (a name that is not UTF-8 is renamed to its escaped form).
        var name: String
        var expected: Expected
        /// Dropped after the first batch is done (duplicates, a name taken again).
        var later = false
        var make: (TestSite) -> Void
    }

    // MARK: making files

    /// A small valid report with a distinct identity, hostile text around it.
    static func report(_ n: Int, _ extra: String = "") -> Data {
        Data("某某街道\(2000 + n)年工作总结\n一、工作情况\n全年新增企业\(n)家，固定资产投资\(n).5亿元。\(extra)\(marker)\n".utf8)
    }

    static func repeated(_ unit: String, bytes: Int) -> Data {
        let u = Array(unit.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes + u.count)
        while out.count < bytes { out.append(contentsOf: u) }
        return Data(out)
    }

    /// GB18030 bytes through glibc's iconv (Foundation on Linux has no GB18030 encoder).
    static func gb18030(_ s: String) -> Data {
        let cd = iconv_open("GB18030", "UTF-8")!
        defer { iconv_close(cd) }
        var input = Array(s.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var outLeft = output.count
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                precondition(iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 && inLeft == 0)
            }
        }
        return Data(output[0..<(output.count - outLeft)])
    }

    /// A path whose last part is raw bytes (names that are not UTF-8 cannot pass through a String).
    static func withRawPath<T>(_ dir: String, _ name: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        let bytes = Array(dir.utf8) + [UInt8(ascii: "/")] + name + [0]
        return bytes.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }

    static func deliverRaw(_ site: TestSite, _ name: [UInt8], _ data: Data) {
        site.write(".raw.part", data)
        withRawPath(site.inbox, name) { #expect(rename(site.inbox + "/.raw.part", $0) == 0) }
    }

    /// The catalogue. Each content case is delivered the documented way (rename in), so its
    /// outcome depends on its bytes alone; names, kinds of file and timing have their own cases.
    static func catalogue(outside: String) -> [Case] {
        var cases: [Case] = []
        func content(_ name: String, _ expected: Expected, _ data: @escaping () -> Data) {
            cases.append(Case(name: name, expected: expected) { $0.deliver(name, data()) })
        }
        let head = "某某街道2023年工作总结\n一、工作情况\n"
        let utf8Head = Data(head.utf8)
        let u16 = head + "全年新增企业12家，同比增长5.5%。" + marker + "\n"

        // Encodings, good and broken.
        content("empty.txt", .failed("empty file")) { Data() }
        content("whitespace.txt", .failed("no text")) { Data("  \n\t\r\n   \n".utf8) }
        content("binary-garbage.bin", .failed("binary content")) {
            var g = SystemRandomNumberGenerator()
            return Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &g) }) + Data([0]) + Data(marker.utf8)
        }
        content("nul-inside-report.txt", .failed("binary content")) { report(1) + Data([0]) + report(2) }
        content("invalid-utf8-ff.txt", .failed("invalid UTF-8")) { Data(repeating: 0xFF, count: 500) + Data(marker.utf8) }
        content("latin1.txt", .failed("invalid UTF-8")) { "Café résumé naïve 2023 \(marker)".data(using: .isoLatin1)! }
        content("overlong-utf8.txt", .failed("invalid UTF-8")) { utf8Head + Data([0xC0, 0xAF, 0xE0, 0x80, 0xAF]) + Data(marker.utf8) }
        content("utf8-surrogate.txt", .failed("invalid UTF-8")) { utf8Head + Data([0xED, 0xA0, 0x80]) + Data(marker.utf8) }
        content("utf8-bom-then-invalid.txt", .failed("after a UTF-8 byte-order mark")) { Data([0xEF, 0xBB, 0xBF]) + utf8Head + Data([0xFF, 0xFE, 0xFD]) + Data(marker.utf8) }
        content("utf8-bom.txt", .record) { Data([0xEF, 0xBB, 0xBF]) + report(3) }
        content("gb18030.txt", .record) { gb18030(head + "全年新增企业13家，𠀀字（四字节）。" + marker + "\n") }
        content("gb18030-truncated.txt", .failed("truncated GB18030 sequence at end")) { gb18030(u16).dropLast() + Data([0xD2]) }
        content("utf16le-no-bom.txt", .record) { u16.data(using: .utf16LittleEndian)! }
        content("utf16be-no-bom.txt", .record) { (u16 + "BE").data(using: .utf16BigEndian)! }
        content("utf16le-bom-odd-length.txt", .failed("truncated UTF-16")) { Data([0xFF, 0xFE]) + u16.data(using: .utf16LittleEndian)! + Data([0x41]) }
        content("utf16le-bom-lone-surrogate.txt", .failed("unpaired surrogate")) { Data([0xFF, 0xFE]) + u16.data(using: .utf16LittleEndian)! + Data([0x00, 0xD8, 0x41, 0x00]) }
        content("utf32le-bom.txt", .failed("binary content")) { Data([0xFF, 0xFE, 0, 0]) + u16.data(using: .utf32LittleEndian)! }
        content("control-characters.txt", .record) { report(4, "\u{01}\u{02}\u{1B}[31m\"\\\u{7F}\u{2028}\u{2029}\u{FEFF}\u{200B}") }
        content("crlf-and-cr.txt", .record) { Data("某某街道2024年工作总结\r\n一、工作情况\r全年新增企业5家。\r\n\(marker)".utf8) }
        content("shell-text.txt", .record) { report(5, "$(touch /tmp/huibao-pwned-content) `id`; rm -rf / | cat /etc/shadow") }

        // Numbers.
        content("10000-digits.txt", .record) { Data((head + "全年新增企业" + String(repeating: "9", count: 10_000) + "家，投资" + String(repeating: "1", count: 400) + ".5亿元。" + marker).utf8) }
        content("yi-yi-yi-yi.txt", .record) { Data((head + "固定资产投资亿亿亿亿元，完成5亿亿亿亿亿亿亿亿元，增长亿亿%。" + marker).utf8) }
        content("beyond-double.txt", .record) { Data((head + "投资1" + String(repeating: "0", count: 320) + "亿元，增长" + String(repeating: "9", count: 309) + ".9%，减少1e999家，" + String(repeating: "九", count: 400) + "万元。" + marker).utf8) }
        content("many-figures.txt", .record) { Data(head.utf8) + repeated("新增企业12家，投资3.5亿元，增长5%；", bytes: 400_000) }

        // Size and shape.
        content("10mb-single-line.txt", .record) { Data(head.utf8) + repeated(String(repeating: "全面推进各项工作落实", count: 60) + "完成投资12亿元，", bytes: 10_000_000) }
        content("many-headings.txt", .record) { Data(head.utf8) + repeated("一、工作\n（一）情况\n1.事项\n", bytes: 600_000) }
        content("html-deeply-nested.html", .record) { Data("<html><head><title>某某街道2023年工作总结</title></head><body>".utf8) + repeated("<div>", bytes: 1_000_000) + Data("<p>全年新增企业12家。</p>".utf8) }
        content("html-unclosed.html", .record) { Data("<html><body><p>某某街道2023年工作总结</p><p>全年新增企业12家。".utf8) + repeated("<p><span class=\"a\"><table><tr><td>", bytes: 200_000) + Data("<a title=\"\(marker)".utf8) }
        content("html-comment-unclosed.html", .record) { Data("<html><body><p>某某街道2023年工作总结</p><p>全年新增企业14家。</p><!-- \(marker)".utf8) }
        content("html-only-markup.html", .failed("no text")) { Data("<html><head><script>var x='\(marker)';</script></head><body><div></div></body></html>".utf8) }
        content("html-gbk-meta.html", .record) { gb18030("<html><head><meta charset=\"gbk\"></head><body><p>某某街道2023年工作总结</p><p>全年新增企业15家。</p></body></html>") }
        cases.append(Case(name: "over-max-size.txt", expected: .failed("too large")) { site in
            // Made full size before it is renamed in: truncated in the inbox, the daemon could
            // take it while it is still small.
            site.write(".over-max-size.part", report(6))
            #expect(truncate(site.inbox + "/.over-max-size.part", (16 << 20) + 1) == 0, "16 MiB + 1 byte")
            rename(site.inbox + "/.over-max-size.part", site.inbox + "/over-max-size.txt")
        })
        cases.append(Case(name: "sparse-4g.txt", expected: .failed("too large")) { site in
            site.write(".sparse.part", report(7))
            #expect(truncate(site.inbox + "/.sparse.part", 4 << 30) == 0)
            rename(site.inbox + "/.sparse.part", site.inbox + "/sparse-4g.txt")
        })

        // Names: all taken, kept exact, moved inside the spool.
        let names = ["newline\nin-name.txt", "ctrl\u{01}\u{1B}[2Jchar.txt", "-rf --help.txt", "$(touch huibao-pwned-name).txt",
                     "`id`;rm -rf ~ | cat.txt", "it's \"quoted\" & <tagged>.txt", "back\\slash.txt", "evil\u{202E}txt.exe",
                     "马峦街道2023年工作总结.txt", String(repeating: "报", count: 83) + "-x.txt", "a..b.txt", " leading space.txt"]
        for (i, name) in names.enumerated() {
            cases.append(Case(name: name, expected: .record) { deliverRaw($0, Array(name.utf8), report(100 + i)) })
        }
        // 255 bytes: failed/NAME.reason would pass NAME_MAX, so it goes to failed/ under a shorter name.
        cases.append(Case(name: String(repeating: "坏", count: 79) + ".1", expected: .failed("binary content")) {
            deliverRaw($0, Array((String(repeating: "坏", count: 83) + "-x.bin").utf8), Data([0, 1, 2]) + Data(marker.utf8))
        })
        cases.append(Case(name: "failing.reason", expected: .failed("binary content")) { $0.deliver("failing.reason", Data([0]) + Data(marker.utf8)) })
        // A GBK name, as an old archive tool writes it: renamed in place to its escaped form.
        let gbkName = Array(gb18030("工作")) // B9 A4 D7 F7: no run of it is UTF-8 by chance
        cases.append(Case(name: "gbk-" + gbkName.map { String(format: "%%%02X", $0) }.joined() + ".txt", expected: .record) {
            deliverRaw($0, Array("gbk-".utf8) + gbkName + Array(".txt".utf8), report(120))
        })
        cases.append(Case(name: "bad-%FF%FE-name.bin", expected: .failed("binary content")) {
            deliverRaw($0, Array("bad-".utf8) + [0xFF, 0xFE] + Array("-name.bin".utf8), Data([0]) + Data(marker.utf8))
        })
        for name in [".hidden.txt", "...", "upload.txt.part", "upload.tmp", "upload.crdownload", "backup.txt~"] {
            cases.append(Case(name: name, expected: .leftAlone) { $0.write(name, report(130)) })
        }

        // Kinds of file: never opened, never followed.
        cases.append(Case(name: "fifo.txt", expected: .failed("a FIFO")) { #expect(mkfifo($0.inbox + "/fifo.txt", 0o644) == 0) })
        cases.append(Case(name: "device.txt", expected: .failed("a device node")) {
            #expect(mknod($0.inbox + "/device.txt", S_IFCHR | 0o644, dev_t(1 << 8 | 3)) == 0)
        })
        cases.append(Case(name: "socket.txt", expected: .failed("a socket")) { site in
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: Array((site.inbox + "/socket.txt").utf8)) }
            let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
            #expect(rc == 0)
            close(fd)
        })
        cases.append(Case(name: "link-to-shadow.txt", expected: .failed("symbolic link")) { #expect(symlink("/etc/shadow", $0.inbox + "/link-to-shadow.txt") == 0) })
        cases.append(Case(name: "link-to-report.txt", expected: .failed("symbolic link")) { #expect(symlink(outside + "/report.txt", $0.inbox + "/link-to-report.txt") == 0) })
        cases.append(Case(name: "dangling-link.txt", expected: .failed("symbolic link")) { #expect(symlink("/nonexistent/huibao", $0.inbox + "/dangling-link.txt") == 0) })
        cases.append(Case(name: "subdir", expected: .directoryWarned) { #expect(mkdir($0.inbox + "/subdir", 0o755) == 0) })
        // A hard link to a file outside the spool: the link is taken, the original stays where it is.
        cases.append(Case(name: "hard-link.txt", expected: .record) { #expect(link(outside + "/hard.txt", $0.inbox + "/hard-link.txt") == 0) })
        cases.append(Case(name: "no-read-permission.txt", expected: .failed("no permission")) { site in
            site.write(".noperm.part", report(8))
            chmod(site.inbox + "/.noperm.part", 0o000)
            rename(site.inbox + "/.noperm.part", site.inbox + "/no-read-permission.txt")
        })

        // Timing: written in place.
        cases.append(Case(name: "vanishes.txt", expected: .gone) { site in
            site.write("vanishes.txt", report(9))
            unlink(site.inbox + "/vanishes.txt")
        })
        cases.append(Case(name: "written-slowly.txt", expected: .record) { site in
            // Chunks well inside SettleTime apart: the file is taken whole, once the writer is done.
            let fd = open(site.inbox + "/written-slowly.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let whole = Array(report(10, String(repeating: "分批写入的内容。", count: 200)))
            Thread.detachNewThread {
                for chunk in stride(from: 0, to: whole.count, by: 256) {
                    _ = whole[chunk..<min(chunk + 256, whole.count)].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    usleep(60_000)
                }
                close(fd)
            }
        })

        // Later, once the first batch is done: the same bytes, the same names again.
        cases.append(Case(name: "same-bytes-as-utf8-bom.txt", expected: .duplicate, later: true) { $0.deliver("same-bytes-as-utf8-bom.txt", Data([0xEF, 0xBB, 0xBF]) + report(3)) })
        cases.append(Case(name: "马峦街道2023年工作总结.txt.1", expected: .record, later: true) { $0.deliver("马峦街道2023年工作总结.txt", report(140)) })
        cases.append(Case(name: "empty.txt.1", expected: .failed("empty file"), later: true) { $0.deliver("empty.txt", Data()) })
        return cases
    }

    // MARK: reading outcomes

    static let outcomeIDs: Set<String> = [MessageID.processed, MessageID.duplicate, MessageID.failed]

    @Test func aCatalogueOfBadInputsInOneRun() throws {
        let site = TestSite()
        let outside = site.root + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try HostileInputTests.report(50).write(to: URL(fileURLWithPath: outside + "/report.txt"))
        try HostileInputTests.report(51).write(to: URL(fileURLWithPath: outside + "/hard.txt"))
        // SettleTime 2 s: the slow writer's pauses stay far inside it. One rule, so that alerts.jsonl exists.
        try """
            [Daemon]
            Inbox=\(site.inbox)
            State=\(site.state)
            SettleTime=2s
            RescanInterval=60s
            Indicators=\(Harness.packageRoot.appendingPathComponent("Config/indicators.conf").path)

            [Rule huge]
            Kind=money
            Above=1e30
            """.write(toFile: site.config, atomically: true, encoding: .utf8)
        let d = DaemonUnderTest(site: site)
        // As the service runs: no power to read what its user may not (CAP_DAC_OVERRIDE and
        // CAP_DAC_READ_SEARCH dropped), and under the loosest umask, so every mode it sets is its own.
        let caps = "-dac_override,-dac_read_search"
        d.prelude = "umask 000; exec setpriv --inh-caps=\(caps) --bounding-set=\(caps) '\(Harness.huibaod)' --config '\(site.config)' --allow-root 2>>'\(d.stderrPath)'"
        d.start()
        #expect(d.waitReady())

        let cases = HostileInputTests.catalogue(outside: outside)
        #expect(cases.count >= 50)
        #expect(Set(cases.map(\.name)).count == cases.count, "one outcome name per case")
        let shadowBefore = try FS_stat("/etc/shadow")
        let first = cases.filter { !$0.later }, second = cases.filter(\.later)
        let done = { (batch: [Case]) -> Bool in
            let inbox = Set(site.names(site.inbox)), processed = Set(site.names(site.processed)), failed = Set(site.names(site.failed))
            return site.names(site.work).filter { !$0.hasPrefix(".") }.isEmpty && batch.allSatisfy { c in
                switch c.expected {
                case .record, .duplicate: processed.contains(c.name)
                case .failed: failed.contains(c.name)
                case .leftAlone, .directoryWarned: inbox.contains(c.name)
                case .gone: !inbox.contains(c.name)
                }
            }
        }
        for c in first { c.make(site) }
        #expect(Harness.waitUntil(90) { done(first) }, "left in the inbox: \(site.names(site.inbox)), in work/: \(site.names(site.work))")
        for c in second { c.make(site) }
        #expect(Harness.waitUntil(30) { done(second) }, "left in the inbox: \(site.names(site.inbox))")
        // Still alive and still working.
        site.deliver("after-the-catalogue.txt", sampleReport(4242))
        #expect(Harness.waitUntil(20) { site.names(site.processed).contains("after-the-catalogue.txt") })
        #expect(d.isRunning)
        #expect(d.notify.messages.contains { $0.contains("READY=1") })

        // The store: exactly the expected records, every line JSON.
        let lines = site.storeLines()
        let records = site.storeRecords()
        #expect(records.count == lines.count, "every store line parses as JSON")
        let recordNames = cases.filter { $0.expected == .record }.map(\.name) + ["after-the-catalogue.txt"]
        let storedNames = records.compactMap { $0["file"] as? String }
        // A report whose name was taken already keeps its own name in the record.
        #expect(storedNames.sorted() == recordNames.map { $0 == "马峦街道2023年工作总结.txt.1" ? "马峦街道2023年工作总结.txt" : $0 }.sorted())
        for line in lines {
            for bad in [":inf", ":-inf", ":nan", "Infinity", "NaN"] { #expect(!line.contains(bad)) }
        }

        let journal = d.journal()
        var outcomes: [String: Int] = [:]
        for c in cases {
            // An entry is the case's when it names the file under the name it ended with.
            let entries = journal.filter { (text($0["HUIBAO_MOVED_TO"]) ?? text($0["HUIBAO_FILE"])) == c.name }
            let outcome = entries.filter { HostileInputTests.outcomeIDs.contains(text($0["MESSAGE_ID"]) ?? "") }
            for e in entries {
                let message = text(e["MESSAGE"]) ?? ""
                #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(c.name): journal MESSAGE is one clean line: \(message.debugDescription)")
                #expect(!message.contains(HostileInputTests.marker))
            }
            switch c.expected {
            case .record, .duplicate:
                let id = c.expected == .record ? MessageID.processed : MessageID.duplicate
                #expect(outcome.count == 1 && text(outcome.first?["MESSAGE_ID"]) == id, "\(c.name.debugDescription): \(outcome)")
            case .failed(let why):
                #expect(outcome.count == 1 && text(outcome.first?["MESSAGE_ID"]) == MessageID.failed, "\(c.name.debugDescription): \(outcome)")
                #expect(text(outcome.first?["HUIBAO_REASON"])?.contains(why) == true, "\(c.name.debugDescription): \(String(describing: outcome.first?["HUIBAO_REASON"]))")
                let reason = (try? String(contentsOfFile: site.failed + "/" + c.name + ".reason", encoding: .utf8)) ?? ""
                #expect(reason.contains(why), "\(c.name.debugDescription): reason file: \(reason)")
                #expect(reason.split(separator: "\n").allSatisfy { line in ["file: ", "reason: ", "time: ", "sha256: "].contains { line.hasPrefix($0) } },
                        "one field a line, the name escaped: \(reason.debugDescription)")
                #expect(!reason.contains(HostileInputTests.marker) && !reason.contains("root:"), "reason files never echo contents")
            case .leftAlone, .gone:
                #expect(entries.isEmpty, "\(c.name.debugDescription): \(entries)")
            case .directoryWarned:
                #expect(entries.count == 1 && text(entries.first?["PRIORITY"]) == "4", "\(c.name): \(entries)")
            }
            outcomes["\(c.expected)".components(separatedBy: "(").first!, default: 0] += 1
        }
        print("hostile catalogue: \(cases.count) cases: \(outcomes.sorted { $0.key < $1.key })")

        // Nothing lost: every inbox entry is accounted for, nothing followed out of the spool.
        let leftAlone = Set(cases.filter { [.leftAlone, .directoryWarned].contains($0.expected) }.map(\.name))
        #expect(Set(site.names(site.inbox)) == leftAlone)
        #expect(site.names(site.work).filter { !$0.hasPrefix(".") }.isEmpty)
        let failedNames = cases.filter { if case .failed = $0.expected { true } else { false } }.map(\.name)
        #expect(Set(site.names(site.failed)) == Set(failedNames + failedNames.map { $0 + ".reason" }), "each failed file with its reason, nothing else")
        #expect(FS_isSymlink(site.failed + "/link-to-shadow.txt"), "the link itself was moved, never what it points to")
        #expect(try FS_stat("/etc/shadow") == shadowBefore)
        #expect(FileManager.default.fileExists(atPath: outside + "/report.txt") && FileManager.default.fileExists(atPath: outside + "/hard.txt"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/huibao-pwned-content") && !FileManager.default.fileExists(atPath: "huibao-pwned-name"))

        // File modes: nothing the daemon writes is readable by others, whatever the umask.
        for file in ["reports.jsonl", "reports.ledger", "alerts.jsonl"] {
            #expect(try FS_stat(site.state + "/" + file).mode == 0o600, "\(file)")
        }
        #expect(try FS_stat(site.state).mode & 0o007 == 0)
        for dir in [site.work, site.processed, site.failed] {
            #expect(try FS_stat(dir).mode & 0o007 == 0, "\(dir): processed and failed reports are not reachable by others")
        }
        for name in failedNames {
            #expect(try FS_stat(site.failed + "/" + name + ".reason").mode & 0o007 == 0, "\(name).reason")
        }

        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func alertCommandGetsReportTextAndNamesOnlyAsData() throws {
        let site = TestSite()
        let script = site.root + "/alert-command.sh"
        try """
            #!/bin/sh
            printf '%s\\n' "$@" > '\(site.root)/args'
            env | grep '^HUIBAO_' > '\(site.root)/env'
            cat > '\(site.root)/stdin'

            """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let pwned = site.root + "/pwned"
        try FileManager.default.createDirectory(atPath: site.root + "/victim", withIntermediateDirectories: true)
        // Config values too: split on spaces, each one argument, none a command.
        let args = ["$(touch", "\(pwned)-arg)", "`touch", "\(pwned)-tick`", ";rm", "-rf", "\(site.root)/victim;", "|sh"]
        site.writeConfig("AlertCommand=\(script) \(args.joined(separator: " "))\n[Rule any]\nKind=count\nAbove=0\n")
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        let name = "$(touch huibao-pwned-file);`touch huibao-pwned-tick`.txt"
        let hostile = "$(touch \(pwned)-org)`touch \(pwned)-org2`;rm -rf \(site.root)/victim"
        // Relative paths (the daemon's working directory): a clause ends at a slash.
        let inClause = "`touch huibao-pwned-ctx`$(touch huibao-pwned-ctx2)"
        site.deliver(name, Data("\(hostile)街道办事处2023年工作总结\n一、工作情况\n\(hostile)\(inClause)全年新增企业12家。\n".utf8))
        #expect(Harness.waitUntil { FileManager.default.fileExists(atPath: site.root + "/stdin") && ((try? Data(contentsOf: URL(fileURLWithPath: site.root + "/stdin")))?.count ?? 0) > 0 })
        #expect(Harness.waitUntil { !d.journal().filter { text($0["MESSAGE_ID"]) == "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7090" }.isEmpty })

        #expect(try String(contentsOfFile: site.root + "/args", encoding: .utf8) == args.joined(separator: "\n") + "\n")
        let env = try String(contentsOfFile: site.root + "/env", encoding: .utf8)
        #expect(env.contains("HUIBAO_FILE=\(name)\n"))
        #expect(env.contains("$(touch huibao-pwned-ctx2)全年新增企业12家\n"), "the clause (its end) reached it as data: \(env)")
        let alert = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: site.root + "/stdin"))) as? [String: Any]
        #expect(alert?["file"] as? String == name)
        usleep(300_000)
        for leftover in ["-arg)", "-tick`", "-arg", "-tick", "-org", "-org2"] { #expect(!FileManager.default.fileExists(atPath: pwned + leftover)) }
        for leftover in ["huibao-pwned-file", "huibao-pwned-tick", "huibao-pwned-ctx", "huibao-pwned-ctx2"] { #expect(!FileManager.default.fileExists(atPath: leftover)) }
        #expect(FileManager.default.fileExists(atPath: site.root + "/victim"))
        #expect(site.names(site.processed) == [name], "the name is kept exact, inside processed/")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }
}

/// The libFuzzer target (Tests/Fuzz, `make fuzz`) built if needed and run a fixed number of times:
/// the suite keeps it building and finds what a fixed seed finds; `make fuzz` searches for longer.
@Suite struct FuzzSmokeTests {
    @Test func fuzzTargetRunsCleanOnTheSeeds() throws {
        let root = Harness.packageRoot.path
        let build = ChildProcess.run(["/usr/bin/make", "-s", "-C", root, "fuzz-build"], timeout: 300)
        #expect(build.status == 0, "make fuzz-build: \(build.output.suffix(2000))")
        guard build.status == 0 else { return }
        let site = TestSite()
        let corpus = site.root + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for dir in ["heldout", "heldout2"] {
            let fixtures = root + "/Tests/Fixtures/" + dir
            for name in site.names(fixtures) where name.hasSuffix(".txt") || name.hasSuffix(".html") {
                try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: corpus + "/" + name)
            }
        }
        let run = ChildProcess.run([root + "/.build-fuzz/fuzz-report", "-runs=3000", "-seed=7", "-timeout=1", "-rss_limit_mb=2048",
                                    "-dict=" + root + "/Tests/Fuzz/report.dict", "-artifact_prefix=" + site.root + "/", corpus], timeout: 120)
        #expect(run.status == 0, "fuzz target: \(run.output.suffix(3000))")
        #expect(run.output.contains("Done 3000 runs"), "\(run.output.suffix(1000))")
    }
}

private func FS_stat(_ path: String) throws -> StatSnapshot {
    var st = stat()
    guard lstat(path, &st) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
    return StatSnapshot(mode: st.st_mode & 0o7777, ino: st.st_ino, mtime: st.st_mtim.tv_sec, size: Int(st.st_size))
}

private struct StatSnapshot: Equatable {
    var mode: mode_t, ino: ino_t, mtime: Int, size: Int
}

private func FS_isSymlink(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
}

/// journalctl's JSON gives a field with control characters or invalid UTF-8 as an array of bytes.
private func text(_ value: Any?) -> String? {
    if let s = value as? String { return s }
    if let bytes = value as? [Int] { return String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self) }
    return nil
}
