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
            ("HUIBAO_THRESHOLD", record.threshold), ("HUIBAO_ORGANIZATION", record.issuerName),
            ("HUIBAO_REPORT_YEAR", record.report_year.map(String.init)), ("HUIBAO_FILE", record.file),
            ("HUIBAO_SHA256", record.sha256), ("HUIBAO_CONTEXT", record.context), ("HUIBAO_REASON", record.reason),
        ]
        for (k, v) in fields { if let v { env.append(k + "=" + v.filter { $0 != "\0" }) } }

        let stdin: (read: FD, write: FD)
        do { stdin = try FD.pipe() } catch {
            journal.log(.err, .alertCommandFailed, "AlertCommand not run for \(record.id): \(error)")
            return
        }
        let pid: pid_t
        do {
            pid = try Spawn.child(argv, environment: env, stdin: stdin.read)
        } catch {
            stdin.read.close()
            stdin.write.close()
            journal.log(.err, .alertCommandFailed, "AlertCommand \(argv[0]) could not start for \(record.id): \(String(cString: strerror(error.errno)))",
                        [("HUIBAO_ALERT_ID", record.id)])
            return
        }
        stdin.read.close()
        // One alert is far below a pipe's capacity: this does not block. A child that exits
        // without reading gives EPIPE (SIGPIPE is ignored): its choice, not a failure.
        do { try stdin.write.writeAll(Array((record.jsonLine() + "\n").utf8)) } catch {
            if error.errno != EPIPE {
                journal.log(.warning, .alertCommandFailed, "AlertCommand for \(record.id) did not get the alert on stdin: \(error)", [("HUIBAO_ALERT_ID", record.id)])
            }
        }
        stdin.write.close()
        children.append(Child(pid: pid, deadline: monotonicMicros() + UInt64(timeout * 1_000_000), alert: record.id))
    }

    /// Collects finished children and stops those past their time; failures are logged.
    func reap(_ journal: Journal) {
        let now = monotonicMicros()
        children.removeAll { child in
            var status: Int32 = 0
            // waitpid(2) and kill(2): ECHILD or ESRCH would mean the child is already gone.
            let r = (try? sys("waitpid") { waitpid(child.pid, &status, WNOHANG) }) ?? child.pid
            if r == child.pid {
                if status != 0 {
                    let how = status & 0x7f == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(status & 0x7f)"
                    journal.log(.err, .alertCommandFailed, "AlertCommand for \(child.alert) \(how)", [("HUIBAO_ALERT_ID", child.alert)])
                }
                return true
            }
            if now >= child.deadline {
                _ = try? sys("kill") { kill(child.pid, SIGKILL) }
                _ = try? sys("waitpid") { waitpid(child.pid, &status, 0) }
                journal.log(.err, .alertCommandFailed, "AlertCommand for \(child.alert) ran past its time limit and was killed", [("HUIBAO_ALERT_ID", child.alert)])
                return true
            }
            return false
        }
    }
}
