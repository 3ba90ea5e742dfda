// Files a previous run left in work/, and the file that keeps stopping the daemon.

import Glibc

extension Daemon {
    /// Files a previous run left in work/ are taken again. Each time a parse of such a file
    /// begins it is counted beside it (`.NAME.starts`): a file being parsed at three stops in a
    /// row is taken to be what stops the daemon, and goes to failed/ instead of round four.
    func resumeWork() {
        for name in listOrEmpty(spool.work) where !name.hasPrefix(".") {
            let stops = (try? FS.read(startCountPath(name), limit: 64)).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
            if stops >= 3 {
                fail(name, reason: "quarantined: huibaod stopped \(stops) times in a row while parsing this file", sha256: nil)
                continue
            }
            resumed[name] = stops
            retries[name] = Retry(attempts: 0, due: 0)
        }
    }

    func startCountPath(_ name: String) -> String { spool.work + "/." + name + ".starts" }

    func clearStartCount(_ name: String) {
        try? FS.unlink(startCountPath(name))
    }
}
