// indicators.conf and the files of indicators.d: `[Indicator NAME]` sections in the INI style of
// huibao.conf. Pure: the shell reads the files and hands their texts in, in order; a later file's
// section of the same name replaces an earlier one whole, so users override the shipped catalogue
// without editing it.

extension IndicatorCatalogue {
    public static let keys = ["Alias", "Exclude", "Domain", "Unit", "Polarity"]

    /// The catalogue of `files` (name and text, the shipped one first). All errors, by file and line.
    public static func parse(files: [(name: String, text: String)]) -> Result<IndicatorCatalogue, ConfigErrors> {
        var order: [String] = []
        var byName: [String: Indicator] = [:]
        var errors: [ConfigError] = []
        for file in files {
            switch parseFile(file.text, name: file.name) {
            case .failure(let e): errors += e.errors
            case .success(let indicators):
                for ind in indicators {
                    if byName[ind.name] == nil { order.append(ind.name) }
                    byName[ind.name] = ind
                }
            }
        }
        guard errors.isEmpty else { return .failure(ConfigErrors(errors: errors)) }
        return .success(IndicatorCatalogue(order.map { byName[$0]! }))
    }

    /// The indicators of one file, in file order.
    static func parseFile(_ text: String, name file: String) -> Result<[Indicator], ConfigErrors> {
        var out: [Indicator] = []
        var errors: [ConfigError] = []
        var current: (name: String, line: Int, values: [String: (String, Int)])?
        func fail(_ line: Int, _ message: String) { errors.append(ConfigError(file: file, line: line, message)) }
        func finish() {
            defer { current = nil }
            guard let c = current, c.name != "?" else { return }
            let where_ = "[Indicator \(c.name)]"
            for key in ["Domain", "Unit", "Polarity"] where c.values[key] == nil {
                fail(c.line, "\(where_) needs \(key)=")
            }
            func words(_ key: String) -> [String] {
                (c.values[key]?.0 ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            }
            var domain = Domain.economy, polarity = Polarity.none
            var units: Set<UnitFamily> = []
            if let (v, l) = c.values["Domain"] {
                if let d = Domain(rawValue: v) { domain = d } else {
                    fail(l, "\(where_) Domain=: '\(v)' is not one of \(Domain.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            if let (v, l) = c.values["Polarity"] {
                if let p = Polarity(rawValue: v) { polarity = p } else { fail(l, "\(where_) Polarity=: '\(v)' is not up, down or none") }
            }
            if let (_, l) = c.values["Unit"] {
                for w in words("Unit") {
                    if let u = UnitFamily(rawValue: w) { units.insert(u) } else {
                        fail(l, "\(where_) Unit=: '\(w)' is not one of \(UnitFamily.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
                if units.isEmpty && words("Unit").isEmpty { fail(l, "\(where_) Unit= is empty") }
            }
            let aliases = words("Alias"), excludes = words("Exclude")
            for (key, list) in [("Alias", aliases), ("Exclude", excludes)] {
                if let (_, l) = c.values[key], list.isEmpty { fail(l, "\(where_) \(key)= is empty") }
            }
            if let hit = excludes.first(where: { ex in ([c.name] + aliases).contains { $0 == ex } }), let (_, l) = c.values["Exclude"] {
                fail(l, "\(where_) Exclude=: '\(hit)' is also an alias: the indicator could never match it")
            }
            if out.contains(where: { $0.name == c.name }) {
                fail(c.line, "\(where_) defined twice in this file")
            }
            out.append(Indicator(name: c.name, aliases: aliases, excludes: excludes, domain: domain, units: units,
                                 polarity: polarity, origin: "\(file):\(c.line)"))
        }
        for (number, line) in iniLines(text) {
            switch line {
            case .malformed(let message): fail(number, message)
            case .section(let header):
                finish()
                guard let name = namedSection(header, kind: "Indicator") else {
                    fail(number, "unknown section [\(header)] (known: [Indicator NAME])")
                    current = ("?", number, [:])
                    continue
                }
                if name.isEmpty || name.unicodeScalars.contains(where: { $0.value < 0x21 }) {
                    fail(number, "an indicator needs a name without spaces: [Indicator NAME]")
                }
                current = (name, number, [:])
            case .entry(let key, let value):
                guard current != nil else { fail(number, "\(key)= outside a section (start with [Indicator NAME])"); continue }
                guard current!.name != "?" else { continue }
                guard IndicatorCatalogue.keys.contains(key) else {
                    fail(number, "unknown key \(key)= in [Indicator \(current!.name)] (known: \(IndicatorCatalogue.keys.joined(separator: ", ")))")
                    continue
                }
                if current!.values[key] != nil { fail(number, "\(key)= given twice in [Indicator \(current!.name)]"); continue }
                current!.values[key] = (value, number)
            }
        }
        finish()
        errors.sort { $0.line < $1.line }
        return errors.isEmpty ? .success(out) : .failure(ConfigErrors(errors: errors))
    }
}
