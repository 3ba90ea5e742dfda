// The inbox's files: the scan that is the truth, and when each file has settled.

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
        let present = Set(names)
        for name in candidates.keys where !present.contains(name) { candidates[name] = nil }
        for name in names where !Spool.isIgnored(name) { observe(name, delivered: candidates[name]?.delivered ?? false) }
    }

    /// Decides whether an inbox entry is ready to claim. A file is complete when it was renamed
    /// in, or when its change time (which every write and every metadata change moves, and no
    /// writer can set back) is at least SettleTime old.
    func observe(_ name: String, delivered: Bool) {
        let path = spool.inbox + "/" + name
        let st: stat
        do { st = try FS.lstat(path) } catch {
            candidates[name] = nil
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
        let settle = UInt64(config.daemon.settleTime * 1_000_000)
        let age = wallAgeMicros(st.st_ctim)
        let ready = delivered || (st.st_mode & S_IFMT) != S_IFREG || age >= settle
        candidates[name] = Candidate(ctime: st.st_ctim, size: Int(st.st_size), delivered: ready,
                                     readyAt: monotonicMicros() + (ready ? 0 : settle - age))
        if ready { readyQueueStale = true }
    }

    func wallAgeMicros(_ t: timespec) -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nowMicros = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        let thenMicros = Int64(t.tv_sec) * 1_000_000 + Int64(t.tv_nsec) / 1000
        return nowMicros > thenMicros ? UInt64(nowMicros - thenMicros) : 0
    }
}
