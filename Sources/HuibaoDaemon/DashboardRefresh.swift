// Dashboard=: the site rewritten on a queue of its own, on one core, after each batch the store took. One refresh at a
// time; batches that arrive meanwhile ask for one more, which reads them all.

import HuibaoCore

struct DashboardRefreshProgress {
    var running = false
    var wanted = false
    /// The last failure told to the journal, so that a lasting one is told once.
    var failure: String?
}

extension Daemon {
    func refreshDashboard() {
        guard let directory = config.daemon.dashboard else { return }
        guard !dashboardRefresh.running else { dashboardRefresh.wanted = true; return }
        dashboardRefresh.running = true
        dashboardRefresh.wanted = false
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
        if let failure, failure != dashboardRefresh.failure {
            journal.log(.warning, nil, failure)
        } else if failure == nil, dashboardRefresh.failure != nil {
            journal.log(.notice, nil, "dashboard written again into \(config.daemon.dashboard ?? "")")
        }
        dashboardRefresh.failure = failure
        if dashboardRefresh.wanted { refreshDashboard() }
    }
}
