// Evaluating rules over the reports of each issuer. Pure: the same reports and rules always
// give the same alerts, so the daemon can rebuild its state from the store at any time and
// emit only the difference between what should be firing and what it has already said.

/// What a rule sees of one figure. Compact, because the daemon holds one for every figure a
/// rule can look at in every stored report; the clause and section (the evidence) are read
/// back from the store when an alert is written.
public struct Fact: Sendable, Equatable {
    public var subject: String
    public var value: Double
    public var unit: String
    public var kind: FigureKind
    /// About, at least, at most (左右, 以上, 以内): how a target is met.
    public var qualifier: Qualifier
    public var part: ReportPart
    public var indicator: String?
    public var domain: Domain?
    public var measure: Measure
    /// The period the figure covers (`year`, `H1`, `1-9月`, `cumulative`).
    public var period: String
    public var polarity: Polarity?
    public var direction: Direction?
    /// Its position in the record's figures.
    public var index: Int

    /// `f` with its meaning (a record read through `Record.upgraded` has it).
    public init(_ f: Figure, index: Int) {
        subject = f.subject
        value = f.value
        unit = f.unit
        kind = f.kind
        qualifier = f.qualifier
        part = f.part
        indicator = f.indicator
        domain = f.domain
        measure = f.measure ?? .level
        period = f.period ?? "year"
        polarity = f.polarity
        direction = f.direction
        self.index = index
    }

    /// What years are compared under: the indicator, else (no indicator fits) the subject as
    /// written; with the measure, the period and the unit, so a first half never meets a full
    /// year, nor a growth in percent (增长3.2%) its gap in points (塌目标1.8个百分点).
    public var key: String {
        (indicator.map { "i:" + $0 } ?? "s:" + subject) + "|" + measure.rawValue + "|" + period + "|" + unit
    }
}

/// What the rules need of one stored report.
public struct ReportFacts: Sendable, Equatable {
    /// Arrival order (position in the store): decides which report a correction supersedes
    /// and what an issuer's previous report was when this one arrived.
    public var seq: Int
    public var sha256: String
    public var file: String
    public var issuer: String
    public var organization: String?
    public var place: String
    public var level: DocumentLevel
    public var reportYear: Int?
    /// The year the report's plan part is for (2024年工作计划), where it has one.
    public var planYear: Int?
    public var isSummary: Bool
    public var figures: [Fact]
    public var zeroEvents: [String]

    /// The report's facts, keeping only figures some rule can look at (all when `rules` is nil).
    public init(record: Record, seq: Int, keepingFor rules: [Rule]? = nil) {
        self.seq = seq
        sha256 = record.sha256
        file = record.file
        organization = record.organization
        place = Issuer(record).places.joined()
        issuer = record.issuerKey
        level = record.level
        reportYear = record.report_year
        planYear = record.plan_year
        isSummary = record.kinds.contains(.summary)
        var kept: [Fact] = []
        for (i, f) in record.figures.enumerated() {
            let fact = Fact(f, index: i)
            guard rules.map({ $0.contains { $0.looksAt(fact) } }) ?? true else { continue }
            kept.append(fact)
        }
        figures = kept
        zeroEvents = record.zero_events
    }


}

/// One alert that should be (or was) firing, with its evidence.
public struct AlertInstance: Sendable, Equatable {
    /// rule, issuer, subject and period; level alerts add the report year. Never the value.
    public var id: String
    public var rule: String
    public var issuer: String
    public var organization: String?
    public var subject: String
    /// The figure's meaning (nil for a zero-event): the indicator nil when the subject stood in.
    public var indicator: String?
    public var measure: Measure?
    public var period: String?
    public var polarity: Polarity?
    public var direction: Direction?
    public var value: Double?
    public var unit: String
    public var change: Double?
    public var previousValue: Double?
    public var previousYear: Int?
    public var reportYear: Int?
    public var file: String
    public var sha256: String
    public var section: String?
    public var context: String
    /// Where the evidence is: the report's position in the store and the figure's in the record.
    public var seq: Int?
    public var figureIndex: Int?
    /// For a missed target: the target's value, and where the plan's figure is (its clause is
    /// read back like the actual's).
    public var target: Double?
    public var targetSeq: Int?
    public var targetFigureIndex: Int?
    public var targetContext: String?

