import Foundation
import Glibc
import Testing

/// A throw-away PostgreSQL 15 cluster from Debian's packages: initdb into a temporary
/// directory, a Unix socket there and no TCP, run as the user postgres (the server refuses
/// root), stopped and removed at the end.
final class ThrowAwayPostgres {
    static let bin = "/usr/lib/postgresql/15/bin"
    let root: String
    var socket: String { root + "/socket" }
    var conninfo: String { "host=\(socket) user=postgres dbname=postgres" }

    static var unavailable: String? {
        if !FileManager.default.isExecutableFile(atPath: bin + "/initdb") { return "PostgreSQL 15 is not installed (make test installs postgresql-15)" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") { return "psql is not installed" }
        if getuid() != 0 { return "the cluster is run as the user postgres, which needs root to switch to" }
        if getpwnam("postgres") == nil { return "no user postgres" }
        return nil
    }

    init() throws {
        root = "/tmp/huibao-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: socket, withIntermediateDirectories: true)
        let pw = getpwnam("postgres")!.pointee
        chown(root, pw.pw_uid, pw.pw_gid)
        chown(socket, pw.pw_uid, pw.pw_gid)
        let initdb = ChildProcess.run(["/usr/sbin/runuser", "-u", "postgres", "--", Self.bin + "/initdb", "-D", root + "/data",
                                       "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"], timeout: 60)
        guard initdb.status == 0 else { throw SystemdHost.HostError("initdb: \(initdb.output.suffix(400))") }
        let start = ChildProcess.run(["/usr/sbin/runuser", "-u", "postgres", "--", Self.bin + "/pg_ctl", "-D", root + "/data", "-w",
                                      "-l", root + "/server.log", "-o", "-k \(socket) -c listen_addresses= -c fsync=off", "start"], timeout: 60)
        guard start.status == 0 else { throw SystemdHost.HostError("pg_ctl start: \(start.output.suffix(400))") }
    }

    /// One statement's rows, unaligned, `|` between fields.
    func query(_ sql: String) -> [String] {
        let r = ChildProcess.run(["/usr/bin/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql])
        #expect(r.status == 0, "\(sql): \(r.output)")
        return r.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    func count(_ sql: String) -> Int { Int(query(sql).first ?? "") ?? -1 }

    func stop() {
        _ = ChildProcess.run(["/usr/sbin/runuser", "-u", "postgres", "--", Self.bin + "/pg_ctl", "-D", root + "/data", "-m", "immediate", "stop"], timeout: 60)
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// `huibao ship --postgres` into a real PostgreSQL, killed in the middle of a load and run
/// again; `huibao export --after` beside it (issue 15).
@Suite(.serialized, .enabled(if: ThrowAwayPostgres.unavailable == nil, "\(ThrowAwayPostgres.unavailable ?? "")"))
struct PostgresTests {
    /// Report `k` of a generated set: 60 issuers over ten years, each a summary with the next
    /// year's plan; every seventh year investment falls short of the plan, every ninth there
    /// were deaths.
    static func report(_ k: Int) -> (String, String) {
        let first = Array("东西南北中新安和平永"), second = Array("城湖山河桥林")
        let issuer = "\(first[k % 60 / 6])\(second[k % 6])街道", year = 2014 + k / 60
        let investment = 50 + Double(k % 60) + Double(k / 60) * (k % 7 == 0 ? -3 : 2.5)
        let deaths = k % 9 == 0 ? "全年发生生产安全事故死亡\(1 + k % 3)人。" : "全年安全事故零发生。"
        return ("r\(k).txt", """
            \(issuer)\(year)年工作总结和\(year + 1)年工作计划
            一、\(year)年工作回顾
            全年完成固定资产投资\(String(format: "%.1f", investment))亿元，同比增长\(k % 11).\(k % 10)%。一般公共预算收入\(2 + k % 5).\(k % 10)亿元。\(deaths)
            二、\(year + 1)年工作计划
            \(year + 1)年，固定资产投资力争达到\(String(format: "%.1f", investment + 2))亿元。

            """)
    }

    func feed(_ site: TestSite, _ d: DaemonUnderTest, _ range: Range<Int>) {
        for k in range {
            let (name, text) = Self.report(k)
            site.deliver(name, Data(text.utf8))
        }
        #expect(Harness.waitUntil(60) { site.names(site.processed).count == range.upperBound }, "\(site.names(site.processed).count) processed")
    }

    func huibao(_ args: [String], _ site: TestSite) -> (status: Int32, output: String) {
        ChildProcess.run([Harness.huibao] + args + ["--state", site.state, "--config", site.config], timeout: 120)
    }

    let indexesThere = "SELECT count(*) FROM pg_indexes WHERE indexname IN ('figures_key', 'figures_indicator', 'reports_sha256')"

    @Test func shippedOnceAcrossAKilledLoadAndAnsweringAsTheCommandLineDoes() throws {
        let pg = try ThrowAwayPostgres()
        defer { pg.stop() }
        // The shipped rules, so that alerts fire as they would on a real inbox.
        let shipped = try String(contentsOf: Harness.packageRoot.appendingPathComponent("Config/huibao.conf"), encoding: .utf8)
        let rules = shipped.components(separatedBy: "\n[Rule ").dropFirst().map { "[Rule " + $0 }.joined(separator: "\n")
        let site = TestSite(extraConfig: rules)
        let d = DaemonUnderTest(site: site)
        d.start()
        #expect(d.waitReady())
        feed(site, d, 0..<300)

        // The first load creates the schema.
        let first = huibao(["ship", "--postgres", pg.conninfo], site)
        #expect(first.status == 0, "\(first.output)")
        let cursor1 = pg.query("SELECT records || '.' || alerts FROM huibao_cursor").first ?? ""
        #expect(cursor1.hasPrefix("300."), "\(cursor1)")
        #expect(pg.count("SELECT count(*) FROM reports") == 300)

        // More reports; then a load that is killed mid-transaction. A session of the test holds
        // the targets table, so the load stops at a known place: every row sent, nothing
        // committed. Killing the shipper and its psql there leaves the database as it was.
        feed(site, d, 300..<600)
        let locker = ChildProcess(["/usr/bin/env", "PGAPPNAME=huibao-test-lock", "/usr/bin/psql", "-X", "-q", "-d", pg.conninfo, "-c",
                                   "BEGIN; LOCK TABLE targets IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);"])
        #expect(Harness.waitUntil(20) { pg.count("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'targets' AND l.granted AND l.mode = 'AccessExclusiveLock'") == 1 })
        let shipper = ChildProcess([Harness.huibao, "ship", "--postgres", pg.conninfo, "--state", site.state, "--config", site.config])
        #expect(Harness.waitUntil(60) {
            pg.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'huibao ship' AND wait_event_type = 'Lock'") == 1
        }, "the load waits on the targets table")
        let psql = ChildProcess.run(["/usr/bin/pgrep", "-P", "\(shipper.pid)", "-x", "psql"]).output.trimmed
        kill(shipper.pid, SIGKILL)
        if let p = pid_t(psql) { kill(p, SIGKILL) }
        #expect(Harness.waitUntil(10) { !shipper.isRunning })
        // The lock released, the load's session finds its client gone and rolls back.
        _ = pg.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'huibao-test-lock'")
        #expect(Harness.waitUntil(10) { !locker.isRunning })
        #expect(Harness.waitUntil(20) { pg.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'huibao ship'") == 0 })
        #expect(pg.query("SELECT records || '.' || alerts FROM huibao_cursor").first == cursor1, "the killed load moved nothing")
        #expect(pg.count("SELECT count(*) FROM reports") == 300)
        // That load (as large as what was there) had dropped the indexes to build them after:
        // the rollback gives them back.
        #expect(pg.count(indexesThere) == 3, "the killed load's dropped indexes are back")

        // Run again: everything there exactly once.
        let again = huibao(["ship", "--postgres", pg.conninfo], site)
        #expect(again.status == 0, "\(again.output)")
        let export = huibao(["export", "--format", "jsonl", "--after", "0.0"], site)
        let lines = export.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let records = lines.compactMap { $0["record"] as? [String: Any] }
        let alertEvents = lines.filter { $0["alert"] != nil }.count
        let end = lines.last?["cursor"] as? String
        #expect(records.count == 600)
        #expect(pg.query("SELECT records || '.' || alerts FROM huibao_cursor").first == end, "the database's cursor is the store's end")
        #expect(pg.count("SELECT count(*) FROM reports") == 600)
        #expect(pg.count("SELECT count(DISTINCT sha256) FROM reports") == 600)
        let figures = records.reduce(0) { $0 + (($1["figures"] as? [Any])?.count ?? 0) }
        #expect(pg.count("SELECT count(*) FROM figures") == figures)
        #expect(pg.count("SELECT count(*) FROM alerts") == alertEvents)
        #expect(pg.count("SELECT count(*) FROM alerts WHERE event = 'firing' AND rule = 'casualties'") > 0)
        #expect(huibao(["ship", "--postgres", pg.conninfo], site).output.contains("0 records"), "nothing new, nothing loaded")
        #expect(pg.count("SELECT count(*) FROM reports") == 600)
        #expect(pg.count(indexesThere) == 3, "the indexes built after the load")

        // `export --after` the first cursor: the second half only.
        let tail = huibao(["export", "--format", "jsonl", "--after", cursor1], site).output.split(separator: "\n")
        #expect(tail.filter { $0.hasPrefix("{\"record\":") }.count == 300)
        #expect(tail.last.map(String.init) == "{\"cursor\":\"\(end ?? "")\"}")

        // The analyst's queries run, and say what the command line says.
        let queries = try String(contentsOf: Harness.packageRoot.appendingPathComponent("Packaging/postgres-queries.sql"), encoding: .utf8)
        let statements = queries.components(separatedBy: ";\n").map { $0.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n") }
            .filter { !$0.trimmed.isEmpty }
        #expect(statements.count == 5)
        for s in statements { _ = pg.query(s) }
        let missed = huibao(["targets", "--missed", "--json"], site).output.split(separator: "\n").filter { $0.hasPrefix("{") }.count
        #expect(missed > 0 && pg.query(statements[1]).count == missed, "missed targets: psql and huibao targets agree")
        let cli = huibao(["figures", "--indicator", "固定资产投资", "--json"], site).output.split(separator: "\n").filter { $0.hasPrefix("{") }.count
        #expect(cli > 0 && pg.count("SELECT count(*) FROM latest_figures WHERE indicator = '固定资产投资'") == cli,
                "固定资产投资 figures: psql and huibao figures agree")
        let levels = pg.query(statements[3])
        #expect(levels.count == 60 * 10, "one level a year for each issuer: \(levels.count)")

        // A small load (the indexes kept and added to): the same once-only answer, and the
        // touched issuers' targets judged again as the command line judges them.
        feed(site, d, 600..<630)
        #expect(huibao(["ship", "--postgres", pg.conninfo], site).output.contains("30 records"))
        #expect(pg.count("SELECT count(*) FROM reports") == 630)
        #expect(pg.count("SELECT count(DISTINCT sha256) FROM reports") == 630)
        #expect(pg.count("SELECT count(*) FROM (SELECT seq, idx FROM figures GROUP BY seq, idx HAVING count(*) > 1) d") == 0)
        #expect(pg.count(indexesThere) == 3)
        let missedNow = huibao(["targets", "--missed", "--json"], site).output.split(separator: "\n").filter { $0.hasPrefix("{") }.count
        #expect(pg.query(statements[1]).count == missedNow, "missed targets after a small load: psql and huibao targets agree")

        d.signal(SIGTERM)
        #expect(d.waitExit() == 0)
    }
}
