import Foundation
import Glibc
import Testing

/// systemd 252 as PID 1 in namespaces of its own (`Tests/System/boot-pid1.sh`: overlays over
/// /etc, /var and /usr, so the host is untouched), driven from outside with `nsenter`, as an
/// operator on that machine would drive it with systemctl and journalctl.
final class SystemdHost {
    let directory: String
    let pid: pid_t

    /// Why a PID 1 cannot be booted here, or nil when it can.
    static var unavailable: String? {
        if getuid() != 0 { return "booting systemd in namespaces needs root" }
        for tool in ["/lib/systemd/systemd", "/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/dpkg"]
        where !FileManager.default.isExecutableFile(atPath: tool) { return "\(tool) is missing" }
        if !FileManager.default.fileExists(atPath: "/sys/fs/cgroup/unified/cgroup.procs")
            && !FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.procs") { return "no cgroup2 hierarchy to root a cgroup namespace in" }
        return nil
    }

    init() throws {
        directory = Harness.packageRoot.appendingPathComponent(".build/pid1-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let boot = ChildProcess.run([Harness.packageRoot.appendingPathComponent("Tests/System/boot-pid1.sh").path, directory], timeout: 30)
        guard boot.status == 0, let pid = pid_t(boot.output.split(separator: "\n").last.map(String.init) ?? "") else {
            throw HostError("systemd did not boot: \(boot.output.suffix(800))")
        }
        self.pid = pid
        // Booted: systemctl answers and the boot target is reached.
        Harness.waitUntil(20) { ["running", "degraded"].contains(self.run(["systemctl", "is-system-running"]).output.trimmed) }
    }

    struct HostError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// A command inside the host, in all its namespaces (no shell).
    @discardableResult
    func run(_ argv: [String], timeout: Double = 60) -> (status: Int32, output: String) {
        ChildProcess.run(["/usr/bin/nsenter", "-t", "\(pid)", "-a"] + argv, timeout: timeout)
    }

    /// The same as user `user`.
    @discardableResult
    func run(as user: String, _ argv: [String]) -> (status: Int32, output: String) {
        run(["runuser", "-u", user, "--"] + argv)
    }

    func journal(_ arguments: [String]) -> String { run(["journalctl", "--no-pager"] + arguments).output }

    /// A few lines of set-up written as an operator types them (test set-up only; huibao's own
    /// child processes never go through a shell).
    @discardableResult
    func shell(_ script: String) -> (status: Int32, output: String) { run(["/bin/sh", "-ec", script]) }

    /// Installs the package and starts the service, as the README says.
    func installAndStart(_ deb: String) -> Bool {
        run(["dpkg", "-i", deb], timeout: 120).status == 0 && run(["systemctl", "enable", "--now", "huibao"]).status == 0
            && Harness.waitUntil(10) { self.run(["systemctl", "is-active", "huibao"]).output.trimmed == "active" }
    }

    /// systemd's poweroff, then the cgroups it made (depth first) and the overlays' upper layers.
    func shutDown() {
        kill(pid, __libc_current_sigrtmin() + 4)
        Harness.waitUntil(30) { kill(self.pid, 0) != 0 }
        if kill(pid, 0) == 0 { kill(pid, SIGKILL); Harness.waitUntil(5) { kill(self.pid, 0) != 0 } }
        if let cgroup = try? String(contentsOfFile: directory + "/cgroup", encoding: .utf8).trimmed {
            // unshare, PID 1's parent, leaves the cgroup just after it; then the empty cgroups go.
            Harness.waitUntil(10) { (try? String(contentsOfFile: cgroup + "/cgroup.procs", encoding: .utf8))?.isEmpty ?? true }
            let inside = (FileManager.default.enumerator(atPath: cgroup)?.allObjects as? [String] ?? []).map { cgroup + "/" + $0 }
                .filter { var isDirectory: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }
            for d in inside.sorted(by: { $0.count > $1.count }) + [cgroup] { rmdir(d) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// The package as an operator meets it: installed with dpkg under a real systemd, enabled,
/// fed by users, reloaded, watched by the watchdog, removed and purged (issue 15).
@Suite(.serialized, .enabled(if: SystemdHost.unavailable == nil, "\(SystemdHost.unavailable ?? "")"))
struct SystemdTests {
    static var package: String? {
        let dir = Harness.packageRoot.appendingPathComponent(".build-deb").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".deb") }.sorted().last.map { dir + "/" + $0 }
    }

    static let summary = """
        马峦街道2023年工作总结和2024年工作计划
        一、2023年工作回顾
        全年完成固定资产投资69.69亿元，同比增长16.2%。
        二、2024年工作计划
        2024年，固定资产投资力争达到75亿元。

        """
    static let actual = """
        马峦街道2024年工作总结
        一、2024年工作回顾
        全年完成固定资产投资72.1亿元，同比增长3.5%。

        """

    /// The plan and the summary of 马峦街道 in a folder the host's users can read; its path.
    static func reports(on host: SystemdHost) throws -> String {
        let data = host.directory + "/reports"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try summary.write(toFile: data + "/maluan-2023.txt", atomically: true, encoding: .utf8)
        try actual.write(toFile: data + "/maluan-2024.txt", atomically: true, encoding: .utf8)
        chmod(host.directory, 0o755)
        chmod(data, 0o755)
        return data
    }

    @Test func thePackageUnderARealSystemd() throws {
        let deb = try #require(Self.package, "no .deb in .build-deb: `make test` builds it first (make deb-check)")
        let host = try SystemdHost()
        defer { host.shutDown() }
        let data = try Self.reports(on: host)
        try "not a report\u{0}\u{1}".write(toFile: data + "/binary.txt", atomically: true, encoding: .utf8)

        // Installed and started as the README says.
        let install = host.run(["dpkg", "-i", deb], timeout: 120)
        #expect(install.status == 0, "dpkg -i: \(install.output.suffix(600))")
        let enable = host.run(["systemctl", "enable", "--now", "huibao"])
        #expect(enable.status == 0, "\(enable.output)")
        #expect(Harness.waitUntil(10) { host.run(["systemctl", "is-active", "huibao"]).output.trimmed == "active" })
        #expect(host.run(["systemctl", "show", "-p", "StatusText", "huibao"]).output.contains("StatusText=processed 0, failed 0"))
        // Nothing but huibaod's own lines at start (libdispatch's thread-priority complaint is silenced).
        #expect(!host.journal(["-u", "huibao", "-o", "cat"]).contains("Failed to set thread priority"))

        // A member of huibao-drop drops reports, by cp and by rename; anyone else is refused.
        #expect(host.run(["useradd", "-m", "-G", "huibao-drop", "alice"]).status == 0)
        #expect(host.run(["useradd", "-m", "bob"]).status == 0)
        let inbox = "/var/spool/huibao/inbox"
        let bob = host.run(as: "bob", ["cp", data + "/maluan-2023.txt", inbox + "/"])
        #expect(bob.status != 0 && bob.output.contains("Permission denied"), "bob: \(bob.output)")
        #expect(host.run(as: "alice", ["cp", data + "/maluan-2023.txt", inbox + "/"]).status == 0)
        #expect(host.run(as: "alice", ["cp", data + "/maluan-2024.txt", inbox + "/maluan-2024.txt.part"]).status == 0)
        #expect(host.run(as: "alice", ["mv", inbox + "/maluan-2024.txt.part", inbox + "/maluan-2024.txt"]).status == 0)
        #expect(host.run(as: "alice", ["cp", data + "/binary.txt", inbox + "/"]).status == 0)
        let spool = "/var/spool/huibao"
        #expect(Harness.waitUntil(15) {
            let processed = host.run(["ls", spool + "/processed"]).output, failed = host.run(["ls", spool + "/failed"]).output
            return processed.contains("maluan-2023.txt") && processed.contains("maluan-2024.txt") && failed.contains("binary.txt")
        })
        #expect(Harness.waitUntil(10) { host.run(["systemctl", "show", "-p", "StatusText", "huibao"]).output.contains("processed 2, failed 1") })

        // The records are in the state directory, owned by the dynamic user.
        let records = host.run(["cat", "/var/lib/private/huibao/reports.jsonl"]).output
        #expect(records.split(separator: "\n").count == 2)
        let owner = UInt32(host.run(["stat", "-c", "%u", "/var/lib/private/huibao/reports.jsonl"]).output.trimmed) ?? 0
        #expect((61184...65519).contains(owner), "owned by a dynamic user, not \(owner)")

        // The journal: processed and alert entries with their fields, the catalog's text with -x.
        #expect(Harness.waitUntil(10) { host.journal(["-u", "huibao", "-o", "verbose"]).contains("HUIBAO_RULE=target-missed") })
        let entries = host.journal(["-u", "huibao", "-o", "verbose"])
        for field in ["HUIBAO_FILE=maluan-2023.txt", "HUIBAO_TARGET=7500000000", "HUIBAO_TARGET_CONTEXT=固定资产投资力争达到75亿元",
                      "HUIBAO_FILE=binary.txt", "SYSLOG_IDENTIFIER=huibaod"] {
            #expect(entries.contains(field), "journal has \(field)")
        }
        let explained = host.run(["env", "LANG=C.UTF-8", "journalctl", "--no-pager", "-x", "-u", "huibao"]).output
        #expect(explained.contains("Report maluan-2023.txt processed") && explained.contains("Alert target-missed"), "\(explained.suffix(600))")

        // Reload: a changed rule is taken; a broken config is refused and the old one kept.
        func drop(_ name: String, investment: String) throws -> Bool {
            try "马峦街道\(name)年工作总结\n一、工作回顾\n全年完成固定资产投资\(investment)亿元。\n"
                .write(toFile: data + "/" + name + ".txt", atomically: true, encoding: .utf8)
            guard host.run(as: "alice", ["cp", data + "/" + name + ".txt", inbox + "/"]).status == 0 else { return false }
            return Harness.waitUntil(15) { host.journal(["-u", "huibao", "-o", "verbose"]).contains("HUIBAO_RULE=investment-watch\n") &&
                host.journal(["-u", "huibao", "-o", "cat"]).contains("\(name) 固定资产投资") }
        }
        let config = "/etc/huibao/huibao.conf"
        let changed = host.run(["cat", config]).output + "\n[Rule investment-watch]\nIndicator=固定资产投资\nMeasure=level\nBelow=10000000000\nSeverity=notice\n"
        try changed.write(toFile: data + "/changed.conf", atomically: true, encoding: .utf8)
        #expect(host.run(["cp", data + "/changed.conf", config]).status == 0)
        #expect(host.run(["systemctl", "reload", "huibao"]).status == 0)
        #expect(Harness.waitUntil(10) { host.journal(["-u", "huibao", "-o", "cat"]).contains("configuration reloaded from") })
        #expect(try drop("2025", investment: "80"), "the new rule alerts")
        try "[Daemon]\nInbox=\n[Rule broken\n".write(toFile: data + "/broken.conf", atomically: true, encoding: .utf8)
        #expect(host.run(["cp", data + "/broken.conf", config]).status == 0)
        #expect(host.run(["systemctl", "reload", "huibao"]).status == 0)
        #expect(Harness.waitUntil(10) { host.journal(["-u", "huibao", "-o", "cat"]).contains("configuration not reloaded, keeping the old one") })
        #expect(host.run(["systemctl", "is-active", "huibao"]).output.trimmed == "active")
        #expect(try drop("2026", investment: "85"), "the old configuration, with the new rule, still works")
        #expect(host.run(["cp", data + "/changed.conf", config]).status == 0)

        // Online and offline, the same exposure.
        func exposure(_ argv: [String]) -> String? {
            host.run(argv).output.split(separator: "\n").last { $0.contains("Overall exposure level") }
                .flatMap { $0.split(separator: " ").first { Double($0) != nil } }.map(String.init)
        }
        let online = exposure(["systemd-analyze", "security", "--no-pager", "huibao.service"])
        let offline = exposure(["systemd-analyze", "security", "--no-pager", "--offline=true", "/lib/systemd/system/huibao.service"])
        #expect(online != nil && online == offline, "online \(online ?? "?"), offline \(offline ?? "?")")

        // The watchdog: a stopped daemon is killed and started again after WatchdogSec= (made
        // short here by a drop-in, as an operator may).
        #expect(host.run(["mkdir", "-p", "/etc/systemd/system/huibao.service.d"]).status == 0)
        try "[Service]\nWatchdogSec=2s\n".write(toFile: data + "/watchdog.conf", atomically: true, encoding: .utf8)
        #expect(host.run(["cp", data + "/watchdog.conf", "/etc/systemd/system/huibao.service.d/watchdog.conf"]).status == 0)
        host.run(["systemctl", "daemon-reload"])
        host.run(["systemctl", "restart", "huibao"])
        let mainPID = { host.run(["systemctl", "show", "-p", "MainPID", "--value", "huibao"]).output.trimmed }
        #expect(Harness.waitUntil(10) { host.run(["systemctl", "is-active", "huibao"]).output.trimmed == "active" })
        let stopped = mainPID()
        #expect(host.run(["kill", "-STOP", stopped]).status == 0)
        #expect(Harness.waitUntil(20) { let now = mainPID(); return now != stopped && now != "0" && host.run(["systemctl", "is-active", "huibao"]).output.trimmed == "active" },
                "restarted after the watchdog timeout")
        #expect(host.journal(["-u", "huibao", "-o", "cat"]).contains("Watchdog timeout"))

        // Stop, remove, purge: what the README says stays, stays.
        #expect(host.run(["systemctl", "stop", "huibao"]).status == 0)
        #expect(host.run(["dpkg", "-r", "huibao"], timeout: 120).status == 0)
        #expect(host.run(["test", "-e", "/usr/sbin/huibaod"]).status != 0 && host.run(["test", "-e", "/usr/bin/huibaod"]).status != 0)
        #expect(host.run(["test", "-e", "/lib/systemd/system/huibao.service"]).status != 0)
        #expect(host.run(["test", "-f", "/var/lib/private/huibao/reports.jsonl"]).status == 0, "removal keeps the store")
        #expect(host.run(["test", "-f", config]).status == 0, "removal keeps the conffile")
        #expect(host.run(["dpkg", "-P", "huibao"], timeout: 120).status == 0)
        #expect(host.run(["test", "-e", "/var/lib/private/huibao"]).status != 0, "purging removes the store")
        #expect(host.run(["test", "-e", "/var/lib/huibao"]).status != 0)
        #expect(host.run(["test", "-e", config]).status != 0, "purging removes the conffile")
        #expect(host.run(["ls", spool + "/processed"]).output.contains("maluan-2023.txt"), "the users' reports stay")
        #expect(host.run(["getent", "group", "huibao-drop"]).status == 0, "the group stays")
    }

