// The whole store read on a worker: its index caught up, the rules evaluated over it.

import Dispatch
import Glibc
import HuibaoCore

/// Whether a reading of the whole store is under way, whether another is wanted after it, and
/// the reports stored meanwhile, which meet the rules once it is done.
struct StoreEvaluationProgress {
    var running = false
    var wanted = false
    var pending: [(seq: Int, record: Record)] = []
}

extension Daemon {
    /// What a worker read of the store: the index entries of the records the index files
    /// lacked, then the rules' evaluation of the whole store.
    enum StoreReading: Sendable {
        /// Index entries for records `from…`; the worker waits for `appended` before it goes on.
        case indexed(from: Int, [StoreIndex.Entry], appended: DispatchSemaphore)
        case evaluated(AlertDesk.StoreEvaluation)
    }

    /// Reads the store on a worker: READY=1 does not wait for a large store. Records the index
    /// lacks (a crash, or a store never indexed) are indexed first, a chunk at a time that the
    /// loop appends; then the rules are evaluated over the first `store.count` records. Reports
    /// stored meanwhile wait in `storeEvaluation.pending`.
    func startEvaluatingStore() {
        alerts.suspend()
        guard !storeEvaluation.running else { storeEvaluation.wanted = true; return }
        storeEvaluation.running = true
        storeEvaluation.wanted = false
        let directory = store.directory, count = store.count, rules = config.rules, catalogue = config.catalogue
        let from = store.indexed, offset = store.offset(of: store.indexed)
        let readings = storeReadings, wakeup = self.wakeup
        workers.async {
            // A failure to read recurs in the evaluation below, which reports it.
            try? StoreReader.indexEntries(inDirectory: directory, from: from, offset: offset, limit: count) { first, entries, _ in
                let appended = DispatchSemaphore(value: 0)
                readings.push(.indexed(from: first, entries, appended: appended))
                wakeup.signal()
                appended.wait()
            }
            readings.push(.evaluated(AlertDesk.evaluate(directory: directory, limit: count, rules: rules, catalogue: catalogue)))
            wakeup.signal()
        }
    }

    func storeRead(_ reading: StoreReading) {
        switch reading {
        case .indexed(let from, let entries, let appended):
            store.appendIndex(entries, from: from)
            appended.signal()
        case .evaluated(let loaded):
            workSinceTrim = true // the evaluation's garbage is handed back once the loop is idle
            // The index catches up with the reports stored while the worker read.
            let unindexed = storeEvaluation.pending.filter { $0.seq >= store.indexed }
            store.appendIndex(unindexed.map { StoreIndex.Entry($0.record) }, from: unindexed.first?.seq ?? 0)
            let again = storeEvaluation.wanted || loaded.rules != config.rules || loaded.catalogue != config.catalogue
            storeEvaluation.running = false
            storeEvaluation.wanted = false
            if again { return startEvaluatingStore() } // the rules changed, or alerts went missing, meanwhile
            guard store.indexed == store.count else {
                // Retried after the next commit or rescan (catchUpAlerts).
                problems.alertStream = "the store's index is behind its records"
                return
            }
            do {
                let (changed, missed) = try alerts.adopt(loaded)
                if !changed.isEmpty {
                    journal.log(.info, .reloaded, "rules \(changed.joined(separator: ", ")) (re)started from the store as it stands: what they imply for reports already stored is not announced (see `huibao alerts --replay`)")
                }
                for event in missed { emit(event) }
            } catch {
                problems.alertStream = "alert stream write failed: \(error)"
                journal.log(.err, .storeError, "cannot write the alert stream: \(error)")
            }
            let waiting = storeEvaluation.pending
            storeEvaluation.pending = []
            for report in waiting { evaluate(report.record, seq: report.seq) }
        }
    }
}
