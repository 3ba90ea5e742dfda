// One [Rule NAME] section of huibao.conf, read key by key, then checked as a whole.

struct RuleSection {
    let name: String
    let line: Int
    private var values: [String: (value: String, line: Int)] = [:]

    init(name: String, line: Int) {
        self.name = name
        self.line = line
    }

    static let keys = ["Kind", "Subject", "Unit", "Part", "Organization", "Place", "Level", "Indicator", "Domain",
                       "Measure", "Period", "Polarity", "Above", "Below", "Inclusive", "ChangeAbove", "ChangeBelow",
                       "DeltaAbove", "DeltaBelow", "Worse", "ZeroEventMissing", "TargetMissed", "Mode", "Hysteresis", "Severity"]

    /// The line of `Indicator=`, so that a name the catalogue lacks is reported where it stands.
    var indicatorLine: Int? { values["Indicator"]?.line }

    mutating func set(_ key: String, _ value: String, line: Int) -> String? {
        guard RuleSection.keys.contains(key) else {
            return "unknown key \(key)= in [Rule \(name)] (known: \(RuleSection.keys.joined(separator: ", ")))"
        }
        if values[key] != nil { return "\(key)= given twice in [Rule \(name)]" }
        values[key] = (value, line)
        return nil
    }

    /// The rule, or the first reason it cannot be one (with the line that causes it).
    func build() -> Result<Rule, ConfigError> {
        func fail(_ key: String?, _ message: String) -> Result<Rule, ConfigError> {
            .failure(ConfigError(line: key.flatMap { values[$0]?.line } ?? line, "[Rule \(name)] " + message))
        }
        func number(_ key: String) -> Result<Double?, ConfigError> {
            guard let (v, l) = values[key] else { return .success(nil) }
            guard let d = Double(v.replacingPercent()), d.isFinite else {
                return .failure(ConfigError(line: l, "[Rule \(name)] \(key)=: '\(v)' is not a number"))
            }
            return .success(d)
        }
        func list<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> Result<Set<T>?, ConfigError> where T.RawValue == String {
            guard let (v, l) = values[key] else { return .success(nil) }
            var out: Set<T> = []
            for word in v.split(whereSeparator: { $0 == " " || $0 == "," }) {
                guard let item = T(rawValue: String(word)) else {
                    let known = T.allCases.map(\.rawValue).joined(separator: ", ")
                    return .failure(ConfigError(line: l, "[Rule \(name)] \(key)=: '\(word)' is not one of \(known)"))
                }
                out.insert(item)
            }
            return out.isEmpty ? .failure(ConfigError(line: l, "[Rule \(name)] \(key)= is empty")) : .success(out)
        }

        var conditions: [(String, Condition)] = []
        let inclusive: Bool
        switch values["Inclusive"]?.value {
        case nil, "no", "false": inclusive = false
        case "yes", "true": inclusive = true
        case let other?: return fail("Inclusive", "Inclusive=: '\(other)' is not yes or no")
        }
        for (key, make) in [("Above", { Condition.above($0, inclusive: inclusive) }), ("Below", { Condition.below($0, inclusive: inclusive) }),
                            ("ChangeAbove", Condition.changeAbove), ("ChangeBelow", Condition.changeBelow),
                            ("DeltaAbove", Condition.deltaAbove), ("DeltaBelow", Condition.deltaBelow)] as [(String, (Double) -> Condition)] {
            switch number(key) {
            case .failure(let e): return .failure(e)
            case .success(let d?): conditions.append((key, make(d)))
            case .success(nil): break
            }
        }
        for (key, condition) in [("ZeroEventMissing", Condition.zeroEventMissing), ("Worse", .worse), ("TargetMissed", .targetMissed)] {
            guard let (v, l) = values[key] else { continue }
            guard v == "yes" || v == "true" else { return .failure(ConfigError(line: l, "[Rule \(name)] \(key)=: '\(v)' must be yes")) }
            conditions.append((key, condition))
        }
        guard conditions.count == 1 else {
            return conditions.isEmpty
                ? fail(nil, "draws no line: give one of Above=, Below=, ChangeAbove=, ChangeBelow=, DeltaAbove=, DeltaBelow=, Worse=yes, ZeroEventMissing=yes, TargetMissed=yes")
                : fail(conditions[1].0, "draws more than one line (\(conditions.map { $0.0 + "=" }.joined(separator: ", "))): make one rule of each")
        }
        var rule = Rule(name: name, condition: conditions[0].1)

        switch list("Kind", FigureKind.self) { case .failure(let e): return .failure(e); case .success(let k): rule.kinds = k ?? [] }
        switch list("Part", ReportPart.self) { case .failure(let e): return .failure(e); case .success(let p): rule.parts = p ?? [.achievements] }
        switch list("Level", DocumentLevel.self) { case .failure(let e): return .failure(e); case .success(let l): rule.levels = l ?? [] }
        switch list("Domain", Domain.self) { case .failure(let e): return .failure(e); case .success(let d): rule.domains = d ?? [] }
        switch list("Measure", Measure.self) { case .failure(let e): return .failure(e); case .success(let m): rule.measures = m ?? [] }
        switch list("Polarity", Polarity.self) { case .failure(let e): return .failure(e); case .success(let p): rule.polarities = p ?? [] }
        if let (v, l) = values["Period"] {
            let periods = v.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            if periods.isEmpty { return .failure(ConfigError(line: l, "[Rule \(name)] Period= is empty")) }
            if let bad = periods.first(where: { !RuleSection.isPeriod($0) }) {
                return .failure(ConfigError(line: l, "[Rule \(name)] Period=: '\(bad)' is not a period (year, H1, H2, Q1…Q4, Q1-Q3, 1-9月, cumulative)"))
            }
            rule.periods = Set(periods)
        }
        if let (v, l) = values["Indicator"] {
            let names = v.split(whereSeparator: { $0 == " " || $0 == "|" }).map(String.init)
            if names.isEmpty { return .failure(ConfigError(line: l, "[Rule \(name)] Indicator= is empty")) }
            rule.indicators = names
        }
        for key in ["Subject", "Unit", "Organization", "Place"] {
            if let (v, _) = values[key], v.isEmpty { return fail(key, "\(key)= is empty") }
        }
        rule.subject = values["Subject"]?.value
        rule.unit = values["Unit"]?.value
        rule.organization = values["Organization"]?.value
        rule.place = values["Place"]?.value
        if let (v, l) = values["Mode"] {
            guard let m = AlertMode(rawValue: v) else { return .failure(ConfigError(line: l, "[Rule \(name)] Mode=: '\(v)' is not level or crossing")) }
            rule.mode = m
        }
        if let (v, l) = values["Severity"] {
            guard let s = Severity(rawValue: v) else {
                return .failure(ConfigError(line: l, "[Rule \(name)] Severity=: '\(v)' is not one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            rule.severity = s
        }
        switch number("Hysteresis") {
        case .failure(let e): return .failure(e)
        case .success(let h?):
            guard h >= 0 else { return fail("Hysteresis", "Hysteresis= cannot be negative") }
            rule.hysteresis = h
        case .success(nil): break
        }

        // Rules that can never match are mistakes: say so now rather than stay silent forever.
        let unitOfKind: [FigureKind: Set<String>] = [.percent: ["%"], .money: ["元"], .rank: ["rank"], .area: ["平方米", "亩", "平方公里", "公顷"]]
        if let unit = rule.unit, !rule.kinds.isEmpty,
           rule.kinds.allSatisfy({ unitOfKind[$0].map { !$0.contains(unit) } ?? false }) {
            return fail("Unit", "can never match: figures of kind \(rule.kinds.map(\.rawValue).sorted().joined(separator: ", ")) never have unit \(unit)")
        }
        if rule.condition == .zeroEventMissing {
            if !rule.kinds.isEmpty || rule.unit != nil { return fail(values["Kind"] != nil ? "Kind" : "Unit", "can never match: zero-events have no kind or unit") }
            if let key = ["Indicator", "Domain", "Measure", "Period", "Polarity"].first(where: { values[$0] != nil }) {
                return fail(key, "can never match: zero-events have no \(key.lowercased()) (select them with Subject=)")
            }
            if rule.mode == .crossing { return fail("Mode", "ZeroEventMissing= compares two reports already: use Mode=level") }
        }
        if rule.condition == .targetMissed {
            // The target's figures are the plan's and the actual's: what it selects is which.
            if let key = ["Measure", "Period", "Part", "Kind", "Unit"].first(where: { values[$0] != nil }) {
                return fail(key, "TargetMissed= judges a plan's target against the year's actual: select them with Indicator=, Domain=, Polarity=, Subject=, Organization=, Place= or Level=, not \(key)=")
            }
            if rule.mode == .crossing { return fail("Mode", "TargetMissed= compares the plan with the year already: use Mode=level") }
        }
        if case .below(let t, let inc) = rule.condition, rule.kinds == [.rank], t < 1 || (t == 1 && !inc) {
            return fail("Below", "can never match: ranks start at 1")
        }
        if rule.hysteresis > 0 && rule.mode != .crossing {
            return fail("Hysteresis", "Hysteresis= only matters with Mode=crossing")
        }
        return .success(rule)
    }
}

extension RuleSection {
    /// The periods figures carry: see Meaning.period.
    static func isPeriod(_ p: String) -> Bool {
        if ["year", "H1", "H2", "Q1", "Q2", "Q3", "Q4", "Q1-Q3", "cumulative"].contains(p) { return true }
        guard p.hasSuffix("月") else { return false }
        let range = p.dropLast().split(separator: "-")
        return range.count == 2 && range.allSatisfy { Int($0).map { (1...12).contains($0) } ?? false }
    }
}

private extension String {
    /// `-50%` reads as -50.
    func replacingPercent() -> String { hasSuffix("%") ? String(dropLast()) : self }
}