    public init(id: String, rule: String, issuer: String, organization: String?, subject: String, value: Double?,
                unit: String, change: Double?, previousValue: Double?, previousYear: Int?, reportYear: Int?,
                file: String, sha256: String, section: String?, context: String, seq: Int? = nil, figureIndex: Int? = nil) {
        self.id = id
        self.rule = rule
        self.issuer = issuer
        self.organization = organization
        self.subject = subject
        indicator = nil
        measure = nil
        period = nil
        polarity = nil
        direction = nil
        self.value = value
        self.unit = unit
        self.change = change
        self.previousValue = previousValue
        self.previousYear = previousYear
        self.reportYear = reportYear
        self.file = file
        self.sha256 = sha256
        self.section = section
        self.context = context
        self.seq = seq
        self.figureIndex = figureIndex
    }
}

public struct AlertEvent: Sendable, Equatable {
    public enum State: String, Sendable { case firing, resolved }
    public var state: State
    public var instance: AlertInstance
    /// Why a resolved alert resolved: back within the line, or withdrawn by a correction.
    public var reason: String?

    public init(state: State, instance: AlertInstance, reason: String?) {
        self.state = state
        self.instance = instance
        self.reason = reason
    }
}

public struct Evaluation: Sendable {
    /// Alerts that should be firing now, by id.
    public var firing: [String: AlertInstance] = [:]
    /// The newest observation of each crossing key, to report the value an alert resolved at.
    public var latest: [String: AlertInstance] = [:]
    /// Reports replaced by a correction (same issuer and year, arrived later).
    public var superseded: Set<String> = []

    public init() {}

    /// Adds another issuer's evaluation.
    public mutating func merge(_ other: Evaluation) {
        firing.merge(other.firing) { $1 }
        latest.merge(other.latest) { $1 }
        superseded.formUnion(other.superseded)
    }
}

extension Rule {
    /// Whether the rule needs this figure of a report: the figures it matches, or for a target
    /// rule the plans' targets and the full-year achievements they are judged against.
    func looksAt(_ f: Fact) -> Bool {
        switch condition {
        case .zeroEventMissing: return false
        case .targetMissed:
            guard Targets.isTarget(f) || (f.part == .achievements && f.period == "year" && f.indicator != nil) else { return false }
            var any = self
            any.parts = [f.part]
            any.measures = []
            any.periods = []
            any.kinds = []
            return any.matches(f)
        default: return matches(f)
        }
    }

    func matches(_ f: Fact) -> Bool {
        if !kinds.isEmpty && !kinds.contains(f.kind) { return false }
        if !parts.contains(f.part) { return false }
        if let wanted = self.unit, wanted != f.unit { return false }
        if let pattern = self.subject, !subjectMatches(pattern, f.subject) { return false }
        if let patterns = indicators {
            guard let name = f.indicator, patterns.contains(where: { subjectMatches($0, name, whole: true) }) else { return false }
        }
        if !domains.isEmpty && !(f.domain.map(domains.contains) ?? false) { return false }
        if !measures.isEmpty && !measures.contains(f.measure) { return false }
        if !periods.isEmpty && !periods.contains(f.period) { return false }
        if !polarities.isEmpty && !(f.polarity.map(polarities.contains) ?? false) { return false }
        return true
    }

    func matchesIssuer(_ r: ReportFacts) -> Bool {
        if let organization, !(r.organization.map { subjectMatches(organization, $0) } ?? false) { return false }
        if let place, !subjectMatches(place, r.place) { return false }
        if !levels.isEmpty && !levels.contains(r.level) { return false }
        return true
    }

    /// Beyond the line (firing side).
    func breaches(_ x: Double) -> Bool {
        switch condition {
        case .above(let t, let inclusive): inclusive ? x >= t : x > t
        case .below(let t, let inclusive): inclusive ? x <= t : x < t
        case .changeAbove(let t), .deltaAbove(let t): x > t
        case .changeBelow(let t), .deltaBelow(let t): x < t
        case .worse: x > 0
        case .zeroEventMissing, .targetMissed: false
        }
    }

