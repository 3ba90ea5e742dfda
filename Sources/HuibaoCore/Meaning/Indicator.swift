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

    /// The family of a figure's base unit (`元`, `%`, `平方米`, `人`, `微克/立方米`). This runs for
    /// every figure: the unit's bytes are compared, since hashing a Chinese String normalises it.
    public static func of(unit: String) -> UnitFamily {
        var unit = unit
        return unit.withUTF8 { bytes in
            let h = fnv(bytes)
            var slot = Int(truncatingIfNeeded: h) & (known.slots - 1)
            while let family = known.families[slot] {
                if known.hashes[slot] == h && known.units[slot].elementsEqual(bytes) { return family }
                slot = (slot + 1) & (known.slots - 1)
            }
            if bytes.contains(UInt8(ascii: "/")) { return bytes.starts(with: "元".utf8) ? .money : .concentration }
            return .count
        }
    }

    /// One bit per family, for the catalogue's per-indicator masks.
    var bit: UInt32 {
        switch self {
        case .money: 1 << 0
        case .count: 1 << 1
        case .percent: 1 << 2
        case .area: 1 << 3
        case .weight: 1 << 4
        case .length: 1 << 5
        case .volume: 1 << 6
        case .energy: 1 << 7
        case .concentration: 1 << 8
        case .duration: 1 << 9
        case .any: 1 << 10
        }
    }

    private static func fnv(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// The units of a known family by the FNV-1a hash of their bytes, in an open-addressed
    /// table (a Dictionary would hash the hash again).
    private static let known: (slots: Int, hashes: [UInt64], units: [[UInt8]], families: [UnitFamily?]) = {
        let table: [(UnitFamily, String)] = [
            (.money, "元 美元 港元 欧元"), (.percent, "% 个百分点"), (.area, "平方米 平方公里 平方千米 亩 公顷"),
            (.weight, "吨 千克 公斤 克 斤 毫克 微克 kg"), (.length, "公里 千米 米 延米 km"), (.volume, "立方米 升 毫升"),
            (.energy, "千瓦时 千瓦 兆瓦 瓦 吨标准煤 kWh kW MW GW"),
            (.duration, "小时 个小时 天 个月 周 年 分钟 秒 个工作日 工作日 个季度"),
        ]
        let slots = 256
        var hashes = [UInt64](repeating: 0, count: slots)
        var units = [[UInt8]](repeating: [], count: slots)
        var families = [UnitFamily?](repeating: nil, count: slots)
        for (family, list) in table {
            for u in list.split(separator: " ") {
                let bytes = Array(u.utf8)
                let h = bytes.withUnsafeBufferPointer(fnv)
                var slot = Int(truncatingIfNeeded: h) & (slots - 1)
                while families[slot] != nil { slot = (slot + 1) & (slots - 1) }
                (hashes[slot], units[slot], families[slot]) = (h, bytes, family)
            }
        }
        return (slots, hashes, units, families)
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
}

/// The indicators, indexed for matching: a subject is read once, scalar by scalar, against the
/// aliases that start with each scalar pair, so the cost does not grow with the catalogue.
public struct IndicatorCatalogue: Sendable, Equatable {
    public let indicators: [Indicator]
    /// The plain aliases of two scalars or more, all in one buffer (no reference counting while
    /// matching): per first two scalars, a run of `aliases`, longest first.
    private let byPair: ScalarPairIndex
    private let aliases: [(offset: Int, length: Int, indicator: Int)]
    private let aliasScalars: [Unicode.Scalar]
    /// The indicators of one-scalar aliases, by that scalar.
    private let byOneScalar: ScalarIndex<[Int]>
    private let hasOneScalarAliases: Bool
    /// Each indicator's unit families as bits (UnitFamily.bit).
    private let unitBits: [UInt32]
    /// Aliases with a `*` (规上*增加值), tried by glob: few, and only when no plain alias is longer.
    private let globs: [(pattern: String, piece: [Unicode.Scalar], length: Int, indicator: Int)]
    /// The first scalars of the globs' pieces: a subject holding none of them tries no glob
    /// (nil when some glob has no literal piece to look for).
    private let globFirsts: [Unicode.Scalar]?
    private let excludes: [[[Unicode.Scalar]]]
    private let byName: [String: Int]

    public static let empty = IndicatorCatalogue([])

    public init(_ indicators: [Indicator]) {
        self.indicators = indicators
        var byPair: [ScalarPairIndex.Key: [(alias: [Unicode.Scalar], indicator: Int)]] = [:]
        var byOne: [Unicode.Scalar: [Int]] = [:]
        var globs: [(String, [Unicode.Scalar], Int, Int)] = []
        for (i, ind) in indicators.enumerated() {
            for alias in ind.aliases where !alias.isEmpty {
                if alias.contains("*") || alias.contains("?") {
                    // Its longest literal piece, looked for first: most subjects lack it.
                    let piece = alias.split(whereSeparator: { $0 == "*" || $0 == "?" }).max { $0.count < $1.count }.map { Array($0.unicodeScalars) } ?? []
                    globs.append(("*" + alias + "*", piece, alias.unicodeScalars.filter { $0 != "*" }.count, i))
                } else {
                    let s = Array(alias.unicodeScalars)
                    if s.count == 1 {
                        byOne[s[0], default: []].append(i)
                    } else {
                        byPair[ScalarPairIndex.key(s[0], s[1]), default: []].append((s, i))
                    }
                }
            }
        }
        var runs: [ScalarPairIndex.Key: Range<Int>] = [:]
        var entries: [(offset: Int, length: Int, indicator: Int)] = []
        var flat: [Unicode.Scalar] = []
        for (k, list) in byPair {
            let from = entries.count
            for (alias, i) in list.sorted(by: { $0.alias.count > $1.alias.count }) {
                entries.append((flat.count, alias.count, i))
                flat += alias
            }
            runs[k] = from..<entries.count
        }
        self.byPair = ScalarPairIndex(runs)
        aliases = entries
        aliasScalars = flat
        byOneScalar = ScalarIndex(byOne)
        hasOneScalarAliases = !byOne.isEmpty
        unitBits = indicators.map { $0.units.reduce(0) { $0 | $1.bit } }
        self.globs = globs
        globFirsts = globs.contains { $0.1.isEmpty } ? nil : Array(Set(globs.compactMap { $0.1.first }))
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
    public func match(subject: String, unit: UnitFamily?) -> Indicator? {
        matchIndex(Array(subject.unicodeScalars), unit: unit).map { indicators[$0] }
    }

    /// `match` on a subject already in scalars, giving the indicator's place in `indicators`
    /// (this runs for every figure: no String to decode, no Indicator to copy).
    func matchIndex(_ s: [Unicode.Scalar], unit: UnitFamily?) -> Int? {
        guard !s.isEmpty else { return nil }
        var best: (length: Int, indicator: Int)?
        // Where 新增 first stands, once the loop has passed it.
        var newlyAdded: Int? = nil
        func consider(_ length: Int, _ i: Int) {
            if let b = best, b.length > length || (b.length == length && b.indicator <= i) { return }
            if let unit, unitBits[i] & (unit.bit | UnitFamily.any.bit) == 0 { return }
            if excludes[i].contains(where: { Scalars.contains($0, in: s) }) { return }
            best = (length, i)
        }
        for start in s.indices {
            // 新增减税降费及退税缓费 is only the newly added part of 减税降费 and 退税: an increment
            // is an indicator's only where the catalogue lists the 新增 form (新增市场主体, 新增就业).
            if let n = newlyAdded, n + 2 <= start { break }
            if newlyAdded == nil, start + 1 < s.count, s[start] == "新", s[start + 1] == "增" { newlyAdded = start }
            if start + 1 < s.count, let run = byPair[s[start], s[start + 1]] {
                for k in run {
                    let c = aliases[k]
                    // Longest first: once shorter than the best, no later candidate can win.
                    if let b = best, c.length < b.length { break }
                    guard start + c.length <= s.count else { continue }
                    var j = 2
                    while j < c.length && aliasScalars[c.offset + j] == s[start + j] { j += 1 }
                    if j == c.length { consider(c.length, c.indicator) }
                }
            }
            if hasOneScalarAliases, (best?.length ?? 0) <= 1, let ones = byOneScalar[s[start]] {
                for i in ones { consider(1, i) }
            }
        }
        if let firsts = globFirsts, !s.contains(where: firsts.contains) { return best?.indicator }
        for g in globs where best.map({ $0.length <= g.length }) ?? true && Scalars.contains(g.piece, in: s) && subjectMatches(g.pattern, Scalars.string(s[...])) {
            consider(g.length, g.indicator)
        }
        return best?.indicator
    }
}
