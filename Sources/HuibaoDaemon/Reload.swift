// SIGHUP: the configuration read again; Inbox= and State= wait for a restart.

import Glibc
import HuibaoCore

extension Daemon {
    func reload() {
        Notify.reloading()
        do {
            let fresh = try Daemon.loadConfig(configPath)
            if fresh.daemon.inbox != config.daemon.inbox || fresh.daemon.state != config.daemon.state {
                journal.log(.warning, .reloaded, "Inbox= and State= changes take effect at the next restart")
            }
            var applied = fresh
            applied.daemon.inbox = config.daemon.inbox
            applied.daemon.state = config.daemon.state
            let rulesChanged = applied.rules != config.rules || applied.catalogue != config.catalogue
            config = applied
            // A changed catalogue names the figures of reports parsed from now on; stored records
            // keep the meaning they were written with until `huibao reprocess --all`.
            if rulesChanged { startEvaluatingStore() }
            journal.log(.info, .reloaded, "configuration reloaded from \(configPath)", [("HUIBAO_CONFIG", configPath)])
        } catch {
            journal.log(.err, .reloadRefused, "configuration not reloaded, keeping the old one: \(error)", [("HUIBAO_CONFIG", configPath)])
        }
        Notify.send("READY=1\nSTATUS=\(statusLine())")
        status.lastLine = ""
    }
}
