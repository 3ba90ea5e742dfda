// Deadlines: when the loop must wake next, and what is due when it does.

import Glibc
import HuibaoCore

extension Daemon {
    func nextDeadline() -> UInt64 {
        var deadline = schedule.rescan
        if let w = schedule.watchdog { deadline = min(deadline, w) }
        if let due = inbox.nextDue { deadline = min(deadline, due) }
        for (name, r) in retries where !inFlight.contains(name) { deadline = min(deadline, r.due) }
        if inboxLost { deadline = min(deadline, monotonicMicros() + 1_000_000) }
        if alertCommands.running { deadline = min(deadline, monotonicMicros() + 100_000) }
        if status.fileDirty { deadline = min(deadline, status.fileWrittenAt + 1_000_000) }
        if let due = dashboardDue { deadline = min(deadline, due) }
        return deadline
    }

    func handleTimers() {
        let now = monotonicMicros()
        if let w = schedule.watchdog, now >= w {
            Notify.watchdog()
            schedule.watchdog = now + schedule.watchdogInterval!
        }
        if inboxLost && FS.isDirectory(spool.inbox) {
            startWatching()
            if !inboxLost {
                journal.log(.notice, .inboxBack, "inbox \(spool.inbox) is back; watching it again", [("HUIBAO_INBOX", spool.inbox)])
                scanInbox()
            }
        }
        alertCommands.reap(journal)
        if status.fileDirty && now >= status.fileWrittenAt + 1_000_000 { writeStatusFile(state: "running") }
        if now >= schedule.rescan {
            scanInbox()
            // Alerts that could not be written earlier (disk full) are derived again.
            catchUpAlerts()
            takeReprocessRequest()
            schedule.rescan = now + UInt64(config.daemon.rescanInterval * 1_000_000)
        }
        for name in inbox.due(at: now) { observe(name, delivered: false) }
        if let due = dashboardDue, now >= due { refreshDashboard() }
    }
}

/// The loop's own periodic deadlines (monotonic µs).
struct Schedule {
    /// The next full scan of the inbox (and catch-up of alerts and reprocess requests).
    var rescan: UInt64 = 0
    /// The next watchdog ping, when systemd wants them.
    var watchdog: UInt64?
    /// Half of WatchdogSec=, so a ping is never late.
    let watchdogInterval: UInt64?
}
