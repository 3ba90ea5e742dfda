import Glibc
import Testing
@testable import HuibaoDaemon

/// The settle decision with the clocks passed in: no sleeping.
struct InboxCandidatesTests {
    /// A moment `seconds` after an arbitrary origin on both clocks.
    private func at(_ seconds: Double) -> Moment {
        Moment(wallMicros: 1_700_000_000_000_000 + Int64(seconds * 1_000_000), monotonicMicros: 5_000_000 + UInt64(seconds * 1_000_000))
    }

    private func changed(_ seconds: Double) -> timespec {
        let micros = at(seconds).wallMicros
        return timespec(tv_sec: Int(micros / 1_000_000), tv_nsec: Int(micros % 1_000_000) * 1000)
    }

    @Test func aWrittenFileSettlesAfterSettleTime() {
        var inbox = InboxCandidates()
        inbox.saw("a.txt", ctime: changed(0), delivered: false, regular: true, settleTime: 2, now: at(0.5))
        #expect(!inbox.isReady("a.txt"))
        #expect(inbox.nextDue == at(2).monotonicMicros, "looked at again when its change time is SettleTime old")
        #expect(inbox.due(at: at(1.9).monotonicMicros).isEmpty)
        #expect(inbox.due(at: at(2).monotonicMicros) == ["a.txt"])
        #expect(inbox.takeOldestReady() == nil)
        inbox.saw("a.txt", ctime: changed(0), delivered: false, regular: true, settleTime: 2, now: at(2))
        #expect(inbox.isReady("a.txt"))
        #expect(inbox.nextDue == nil)
        #expect(inbox.takeOldestReady() == "a.txt")
        #expect(inbox.isEmpty, "taken out to be claimed")
    }

    @Test func aWriteMeanwhileStartsTheClockAgain() {
        var inbox = InboxCandidates()
        inbox.saw("a.txt", ctime: changed(0), delivered: false, regular: true, settleTime: 2, now: at(0))
        inbox.saw("a.txt", ctime: changed(1.5), delivered: false, regular: true, settleTime: 2, now: at(2))
        #expect(!inbox.isReady("a.txt"))
        #expect(inbox.nextDue == at(3.5).monotonicMicros)
    }

    @Test func renamedInAndNonRegularFilesAreReadyAtOnce() {
        var inbox = InboxCandidates()
        inbox.saw("moved.txt", ctime: changed(0), delivered: true, regular: true, settleTime: 2, now: at(0))
        inbox.saw("fifo", ctime: changed(0), delivered: false, regular: false, settleTime: 2, now: at(0))
        #expect(inbox.isReady("moved.txt") && inbox.isReady("fifo"))
        #expect(inbox.nextDue == nil)
    }

    @Test func aChangeTimeInTheFutureIsAgeZero() {
        #expect(InboxCandidates.ageMicros(changed(10), now: at(0)) == 0)
        let c = InboxCandidates.candidate(ctime: changed(10), delivered: false, regular: true, settleTime: 2, now: at(0))
        #expect(!c.ready && c.readyAt == at(2).monotonicMicros)
    }

    @Test func readyFilesAreTakenOldestFirstAndVanishedOnesSkipped() {
        var inbox = InboxCandidates()
        for (name, t) in [("c", 3.0), ("a", 1.0), ("b", 2.0), ("a2", 1.0)] {
            inbox.saw(name, ctime: changed(t), delivered: true, regular: true, settleTime: 2, now: at(10))
        }
        #expect(inbox.takeOldestReady() == "a")
        inbox.keep(only: ["a2", "c"])
        #expect(inbox.count == 2)
        #expect(inbox.takeOldestReady() == "a2", "same change time: by name")
        #expect(inbox.takeOldestReady() == "c", "b left the inbox")
        #expect(inbox.takeOldestReady() == nil)
    }
}
