// Claiming: ready files are renamed into work/ and handed to a parse worker.

import Dispatch
import Glibc

extension Daemon {
    func dispatchWork() {
        guard !shutdown.isRequested else { return }
        let now = monotonicMicros()
        // Retries first: they were claimed earlier.
        for (name, r) in retries.sorted(by: { $0.value.due < $1.value.due }) where r.due <= now {
            guard inFlight.count < config.daemon.maxInFlight else { return }
            start(name)
        }
        guard inFlight.count < config.daemon.maxInFlight else { return }
        // Oldest first, so a backlog drains in arrival order.
        while inFlight.count < config.daemon.maxInFlight, let name = inbox.takeOldestReady() { claim(name) }
    }

    /// Claims a ready inbox file (taken out of `inbox`) by renaming it into work/. A name
    /// already in work/ waits its turn.
    func claim(_ name: String) {
        let target = spool.work + "/" + name
        if FS.exists(target) { return } // taken again by the next scan once work/ is free
        do {
            try FS.rename(spool.inbox + "/" + name, target)
        } catch {
            if error.errno != ENOENT {
                journal.log(.err, .retry, "cannot claim \(name): \(error)", [("HUIBAO_FILE", name)])
            }
            return
        }
        retries[name] = Retry(attempts: 0, due: 0)
        start(name)
    }

    func start(_ name: String) {
        guard !inFlight.contains(name) else { return }
        inFlight.insert(name)
        let path = spool.work + "/" + name
        let maxFileSize = config.daemon.maxFileSize, catalogue = config.catalogue
        let results = self.results, wakeup = self.wakeup, slots = self.workerSlots
        let stops = resumed.removeValue(forKey: name), marker = startCountPath(name)
        workers.async {
            slots.wait()
            // Counted as the parse begins, not at start-up: a daemon killed before it got to
            // this file must not make the file look like what kills it.
            if let stops { try? FS.writeAtomically(marker, Array(String(stops + 1).utf8), mode: 0o600) }
            let outcome = processClaimed(path: path, name: name, maxFileSize: maxFileSize, catalogue: catalogue)
            slots.signal()
            results.push((name, outcome))
            wakeup.signal()
        }
    }
}
