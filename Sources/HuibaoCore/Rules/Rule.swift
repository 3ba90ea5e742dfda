// Alert rules: which figures a rule looks at, and the line it draws.

public enum Severity: String, Sendable, CaseIterable, Equatable {
    case critical, error, warning, notice, info

    /// syslog priority, as journald's PRIORITY takes it.
    public var priority: Int {
        switch self {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        }
    }
}

public enum AlertMode: String, Sendable, Equatable {
    /// Every report whose figure is beyond the line alerts.
    case level
    /// Only a report that crosses the line compared with the issuer's previous report alerts,
    /// and a later report back within the line resolves it.
    case crossing
}

/// The line a rule draws.
public enum Condition: Sendable, Equatable {
    /// The figure's own value above or below a threshold.
    case above(Double, inclusive: Bool)
    case below(Double, inclusive: Bool)
    /// The change against the issuer's previous report of the same subject, in percent.
    case changeAbove(Double)
    case changeBelow(Double)
    /// The change against the previous report, as a difference in the figure's unit.
    case deltaAbove(Double)
    case deltaBelow(Double)
    /// A zero-event the previous report claimed (安全事故零发生) that this report no longer claims.
    case zeroEventMissing
    /// Bad news, whatever the sign: the figure's own direction is worse (a growth against the
    /// indicator's polarity, a full-year completion short of 100 %), or else against the issuer's
    /// previous report of the same indicator (an `up` level that fell, a `down` one that rose,
    /// a rank that fell).
    case worse
    /// A plan's target for a year that the issuer's actual of that year fell short of.
    case targetMissed

    public var comparesWithPrevious: Bool {
        switch self {
        case .above, .below, .worse, .targetMissed: false
        default: true
        }
    }
}

public struct Rule: Sendable, Equatable {
    public var name: String
    public var kinds: Set<FigureKind> = []
    /// A glob (`*完成率*`) or, without wildcards, a substring of the subject; `a|b` for either.
    public var subject: String?
    public var unit: String?
    public var parts: Set<ReportPart> = [.achievements]
    public var organization: String?
    public var place: String?
    public var levels: Set<DocumentLevel> = []
    /// Indicator names or globs (`*收入`); nil looks at every figure, with an indicator or not.
    public var indicators: [String]?
    public var domains: Set<Domain> = []
    public var measures: Set<Measure> = []
    /// Periods as the figures carry them (`year`, `H1`, `Q1-Q3`, `1-9月`, `cumulative`).
    public var periods: Set<String> = []
    public var polarities: Set<Polarity> = []
    public var condition: Condition
    public var mode: AlertMode = .level
    public var hysteresis: Double = 0
    public var severity: Severity = .warning

    public init(name: String, condition: Condition) {
        self.name = name
        self.condition = condition
    }

    /// A short text of the line, for messages: "< 0", "≤ 100 %", "change < -50 %".
    public var thresholdText: String {
        let u = unit.map { " " + $0 } ?? ""
        switch condition {
        case .above(let t, let inclusive): return (inclusive ? "≥ " : "> ") + format(t) + u
        case .below(let t, let inclusive): return (inclusive ? "≤ " : "< ") + format(t) + u
        case .changeAbove(let t): return "change > " + format(t) + " %"
        case .changeBelow(let t): return "change < " + format(t) + " %"
        case .deltaAbove(let t): return "increase > " + format(t) + u
        case .deltaBelow(let t): return "decrease below " + format(t) + u
        case .zeroEventMissing: return "no longer reported as zero"
        case .worse: return "worse"
        case .targetMissed: return "short of the plan's target"
        }
    }

    /// A stable fingerprint of the definition: when it changes, the daemon re-baselines the
    /// rule silently instead of flooding the journal with what the new definition implies.
    public var fingerprint: String {
        let fields: [String] = [
            name, kinds.map(\.rawValue).sorted().joined(separator: ","), subject ?? "", unit ?? "",
            parts.map(\.rawValue).sorted().joined(separator: ","), organization ?? "", place ?? "",
            levels.map(\.rawValue).sorted().joined(separator: ","), "\(condition)", mode.rawValue,
            format(hysteresis), severity.rawValue,
            indicators?.joined(separator: "|") ?? "", domains.map(\.rawValue).sorted().joined(separator: ","),
            measures.map(\.rawValue).sorted().joined(separator: ","), periods.sorted().joined(separator: ","),
            polarities.map(\.rawValue).sorted().joined(separator: ","),
        ]
        return String(SHA256.hex(Array(fields.joined(separator: "\u{1F}").utf8)).prefix(16))
    }
}

func format(_ d: Double) -> String { JSONWriter.format(d) }

/// Whether `piece` occurs in `text`, compared as UTF-8 bytes (scalar by scalar, which is what
/// a subject pattern means; String.contains compares grapheme clusters and is far slower).
func containsUTF8(_ text: String, _ piece: String) -> Bool {
    var text = text, piece = piece
    return text.withUTF8 { t in
        piece.withUTF8 { p in
            guard let first = p.first else { return true }
            guard p.count <= t.count else { return false }
            var i = 0
            while i <= t.count - p.count {
                if t[i] == first {
                    var j = 1
                    while j < p.count && t[i + j] == p[j] { j += 1 }
                    if j == p.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}

/// `*` matches any run of characters, `?` one; without either the pattern is a substring.
/// `a|b` matches either alternative.
/// With `whole`, a pattern without wildcards must equal the text (an indicator's name).
public func subjectMatches(_ pattern: String, _ text: String, whole: Bool = false) -> Bool {
    if pattern.contains("|") {
        return pattern.split(separator: "|").contains { subjectMatches(String($0), text, whole: whole) }
    }
    guard pattern.utf8.contains(where: { $0 == 0x2A || $0 == 0x3F }) else { return whole ? text == pattern : containsUTF8(text, pattern) }
    let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
    // Iterative glob with one backtrack point: linear in practice, no recursion.
    var pi = 0, ti = 0, star = -1, mark = 0
    while ti < t.count {
        if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
            pi += 1; ti += 1
        } else if pi < p.count && p[pi] == "*" {
            star = pi; mark = ti; pi += 1
        } else if star >= 0 {
            pi = star + 1; mark += 1; ti = mark
        } else {
            return false
        }
    }
    while pi < p.count && p[pi] == "*" { pi += 1 }
    return pi == p.count
}