    /// The README's commands for the keys (section "Alerts from many hosts in one journal"),
    /// with the inbox host's name; the README is checked to hold them.
    static let tlsSetup = """
        mkdir -p /etc/ssl/journal && cd /etc/ssl/journal
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=journal CA' -keyout ca.key -out ca.pem
        for side in remote upload; do
          if [ $side = remote ]; then name=journal.example.org; group=systemd-journal-remote; else name=$(hostname); group=systemd-journal; fi
          openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -addext "subjectAltName=DNS:$name" -keyout $side.key -out $side.csr
          openssl x509 -req -in $side.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -copy_extensions copy -out $side.pem
          chgrp $group $side.key && chmod 0640 $side.key
        done
        """

    @Test func theReadmeHoldsTheTLSSetUp() throws {
        let readme = try String(contentsOf: Harness.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(Self.tlsSetup.trimmed), "README shows the key set-up the test runs")
    }

    /// An inbox host forwards its journal over TLS to a central systemd-journal-remote (here on
    /// the same host's loopback, under the central name), set up as the README says; huibaod's
    /// alerts are read from the central journal with their fields, once each, by the README's match.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/lib/systemd/systemd-journal-remote")
                   && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
                   "needs systemd-journal-remote and openssl (make test installs them)"))
    func alertsReachTheCentralJournal() throws {
        let deb = try #require(Self.package, "no .deb in .build-deb: `make test` builds it first (make deb-check)")
        let host = try SystemdHost()
        defer { host.shutDown() }
        let data = try Self.reports(on: host)
        #expect(host.installAndStart(deb))

        // The README's TLS set-up: an office CA, a key and certificate for each side.
        let tls = host.shell("""
            echo '127.0.0.1 journal.example.org' >> /etc/hosts
            \(Self.tlsSetup)
            """)
        #expect(tls.status == 0, "\(tls.output)")
        // The shipped examples: the central side, then the inbox host's with this URL as it is.
        for (example, folder) in [("journal-remote.conf", "journal-remote.conf.d"), ("journal-upload.conf", "journal-upload.conf.d")] {
            #expect(host.run(["install", "-D", "-m", "0644", "/usr/share/doc/huibao/examples/" + example,
                              "/etc/systemd/\(folder)/huibao.conf"]).status == 0)
        }
        #expect(host.run(["systemctl", "enable", "--now", "systemd-journal-remote.socket"]).status == 0)
        #expect(host.run(["systemctl", "enable", "--now", "systemd-journal-upload"]).status == 0)

        for name in ["maluan-2023.txt", "maluan-2024.txt"] {
            #expect(host.run(["cp", data + "/" + name, "/var/spool/huibao/inbox/"]).status == 0)
        }
        let central = ["journalctl", "--no-pager", "--directory=/var/log/journal/remote", "_SYSTEMD_UNIT=huibao.service"]
        #expect(Harness.waitUntil(20) { host.run(central + ["HUIBAO_RULE=target-missed"]).output.contains("missed the plan's target") },
                "the alert reaches the central journal: \(host.journal(["-u", "systemd-journal-upload", "-u", "systemd-journal-remote", "-o", "cat"]).suffix(800))")
        let alert = host.run(central + ["HUIBAO_RULE=target-missed", "-o", "verbose"]).output
        for field in ["HUIBAO_TARGET=7500000000", "HUIBAO_TARGET_CONTEXT=固定资产投资力争达到75亿元", "HUIBAO_ALERT_KEY=", "_HOSTNAME=huibao-pid1"] {
            #expect(alert.contains(field), "central journal has \(field)")
        }
        // The match selects huibaod's entries only; restarting the uploader sends nothing twice.
        let identifiers = host.run(central + ["-o", "verbose"]).output.split(separator: "\n").filter { $0.contains("SYSLOG_IDENTIFIER=") }
        #expect(!identifiers.isEmpty && identifiers.allSatisfy { $0.hasSuffix("SYSLOG_IDENTIFIER=huibaod") }, "\(Set(identifiers))")
        host.run(["systemctl", "restart", "systemd-journal-upload"])
        #expect(host.run(["cp", data + "/maluan-2023.txt", "/var/spool/huibao/inbox/again.txt"]).status == 0)
        #expect(Harness.waitUntil(20) { host.run(central + ["-o", "cat"]).output.contains("again.txt") })
        let processed = host.run(central + ["-o", "cat"]).output.split(separator: "\n").filter { $0.hasPrefix("processed maluan-2023.txt") }
        #expect(processed.count == 1, "once each: \(processed)")
    }

    /// The packaged huibao-ship.service (what huibao-ship.timer starts), under the real systemd,
    /// loads the store into a PostgreSQL running on that host.
    @Test(.enabled(if: ThrowAwayPostgres.unavailable == nil, "\(ThrowAwayPostgres.unavailable ?? "")"))
    func theShipServiceLoadsPostgres() throws {
        let deb = try #require(Self.package, "no .deb in .build-deb: `make test` builds it first (make deb-check)")
        let host = try SystemdHost()
        defer { host.shutDown() }
        let data = try Self.reports(on: host)
        #expect(host.installAndStart(deb))
        let started = host.shell("""
            mkdir -p /run/pgtest && chown postgres /run/pgtest
            runuser -u postgres -- \(ThrowAwayPostgres.bin)/initdb -D /run/pgtest/data --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
            runuser -u postgres -- \(ThrowAwayPostgres.bin)/pg_ctl -D /run/pgtest/data -w -l /run/pgtest/log -o "-k /run/pgtest -c listen_addresses=" start >/dev/null
            echo 'HUIBAO_POSTGRES=host=/run/pgtest user=postgres dbname=postgres' > /etc/huibao/ship.conf
            touch /etc/huibao/pgpass && chmod 0600 /etc/huibao/pgpass
            """)
        #expect(started.status == 0, "\(started.output)")
        for name in ["maluan-2023.txt", "maluan-2024.txt"] {
            #expect(host.run(["cp", data + "/" + name, "/var/spool/huibao/inbox/"]).status == 0)
        }
        #expect(Harness.waitUntil(15) { host.run(["systemctl", "show", "-p", "StatusText", "huibao"]).output.contains("processed 2") })
        #expect(host.run(["systemctl", "enable", "--now", "huibao-ship.timer"]).status == 0)
        #expect(host.run(["systemctl", "is-active", "huibao-ship.timer"]).output.trimmed == "active")
        let ship = host.run(["systemctl", "start", "huibao-ship.service"], timeout: 120)
        #expect(ship.status == 0, "\(ship.output) \(host.journal(["-u", "huibao-ship", "-o", "cat"]).suffix(800))")
        #expect(host.journal(["-u", "huibao-ship", "-o", "cat"]).contains("huibao ship: 2 records"))
        let psql = { (sql: String) in host.run(["psql", "-X", "-A", "-t", "-h", "/run/pgtest", "-U", "postgres", "-c", sql]).output.trimmed }
        #expect(psql("SELECT count(*) FROM reports") == "2")
        #expect(psql("SELECT outcome || ' ' || target_text || ' ' || actual_text FROM targets_quoted") == "missed 75亿元 72.1亿元")
        // huibaod kept running beside it, on the same store.
        #expect(host.run(["systemctl", "is-active", "huibao"]).output.trimmed == "active")
        host.shell("runuser -u postgres -- \(ThrowAwayPostgres.bin)/pg_ctl -D /run/pgtest/data -m immediate stop >/dev/null || true")
    }
}
