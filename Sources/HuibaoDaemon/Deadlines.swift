// Deadlines: when the loop must wake next, and what is due when it does.

import Glibc
import HuibaoCore

extension Daemon {
    func nextDeadline() -> UInt64 {
        var deadline = nextRescan
        if let w = nextWatchdog { deadline = min(deadline, w) }
        for c in candidates.values where !c.delivered { deadline = min(deadline, c.readyAt) }
        for (name, r) in retries where !inFlight.contains(name) { deadline = min(deadline, r.due) }
        if inboxLost { deadline = min(deadline, monotonicMicros() + 1_000_000) }
        if alertCommands.running { deadline = min(deadline, monotonicMicros() + 100_000) }
        if statusFileDirty { deadline = min(deadline, lastStatusFileWrite + 1_000_000) }
        return deadline
    }

    func handleTimers() {
        let now = monotonicMicros()
        if let w = nextWatchdog, now >= w {
            Notify.watchdog()
            nextWatchdog = now + watchdogInterval!
        }
        if inboxLost && FS.isDirectory(spool.inbox) {
            startWatching()
            if !inboxLost {
                journal.log(.notice, .inboxBack, "inbox \(spool.inbox) is back; watching it again", [("HUIBAO_INBOX", spool.inbox)])
                scanInbox()
            }
        }
        alertCommands.reap(journal)
        if statusFileDirty && now >= lastStatusFileWrite + 1_000_000 { writeStatusFile(state: "running") }
        if now >= nextRescan {
            scanInbox()
            // Alerts that could not be written earlier (disk full) are derived again.
            catchUpAlerts()
            takeReprocessRequest()
            nextRescan = now + UInt64(config.daemon.rescanInterval * 1_000_000)
        }
        for (name, c) in candidates where !c.delivered && now >= c.readyAt { observe(name, delivered: false) }
    }
}