    /// Back within the line by the hysteresis margin (resolving side).
    func clears(_ x: Double) -> Bool {
        switch condition {
        case .above(let t, _), .changeAbove(let t), .deltaAbove(let t): x <= t - hysteresis && !breaches(x)
        case .below(let t, _), .changeBelow(let t), .deltaBelow(let t): x >= t + hysteresis && !breaches(x)
        case .worse, .zeroEventMissing, .targetMissed: !breaches(x)
        }
    }
}

public enum AlertEngine {
    /// Evaluates every rule over every issuer's reports.
    public static func evaluate(rules: [Rule], reports: [ReportFacts]) -> Evaluation {
        var result = Evaluation()
        let byIssuer = Dictionary(grouping: reports, by: \.issuer)
        for (_, history) in byIssuer { result.merge(evaluate(rules: rules, issuerReports: history)) }
        return result
    }

    /// Evaluates the rules over one issuer's reports (any order; arrival is in `seq`).
    public static func evaluate(rules: [Rule], issuerReports: [ReportFacts]) -> Evaluation {
        var result = Evaluation()
        // A correction (same year, arrived later) supersedes; reports without a year are
        // judged alone, since they cannot be placed in the issuer's history.
        var byYear: [Int: ReportFacts] = [:]
        var undated: [ReportFacts] = []
        for r in issuerReports {
            guard let y = r.reportYear else { undated.append(r); continue }
            if let existing = byYear[y] {
                if existing.seq > r.seq { result.superseded.insert(r.sha256); continue }
                result.superseded.insert(existing.sha256)
            }
            byYear[y] = r
        }
        let history = byYear.values.sorted { $0.reportYear! < $1.reportYear! }
        for rule in rules {
            if rule.condition == .zeroEventMissing {
                zeroEventRule(rule, history, &result)
            } else if rule.condition == .targetMissed {
                targetRule(rule, issuerReports, &result)
            } else {
                figureRule(rule, history, undated, &result)
            }
        }
        return result
    }

    /// The report this one was compared with on arrival: the newest earlier year already stored.
    private static func baseline(of r: ReportFacts, in history: [ReportFacts]) -> ReportFacts? {
        history.filter { $0.reportYear! < r.reportYear! && $0.seq < r.seq }.max { $0.reportYear! < $1.reportYear! }
    }

    /// A report that was not the issuer's newest when it arrived (a back-filled one) changes
    /// history but never fires or resolves anything itself.
    private static func wasNewestOnArrival(_ r: ReportFacts, _ history: [ReportFacts]) -> Bool {
        !history.contains { $0.reportYear! > r.reportYear! && $0.seq < r.seq }
    }

    /// The figures of a report this rule looks at, one per subject and period.
    private static func items(_ rule: Rule, _ r: ReportFacts) -> [String: Fact] {
        guard rule.matchesIssuer(r) else { return [:] }
        var out: [String: Fact] = [:]
        for f in r.figures where rule.matches(f) {
            if out[f.key] == nil { out[f.key] = f }
        }
        return out
    }

    private static func instance(_ rule: Rule, _ r: ReportFacts, _ f: Fact, key: String, idSuffix: String,
                                 change: Double? = nil, previous: (Double, Int?)? = nil) -> AlertInstance {
        var i = AlertInstance(id: "\(rule.name)|\(r.issuer)|\(key)\(idSuffix)", rule: rule.name, issuer: r.issuer,
                              organization: r.organization, subject: f.subject, value: f.value, unit: f.unit, change: change,
                              previousValue: previous?.0, previousYear: previous?.1, reportYear: r.reportYear,
                              file: r.file, sha256: r.sha256, section: nil, context: "", seq: r.seq, figureIndex: f.index)
        i.indicator = f.indicator
        i.measure = f.measure
        i.period = f.period
        i.polarity = f.polarity
        // A level or a rank is worse only against the year before: say so when the rule judged it.
        i.direction = f.direction ?? (rule.condition == .worse ? .worse : nil)
        return i
    }

