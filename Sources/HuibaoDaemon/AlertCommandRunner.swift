import Glibc
import HuibaoCore

/// Runs `AlertCommand=` for each alert: the program itself (never a shell, so nothing in a
/// report can become a command), the alert as JSON on stdin and as HUIBAO_* variables, with a
/// time limit. It never blocks the loop: children are reaped when the loop's timer ticks.
final class AlertCommandRunner {
    private struct Child {
        var pid: pid_t
        var deadline: UInt64
        var alert: String
    }
    private var children: [Child] = []

    var running: Bool { !children.isEmpty }

    func start(_ argv: [String], record: AlertRecord, timeout: Double, journal: Journal) {
        var env: [String] = ["PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"]
        let fields: [(String, String?)] = [
            ("HUIBAO_ALERT_STATE", record.event), ("HUIBAO_ALERT_ID", record.id), ("HUIBAO_RULE", record.rule),
            ("HUIBAO_SEVERITY", record.severity), ("HUIBAO_SUBJECT", record.subject),
            ("HUIBAO_VALUE", record.value.map { JSONWriter.format($0) }), ("HUIBAO_UNIT", record.unit),
            ("HUIBAO_THRESHOLD", record.threshold), ("HUIBAO_ORGANIZATION", record.organization ?? record.issuer),
            ("HUIBAO_REPORT_YEAR", record.report_year.map(String.init)), ("HUIBAO_FILE", record.file),
            ("HUIBAO_SHA256", record.sha256), ("HUIBAO_CONTEXT", record.context), ("HUIBAO_REASON", record.reason),
        ]
        for (k, v) in fields { if let v { env.append(k + "=" + v.filter { $0 != "\0" }) } }

        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            journal.log(.err, .alertCommandFailed, "AlertCommand not run for \(record.id): pipe: \(String(cString: strerror(errno)))")
            return
        }
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The daemon blocks SIGTERM/SIGINT/SIGHUP for its signalfd: the child must not inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        close(fds[0])
        guard rc == 0 else {
            close(fds[1])
            journal.log(.err, .alertCommandFailed, "AlertCommand \(argv[0]) could not start for \(record.id): \(String(cString: strerror(rc)))",
                        [("HUIBAO_ALERT_ID", record.id)])
            return
        }
        // One alert is far below a pipe's capacity: this write does not block.
        var json = Array((record.jsonLine() + "\n").utf8)
        _ = json.withUnsafeMutableBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        children.append(Child(pid: pid, deadline: monotonicMicros() + UInt64(timeout * 1_000_000), alert: record.id))
    }

    /// Collects finished children and stops those past their time; failures are logged.
    func reap(_ journal: Journal) {
        let now = monotonicMicros()
        children.removeAll { child in
            var status: Int32 = 0
            let r = waitpid(child.pid, &status, WNOHANG)
            if r == child.pid {
                if status != 0 {
                    let how = status & 0x7f == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(status & 0x7f)"
                    journal.log(.err, .alertCommandFailed, "AlertCommand for \(child.alert) \(how)", [("HUIBAO_ALERT_ID", child.alert)])
                }
                return true
            }
            if now >= child.deadline {
                kill(child.pid, SIGKILL)
                _ = waitpid(child.pid, &status, 0)
                journal.log(.err, .alertCommandFailed, "AlertCommand for \(child.alert) ran past its time limit and was killed", [("HUIBAO_ALERT_ID", child.alert)])
                return true
            }
            return false
        }
    }
}
