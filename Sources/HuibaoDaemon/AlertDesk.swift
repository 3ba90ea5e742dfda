import HuibaoCore

/// The daemon's alerting: the rules, what each stored report offers them, and what the alert
/// stream says is firing. Everything here is rebuilt from the store at start-up; an alert is
/// appended (durably) to `alerts.jsonl` before anyone is told of it.
final class AlertDesk {
    static let logName = "alerts.jsonl"

    private let log: DurableLines
    private(set) var rules: [Rule]
    private(set) var state = AlertState()
    /// Each issuer's reports, as the rules see them.
    private var facts: [String: [ReportFacts]] = [:]
    private var reportCount = 0
    private(set) var repairs: [String] = []

    /// Opens the alert stream. The reports' facts come later (`adopt(rules:facts:reportCount:)`),
    /// read in the background so that start-up does not wait for the whole store.
    init(directory: String, rules: [Rule]) throws(SysError) {
        log = try DurableLines(path: directory + "/" + AlertDesk.logName)
        if let repair = log.repair { repairs.append(repair) }
        self.rules = rules
        for r in StoreReader.alerts(inDirectory: directory).items { state.apply(r) }
    }

    /// Whether the stored reports' facts are in: until then new reports wait for the rules.
    private(set) var isReady = false

    /// New reports wait while the facts are read again (the rules changed).
    func suspend() { isReady = false }

    /// What the rules see of the store's first `count` records, read on a worker.
    static func facts(in index: IndexedStore, keepingFor rules: [Rule]) -> [ReportFacts] {
        guard !rules.isEmpty else { return [] }
        return (0..<index.count).compactMap { seq in
            index.record(seq, withFigures: true).map { ReportFacts(record: $0, seq: seq, keepingFor: rules) }
        }
    }

    private func load(_ reports: [ReportFacts], reportCount: Int) {
        isReady = true
        facts = Dictionary(grouping: reports, by: \.issuer)
        self.reportCount = reportCount
    }

    private var allFacts: [ReportFacts] { facts.values.flatMap { $0 } }

    var firedCount: Int { state.firedCount }

    /// Rules that are new or whose definition changed take the store as it is, silently: a
    /// rule change never floods the journal. Returns the names of the rules re-baselined.
    func adopt(rules newRules: [Rule], facts: [ReportFacts], reportCount: Int) throws(SysError) -> [String] {
        rules = newRules
        load(facts, reportCount: reportCount)
        var changed: [String] = []
        let names = Set(newRules.map(\.name))
        // Rules that are gone leave no alert firing.
        for gone in Set(state.fingerprints.keys).subtracting(names) {
            var marker = AlertRecord(baselineOf: Rule(name: gone, condition: .zeroEventMissing), time: isoTimestamp())
            marker.fingerprint = nil
            try append(marker)
            changed.append(gone)
        }
        for rule in newRules where state.fingerprints[rule.name] != rule.fingerprint {
            let evaluation = AlertEngine.evaluate(rules: [rule], reports: allFacts)
            for id in evaluation.firing.keys.sorted() {
                var r = AlertRecord(event: AlertEvent(state: .firing, instance: evaluation.firing[id]!, reason: nil), rule: rule, time: isoTimestamp())
                r.event = "baseline-firing"
                try append(r)
            }
            try append(AlertRecord(baselineOf: rule, time: isoTimestamp()))
            changed.append(rule.name)
        }
        return changed
    }

    /// Alerts the store implies but the stream lacks (a crash between a record and its alerts).
    func catchUp() -> [AlertEvent] {
        AlertEngine.difference(AlertEngine.evaluate(rules: rules, reports: allFacts), active: state.active)
    }

    /// A report was just stored: what its issuer's alerts now say.
    func add(_ record: Record) -> [AlertEvent] {
        let report = ReportFacts(record: record, seq: reportCount, keepingFor: rules)
        reportCount += 1
        facts[report.issuer, default: []].append(report)
        let evaluation = AlertEngine.evaluate(rules: rules, issuerReports: facts[report.issuer]!)
        let active = state.active.filter { $0.value.issuer == report.issuer }
        return AlertEngine.difference(evaluation, active: active)
    }

    /// Makes an alert durable; only then may it be sent.
    func record(_ event: AlertEvent) throws(SysError) -> AlertRecord {
        var r = AlertRecord(event: event, rule: rules.first { $0.name == event.instance.rule }, time: isoTimestamp())
        r.n = state.nextNumber
        try append(r)
        return r
    }

    /// Alerts written before a crash that journald never heard of.
    var unsent: [AlertRecord] { state.unsent.keys.sorted().map { state.unsent[$0]! } }

    /// Notes that event `n` reached journald. Not worth a flush of its own: if the mark is
    /// lost, the alert is sent once more rather than never.
    func markSent(_ n: Int) {
        let marker = AlertRecord(sent: n)
        try? log.append(marker.jsonLine())
        state.apply(marker)
    }

    private func append(_ r: AlertRecord) throws(SysError) {
        try log.append(r.jsonLine())
        state.apply(r)
    }
}
