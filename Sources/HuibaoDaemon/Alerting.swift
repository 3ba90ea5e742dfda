// Alerts: a stored report meets the rules; an alert is made durable, then told to journald
// and the AlertCommand.

import Glibc
import HuibaoCore

extension Daemon {
    /// A stored report meets the rules, or waits for the facts of the reports before it.
    func evaluate(_ record: Record, seq: Int) {
        // The rules read each issuer's history from the index: if it fell behind the records (a
        // full disk), the store is read again first, or a missing report would look resolved.
        if alerts.isReady && store.indexed <= seq { startEvaluatingStore() }
        guard alerts.isReady else { return storeEvaluation.pending.append((seq, record)) }
        for event in alerts.add(record, seq: seq) { emit(event, stored: (seq, record)) }
    }

    /// Durable first, then journald, then the AlertCommand. `stored` is the record just stored,
    /// when the event comes from it: most events quote it, and it need not be read back.
    func emit(_ event: AlertEvent, stored: (seq: Int, record: Record)? = nil) {
        let record: AlertRecord
        do {
            record = try alerts.record(withEvidence(event, stored: stored))
        } catch {
            if problems.alertStream == nil {
                journal.log(.err, .storeError, "cannot write the alert stream: \(error); the alerts are derived again later")
            }
            problems.alertStream = "alert stream write failed: \(error)"
            return
        }
        send(record)
    }

    /// Alerts that could not be written (disk full) are derived again from the store, after
    /// each commit and each rescan, until the stream takes them.
    func catchUpAlerts() {
        guard problems.alertStream != nil else { return }
        problems.alertStream = nil
        startEvaluatingStore()
    }

    /// The clause and section of the figure an alert is about, read back from its record: the
    /// rules hold only what they compare, not the text around it.
    func withEvidence(_ event: AlertEvent, stored: (seq: Int, record: Record)? = nil) -> AlertEvent {
        var e = event
        // A record read back from its JSON line is decoded whole, which costs more than the
        // rules: the record just stored is at hand, and the index has the figures (not the
        // sections), which is all a plan's quote needs.
        func read(_ seq: Int, sections: Bool) -> Record? {
            if let stored, stored.seq == seq { return stored.record }
            if !sections, let indexed = store.indexedRecord(seq) { return indexed }
            return store.line(at: seq).flatMap(StoreReader.record)
        }
        guard e.instance.context.isEmpty, let seq = e.instance.seq, let index = e.instance.figureIndex,
              let record = read(seq, sections: true), index < record.figures.count
        else { return e }
        let figure = record.figures[index]
        e.instance.context = figure.context
        e.instance.section = figure.section.flatMap { $0 < record.sections.count ? record.sections[$0].heading : nil }
        // A missed target quotes the plan that set it too.
        if let seq = e.instance.targetSeq, let index = e.instance.targetFigureIndex, let plan = read(seq, sections: false),
           index < plan.figures.count {
            e.instance.targetContext = plan.figures[index].context
        }
        return e
    }

    /// Alerts written but not marked sent when the daemon stopped: those journald already holds
    /// (killed between sending and marking) are marked, the others sent. Exactly once, unless the
    /// journal cannot be read (then at least once, and the journal says so).
    func resendUnsent() {
        let unsent = alerts.unsent
        guard !unsent.isEmpty else { return }
        let keys = unsent.compactMap { $0.n.flatMap(alerts.key) }
        // A stream without an identity (an older huibao's) has no keys in the journal to find.
        let held = alerts.identity.flatMap { id in JournalLookup.sentKeys(keys, sync: id + "-sync-" + String(monotonicMicros()), journal: journal) }
        if held == nil && alerts.identity != nil {
            journal.log(.warning, nil, "cannot read the journal to tell which of \(unsent.count) unsent alerts it already holds: sending them all (some may repeat)")
        }
        for record in unsent {
            if let n = record.n, let key = alerts.key(n), held?.contains(key) == true {
                alerts.markSent(n)
            } else {
                send(record)
            }
        }
    }

    /// Tells journald and the AlertCommand of a stored alert, then marks it sent.
    func send(_ record: AlertRecord) {
        counts.alerts = alerts.firedCount
        let entry = record.journalEntry(rule: config.rules.first { $0.name == record.rule }, key: record.n.flatMap(alerts.key))
        journal.log(Priority(rawValue: entry.priority) ?? .warning, record.event == "firing" ? .alertFiring : .alertResolved,
                    entry.message, entry.fields.map { ($0.name, $0.value) })
        if !config.daemon.alertCommand.isEmpty {
            alertCommands.start(config.daemon.alertCommand, record: record, timeout: config.daemon.alertCommandTimeout, journal: journal)
        }
        if let n = record.n { alerts.markSent(n) }
    }
}
