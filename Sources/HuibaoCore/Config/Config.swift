// huibao.conf: an INI file in the style of systemd units. Parsing is pure: text in, typed
// settings or a list of errors with line numbers out. Unknown keys are errors, not ignored,
// so a typo never silently falls back to a default.

public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, when the error is read from one of several (the indicator catalogue's).
    public var file: String?
    public var line: Int
    public var message: String
    public init(file: String? = nil, line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
    public var description: String { file.map { "\($0):\(line): \(message)" } ?? "line \(line): \(message)" }
}

public struct DaemonSettings: Sendable, Equatable {
    /// The drop folder. `work/`, `processed/` and `failed/` are created beside it.
    public var inbox = "/var/spool/huibao/inbox"
    /// Where the store lives; nil means `$STATE_DIRECTORY`, else /var/lib/huibao.
    public var state: String?
    public var rescanInterval: Double = 60
    public var settleTime: Double = 1
    public var maxFileSize = 16 << 20
    /// Parser threads; 0 means one per core.
    public var workers = 0
    /// Files claimed and not yet recorded, at most.
    public var maxInFlight = 16
    /// Attempts on a transient read error before the file goes to failed/.
    public var maxAttempts = 5
    /// A program run (without a shell) for each alert: the path, then its arguments.
    public var alertCommand: [String] = []
    public var alertCommandTimeout: Double = 10
    /// The shipped indicator catalogue, and the folder of the user's own (`*.conf`, read in name
    /// order after it, a section of the same name replacing the shipped one).
    public var indicators = "/usr/share/huibao/indicators.conf"
    public var indicatorsDirectory = "/etc/huibao/indicators.d"
    /// Where huibaod keeps the dashboard (`huibao dashboard`) written after each batch; nil: nowhere.
    public var dashboard: String?

    public init() {}
}

public struct Configuration: Sendable, Equatable {
    public var daemon = DaemonSettings()
    public var rules: [Rule] = []
    /// Read from the files `daemon.indicators` and `daemon.indicatorsDirectory` name (by the
    /// shell, which hands their texts to IndicatorCatalogue.parse).
    public var catalogue = IndicatorCatalogue.empty
    /// Where each rule's Indicator= stands, to check its names once the catalogue is read.
    public var indicatorLines: [String: Int] = [:]
    public init() {}

    /// The rules' indicator names (without wildcards) that the catalogue lacks: a rule that could
    /// never match is a mistake, said at once.
    public func unknownIndicators() -> [ConfigError] {
        var errors: [ConfigError] = []
        for rule in rules {
            for name in rule.indicators ?? [] where !name.contains("*") && !name.contains("?") && catalogue.indicator(named: name) == nil {
                errors.append(ConfigError(line: indicatorLines[rule.name] ?? 0,
                                          "[Rule \(rule.name)] Indicator=: '\(name)' is not in the indicator catalogue"))
            }
        }
        return errors
    }

    /// Parses the whole file; all errors are reported, in line order.
    public static func parse(_ text: String) -> Result<Configuration, ConfigErrors> {
        var config = Configuration()
        var errors: [ConfigError] = []
        var section: String?
        var seen: Set<String> = []
        var ruleSection: RuleSection?
        func finishRule() {
            guard let r = ruleSection else { return }
            ruleSection = nil
            switch r.build() {
            case .success(let rule):
                if let l = r.indicatorLine { config.indicatorLines[rule.name] = l }
                if config.rules.contains(where: { $0.name == rule.name }) {
                    errors.append(ConfigError(line: r.line, "[Rule \(rule.name)] defined twice"))
                } else {
                    config.rules.append(rule)
                }
            case .failure(let e): errors.append(e)
            }
        }
        for (lineNumber, line) in iniLines(text) {
            switch line {
            case .malformed(let message):
                errors.append(ConfigError(line: lineNumber, message))
            case .section(let name):
                finishRule()
                if name == "Daemon" {
                    section = name
                } else if let ruleName = namedSection(name, kind: "Rule") {
                    if ruleName.isEmpty || ruleName.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "/" }) {
                        errors.append(ConfigError(line: lineNumber, "a rule needs a name: [Rule NAME]"))
                        section = "?"
                    } else {
                        section = "Rule"
                        ruleSection = RuleSection(name: ruleName, line: lineNumber)
                    }
                } else {
                    errors.append(ConfigError(line: lineNumber, "unknown section [\(name)] (known: [Daemon], [Rule NAME])"))
                    section = "?"
                }
            case .entry(let key, let value):
                switch section {
                case nil:
                    errors.append(ConfigError(line: lineNumber, "\(key)= outside a section (start with [Daemon])"))
                case "Daemon":
                    if !seen.insert(key).inserted {
                        errors.append(ConfigError(line: lineNumber, "\(key)= given twice in [Daemon]"))
                    }
                    if let message = config.daemon.set(key, value) {
                        errors.append(ConfigError(line: lineNumber, message))
                    }
                case "Rule":
                    if let message = ruleSection?.set(key, value, line: lineNumber) {
                        errors.append(ConfigError(line: lineNumber, message))
                    }
                default:
                    continue // inside an unknown section, already reported
                }
            }
        }
        finishRule()
        errors.sort { $0.line < $1.line }
        return errors.isEmpty ? .success(config) : .failure(ConfigErrors(errors: errors))
    }
}

