// Graceful stop, in the shape of swift-service-lifecycle's GracefulShutdown: a signal asks
// once; from then no new file is taken, what workers hold is finished within a bounded wait,
// and the daemon exits 0.

import Glibc

/// Whether a stop was asked for, and by which signal.
struct GracefulShutdown {
    /// How long the files in hand may take to finish; the rest stays in work/ for the next start.
    static let gracePeriod: UInt64 = 10_000_000

    private(set) var signal: Int32?
    var isRequested: Bool { signal != nil }

    /// True the first time only: a second SIGTERM changes nothing.
    mutating func request(by signal: Int32) -> Bool {
        guard self.signal == nil else { return false }
        self.signal = signal
        return true
    }
}

extension Daemon {
    /// The one way to ask for a stop; asking again does nothing. The loop stops taking files
    /// and returns `finishAndExit()` at the end of its turn.
    func requestStop(signal: Int32) {
        guard shutdown.request(by: signal) else { return }
        Notify.stopping()
        journal.log(.info, .stopping, "huibaod stopping (signal \(signal)): finishing \(inFlight.count) file(s) in hand")
    }

    /// Finishes what workers hold (bounded), then exits 0. Anything not finished stays in
    /// work/ and is taken again at the next start.
    func finishAndExit() -> Int32 {
        let deadline = monotonicMicros() + GracefulShutdown.gracePeriod
        while !inFlight.isEmpty && monotonicMicros() < deadline {
            var fds = [pollfd(fd: wakeup.readEnd.raw, events: Int16(POLLIN), revents: 0)]
            _ = try? FD.poll(&fds, timeout: 200)
            wakeup.drain()
            commitResults()
        }
        journal.log(.info, .stopping, "huibaod stopped: \(statusLine())")
        writeStatusFile(state: "stopped", force: true)
        return 0
    }
}
