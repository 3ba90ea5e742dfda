// inotify events, and the inbox going away and coming back.

import CLinux
import Glibc

extension Daemon {
    func handleInotify() {
        for event in watch.drain() {
            if event.isOverflow {
                counts.overflows += 1
                journal.log(.warning, .overflow, "inotify queue overflowed (\(counts.overflows) so far): rescanning the inbox",
                            [("HUIBAO_OVERFLOWS", String(counts.overflows))])
                scanInbox()
                continue
            }
            if event.watchLost {
                if event.wd == watch.wd || event.mask & UInt32(IN_IGNORED) != 0 { inboxGone(event) }
                continue
            }
            guard !event.name.isEmpty, !Spool.isIgnored(event.name) else { continue }
            // A name that is not UTF-8 arrives repaired: only the scan can rename it to a usable one.
            if event.name.unicodeScalars.contains("\u{FFFD}") { scanInbox(); continue }
            observe(event.name, delivered: event.mask & UInt32(IN_MOVED_TO) != 0)
        }
    }

    func inboxGone(_ event: InotifyEvent) {
        let what = event.mask & UInt32(IN_MOVE_SELF) != 0 ? "moved away"
            : event.mask & UInt32(IN_UNMOUNT) != 0 ? "unmounted" : "removed"
        inboxUnusable("was \(what)")
    }

    /// The inbox went away or cannot be read: stop looking into it, say so once, and try to
    /// watch it again every second (handleTimers) until it is a readable directory again.
    func inboxUnusable(_ why: String) {
        guard !inboxLost else { return }
        watch.unwatch()
        inboxLost = true
        journal.log(.err, .inboxLost, "inbox \(spool.inbox) \(why); waiting for it to be a readable directory again", [("HUIBAO_INBOX", spool.inbox)])
    }

    func startWatching() {
        do {
            try watch.watch(spool.inbox)
            inboxLost = false
        } catch {
            if !inboxLost {
                journal.log(.err, .inboxLost, "cannot watch inbox \(spool.inbox): \(error); waiting for it", [("HUIBAO_INBOX", spool.inbox)])
            }
            inboxLost = true
        }
    }
}
