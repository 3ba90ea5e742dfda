import Foundation
import Glibc

// Runs the built huibaod as a process, the way systemd would: its own journald (in a private
// mount namespace with its own /run), a NOTIFY_SOCKET the test owns, real files and signals.

enum Harness {
    /// The directory holding the built products (the test bundle sits beside them).
    static var productsDirectory: String {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("huibaod").path) { return dir.path }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug").path
    }

    static var huibaod: String { productsDirectory + "/huibaod" }
    static var huibao: String { productsDirectory + "/huibao" }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes.
    @discardableResult
    static func waitUntil(_ timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// A temporary spool, state directory and config for one test.
final class TestSite: @unchecked Sendable {
    let root: String
    var inbox: String { root + "/spool/inbox" }
    var work: String { root + "/spool/work" }
    var processed: String { root + "/spool/processed" }
    var failed: String { root + "/spool/failed" }
    var state: String { root + "/state" }
    var config: String { root + "/huibao.conf" }

    init(extraConfig: String = "") {
        var template = "/tmp/huibao-test-XXXXXX".utf8CString
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        root = String(cString: made!)
        try! FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        writeConfig(extraConfig)
    }

    func writeConfig(_ extra: String) {
        // The shipped catalogue, as `make run` reads it; the site's own folder for overrides.
        let catalogue = Harness.packageRoot.appendingPathComponent("Config/indicators.conf").path
        let text = "[Daemon]\nInbox=\(inbox)\nState=\(state)\nSettleTime=200ms\nRescanInterval=60s\n"
            + "Indicators=\(catalogue)\nIndicatorsDirectory=\(root)/indicators.d\n" + extra
        try! text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    deinit {
        if ProcessInfo.processInfo.environment["HUIBAO_KEEP_TEST_DIRS"] == nil { try? FileManager.default.removeItem(atPath: root) }
    }

    func names(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// Write and close in place (FileManager.createFile would write a temp file and rename it).
    func write(_ name: String, _ bytes: Data) {
        let fd = open(inbox + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "open \(name): \(errno)")
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// The documented delivery: write a dotfile, then rename it in.
    func deliver(_ name: String, _ bytes: Data) {
        let tmp = "." + name + ".part"
        write(tmp, bytes)
        rename(inbox + "/" + tmp, inbox + "/" + name)
    }

    /// Store lines (complete ones only).
    func storeLines() -> [String] {
        guard let data = FileManager.default.contents(atPath: state + "/reports.jsonl") else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func storeRecords() -> [[String: Any]] {
        storeLines().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}

/// A datagram socket standing in for systemd's notify socket. A thread drains it at once, as
/// systemd does: a full socket queue would block the daemon's sd_notify.
final class NotifyListener: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [String] = []
    private var closed = false

    init(path: String) {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        precondition(rc == 0, "bind notify socket: \(errno)")
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        Thread.detachNewThread { [self] in
            var buf = [UInt8](repeating: 0, count: 4096)
            while !lock.withLock({ closed }) {
                let n = recv(fd, &buf, buf.count, 0)
                if n > 0 {
                    let message = String(decoding: buf[0..<n], as: UTF8.self)
                    lock.withLock { received.append(message) }
                }
            }
            close(fd)
        }
    }

    func shutdown() { lock.withLock { closed = true } }

    var messages: [String] { lock.withLock { received } }

    /// Everything received so far.
    func poll() -> [String] { messages }

    func waitFor(_ timeout: Double = 10, _ predicate: (String) -> Bool) -> String? {
        var found: String?
        Harness.waitUntil(timeout) {
            found = messages.first(where: predicate)
            return found != nil
        }
        return found
    }
}

/// A child started with posix_spawn and reaped with waitpid. Foundation's Process waits for
/// a socket that journald (started by the same script) would inherit and hold open forever.
final class ChildProcess {
    let pid: pid_t
    private(set) var exitStatus: Int32?

    init(_ argv: [String], environment: [String: String] = ProcessInfo.processInfo.environment, output: String = "/dev/null") {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if output != "/dev/null" { posix_spawn_file_actions_adddup2(&actions, 1, 2) }
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        precondition(rc == 0, "posix_spawn \(argv[0]): \(rc)")
        posix_spawn_file_actions_destroy(&actions)
        cArgs.forEach { free($0) }
        cEnv.forEach { free($0) }
        self.pid = pid
    }

    /// Runs a command to its end and returns its exit status and output (stdout and stderr).
    static func run(_ argv: [String], timeout: Double = 30) -> (status: Int32, output: String) {
        let out = "/tmp/huibao-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(out) }
        let child = ChildProcess(argv, output: out)
        Harness.waitUntil(timeout) { !child.isRunning }
        if child.isRunning { kill(child.pid, SIGKILL); Harness.waitUntil(5) { !child.isRunning } }
        // Decoded as it is: String(contentsOfFile:) would drop a byte-order mark.
        let text = FileManager.default.contents(atPath: out).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (child.exitStatus ?? -1, text)
    }

    var isRunning: Bool {
        if exitStatus != nil { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return true }
        // WIFEXITED: the low 7 bits are 0; otherwise report 128 + the signal, as a shell does.
        exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return false
    }
}

/// huibaod running inside a private mount namespace whose /run holds a journald of its own.
final class DaemonUnderTest {
    let site: TestSite
    let runDir: String
    let notify: NotifyListener
    private(set) var process: ChildProcess?
    private(set) var journaldPID: Int32?
    var extraEnvironment: [String: String] = [:]
    /// A shell line run inside the daemon's mount namespace just before it starts (e.g. a small tmpfs).
    var prelude = ""
    /// Words put before huibaod on its exec line (e.g. `setpriv …` to start it with fewer capabilities).
    var launcher = ""

    init(site: TestSite) {
        self.site = site
        runDir = site.root + "/run"
        try! FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        notify = NotifyListener(path: site.root + "/notify.sock")
    }

    deinit {
        stopAll()
        notify.shutdown()
    }

    var stderrPath: String { site.root + "/huibaod.stderr" }

    /// Starts huibaod (and, the first time, journald). Returns once the process is spawned.
    func start(watchdogMicros: Int? = 200_000) {
        messagesBeforeStart = notify.messages.count
        let journaldConf = "[Journal]\nStorage=volatile\nReadKMsg=no\nAudit=no\nForwardToSyslog=no\nForwardToWall=no\nRateLimitBurst=0\n"
        let script = """
            set -e
            mount --bind '\(runDir)' /run
            if [ ! -S /run/systemd/journal/socket ]; then
              mkdir -p /run/systemd/journald.conf.d
              printf '\(journaldConf.replacingOccurrences(of: "\n", with: "\\n"))' > /run/systemd/journald.conf.d/90-test.conf
              # journald must not take our NOTIFY_SOCKET and WATCHDOG_USEC as its own.
              env -u NOTIFY_SOCKET -u WATCHDOG_USEC -u WATCHDOG_PID /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 &
              echo $! > '\(site.root)/journald.pid'
              i=0; while [ ! -S /run/systemd/journal/socket ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done
            fi
            \(prelude)
            exec \(launcher) '\(Harness.huibaod)' --config '\(site.config)' --allow-root 2>>'\(stderrPath)'
            """
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notify.path
        if let watchdogMicros { env["WATCHDOG_USEC"] = String(watchdogMicros) } else { env["WATCHDOG_USEC"] = nil }
        env["WATCHDOG_PID"] = nil
        env["STATE_DIRECTORY"] = nil
        for (k, v) in extraEnvironment { env[k] = v }
        process = ChildProcess(["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script], environment: env)
        Harness.waitUntil(5) { FileManager.default.fileExists(atPath: self.site.root + "/journald.pid") }
        if journaldPID == nil, let s = try? String(contentsOfFile: site.root + "/journald.pid", encoding: .utf8) {
            journaldPID = Int32(s.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private var messagesBeforeStart = 0

    /// Waits for READY=1 after the last start.
    func waitReady() -> Bool {
        Harness.waitUntil(10) { self.notify.poll().dropFirst(self.messagesBeforeStart).contains { $0.contains("READY=1") } }
    }

    func signal(_ signo: Int32) {
        if let pid = process?.pid { kill(pid, signo) }
    }

    /// Waits for the daemon to exit; returns its status, or nil on timeout.
    func waitExit(_ timeout: Double = 10) -> Int32? {
        guard let p = process else { return nil }
        guard Harness.waitUntil(timeout, { !p.isRunning }) else { return nil }
        return p.exitStatus
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// Runs a shell command inside the daemon's mount namespace (it sees the daemon's mounts).
    @discardableResult
    func inNamespace(_ command: String) -> Int32 {
        guard let pid = process?.pid else { return -1 }
        return ChildProcess.run(["/usr/bin/nsenter", "-t", String(pid), "-m", "/bin/sh", "-c", command]).status
    }

    func stopAll() {
        if let p = process, p.isRunning {
            kill(p.pid, SIGKILL)
            Harness.waitUntil(5) { !p.isRunning }
        }
        if let j = journaldPID {
            kill(j, SIGTERM)
            journaldPID = nil
        }
    }

    /// Entries huibaod wrote to its journald, as journalctl prints them with `-o json`.
    func journal() -> [[String: Any]] {
        let base = runDir + "/log/journal"
        guard let machine = (try? FileManager.default.contentsOfDirectory(atPath: base))?.first else { return [] }
        let result = ChildProcess.run(["/usr/bin/journalctl", "-D", base + "/" + machine, "-o", "json", "--no-pager", "SYSLOG_IDENTIFIER=huibaod"])
        return result.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func waitForJournal(_ timeout: Double = 10, _ predicate: ([String: Any]) -> Bool) -> [String: Any]? {
        var found: [String: Any]?
        Harness.waitUntil(timeout) {
            found = journal().first(where: predicate)
            return found != nil
        }
        return found
    }
}

/// The MESSAGE_IDs the daemon uses, as the tests expect them (they are the catalog's keys).
enum MessageID {
    static let started = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7081"
    static let reloadRefused = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7084"
    static let processed = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7085"
    static let duplicate = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7086"
    static let failed = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7087"
    static let inboxLost = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f708a"
    static let inboxBack = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f708b"
    static let storeRepaired = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f708d"
}

/// A small, distinct, valid report: distinct bytes give distinct identities.
func sampleReport(_ n: Int) -> Data {
    Data("某某街道\(n)年工作总结\n一、工作情况\n全年新增企业\(n)家，固定资产投资\(n).5亿元，同比增长\(n % 10).1%。\n".utf8)
}