    /// The change an alert reports: the rule's own measure, or for a level judged worse than the
    /// year before, its change in percent.
    private static func change(_ rule: Rule, _ x: Double, _ f: Fact, _ previous: Fact?) -> Double? {
        switch rule.condition {
        case .changeAbove, .changeBelow, .deltaAbove, .deltaBelow: return x
        case .worse:
            guard f.direction == nil, f.measure != .rank, let p = previous, p.unit == f.unit, p.value != 0 else { return nil }
            return ((f.value - p.value) / abs(p.value) * 10000).rounded() / 100
        default: return nil
        }
    }

    /// Whether `f` is bad news: by itself (a growth against the polarity, a completion short of
    /// 100 %, a rank the text says fell), else against the same key's figure of the year before
    /// (an `up` level that fell, a `down` level that rose, a rank number that grew). 1 worse,
    /// 0 not, nil when it cannot be told.
    static func worse(_ f: Fact, _ base: Fact?) -> Double? {
        if let d = f.direction { return d == .worse ? 1 : 0 }
        guard let b = base, b.unit == f.unit else { return nil }
        switch f.measure {
        case .rank: return f.value > b.value ? 1 : 0
        case .level, .share:
            switch f.polarity {
            case .up?: return f.value < b.value ? 1 : 0
            case .down?: return f.value > b.value ? 1 : 0
            default: return nil
            }
        default: return nil
        }
    }

    /// The quantity a rule compares: the value itself, or its change against the baseline.
    private static func measure(_ rule: Rule, _ f: Fact, _ base: Fact?) -> Double? {
        switch rule.condition {
        case .above, .below: return f.value
        case .changeAbove, .changeBelow:
            // No baseline, or a zero one, gives no change (never an alert on 0 vs 0).
            guard let b = base, b.unit == f.unit, b.value != 0 else { return nil }
            // Two decimals: the figures themselves rarely carry more.
            return ((f.value - b.value) / abs(b.value) * 10000).rounded() / 100
        case .deltaAbove, .deltaBelow:
            guard let b = base, b.unit == f.unit else { return nil }
            return f.value - b.value
        case .worse: return worse(f, base)
        case .zeroEventMissing, .targetMissed: return nil
        }
    }

    private static func figureRule(_ rule: Rule, _ history: [ReportFacts], _ undated: [ReportFacts], _ result: inout Evaluation) {
        let itemsByYear = history.map { items(rule, $0) }
        // The measured quantity per report and key, with the baseline it was measured against.
        var measured: [[String: (Double, Fact, ReportFacts?)]] = []
        for (i, r) in history.enumerated() {
            var m: [String: (Double, Fact, ReportFacts?)] = [:]
            let base = baseline(of: r, in: history)
            let baseItems = base.map { b in itemsByYear[history.firstIndex { $0.seq == b.seq }!] } ?? [:]
            for (key, f) in itemsByYear[i] {
                if let x = measure(rule, f, baseItems[key]) { m[key] = (x, f, base) }
            }
            measured.append(m)
        }
        switch rule.mode {
        case .level:
            for (i, r) in history.enumerated() {
                for (key, (x, f, base)) in measured[i] where rule.breaches(x) {
                    let prev = base.flatMap { b in itemsByYear[history.firstIndex { $0.seq == b.seq }!][key] }
                    let inst = instance(rule, r, f, key: key, idSuffix: "|\(r.reportYear!)",
                                        change: change(rule, x, f, prev),
                                        previous: prev.map { ($0.value, base?.reportYear) })
                    result.firing[inst.id] = inst
                }
            }
            for r in undated where !rule.condition.comparesWithPrevious {
                for (key, f) in items(rule, r) {
                    guard let x = measure(rule, f, nil), rule.breaches(x) else { continue }
                    let inst = instance(rule, r, f, key: key, idSuffix: "|\(r.sha256.prefix(12))")
                    result.firing[inst.id] = inst
                }
            }
        case .crossing:
            let keys = Set(measured.flatMap(\.keys))
            for key in keys {
                var firing: AlertInstance?
                var breachedAt: [Int: Bool] = [:]
                for (i, r) in history.enumerated() {
                    guard let (x, f, base) = measured[i][key] else { continue }
                    breachedAt[r.seq] = rule.breaches(x)
                    let prev = base.flatMap { b in itemsByYear[history.firstIndex { $0.seq == b.seq }!][key] }
                    let current = instance(rule, r, f, key: key, idSuffix: "",
                                           change: change(rule, x, f, prev),
                                           previous: prev.map { ($0.value, base?.reportYear) })
                    guard wasNewestOnArrival(r, history) else { continue }
                    result.latest[current.id] = current
                    if firing == nil {
                        // A crossing needs a baseline within the line. For a change rule the
                        // baseline's own change may be unknown (no year before it): no fall then.
                        if rule.breaches(x), let b = base,
                           rule.condition.comparesWithPrevious ? breachedAt[b.seq] != true : breachedAt[b.seq] == false {
                            firing = current
                        }
                    } else if rule.clears(x) {
                        firing = nil
                    }
                }
                if let firing { result.firing[firing.id] = firing }
            }
        }
    }

