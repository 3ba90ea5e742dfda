// Committing what the workers finished: one group write and fsync, then the files leave
// work/; retries with back-off, and failed/ with a reason beside each file.

import Glibc
import HuibaoCore

extension Daemon {
    /// Everything the workers finished since the last turn is committed together: the new
    /// records with one write and one fsync, and only then are their files moved out of work/.
    func commitResults() {
        let finished = results.takeAll()
        guard !finished.isEmpty else { return }
        var batch: [(name: String, record: Record, line: [UInt8], index: StoreIndex.Entry)] = []
        var batchSHAs: Set<String> = []
        for (name, outcome) in finished {
            inFlight.remove(name)
            guard case .parsed(let record, let line, let index) = outcome, !store.known.contains(record.sha256) else {
                commit(name, outcome)
                continue
            }
            if batchSHAs.contains(record.sha256) {
                // The same bytes twice in one turn: taken again next turn, as a duplicate then.
                retries[name] = Retry(attempts: retries[name]?.attempts ?? 0, due: 0)
                continue
            }
            batch.append((name, record, line, index))
            batchSHAs.insert(record.sha256)
        }
        guard !batch.isEmpty else { return }
        let firstSeq = store.count
        do {
            try store.append(batch.map { ($0.record.sha256, $0.line, $0.index) })
        } catch {
            for item in batch { retryLater(item.name, because: "store write failed: \(error)", storeError: true) }
            return
        }
        for (i, item) in batch.enumerated() { recorded(item.name, item.record, seq: firstSeq + i) }
        refreshDashboard()
        // A write went through: there may be room for the alerts that found none.
        catchUpAlerts()
    }

    /// A record is durable: its file leaves work/, the journal hears of it, the rules look at it.
    func recorded(_ name: String, _ record: Record, seq: Int) {
        if problems.store != nil {
            // Files that waited for the store need not sit out the rest of their back-off.
            problems.store = nil
            for waiting in retries.keys where waiting != name { retries[waiting]?.due = 0 }
            journal.log(.notice, .storeError, "store writable again; processing resumed")
        }
        retries[name] = nil
        counts.processed += 1
        let moved = move(name, to: spool.processed)
        journal.log(.info, .processed,
                    "processed \(name): \(record.figures.count) figures, \(record.sections.count) sections (\(record.encoding), \(record.bytes) bytes)",
                    [("HUIBAO_FILE", name), ("HUIBAO_SHA256", record.sha256), ("HUIBAO_ENCODING", record.encoding),
                     ("HUIBAO_FIGURES", String(record.figures.count)), ("HUIBAO_ORGANIZATION", record.organization ?? ""),
                     ("HUIBAO_REPORT_YEAR", record.report_year.map(String.init) ?? ""), ("HUIBAO_MOVED_TO", moved ?? "")])
        evaluate(record, seq: seq)
    }

    func commit(_ name: String, _ outcome: Outcome) {
        switch outcome {
        case .parsed(let record, _, _):
            // New records are committed in a batch; what reaches here is already stored.
            counts.duplicates += 1
            let moved = move(name, to: spool.processed)
            journal.log(.notice, .duplicate, "\(name) is a duplicate of a report already stored (sha256 \(record.sha256.prefix(12))…); moved to processed/\(moved ?? name) without a new record",
                        [("HUIBAO_FILE", name), ("HUIBAO_SHA256", record.sha256)])
            retries[name] = nil
        case .rejected(let reason, let sha256):
            fail(name, reason: reason, sha256: sha256)
        case .transient(let error):
            let attempts = (retries[name]?.attempts ?? 0) + 1
            if attempts >= config.daemon.maxAttempts {
                fail(name, reason: "gave up after \(attempts) attempts: \(error)", sha256: nil)
            } else {
                retryLater(name, because: "\(error)", storeError: false)
            }
        case .changed:
            // Still being written: back to the inbox (unless a newer file took the name) and wait.
            retries[name] = nil
            let back = spool.inbox + "/" + name
            if !FS.exists(back), (try? FS.rename(spool.work + "/" + name, back)) != nil {
                clearStartCount(name)
                journal.log(.notice, .retry, "\(name) changed while being read; put back to settle", [("HUIBAO_FILE", name)])
                observe(name, delivered: false)
            } else {
                retries[name] = Retry(attempts: 0, due: monotonicMicros() + UInt64(max(config.daemon.settleTime, 1) * 1_000_000))
            }
        }
    }

    func retryLater(_ name: String, because reason: String, storeError: Bool) {
        var r = retries[name] ?? Retry(attempts: 0, due: 0)
        r.attempts += 1
        // 1 s, 2 s, 4 s … at most a minute between attempts (10 s while the store is full:
        // one file's success releases the others, so the probe can stay cheap and frequent).
        let delay = min(storeError ? 10.0 : 60.0, Double(1 << min(r.attempts - 1, 6)))
        r.due = monotonicMicros() + UInt64(delay * 1_000_000)
        retries[name] = r
        if storeError {
            if problems.store == nil {
                journal.log(.err, .storeError, "cannot write the store: \(reason); files wait in work/ and are retried",
                            [("HUIBAO_FILE", name), ("HUIBAO_STORE", store.recordsPath)])
            }
            problems.store = reason
        } else {
            journal.log(.warning, .retry, "\(name): \(reason); attempt \(r.attempts) of \(config.daemon.maxAttempts), next in \(Int(delay)) s",
                        [("HUIBAO_FILE", name), ("HUIBAO_ATTEMPT", String(r.attempts))])
        }
    }

    func fail(_ name: String, reason: String, sha256: String?) {
        retries[name] = nil
        counts.failed += 1
        let target = Spool.freeName(in: spool.failed, for: name, companion: ".reason.tmp")
        var text = "file: \(Journal.printable(name))\nreason: \(reason)\ntime: \(isoTimestamp())\n"
        if let sha256 { text += "sha256: \(sha256)\n" }
        // The reason is written first: a file in failed/ always has its explanation beside it.
        try? FS.writeAtomically(spool.failed + "/" + target + ".reason", Array(text.utf8))
        do {
            try FS.rename(spool.work + "/" + name, spool.failed + "/" + target)
            clearStartCount(name)
        } catch {
            journal.log(.err, .failed, "cannot move \(name) to failed/: \(error)", [("HUIBAO_FILE", name)])
        }
        journal.log(.err, .failed, "failed \(name): \(reason); moved to failed/\(target)",
                    [("HUIBAO_FILE", name), ("HUIBAO_REASON", reason), ("HUIBAO_SHA256", sha256 ?? ""), ("HUIBAO_MOVED_TO", target)])
    }

    /// Moves a committed file out of work/; returns the name it got.
    func move(_ name: String, to directory: String) -> String? {
        let target = Spool.freeName(in: directory, for: name)
        do {
            try FS.rename(spool.work + "/" + name, directory + "/" + target)
            clearStartCount(name)
            return target
        } catch {
            journal.log(.err, .failed, "cannot move \(name) out of work/: \(error)", [("HUIBAO_FILE", name)])
            return nil
        }
    }
}
