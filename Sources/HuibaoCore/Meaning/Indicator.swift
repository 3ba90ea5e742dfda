// What a figure measures: the indicators of the catalogue, and the choice of one for a figure's
// subject. The catalogue is a value parsed from its text (IndicatorCatalogue.parse) and passed in;
// the core never reads it from a file.

public enum Domain: String, Sendable, CaseIterable, Codable {
    case economy, fiscal, investment, industry, consumption, trade, employment, income, agriculture, safety
    case publicOrder = "public-order"
    case petitions, environment, health, education, housing, epidemic, party, services
}

/// Which way is good news: `up` a rise, `down` a fall; `none` neither (activity counts, one-off sums).
public enum Polarity: String, Sendable, CaseIterable, Codable {
    case up, down, none
}

/// The family of a figure's unit: a level of 固定资产投资 is money, never a count of projects.
public enum UnitFamily: String, Sendable, CaseIterable {
    case money, count, percent, area, weight, length, volume, energy, concentration, duration, any

    /// The family of a figure's base unit (`元`, `%`, `平方米`, `人`, `微克/立方米`): one hash
    /// lookup (this runs for every figure).
    public static func of(unit: String) -> UnitFamily {
        if let family = UnitFamily.byUnit[unit] { return family }
        if unit.utf8.contains(UInt8(ascii: "/")) { return unit.hasPrefix("元") ? .money : .concentration }
        return .count
    }

    private static let byUnit: [String: UnitFamily] = {
        var map: [String: UnitFamily] = [:]
        let table: [(UnitFamily, String)] = [
            (.money, "元 美元 港元 欧元"), (.percent, "% 个百分点"), (.area, "平方米 平方公里 平方千米 亩 公顷"),
            (.weight, "吨 千克 公斤 克 斤 毫克 微克 kg"), (.length, "公里 千米 米 延米 km"), (.volume, "立方米 升 毫升"),
            (.energy, "千瓦时 千瓦 兆瓦 瓦 吨标准煤 kWh kW MW GW"),
            (.duration, "小时 个小时 天 个月 周 年 分钟 秒 个工作日 工作日 个季度"),
        ]
        for (family, units) in table { for u in units.split(separator: " ") { map[String(u)] = family } }
        return map
    }()
}

public struct Indicator: Sendable, Equatable {
    /// The canonical name, the section's name in the catalogue.
    public var name: String
    /// Words that name it in a subject (the name is one of them).
    public var aliases: [String]
    /// Look-alikes: a subject holding one of these is never this indicator.
    public var excludes: [String]
    public var domain: Domain
    public var units: Set<UnitFamily>
    public var polarity: Polarity
    /// Where it was defined, for messages (`indicators.conf:120`).
    public var origin: String

    public init(name: String, aliases: [String] = [], excludes: [String] = [], domain: Domain,
                units: Set<UnitFamily> = [.any], polarity: Polarity, origin: String = "") {
        self.name = name
        self.aliases = aliases.contains(name) ? aliases : [name] + aliases
        self.excludes = excludes
        self.domain = domain
        self.units = units
        self.polarity = polarity
        self.origin = origin
    }

    func accepts(unit family: UnitFamily) -> Bool { units.contains(.any) || units.contains(family) }
}

/// The indicators, indexed for matching: a subject is read once, scalar by scalar, against the
/// aliases that start with each scalar, so the cost does not grow with the catalogue.
public struct IndicatorCatalogue: Sendable, Equatable {
    public let indicators: [Indicator]
    private let byFirst: ScalarIndex<[(alias: [Unicode.Scalar], indicator: Int)]>
    /// Aliases with a `*` (规上*增加值), tried by glob: few, and only when no plain alias is longer.
    private let globs: [(pattern: String, piece: [Unicode.Scalar], length: Int, indicator: Int)]
    private let excludes: [[[Unicode.Scalar]]]
    private let byName: [String: Int]

    public static let empty = IndicatorCatalogue([])

    public init(_ indicators: [Indicator]) {
        self.indicators = indicators
        var first: [Unicode.Scalar: [(alias: [Unicode.Scalar], indicator: Int)]] = [:]
        var globs: [(String, [Unicode.Scalar], Int, Int)] = []
        for (i, ind) in indicators.enumerated() {
            for alias in ind.aliases where !alias.isEmpty {
                if alias.contains("*") || alias.contains("?") {
                    // Its longest literal piece, looked for first: most subjects lack it.
                    let piece = alias.split(whereSeparator: { $0 == "*" || $0 == "?" }).max { $0.count < $1.count }.map { Array($0.unicodeScalars) } ?? []
                    globs.append(("*" + alias + "*", piece, alias.unicodeScalars.filter { $0 != "*" }.count, i))
                } else {
                    let s = Array(alias.unicodeScalars)
                    first[s[0], default: []].append((s, i))
                }
            }
        }
        for k in first.keys { first[k]!.sort { $0.alias.count > $1.alias.count } }
        byFirst = ScalarIndex(first)
        self.globs = globs
        excludes = indicators.map { $0.excludes.map { Array($0.unicodeScalars) } }
        var names: [String: Int] = [:]
        for (i, ind) in indicators.enumerated() { names[ind.name] = i }
        byName = names
    }

    public static func == (a: IndicatorCatalogue, b: IndicatorCatalogue) -> Bool { a.indicators == b.indicators }

    public func indicator(named name: String) -> Indicator? { byName[name].map { indicators[$0] } }

    /// The indicator a subject names: of those with an alias in it and none of their look-alikes,
    /// the one with the longest alias (规上工业增加值 before 工业增加值); the earlier one on a tie.
    /// `unit`, when given, must be of a family the indicator is measured in (a level's unit).
    static let newlyAdded: [Unicode.Scalar] = ["新", "增"]

    public func match(subject: String, unit: UnitFamily?) -> Indicator? {
        let s = Array(subject.unicodeScalars)
        guard !s.isEmpty else { return nil }
        var best: (length: Int, indicator: Int)?
        let newlyAdded = Scalars.find(IndicatorCatalogue.newlyAdded, in: s, 0..<s.count)
        func consider(_ length: Int, _ i: Int) {
            if let b = best, b.length > length || (b.length == length && b.indicator <= i) { return }
            if let unit, !indicators[i].accepts(unit: unit) { return }
            if excludes[i].contains(where: { Scalars.contains($0, in: s) }) { return }
            best = (length, i)
        }
        for start in s.indices {
            guard let candidates = byFirst[s[start]] else { continue }
            // 新增减税降费及退税缓费 is only the newly added part of 减税降费 and 退税: an increment
            // is an indicator's only where the catalogue lists the 新增 form (新增市场主体, 新增就业).
            let increment = newlyAdded.map { $0 + 2 <= start } ?? false
            for c in candidates where !increment && Scalars.has(c.alias, at: start, in: s, before: s.count) {
                consider(c.alias.count, c.indicator)
            }
        }
        for g in globs where best.map({ $0.length <= g.length }) ?? true && Scalars.contains(g.piece, in: s) && subjectMatches(g.pattern, subject) {
            consider(g.length, g.indicator)
        }
        return best.map { indicators[$0.indicator] }
    }
}
