// The settle decision: when an inbox file is complete and may be claimed. A value with the
// time passed in, so it is tested without sleeping; the daemon reads the clocks (`Moment.now`).

import Glibc

/// One moment on both clocks the decision needs: the wall clock that change times are on,
/// and the monotonic clock that deadlines are on.
struct Moment: Equatable {
    var wallMicros: Int64
    var monotonicMicros: UInt64
}

/// Inbox files seen and not yet claimed, when each settles, and the order ready ones are
/// claimed in (oldest change first, so a backlog drains in arrival order).
struct InboxCandidates {
    struct Candidate {
        /// The change time it was last seen with: every write and every metadata change moves
        /// it, and no writer can set it back.
        var ctime: timespec
        /// Complete: renamed in (IN_MOVED_TO, complete by the delivery contract), not a regular
        /// file (it fails at once), or unchanged for SettleTime.
        var ready: Bool
        /// When a file not yet ready is looked at again (monotonic µs).
        var readyAt: UInt64
    }

    private(set) var files: [String: Candidate] = [:]
    /// Ready names, oldest first, from `readyQueueHead` on (names claimed since are skipped).
    /// Sorted again only when files became ready, not on every turn (a backlog is one sort).
    private var readyQueue: [String] = []
    private var readyQueueHead = 0
    private var readyQueueStale = false

    var count: Int { files.count }
    var isEmpty: Bool { files.isEmpty }
    func isReady(_ name: String) -> Bool { files[name]?.ready ?? false }

    /// The settle decision for a file last changed at `ctime`.
    static func candidate(ctime: timespec, delivered: Bool, regular: Bool, settleTime: Double, now: Moment) -> Candidate {
        let settle = UInt64(settleTime * 1_000_000)
        let age = ageMicros(ctime, now: now)
        let ready = delivered || !regular || age >= settle
        return Candidate(ctime: ctime, ready: ready, readyAt: now.monotonicMicros + (ready ? 0 : settle - age))
    }

    /// How long ago `t` was on the wall clock; 0 for a time in the future.
    static func ageMicros(_ t: timespec, now: Moment) -> UInt64 {
        let then = Int64(t.tv_sec) * 1_000_000 + Int64(t.tv_nsec) / 1000
        return now.wallMicros > then ? UInt64(now.wallMicros - then) : 0
    }

    /// A file seen in the inbox (by an event or the scan), as it is now.
    mutating func saw(_ name: String, ctime: timespec, delivered: Bool, regular: Bool, settleTime: Double, now: Moment) {
        let c = Self.candidate(ctime: ctime, delivered: delivered, regular: regular, settleTime: settleTime, now: now)
        files[name] = c
        if c.ready { readyQueueStale = true }
    }

    mutating func forget(_ name: String) { files[name] = nil }

    /// The scan's truth: names no longer in the inbox are forgotten.
    mutating func keep(only present: Set<String>) {
        for name in files.keys where !present.contains(name) { files[name] = nil }
    }

    /// Files not yet ready whose settle time is up at `now`: to be looked at again.
    func due(at now: UInt64) -> [String] {
        files.filter { !$0.value.ready && now >= $0.value.readyAt }.map(\.key)
    }

    /// When the next file not yet ready is due.
    var nextDue: UInt64? {
        files.values.filter { !$0.ready }.map(\.readyAt).min()
    }

    /// The oldest ready file, taken out (the caller claims it); nil when none is ready.
    mutating func takeOldestReady() -> String? {
        if readyQueueStale {
            readyQueue = files.filter { $0.value.ready }.sorted {
                ($0.value.ctime.tv_sec, $0.value.ctime.tv_nsec, $0.key) < ($1.value.ctime.tv_sec, $1.value.ctime.tv_nsec, $1.key)
            }.map(\.key)
            readyQueueHead = 0
            readyQueueStale = false
        }
        while readyQueueHead < readyQueue.count {
            let name = readyQueue[readyQueueHead]
            readyQueueHead += 1
            if files[name]?.ready == true {
                files[name] = nil
                return name
            }
        }
        return nil
    }
}