    private static func zeroEventRule(_ rule: Rule, _ history: [ReportFacts], _ result: inout Evaluation) {
        for r in history where r.isSummary && rule.matchesIssuer(r) {
            guard let base = baseline(of: r, in: history), base.isSummary else { continue }
            for claimed in base.zeroEvents where rule.subject.map({ subjectMatches($0, claimed) }) ?? true {
                if r.zeroEvents.contains(where: { similarEvent($0, claimed) }) { continue }
                let id = "\(rule.name)|\(r.issuer)|\(claimed)|\(r.reportYear!)"
                result.firing[id] = AlertInstance(
                    id: id, rule: rule.name, issuer: r.issuer, organization: r.organization, subject: claimed,
                    value: nil, unit: "", change: nil, previousValue: 0, previousYear: base.reportYear,
                    reportYear: r.reportYear, file: r.file, sha256: r.sha256, section: nil,
                    context: "\(base.reportYear!)年报告称“\(claimed)”零发生，\(r.reportYear!)年报告未再提及")
            }
        }
    }

    /// A missed target: the plan's target of a year against that year's actual (Targets.judge),
    /// for the targets whose indicator and issuer the rule selects. Both figures are the evidence.
    private static func targetRule(_ rule: Rule, _ reports: [ReportFacts], _ result: inout Evaluation) {
        let byArrival = Dictionary(reports.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
        for j in Targets.judge(issuerReports: reports) where j.outcome == .missed {
            guard let a = j.actual, let ar = j.actualReport, let r = byArrival[ar.seq], rule.matchesIssuer(r),
                  rule.looksAt(j.target) else { continue }
            var i = instance(rule, r, a, key: "i:\(j.indicator)|\(j.measure.rawValue)|year|\(a.unit)", idSuffix: "|\(j.year)")
            i.direction = .worse
            i.target = j.target.value
            i.targetSeq = j.targetReport.seq
            i.targetFigureIndex = j.target.index
            i.previousYear = nil
            result.firing[i.id] = i
        }
    }

    /// Two zero-event phrases name the same thing when one contains the other.
    static func similarEvent(_ a: String, _ b: String) -> Bool { a.contains(b) || b.contains(a) }

    /// What to say now: alerts that should fire and have not, and alerts said to be firing
    /// that no longer should (with the value they resolved at, or why they were withdrawn).
    public static func difference(_ evaluation: Evaluation, active: [String: AlertInstance]) -> [AlertEvent] {
        var events: [AlertEvent] = []
        for id in evaluation.firing.keys.sorted() where active[id] == nil {
            events.append(AlertEvent(state: .firing, instance: evaluation.firing[id]!, reason: nil))
        }
        for id in active.keys.sorted() where evaluation.firing[id] == nil {
            let old = active[id]!
            if evaluation.superseded.contains(old.sha256) {
                events.append(AlertEvent(state: .resolved, instance: evaluation.latest[id] ?? old,
                                         reason: "withdrawn: the report it came from was superseded (a corrected report, or the same report parsed again)"))
            } else if let now = evaluation.latest[id] {
                events.append(AlertEvent(state: .resolved, instance: now, reason: "back within the line"))
            } else {
                events.append(AlertEvent(state: .resolved, instance: old, reason: "withdrawn: the rule no longer holds for this report"))
            }
        }
        return events
    }
}
