import HuibaoCore

/// The daemon's alerting: the rules, which stored reports each issuer has, and what the alert
/// stream says is firing. Reports' facts are read back from the store's index when their
/// issuer reports again, and kept while reports keep coming (a backlog) until the daemon is
/// idle, so an idle daemon holds only a list of report numbers per issuer. Everything here is rebuilt from the store at start-up; an alert is appended
/// (durably) to `alerts.jsonl` before anyone is told of it.
final class AlertDesk {
    static let logName = "alerts.jsonl"
    static let identityName = "store.id"

    /// The store's identity, made with its first alert: with an alert's number, the key its
    /// journal entry carries (HUIBAO_ALERT_KEY), unique across stores and machines. Nil until then
    /// (or in a stream an older huibao wrote, whose entries carry no key).
    private(set) var identity: String?
    private let directory: String

    private let log: DurableLines
    private let store: Store
    private(set) var rules: [Rule]
    /// Gives a schema 1 record read back from the store its meaning before the rules see it.
    private(set) var catalogue: IndicatorCatalogue
    private(set) var state = AlertState()
    /// Each issuer's stored reports, by seq.
    private var issuers: [String: [Int]] = [:]
    /// The facts of the issuers that reported lately, and how many reports they hold.
    private var recentFacts: [String: [ReportFacts]] = [:]
    private var recentFactsCount = 0
    /// Beyond this many reports' facts the cache starts again (a few tens of MB at most).
    private static let recentFactsLimit = 20_000
    private(set) var repairs: [String] = []

    /// Opens the alert stream. What the store says comes later (`adopt`), evaluated on a
    /// worker so that start-up does not wait for the whole store.
    init(directory: String, store: Store, rules: [Rule], catalogue: IndicatorCatalogue) throws(SysError) {
        self.directory = directory
        identity = AlertDesk.storedIdentity(in: directory)
        log = try DurableLines(path: directory + "/" + AlertDesk.logName)
        if let repair = log.repair { repairs.append(repair) }
        self.store = store
        self.rules = rules
        self.catalogue = catalogue
        do throws(FileError) {
            for r in try StoreReader.alerts(in: directory).items { state.apply(r) }
        } catch { throw SysError(error.errno, "read \(error.path)") }
    }

