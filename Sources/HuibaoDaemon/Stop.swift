// Graceful stop: take no new file, finish what workers hold (bounded), then exit 0.

import Glibc

extension Daemon {
    /// Graceful stop: take no new file, finish what workers hold (bounded), then exit 0.
    /// Anything not finished stays in work/ and is taken again at the next start.
    func finishAndExit() -> Int32 {
        let deadline = monotonicMicros() + 10_000_000
        while !inFlight.isEmpty && monotonicMicros() < deadline {
            var fd = pollfd(fd: wakeup.readEnd.raw, events: Int16(POLLIN), revents: 0)
            _ = poll(&fd, 1, 200)
            wakeup.drain()
            commitResults()
        }
        journal.log(.info, .stopping, "huibaod stopped: \(statusLine())")
        writeStatusFile(state: "stopped", force: true)
        return 0
    }
}
