// The loop: one poll over inotify, signals, the timer and the workers' wake-up; the
// start-up that comes before it, and what an idle loop hands back.

import CLinux
import Glibc
import HuibaoCore

extension Daemon {
    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public func run() -> Int32 {
        announceEnvironment()
        for repair in store.repairs + alerts.repairs {
            journal.log(.warning, .storeRepaired, "store repaired at start-up: \(repair)", [("HUIBAO_STORE", store.recordsPath)])
        }
        // Watch first, then scan: a file dropped in between is seen by one or the other.
        startWatching()
        scanInbox()
        resumeWork()
        resendUnsent()
        counts.alerts = alerts.firedCount
        startEvaluatingStore()
        refreshDashboard()
        schedule.rescan = monotonicMicros() + UInt64(config.daemon.rescanInterval * 1_000_000)
        if let interval = schedule.watchdogInterval { schedule.watchdog = monotonicMicros() + interval }
        journal.log(.info, .started, "huibaod started: watching \(spool.inbox), store \(store.recordsPath) (\(store.count) reports)",
                    [("HUIBAO_INBOX", spool.inbox), ("HUIBAO_STORE", store.recordsPath)])
        Notify.ready(status: statusLine())
        writeStatusFile(state: "running", force: true)
        dispatchWork()

        var fds = [pollfd(fd: watch.fd.raw, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signals.fd.raw, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: timer.fd.raw, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeup.readEnd.raw, events: Int16(POLLIN), revents: 0)]
        while true {
            timer.arm(at: nextDeadline())
            for i in fds.indices { fds[i].revents = 0 }
            do {
                _ = try FD.poll(&fds, timeout: -1)
            } catch {
                journal.log(.crit, nil, "poll failed: \(String(cString: strerror(error.errno)))")
                return 1
            }
            if fds[1].revents != 0 { handleSignals() }
            if fds[0].revents != 0 { handleInotify() }
            if fds[3].revents != 0 { wakeup.drain() }
            for reading in storeReadings.takeAll() { storeRead(reading) }
            for failure in dashboardWritten.takeAll() { dashboardRefreshed(failure) }
            commitResults()
            if fds[2].revents != 0 { timer.acknowledge() }
            handleTimers()
            if shutdown.isRequested { return finishAndExit() }
            dispatchWork()
            publishStatus()
            releaseMemoryWhenIdle()
        }
    }

    /// After a burst, hand the freed heap back to the system: an idle daemon should be small.
    func releaseMemoryWhenIdle() {
        if !inFlight.isEmpty || !retries.isEmpty { workSinceTrim = true; return }
        guard workSinceTrim, inbox.isEmpty else { return }
        workSinceTrim = false
        alerts.forgetRecentFacts()
        _ = malloc_trim(0)
    }

    func announceEnvironment() {
        if let q = FilesystemFacts.maxQueuedEvents() {
            journal.log(.info, .environment, "inotify queue holds \(q) events (fs.inotify.max_queued_events); on overflow the inbox is rescanned in full, and it is rescanned every \(Int(config.daemon.rescanInterval)) s regardless",
                        [("HUIBAO_MAX_QUEUED_EVENTS", String(q))])
        }
        if let kind = FilesystemFacts.remoteKind(spool.inbox) {
            journal.log(.warning, .environment, "inbox \(spool.inbox) is on \(kind): inotify cannot see files written by other machines; relying on the rescan every \(Int(config.daemon.rescanInterval)) s (lower RescanInterval= if that is too slow)",
                        [("HUIBAO_INBOX", spool.inbox), ("HUIBAO_FILESYSTEM", kind)])
        }
    }
}