    private static func storedIdentity(in directory: String) -> String? {
        guard let bytes = try? FS.read(directory + "/" + identityName, limit: 64) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingLineEnd()
        return text.count == 32 && text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) ? text : nil
    }

    /// The identity, made (durably, 32 random hex digits) when the store has none yet.
    private func ensureIdentity() throws(SysError) -> String {
        if let identity { return identity }
        var rng = SystemRandomNumberGenerator()
        let id = (0..<2).map { _ -> String in
            let hex = String(rng.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        try FS.writeAtomically(directory + "/" + AlertDesk.identityName, Array((id + "\n").utf8), mode: 0o640)
        identity = id
        return id
    }

    /// The journal key of alert event `n`; nil for a stream without an identity.
    func key(_ n: Int) -> String? { identity.map { "\($0)-\(n)" } }

    /// Whether the store's evaluation is in: until then new reports wait for the rules.
    private(set) var isReady = false

    /// New reports wait while the whole store is evaluated again (the rules changed, or
    /// alerts could not be written and must be derived again).
    func suspend() { isReady = false }

    /// The rules over the store's first `count` records, read from its index one issuer at a
    /// time (on a worker: it reads the whole index).
    struct StoreEvaluation: Sendable {
        var rules: [Rule]
        var catalogue: IndicatorCatalogue
        var count: Int
        var issuers: [String: [Int]]
        var evaluation: Evaluation
        /// The store could not be read: `adopt` refuses it (no history is not "nothing fires").
        var failure: FileError?
    }

    /// The rules over the first `limit` records of the store in `directory`.
    static func evaluate(directory: String, limit: Int, rules: [Rule], catalogue: IndicatorCatalogue) -> StoreEvaluation {
        do throws(FileError) {
            let (count, issuers, evaluation) = try StoreRules.evaluate(directory: directory, limit: limit, rules: rules, catalogue: catalogue)
            return StoreEvaluation(rules: rules, catalogue: catalogue, count: count, issuers: issuers, evaluation: evaluation)
        } catch {
            return StoreEvaluation(rules: rules, catalogue: catalogue, count: 0, issuers: [:], evaluation: Evaluation(), failure: error)
        }
    }

    var firedCount: Int { state.firedCount }

    /// Takes the store's evaluation. Rules that are new or whose definition changed take the
    /// store as it is, silently: a rule change never floods the journal. Returns the names of
    /// the rules re-baselined and the alerts the store implies but the stream lacks (a crash
    /// between a record and its alerts, or alerts that found the disk full).
    func adopt(_ loaded: StoreEvaluation) throws(SysError) -> (rebaselined: [String], missed: [AlertEvent]) {
        if let failure = loaded.failure { throw SysError(failure.errno, "read \(failure.path)") }
        rules = loaded.rules
        catalogue = loaded.catalogue
        issuers = loaded.issuers
        forgetRecentFacts()
        isReady = true
        var changed: [String] = []
        var failure: SysError?
        // A baseline holds in memory even if the disk is full: the rule is not re-baselined
        // (silencing what came since) when the store is evaluated again.
        func baseline(_ r: AlertRecord) {
            do { try append(r) } catch {
                state.apply(r)
                failure = failure ?? error
            }
        }
        let names = Set(rules.map(\.name))
        // Rules that are gone leave no alert firing.
        for gone in Set(state.fingerprints.keys).subtracting(names) {
            var marker = AlertRecord(baselineOf: Rule(name: gone, condition: .zeroEventMissing), time: isoTimestamp())
            marker.fingerprint = nil
            baseline(marker)
            changed.append(gone)
        }
        for rule in rules where state.fingerprints[rule.name] != rule.fingerprint {
            for (_, instance) in loaded.evaluation.firing.sorted(by: { $0.key < $1.key }) where instance.rule == rule.name {
                var r = AlertRecord(event: AlertEvent(state: .firing, instance: instance, reason: nil), rule: rule, time: isoTimestamp())
                r.event = "baseline-firing"
                baseline(r)
            }
            baseline(AlertRecord(baselineOf: rule, time: isoTimestamp()))
            changed.append(rule.name)
        }
        if let failure { throw failure }
        return (changed, AlertEngine.difference(loaded.evaluation, active: state.active))
    }

    /// Report `seq` was just stored (and indexed): what its issuer's alerts now say. The
    /// issuer's earlier reports are read back from the index.
    func add(_ record: Record, seq: Int) -> [AlertEvent] {
        let issuer = record.issuerKey
        let cached = recentFacts.removeValue(forKey: issuer)
        recentFactsCount -= cached?.count ?? 0
        var history = cached ?? (issuers[issuer] ?? []).compactMap { s in
            store.indexedRecord(s).map { ReportFacts(record: $0.upgraded(catalogue: catalogue), seq: s, keepingFor: rules) }
        }
        history.append(ReportFacts(record: record, seq: seq, keepingFor: rules))
        issuers[issuer, default: []].append(seq)
        if recentFactsCount + history.count > AlertDesk.recentFactsLimit { forgetRecentFacts() }
        recentFacts[issuer] = history
        recentFactsCount += history.count
        let evaluation = AlertEngine.evaluate(rules: rules, issuerReports: history)
        let active = state.active.filter { $0.value.issuer == issuer }
        return AlertEngine.difference(evaluation, active: active)
    }

    /// Drops the cached facts (the daemon is idle, or the rules changed).
    func forgetRecentFacts() {
        recentFacts = [:]
        recentFactsCount = 0
    }

    /// Makes an alert durable; only then may it be sent.
    func record(_ event: AlertEvent) throws(SysError) -> AlertRecord {
        var r = AlertRecord(event: event, rule: rules.first { $0.name == event.instance.rule }, time: isoTimestamp())
        r.n = state.nextNumber
        _ = try ensureIdentity()
        try append(r)
        return r
    }

    /// Alerts written before a crash that journald never heard of.
    var unsent: [AlertRecord] { state.unsent.keys.sorted().map { state.unsent[$0]! } }

    /// Notes that event `n` reached journald. Not worth a flush of its own: if the mark is
    /// lost, the restart finds the alert's key in the journal (or sends it once more).
    func markSent(_ n: Int) {
        let marker = AlertRecord(sent: n)
        _ = try? log.append([Array(marker.jsonLine().utf8)], durable: false)
        state.apply(marker)
    }

    private func append(_ r: AlertRecord) throws(SysError) {
        try log.append(r.jsonLine())
        state.apply(r)
    }
}

/// The rules over the stored reports, one issuer's history at a time: the one evaluation of the
/// store, which the daemon adopts at start-up and `huibao alerts --replay` compares with the stream.
public enum StoreRules {
    public static func evaluate(directory: String, limit: Int = .max, rules: [Rule], catalogue: IndicatorCatalogue)
        throws(FileError) -> (count: Int, issuers: [String: [Int]], evaluation: Evaluation) {
        let index = try IndexedStore(in: directory, limit: limit)
        var issuers: [String: [Int]] = [:]
        for seq in 0..<index.count {
            if let r = index.record(seq) { issuers[r.issuerKey, default: []].append(seq) }
        }
        var evaluation = Evaluation()
        if !rules.isEmpty {
            for seqs in issuers.values {
                let history = seqs.compactMap { seq in
                    index.record(seq, withFigures: true).map { ReportFacts(record: $0.upgraded(catalogue: catalogue), seq: seq, keepingFor: rules) }
                }
                evaluation.merge(AlertEngine.evaluate(rules: rules, issuerReports: history))
            }
        }
        return (index.count, issuers, evaluation)
    }
}
