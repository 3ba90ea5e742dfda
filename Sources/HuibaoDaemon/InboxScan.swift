// The inbox's files: the scan that is the truth, and each entry looked at (InboxCandidates decides).

import Glibc

extension Daemon {
    /// The inbox's contents are the truth; events only tell us when to look.
    func scanInbox() {
        guard !inboxLost else { return }
        for (from, to) in spool.renameUndecodableNames() {
            journal.log(.notice, nil, "inbox file \(from) has a name that is not UTF-8: renamed to \(to)", [("HUIBAO_FILE", to)])
        }
        let names: [String]
        do { names = try FS.list(spool.inbox) } catch { return inboxUnusable("cannot be read: \(error)") }
        inbox.keep(only: Set(names))
        for name in names where !Spool.isIgnored(name) { observe(name, delivered: inbox.isReady(name)) }
    }

    /// Looks at an inbox entry and lets `InboxCandidates` decide whether it is ready to claim.
    func observe(_ name: String, delivered: Bool) {
        let path = spool.inbox + "/" + name
        let st: stat
        do { st = try FS.lstat(path) } catch {
            inbox.forget(name)
            // Gone already is normal; anything else (no permission) is the inbox's fault.
            if error.errno != ENOENT { inboxUnusable("cannot be read: \(error)") }
            return
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if warnedOnce.insert("dir:" + name).inserted {
                journal.log(.warning, .failed, "inbox holds a directory \(name); directories are not taken", [("HUIBAO_FILE", name)])
            }
            return
        }
        inbox.saw(name, ctime: st.st_ctim, delivered: delivered, regular: (st.st_mode & S_IFMT) == S_IFREG,
                  settleTime: config.daemon.settleTime, now: .now())
    }
}

extension Moment {
    /// The clocks read once, for the settle decision.
    static func now() -> Moment {
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        return Moment(wallMicros: Int64(wall.tv_sec) * 1_000_000 + Int64(wall.tv_nsec) / 1000, monotonicMicros: HuibaoDaemon.monotonicMicros())
    }
}
