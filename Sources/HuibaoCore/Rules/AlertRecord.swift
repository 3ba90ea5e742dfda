// One line of the alert stream (`alerts.jsonl`): an alert fired or resolved, or a rule's
// silent re-baselining after its definition changed.

public struct AlertRecord: Codable, Sendable, Equatable {
    /// `firing`, `resolved`, `baseline-firing` (an alert adopted silently when a rule changed),
    /// `baseline` (the rule's new fingerprint; the adopted alerts before it take effect), or
    /// `sent` (event `n` reached journald).
    public var event: String
    public var id: String
    public var rule: String
    public var severity: String?
    public var fingerprint: String?
    public var organization: String?
    public var issuer: String?
    public var subject: String?
    /// What the figure is (nil: no indicator fit, and the subject stood in for one).
    public var indicator: String?
    public var measure: String?
    public var period: String?
    public var polarity: String?
    public var direction: String?
    public var value: Double?
    public var unit: String?
    public var threshold: String?
    public var change: Double?
    public var previous_value: Double?
    public var previous_year: Int?
    public var report_year: Int?
    public var file: String?
    public var sha256: String?
    public var section: String?
    public var context: String?
    /// A missed target's value (the actual is `value`), and the plan's clause that set it.
    public var target: Double?
    public var target_context: String?
    public var reason: String?
    public var time: String?
    /// The number of a firing or resolved event in the stream; `sent` markers name it once the
    /// journal (and AlertCommand) have been told, so an alert written but not sent before a
    /// crash is sent at the next start.
    public var n: Int?

    public init(event: AlertEvent, rule: Rule?, time: String) {
        let i = event.instance
        self.event = event.state.rawValue
        id = i.id
        self.rule = i.rule
        severity = rule?.severity.rawValue
        fingerprint = rule?.fingerprint
        organization = i.organization
        issuer = i.issuer
        subject = i.subject
        indicator = i.indicator
        measure = i.measure?.rawValue
        period = i.period
        polarity = i.polarity?.rawValue
        direction = i.direction?.rawValue
        value = i.value
        unit = i.unit
        threshold = rule?.thresholdText
        change = i.change
        previous_value = i.previousValue
        previous_year = i.previousYear
        report_year = i.reportYear
        file = i.file
        sha256 = i.sha256
        section = i.section
        context = i.context
        target = i.target
        target_context = i.targetContext
        reason = event.reason
        self.time = time
    }

    /// The marker saying event `n` was sent.
    public init(sent n: Int) {
        event = "sent"
        id = ""
        rule = ""
        self.n = n
    }

    /// The marker that commits a rule's silent re-baselining.
    public init(baselineOf rule: Rule, time: String) {
        event = "baseline"
        id = ""
        self.rule = rule.name
        fingerprint = rule.fingerprint
        self.time = time
    }

    public var instance: AlertInstance {
        var i = AlertInstance(id: id, rule: rule, issuer: issuer ?? "", organization: organization, subject: subject ?? "",
                              value: value, unit: unit ?? "", change: change, previousValue: previous_value,
                              previousYear: previous_year, reportYear: report_year, file: file ?? "", sha256: sha256 ?? "",
                              section: section, context: context ?? "")
        i.indicator = indicator
        i.measure = measure.flatMap(Measure.init(rawValue:))
        i.period = period
        i.polarity = polarity.flatMap(Polarity.init(rawValue:))
        i.direction = direction.flatMap(Direction.init(rawValue:))
        i.target = target
        i.targetContext = target_context
        return i
    }

    public func jsonLine() -> String {
        var w = JSONWriter(capacity: 512)
        w.object { w in
            w.key("schema"); w.value(1)
            w.key("event"); w.value(event)
            w.key("id"); w.value(id)
            w.key("rule"); w.value(rule)
            w.key("severity"); w.value(severity)
            w.key("fingerprint"); w.value(fingerprint)
            w.key("organization"); w.value(organization)
            w.key("issuer"); w.value(issuer)
            w.key("subject"); w.value(subject)
            w.key("indicator"); w.value(indicator)
            w.key("measure"); w.value(measure)
            w.key("period"); w.value(period)
            w.key("polarity"); w.value(polarity)
            w.key("direction"); w.value(direction)
            w.key("value"); w.value(value)
            w.key("unit"); w.value(unit)
            w.key("threshold"); w.value(threshold)
            w.key("change"); w.value(change)
            w.key("previous_value"); w.value(previous_value)
            w.key("previous_year"); w.value(previous_year)
            w.key("report_year"); w.value(report_year)
            w.key("file"); w.value(file)
            w.key("sha256"); w.value(sha256)
            w.key("section"); w.value(section)
            w.key("context"); w.value(context)
            w.key("target"); w.value(target)
            w.key("target_context"); w.value(target_context)
            w.key("reason"); w.value(reason)
            w.key("time"); w.value(time)
            w.key("n"); w.value(n)
        }
        return w.string
    }
}

/// What the alert stream says is firing now, and which rule definitions it was built with.
public struct AlertState: Sendable {
    public var active: [String: AlertInstance] = [:]
    public var fingerprints: [String: String] = [:]
    public var firedCount = 0
    /// Events written and not yet marked sent, by number.
    public var unsent: [Int: AlertRecord] = [:]
    /// The number the next firing or resolved event takes.
    public var nextNumber = 1
    private var pendingBaseline: [String: [String: AlertInstance]] = [:]

    public init() {}

    private mutating func noteNumbered(_ r: AlertRecord) {
        guard let n = r.n else { return }
        unsent[n] = r
        nextNumber = max(nextNumber, n + 1)
    }

    public mutating func apply(_ r: AlertRecord) {
        switch r.event {
        case "firing":
            active[r.id] = r.instance
            firedCount += 1
            noteNumbered(r)
        case "resolved":
            active[r.id] = nil
            noteNumbered(r)
        case "sent":
            if let n = r.n { unsent[n] = nil }
        case "baseline-firing":
            pendingBaseline[r.rule, default: [:]][r.id] = r.instance
        case "baseline":
            // The rule's alerts are now exactly those adopted before this marker.
            active = active.filter { $0.value.rule != r.rule }
            active.merge(pendingBaseline[r.rule] ?? [:]) { $1 }
            pendingBaseline[r.rule] = nil
            fingerprints[r.rule] = r.fingerprint
        default: break
        }
    }
}
