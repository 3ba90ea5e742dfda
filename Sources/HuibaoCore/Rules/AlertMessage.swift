// What an alert says, in words and in journald fields: one function, so the journal and
// `huibao alerts` say the same thing.

/// An alert as journald takes it: MESSAGE, PRIORITY and the HUIBAO_* fields.
public struct AlertJournalEntry: Sendable, Equatable {
    public var message: String
    /// syslog priority.
    public var priority: Int
    public var fields: [Field]

    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }
}

extension AlertRecord {
    /// The issuer as people call it: the organisation's name when the report gave one.
    public var issuerName: String { organization ?? issuer ?? "" }

    /// The value with its unit, rounded as reports print it (`-0.68 %`); nil when the figure is missing.
    public var valueText: String? {
        value.map { displayNumber($0) + (unit.map { $0.isEmpty || $0 == "rank" ? "" : " " + $0 } ?? "") }
    }

    /// What the alert is about: the indicator, else the subject as written.
    public var whatText: String {
        let name = indicator ?? subject ?? ""
        return period.map { $0 == "year" ? name : "\(name) (\($0))" } ?? name
    }

    /// Why this is bad news, in words, for an alert judged by its direction; nil for the others.
    public var whyText: String? {
        guard direction == Direction.worse.rawValue else { return nil }
        if let t = target {
            let u = unit ?? ""
            let gap = value.map { " by " + displayAmount(abs(t - $0), unit: u) } ?? ""
            return "missed the plan's target of \(displayAmount(t, unit: u))\(gap)"
        }
        let v = value.map(displayNumber) ?? "?"
        let before = previous_value.map(displayNumber)
        let on = previous_year.map { " on \($0)" } ?? ""
        let good = polarity == "down" ? "a fall is good news" : "a rise is good news"
        switch measure {
        case "growth"?:
            let sign = (value ?? 0) > 0 ? "+" : ""
            let points = unit == "个百分点" ? " points" : " %"
            // Worse with the good sign: the text states a shortfall against the target (塌目标).
            if ((value ?? 0) > 0) == (polarity != "down") { return "short of its target by \(v)\(points)" }
            return (polarity == "down" ? "rose" : "fell") + " by \(sign)\(v)\(points) (\(good))"
        case "completion"?:
            return "reached \(v) % of its full-year target"
        case "rank"?:
            return before.map { "rank fell from \($0) to \(v)\(on)" } ?? "rank fell (\(v))"
        default:
            let change = self.change.map { ", \($0 > 0 ? "+" : "")\(displayNumber($0)) %" } ?? ""
            let moved = polarity == "down" ? "rose" : "fell"
            return before.map { "\(moved) from \($0) to \(v)\(on)\(change) (\(good))" } ?? "\(moved) (\(good))"
        }
    }

    /// The journal entry for a firing or resolved alert. `rule` is the rule as configured now
    /// (nil when it was removed): it gives the priority, and a missing zero its own sentence.
    /// `key` is the alert's HUIBAO_ALERT_KEY (the store's identity and the alert's number).
    public func journalEntry(rule: Rule?, key: String? = nil) -> AlertJournalEntry {
        let firing = event == "firing"
        let subject = self.subject ?? ""
        let value = valueText ?? "missing"
        let previousYear = previous_year.map(String.init) ?? "?"
        let change = self.change.map { ", change \(displayNumber(($0 * 10).rounded() / 10)) % on \(previousYear)" } ?? ""
        let year = report_year.map { " \($0)" } ?? ""
        // A comparison with the year before that had no indicator to go by says so.
        let bySubject = indicator == nil && previous_value != nil && self.value != nil ? " (no indicator: compared by the subject “\(subject)”)" : ""
        var message: String
        if !firing {
            message = "resolved \(self.rule): \(issuerName)\(year) \(whatText) \(value) — \(reason ?? "")"
        } else if let why = whyText {
            message = "alert \(self.rule): \(issuerName)\(year) \(whatText) \(value): \(why)\(bySubject)"
        } else {
            message = "alert \(self.rule): \(issuerName)\(year) \(whatText) \(value)\(change) (line: \(threshold ?? ""))\(bySubject)"
        }
        if self.value == nil && rule?.condition == .zeroEventMissing {
            message = "alert \(self.rule): \(issuerName)\(year) no longer reports \(subject) as zero (it did in \(previousYear))"
        }
        let fields: [AlertJournalEntry.Field] = [
            .init("HUIBAO_RULE", self.rule), .init("HUIBAO_ALERT_ID", id), .init("HUIBAO_ALERT_KEY", key ?? ""),
            .init("HUIBAO_ALERT_STATE", event),
            .init("HUIBAO_SEVERITY", severity ?? ""), .init("HUIBAO_SUBJECT", subject),
            .init("HUIBAO_INDICATOR", indicator ?? ""), .init("HUIBAO_MEASURE", measure ?? ""),
            .init("HUIBAO_PERIOD", period ?? ""), .init("HUIBAO_POLARITY", polarity ?? ""),
            .init("HUIBAO_DIRECTION", direction ?? ""),
            .init("HUIBAO_VALUE", self.value.map { JSONWriter.format($0) } ?? ""), .init("HUIBAO_UNIT", unit ?? ""),
            .init("HUIBAO_THRESHOLD", threshold ?? ""), .init("HUIBAO_CHANGE", self.change.map { JSONWriter.format($0) } ?? ""),
            .init("HUIBAO_PREVIOUS_VALUE", previous_value.map { JSONWriter.format($0) } ?? ""),
            .init("HUIBAO_PREVIOUS_YEAR", previous_year.map(String.init) ?? ""),
            .init("HUIBAO_ORGANIZATION", issuerName), .init("HUIBAO_REPORT_YEAR", report_year.map(String.init) ?? ""),
            .init("HUIBAO_FILE", file ?? ""), .init("HUIBAO_SHA256", sha256 ?? ""), .init("HUIBAO_SECTION", section ?? ""),
            .init("HUIBAO_CONTEXT", context ?? ""), .init("HUIBAO_REASON", reason ?? ""),
            .init("HUIBAO_TARGET", target.map { JSONWriter.format($0) } ?? ""), .init("HUIBAO_TARGET_CONTEXT", target_context ?? ""),
        ]
        return AlertJournalEntry(message: message, priority: firing ? rule?.severity.priority ?? 4 : 5, fields: fields)
    }
}
