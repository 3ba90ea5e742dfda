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

    /// The value with its unit (`-3.2 %`), nil when the figure is missing.
    public var valueText: String? {
        value.map { JSONWriter.format($0) + (unit.map { $0.isEmpty ? "" : " " + $0 } ?? "") }
    }

    /// The journal entry for a firing or resolved alert. `rule` is the rule as configured now
    /// (nil when it was removed): it gives the priority, and a missing zero its own sentence.
    public func journalEntry(rule: Rule?) -> AlertJournalEntry {
        let firing = event == "firing"
        let subject = self.subject ?? ""
        let value = valueText ?? "missing"
        let previousYear = previous_year.map(String.init) ?? "?"
        let change = self.change.map { ", change \(JSONWriter.format(($0 * 10).rounded() / 10)) % on \(previousYear)" } ?? ""
        let year = report_year.map { " \($0)" } ?? ""
        var message = firing
            ? "alert \(self.rule): \(issuerName)\(year) \(subject) \(value)\(change) (line: \(threshold ?? ""))"
            : "resolved \(self.rule): \(issuerName)\(year) \(subject) \(value) — \(reason ?? "")"
        if self.value == nil && rule?.condition == .zeroEventMissing {
            message = "alert \(self.rule): \(issuerName)\(year) no longer reports \(subject) as zero (it did in \(previousYear))"
        }
        let fields: [AlertJournalEntry.Field] = [
            .init("HUIBAO_RULE", self.rule), .init("HUIBAO_ALERT_ID", id), .init("HUIBAO_ALERT_STATE", event),
            .init("HUIBAO_SEVERITY", severity ?? ""), .init("HUIBAO_SUBJECT", subject),
            .init("HUIBAO_VALUE", self.value.map { JSONWriter.format($0) } ?? ""), .init("HUIBAO_UNIT", unit ?? ""),
            .init("HUIBAO_THRESHOLD", threshold ?? ""), .init("HUIBAO_CHANGE", self.change.map { JSONWriter.format($0) } ?? ""),
            .init("HUIBAO_PREVIOUS_VALUE", previous_value.map { JSONWriter.format($0) } ?? ""),
            .init("HUIBAO_PREVIOUS_YEAR", previous_year.map(String.init) ?? ""),
            .init("HUIBAO_ORGANIZATION", issuerName), .init("HUIBAO_REPORT_YEAR", report_year.map(String.init) ?? ""),
            .init("HUIBAO_FILE", file ?? ""), .init("HUIBAO_SHA256", sha256 ?? ""), .init("HUIBAO_SECTION", section ?? ""),
            .init("HUIBAO_CONTEXT", context ?? ""), .init("HUIBAO_REASON", reason ?? ""),
        ]
        return AlertJournalEntry(message: message, priority: firing ? rule?.severity.priority ?? 4 : 5, fields: fields)
    }
}
