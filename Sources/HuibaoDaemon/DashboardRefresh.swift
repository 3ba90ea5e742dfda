// Dashboard=: the site rewritten on a queue of its own, on one core, after each batch the store took. One refresh at a
// time; batches that arrive meanwhile ask for one more, which reads them all. A refresh reads the whole store, so
// during a backlog the next one waits four times as long as the last took (at least a second): the site lags the
// store by a few refreshes at most, and the parse keeps four fifths of the core the dashboard would take.

import HuibaoCore

struct DashboardRefreshProgress {
    var running = false
    var wanted = false
    /// When the running refresh started, and when the next may (monotonic µs).
    var startedAt: UInt64 = 0
    var notBefore: UInt64 = 0
    /// The last failure told to the journal, so that a lasting one is told once.
    var failure: String?
}

extension Daemon {
    func refreshDashboard() {
        guard let directory = config.daemon.dashboard else { return }
        let now = monotonicMicros()
        guard !dashboardRefresh.running, now >= dashboardRefresh.notBefore else { dashboardRefresh.wanted = true; return }
        dashboardRefresh.running = true
        dashboardRefresh.wanted = false
        dashboardRefresh.startedAt = now
        let state = store.directory, catalogue = config.catalogue
        let done = dashboardWritten, wakeup = self.wakeup
        dashboardQueue.async {
            var failure: String? = nil
            // One core: the other is the parse's.
            do { try DashboardSite.refresh(state: state, catalogue: catalogue, into: directory, now: isoTimestamp(), shares: 1) } catch {
                failure = "cannot write the dashboard into \(directory): \(error)"
            }
            done.push(failure)
            wakeup.signal()
        }
    }

    func dashboardRefreshed(_ failure: String?) {
        workSinceTrim = true
        dashboardRefresh.running = false
        let now = monotonicMicros()
        dashboardRefresh.notBefore = now + max(1_000_000, 4 * (now - dashboardRefresh.startedAt))
        if let failure, failure != dashboardRefresh.failure {
            journal.log(.warning, nil, failure)
        } else if failure == nil, dashboardRefresh.failure != nil {
            journal.log(.notice, nil, "dashboard written again into \(config.daemon.dashboard ?? "")")
        }
        dashboardRefresh.failure = failure
    }

    /// When a refresh that was asked for may start (nil: none is waiting).
    var dashboardDue: UInt64? {
        dashboardRefresh.wanted && !dashboardRefresh.running ? dashboardRefresh.notBefore : nil
    }
}
