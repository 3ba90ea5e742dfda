// Plan against actual: each target a plan set (2024年固定资产投资增长8%左右) judged against the
// same issuer's actual of that year (the 2024 summary's 固定资产投资 growth). Derived data, like
// the alerts: rebuilt from the stored reports whenever they are read, never stored as a truth of
// its own. Reports are placed by year, not by arrival: a plan read after its year's summary is
// judged all the same.

public enum TargetOutcome: String, Sendable, CaseIterable, Codable {
    case met, missed, exceeded
    /// The year's summary is stored but states no figure of the target's indicator and measure.
    case notReported = "not reported"
    /// No summary of the target's year is stored yet.
    case pending
}

/// One target and its judgement. The figures are named by the report (seq, sha256) and their
/// place in its record, so that the clause of each is read back from the store for evidence.
public struct TargetJudgement: Sendable, Equatable {
    public var issuer: String
    public var organization: String?
    public var indicator: String
    /// What the target and the actual measure: `growth` (增长8%), `level` (达到2.1亿元), `share`.
    public var measure: Measure
    /// The year the target is for (the plan's year).
    public var year: Int
    public var outcome: TargetOutcome
    public var target: Fact
    public var targetReport: ReportRef
    public var actual: Fact?
    public var actualReport: ReportRef?
    /// How far short of the target (missed) or beyond it (exceeded), in the figure's unit, always
    /// positive; nil when met or not judged.
    public var gap: Double?

    public struct ReportRef: Sendable, Equatable {
        public var seq: Int
        public var sha256: String
        public var file: String
    }
}

public enum Targets {
    /// The targets of every issuer in `reports`, by issuer, then year, then indicator.
    public static func judge(_ reports: [ReportFacts]) -> [TargetJudgement] {
        Dictionary(grouping: reports, by: \.issuer)
            .sorted { $0.key < $1.key }
            .flatMap { judge(issuerReports: $0.value) }
    }

    /// The targets of one issuer's reports (any order). Of several reports of the same year the
    /// one that arrived last counts, as for the alerts (a correction supersedes).
    public static func judge(issuerReports: [ReportFacts]) -> [TargetJudgement] {
        var plans: [Int: ReportFacts] = [:]
        var summaries: [Int: ReportFacts] = [:]
        for r in issuerReports {
            if let y = r.planYear, r.figures.contains(where: isTarget), (plans[y]?.seq ?? -1) < r.seq { plans[y] = r }
            if r.isSummary, let y = r.reportYear, (summaries[y]?.seq ?? -1) < r.seq { summaries[y] = r }
        }
        var out: [TargetJudgement] = []
        for (year, plan) in plans.sorted(by: { $0.key < $1.key }) {
            // One target per indicator, measure and unit: a plan that repeats it (the summary of
            // goals, then the paragraph on it) states it once.
            var seen: Set<String> = []
            for t in plan.figures where isTarget(t) {
                let measure = actualMeasure(of: t)
                guard let indicator = t.indicator, seen.insert(indicator + "|" + measure.rawValue + "|" + t.unit).inserted else { continue }
                let summary = summaries[year]
                let actual = summary?.figures.first {
                    $0.indicator == indicator && $0.measure == measure && $0.part == .achievements
                        && $0.period == "year" && $0.unit == t.unit
                }
                var j = TargetJudgement(
                    issuer: plan.issuer, organization: plan.organization, indicator: indicator, measure: measure,
                    year: year, outcome: summary == nil ? .pending : .notReported, target: t,
                    targetReport: .init(seq: plan.seq, sha256: plan.sha256, file: plan.file),
                    actual: actual, actualReport: summary.map { .init(seq: $0.seq, sha256: $0.sha256, file: $0.file) }, gap: nil)
                if let a = actual { (j.outcome, j.gap) = compare(target: t, actual: a) }
                out.append(j)
            }
        }
        return out
    }

    /// A figure of a plan that sets a target for an indicator.
    static func isTarget(_ f: Fact) -> Bool { f.part == .plan && f.measure == .target && f.indicator != nil }

    /// The actual a target is judged against: a growth target (增长8%) by the year's growth, a
    /// share (占比达到60%) by its share, anything else (达到2.1亿元, 新增就业岗位500个) by its level.
    static func actualMeasure(of target: Fact) -> Measure {
        switch target.kind {
        case .growth: .growth
        case .percent: .share
        default: .level
        }
    }

    /// Met, missed or exceeded, with the gap. Values are compared on the side that is good news:
    /// higher for most indicators, lower for a `down` one (PM2.5, 信访总量) and under a cap
    /// (控制在4.5%以内). A target of about a value (左右, 约) is met within a band around it; one of
    /// at least a value (以上, 不低于, or a plain 达到) is met from the value up to the band above.
    /// The band: half a percentage point for rates, 5 % of the target for amounts; a plain
    /// target is also met when the actual falls short only by the report's rounding (0.5 %).
    static func compare(target t: Fact, actual a: Fact) -> (TargetOutcome, Double?) {
        let sense: Double = (t.polarity == .down || t.qualifier == .under) ? -1 : 1
        let goal = sense * t.value, got = sense * a.value
        let rate = t.unit == "%" || t.unit == "个百分点"
        let band = rate ? 0.5 : abs(t.value) * 0.05
        let rounding = rate ? 0.05 : abs(t.value) * 0.005
        let lower = t.qualifier == .approx ? goal - band : goal - rounding
        let upper = goal + band
        if got < lower { return (.missed, abs(goal - got)) }
        if got > upper { return (.exceeded, abs(got - goal)) }
        return (.met, nil)
    }
}