public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [ConfigError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension DaemonSettings {
    static let keys = ["Inbox", "State", "RescanInterval", "SettleTime", "MaxFileSize", "Workers",
                       "MaxInFlight", "MaxAttempts", "AlertCommand", "AlertCommandTimeout", "Indicators", "IndicatorsDirectory", "Dashboard"]

    /// Sets one key; returns an error message, or nil when the value was taken.
    mutating func set(_ key: String, _ value: String) -> String? {
        switch key {
        case "Inbox":
            guard !value.isEmpty else { return "Inbox= needs a directory" }
            inbox = value
        case "State":
            guard !value.isEmpty else { return "State= needs a directory" }
            state = value
        case "RescanInterval":
            guard let s = parseDuration(value), s >= 1 else { return "RescanInterval=: '\(value)' is not a duration of at least 1s (e.g. 60s, 5min)" }
            rescanInterval = s
        case "SettleTime":
            guard let s = parseDuration(value), s <= 3600 else { return "SettleTime=: '\(value)' is not a duration up to 1h (e.g. 1s, 500ms)" }
            settleTime = s
        case "MaxFileSize":
            guard let n = parseSize(value), n > 0 else { return "MaxFileSize=: '\(value)' is not a size (e.g. 16M, 512K)" }
            maxFileSize = n
        case "Workers":
            guard let n = Int(value), (0...64).contains(n) else { return "Workers=: '\(value)' is not a number from 0 (one per core) to 64" }
            workers = n
        case "MaxInFlight":
            guard let n = Int(value), (1...4096).contains(n) else { return "MaxInFlight=: '\(value)' is not a number from 1 to 4096" }
            maxInFlight = n
        case "MaxAttempts":
            guard let n = Int(value), (1...100).contains(n) else { return "MaxAttempts=: '\(value)' is not a number from 1 to 100" }
            maxAttempts = n
        case "AlertCommand":
            // Split on spaces and run directly: no shell ever sees a value from a report.
            let words = value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.first?.hasPrefix("/") == true else {
                return "AlertCommand=: '\(value)' must start with an absolute program path (it is run without a shell)"
            }
            alertCommand = words
        case "AlertCommandTimeout":
            guard let s = parseDuration(value), s > 0, s <= 600 else { return "AlertCommandTimeout=: '\(value)' is not a duration up to 10min" }
            alertCommandTimeout = s
        case "Indicators":
            guard !value.isEmpty else { return "Indicators= needs a file" }
            indicators = value
        case "IndicatorsDirectory":
            guard !value.isEmpty else { return "IndicatorsDirectory= needs a directory" }
            indicatorsDirectory = value
        case "Dashboard":
            guard !value.isEmpty else { return "Dashboard= needs a directory" }
            dashboard = value
        default:
            return "unknown key \(key)= in [Daemon] (known: \(DaemonSettings.keys.joined(separator: ", ")))"
        }
        return nil
    }
}

/// `60`, `60s`, `500ms`, `5min`, `1h` → seconds.
public func parseDuration(_ text: String) -> Double? {
    let units: [(String, Double)] = [("ms", 0.001), ("min", 60), ("s", 1), ("h", 3600)]
    for (suffix, factor) in units where text.hasSuffix(suffix) {
        guard let n = Double(text.dropLast(suffix.count).trimmingASCIISpaces()), n >= 0, n.isFinite else { return nil }
        return n * factor
    }
    guard let n = Double(text), n >= 0, n.isFinite else { return nil }
    return n
}

/// `16M`, `512K`, `1G`, `1000` → bytes.
public func parseSize(_ text: String) -> Int? {
    let units: [(String, Int)] = [("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
    for (suffix, factor) in units where text.hasSuffix(suffix) {
        guard let n = Int(text.dropLast()), n >= 0, n <= Int.max / factor else { return nil }
        return n * factor
    }
    return Int(text)
}

extension StringProtocol {
    func trimmingASCIISpaces() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start] == " " || scalars[start] == "\t" || scalars[start] == "\r" {
            start = scalars.index(after: start)
        }
        while end > start {
            let before = scalars.index(before: end)
            guard scalars[before] == " " || scalars[before] == "\t" || scalars[before] == "\r" else { break }
            end = before
        }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}
