// STATUS= for systemd and status.json for `huibao status`.

import Glibc
import HuibaoCore

extension Daemon {
    func statusLine() -> String {
        var s = "processed \(counts.processed), failed \(counts.failed), duplicates \(counts.duplicates), "
            + "queued \(inbox.count + retries.count - inFlight.count), in flight \(inFlight.count), alerts \(counts.alerts)"
        if counts.overflows > 0 { s += ", overflows \(counts.overflows)" }
        if inboxLost { s += "; inbox missing" }
        if let degraded = problems.degraded { s += "; degraded: \(degraded)" }
        return s
    }

    func publishStatus() {
        let s = statusLine()
        if s != status.lastLine {
            Notify.status(s)
            status.lastLine = s
            writeStatusFile(state: shutdown.isRequested ? "stopping" : "running")
        }
    }

    /// `status.json` in the state directory, for `huibao status`: replaced by rename, never
    /// fsynced (it is a view, not data), at most once a second unless the state changes.
    func writeStatusFile(state: String, force: Bool = false) {
        let now = monotonicMicros()
        guard force || now >= status.fileWrittenAt + 1_000_000 else {
            status.fileDirty = true
            return
        }
        status.fileWrittenAt = now
        status.fileDirty = false
        var w = JSONWriter(capacity: 512)
        w.object { w in
            w.key("schema"); w.value(1)
            w.key("state"); w.value(state)
            w.key("pid"); w.value(Int(getpid()))
            w.key("started"); w.value(status.startedAt)
            w.key("updated"); w.value(isoTimestamp())
            w.key("inbox"); w.value(spool.inbox)
            w.key("store"); w.value(store.recordsPath)
            w.key("store_bytes"); w.value(store.bytes)
            w.key("reports"); w.value(store.count)
            w.key("processed"); w.value(counts.processed)
            w.key("failed"); w.value(counts.failed)
            w.key("duplicates"); w.value(counts.duplicates)
            w.key("queued"); w.value(inbox.count + retries.count - inFlight.count)
            w.key("in_flight"); w.value(inFlight.count)
            w.key("alerts"); w.value(counts.alerts)
            w.key("overflows"); w.value(counts.overflows)
            w.key("degraded"); w.value(problems.degraded)
            w.key("inbox_missing"); w.value(inboxLost)
            w.key("last_error"); w.value(journal.lastError)
        }
        let tmp = store.directory + "/.status.json.tmp"
        if let fd = try? FD.open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o640) {
            let written = (try? fd.writeAll(w.bytes + [0x0A])) != nil
            fd.close()
            // On a full disk the last whole status stays, rather than a torn one.
            _ = written ? rename(tmp, store.directory + "/status.json") : unlink(tmp)
        }
    }
}

/// What was last told: STATUS= is sent only when it changes, status.json at most once a second.
struct StatusPublishing {
    var lastLine = ""
    var fileWrittenAt: UInt64 = 0
    /// A change not yet in status.json (written by the deadline a second after the last).
    var fileDirty = false
    let startedAt = isoTimestamp()
}
