import Foundation
import Glibc
import Testing

/// The command line against a store that huibaod built from real drops, while it runs.
@Suite(.serialized) struct CommandLineTests {
    func huibao(_ args: String..., state: String) -> (status: Int32, output: String) {
        ChildProcess.run([Harness.huibao] + args + ["--state", state])
    }

    /// Two years of one issuer, with a figure whose clause holds an ASCII comma and a quote.
    func store() -> (TestSite, DaemonUnderTest) {
        let site = TestSite(extraConfig: "[Rule halved]\nKind=money\nChangeBelow=-50\n")
        let d = DaemonUnderTest(site: site)
        d.start()
        _ = d.waitReady()
        site.deliver("2021.txt", yearReport(2021, investment: "12.5", growth: "增长3.2%", extra: "新增市场主体1,356户。"))
        _ = Harness.waitUntil { site.names(site.processed).count == 1 }
        site.deliver("2022.txt", yearReport(2022, investment: "5.1", growth: "下降59.2%", extra: "完成\"三旧\"改造8宗。"))
        _ = Harness.waitUntil { site.names(site.processed).count == 2 }
        return (site, d)
    }

    @Test func tablesAlignCJKByDisplayWidth() throws {
        let (site, d) = store()
        let reports = huibao("reports", state: site.state)
        #expect(reports.status == 0)
        #expect(reports.output == """
            issuer          year  kinds    figures  alerts  published  file
            青山街道办事处  2021  summary  3        0       —          2021.txt
            青山街道办事处  2022  summary  3        1       —          2022.txt

            """, "\(reports.output)")
        let pivot = huibao("figures", "--subject", "固定资产投资", "--kind", "money", "--by", "year", state: site.state)
        #expect(pivot.output == """
            issuer          indicator     measure  2021      2022
            青山街道办事处  固定资产投资  level    12.5亿元  5.1亿元

            """, "\(pivot.output)")
        #expect(huibao("reports", "--year", "1999", state: site.state).status == 1, "nothing matched")
        #expect(huibao("reports", "--bogus", state: site.state).status == 2, "usage error")
        #expect(huibao("reports", state: site.root + "/nowhere").status == 2, "no store")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    /// `huibao parse --json` is read by tools written for schema 1 (the project's scorer reads
    /// `indicators`): the figures stand under both keys there, once in the store.
    @Test func parseJSONCarriesTheFiguresUnderBothKeysAndTheStoreOnce() throws {
        let (site, d) = store()
        let parsed = ChildProcess.run([Harness.huibao, "parse", "--json", "--config", site.config, site.processed + "/2022.txt"])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [String: Any])
        let figures = try #require(record["figures"] as? [[String: Any]])
        #expect(!figures.isEmpty)
        #expect((record["indicators"] as? [[String: Any]])?.count == figures.count)
        let stored = try String(contentsOfFile: site.state + "/reports.jsonl", encoding: .utf8)
        #expect(stored.contains("\"figures\":") && !stored.contains("\"indicators\":"))
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func csvOpensInExcelAndJSONLinesParse() throws {
        let (site, d) = store()
        let csv = huibao("export", "--format", "csv", "--what", "figures", state: site.state).output
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark for Excel")
        #expect(csv.utf8.dropFirst(3).starts(with: "organization,issuer_key,report_year,subject,indicator,domain,measure,baseline,period,polarity,direction,text,value,unit,".utf8))
        #expect(csv.contains("\r\n"))
        #expect(!csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends CRLF")
        #expect(csv.contains(",\"新增市场主体1,356户\","), "a comma is quoted")
        #expect(csv.contains("\"完成\"\"三旧\"\"改造8宗\""), "a quote is doubled")
        let jsonl = huibao("export", "--format", "jsonl", "--what", "alerts", state: site.state).output
        let alerts = jsonl.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(alerts.count == 1)
        #expect(alerts.first?["rule"] as? String == "halved")
        #expect(alerts.first?["change"] as? String == "-59.2")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    /// EISDIR, since root reads a file of mode 000: a store that cannot be read is exit 2 with
    /// its path and errno, not 1 "nothing matched".
    @Test func aStoreThatCannotBeReadIsAnIOError() throws {
        let site = TestSite()
        #expect(mkdir(site.state, 0o700) == 0 && mkdir(site.state + "/reports.jsonl", 0o700) == 0)
        for command in ["reports", "figures", "export"] {
            let args = command == "export" ? [command, "--format", "csv", "--what", "reports"] : [command]
            let out = ChildProcess.run([Harness.huibao] + args + ["--state", site.state])
            #expect(out.status == 2, "\(command): \(out.output)")
            #expect(out.output == "huibao \(command): \(site.state)/reports.jsonl: Is a directory\n", "\(out.output)")
        }
    }

    @Test func statusTellsWhetherTheDaemonRuns() throws {
        let (site, d) = store()
        #expect(Harness.waitUntil(3) { huibao("status", state: site.state).output.contains("processed    2") })
        let running = huibao("status", state: site.state)
        #expect(running.status == 0)
        #expect(running.output.contains("huibaod      running"), "\(running.output)")
        #expect(running.output.contains("alerts       1"))
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
        let stopped = huibao("status", state: site.state)
        #expect(stopped.status == 1)
        #expect(stopped.output.contains("not running"))
    }

    @Test func queriesNeverSeeAHalfRecordWhileTheDaemonAppends() throws {
        let site = TestSite()
        let d = DaemonUnderTest(site: site)
        d.start(watchdogMicros: nil)
        #expect(d.waitReady())
        let writer = Thread { for i in 0..<200 { site.deliver("r\(i).txt", sampleReport(3000 + i)) } }
        writer.start()
        var seen = 0
        while !writer.isFinished || seen < 200 {
            let out = huibao("reports", "--json", state: site.state)
            #expect(out.status == 0 || out.status == 1)
            let lines = out.output.split(separator: "\n")
            #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "every line a whole record")
            #expect(lines.count >= seen, "the store only grows")
            seen = lines.count
            if seen >= 200 { break }
        }
        #expect(seen == 200)
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test(arguments: [
        ("[Daemon]\nSettleTime=soon\n", ":2: SettleTime=", Int32(1)),
        ("[Daemon]\nColour=blue\n", ":2: unknown key Colour=", Int32(1)),
        ("[Rule r]\nKind=rank\nBelow=1\n", ":3: [Rule r] can never match", Int32(1)),
        ("[Rule r]\nKind=growth\nBelow=0\n", "valid (1 rules: r;", Int32(0)),
        ("[Rule r]\nIndicator=固定资产投资额\nWorse=yes\n", ":2: [Rule r] Indicator=: '固定资产投资额' is not in the indicator catalogue", Int32(1)),
    ])
    func checkConfig(text: String, expected: String, status: Int32) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-check-\(getpid())-\(text.hashValue).conf").path
        // Last, so the lines above keep their numbers: the shipped catalogue.
        let catalogue = Harness.packageRoot.appendingPathComponent("Config/indicators.conf").path
        try (text + (text.hasPrefix("[Daemon]") ? "" : "[Daemon]\n") + "Indicators=\(catalogue)\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let out = ChildProcess.run([Harness.huibao, "check-config", path])
        #expect(out.status == status)
        #expect(out.output.contains(path + expected) || out.output.contains(expected), "\(out.output)")
    }

    /// A user's catalogue file with mistakes: every one by file and line, and the daemon's check
    /// says the same as check-config.
    @Test func checkConfigReadsTheIndicatorCatalogueToo() throws {
        let site = TestSite()
        try FileManager.default.createDirectory(atPath: site.root + "/indicators.d", withIntermediateDirectories: true)
        let mine = site.root + "/indicators.d/local.conf"
        try "[Indicator 森林覆盖率]\nDomain=forest\nUnit=percent\nPolarity=up\n[Indicator 刑事案件]\nAlias=刑事立案\nUnit=count\nPolarity=down\n"
            .write(toFile: mine, atomically: true, encoding: .utf8)
        let bad = ChildProcess.run([Harness.huibao, "check-config", site.config])
        #expect(bad.status == 1)
        #expect(bad.output.contains(mine + ":2: [Indicator 森林覆盖率] Domain=: 'forest' is not one of"), "\(bad.output)")
        #expect(bad.output.contains(mine + ":5: [Indicator 刑事案件] needs Domain="), "\(bad.output)")
        try "[Indicator 森林覆盖率]\nDomain=environment\nUnit=percent\nPolarity=up\n".write(toFile: mine, atomically: true, encoding: .utf8)
        let good = ChildProcess.run([Harness.huibao, "check-config", site.config])
        #expect(good.status == 0 && good.output.contains("indicators"), "\(good.output)")
        // And `huibao parse` under that config names the figure by the user's indicator.
        let report = site.root + "/r.txt"
        try "青石镇2023年工作总结\n一、工作回顾\n森林覆盖率达到62.5%。\n".write(toFile: report, atomically: true, encoding: .utf8)
        let parsed = ChildProcess.run([Harness.huibao, "parse", "--json", "--config", site.config, report])
        #expect(parsed.output.contains("\"indicator\":\"森林覆盖率\""), "\(parsed.output)")
    }

    @Test func reprocessSupersedesWithoutLosingHistoryOrRepeatingAlerts() throws {
        let (site, d) = store()
        let records = site.storeRecords()
        let sha = try #require(records.first { $0["file"] as? String == "2022.txt" }?["sha256"] as? String)
        #expect(huibao("reprocess", String(repeating: "0", count: 64), state: site.state).status == 1, "unknown report")
        #expect(huibao("reprocess", "--all", sha, state: site.state).status == 2, "one or the other")
        let asked = huibao("reprocess", sha, state: site.state)
        #expect(asked.status == 0, "\(asked.output)")
        d.signal(SIGHUP)
        #expect(d.waitForJournal { $0["MESSAGE_ID"] as? String == "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7093" } != nil)
        #expect(site.storeLines().count == 3, "appended, nothing removed")
        #expect(site.storeRecords().filter { $0["sha256"] as? String == sha }.count == 2)
        let reports = huibao("reports", "--json", state: site.state).output.split(separator: "\n")
        #expect(reports.count == 2, "queries show the latest record of each report")
        usleep(200_000)
        #expect(d.journal().filter { $0["MESSAGE_ID"] as? String == alertFiring }.count == 1, "no alert twice")
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }

    @Test func parseExplainsEachFigure() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-explain-\(getpid()).txt").path
        try yearReport(2022, investment: "5.1", growth: "下降59.2%").write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let out = ChildProcess.run([Harness.huibao, "parse", "--explain", path])
        #expect(out.status == 0)
        #expect(out.output.contains("5.1亿元 = 510000000 元  money"), "\(out.output)")
        #expect(out.output.contains("clause   全年固定资产投资完成5.1亿元"), "\(out.output)")
        #expect(out.output.contains("rule     number+unit"))
        #expect(out.output.contains("subject  固定资产投资 — the words before the figure in its clause"), "\(out.output)")
        #expect(out.output.contains("59.2% = -59.2 %  growth"))
        let bad = ChildProcess.run([Harness.huibao, "parse", "/dev/null"])
        #expect(bad.status == 2 && bad.output.contains("not a regular file"))
    }

    /// `huibao parse` takes a file as the daemon does: a link or a FIFO is refused with the
    /// daemon's reason, a missing file is its path and errno.
    @Test func parseRefusesWhatTheDaemonRefuses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("huibao-parse-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try yearReport(2022, investment: "5.1", growth: "下降59.2%").write(to: URL(fileURLWithPath: dir + "/r.txt"))
        #expect(symlink(dir + "/r.txt", dir + "/link.txt") == 0 && mkfifo(dir + "/fifo", 0o600) == 0)
        #expect(ChildProcess.run([Harness.huibao, "parse", dir + "/r.txt"]).status == 0)
        let link = ChildProcess.run([Harness.huibao, "parse", dir + "/link.txt"])
        #expect(link.status == 2 && link.output == "huibao parse: \(dir)/link.txt: a symbolic link, not a regular file (links are never followed)\n", "\(link.output)")
        let fifo = ChildProcess.run([Harness.huibao, "parse", dir + "/fifo"])
        #expect(fifo.status == 2 && fifo.output == "huibao parse: \(dir)/fifo: a FIFO, not a regular file\n", "\(fifo.output)")
        let missing = ChildProcess.run([Harness.huibao, "parse", dir + "/none"])
        #expect(missing.status == 2 && missing.output == "huibao parse: \(dir)/none: No such file or directory\n", "\(missing.output)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Harness.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus").path)))
    func everyCommandOnAStoreOfTheSampleReports() throws {
        let corpus = Harness.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        let site = TestSite(extraConfig: "[Rule casualties]\nSubject=*死亡*\nAbove=0\n")
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        let samples = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }
        for name in samples { site.deliver(name, try Data(contentsOf: corpus.appendingPathComponent(name))) }
        #expect(Harness.waitUntil { site.names(site.processed).count == samples.count })
        let reports = huibao("reports", state: site.state)
        #expect(reports.status == 0)
        for issuer in ["马峦街道办事处", "龙田街道党工委", "翠竹街道办事处"] { #expect(reports.output.contains(issuer), "\(reports.output)") }
        let figures = huibao("figures", "--subject", "*核酸*", "--json", state: site.state)
        #expect(figures.status == 0 && figures.output.split(separator: "\n").count >= 3)
        let plan = huibao("figures", "--org", "马峦", "--part", "plan", "--json", state: site.state)
        #expect(plan.output.split(separator: "\n").allSatisfy { $0.contains("\"part\":\"plan\"") && $0.contains("马峦") })
        let pivot = huibao("figures", "--subject", "*检测*", "--by", "year", state: site.state)
        #expect(pivot.status == 0 && pivot.output.hasPrefix("issuer"))
        let csv = huibao("export", "--format", "csv", "--what", "reports", state: site.state)
        #expect(csv.output.split(separator: "\r\n").count == samples.count + 1)
        #expect(huibao("status", state: site.state).status == 0)
        let explained = ChildProcess.run([Harness.huibao, "parse", "--explain", corpus.appendingPathComponent(samples.sorted()[0]).path])
        #expect(explained.status == 0 && explained.output.contains("rule     "))
        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }
}
