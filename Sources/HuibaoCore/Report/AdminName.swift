// The name of an issuing body as written: a chain of administrative places (深圳市 罗湖区
// 翠竹街道) and the body's own suffix (办事处, 党工委, 人民政府) or a department (应急管理局).
// `中共…工作委员会` is the full form of `…党工委`, `中共…委员会` of `…党委`.

struct AdminName {
    struct Segment {
        /// Name and suffix as written: 罗湖区, 翠竹街道.
        var text: String
        var level: DocumentLevel
        /// Written with placeholders (XX街道, *镇, 某某区): the text does not name the place.
        var anonymised: Bool
    }

    var segments: [Segment]
    /// The body after the places, in its short form (党工委, 人民政府) or a department as written
    /// (应急管理局, 人民政府办公室), or nil for a bare place.
    var body: String?
    var range: Range<Int>

    var lowest: Segment { segments[segments.count - 1] }

    /// The shortest full official name: the issuer's own place and its body, without the places
    /// above. A department keeps the place it serves (赣州市交通运输局): that is its own level.
    var organization: String? {
        lowest.anonymised ? nil : lowest.text + (body ?? "")
    }

    static let placeSuffixes: [(word: [Unicode.Scalar], level: DocumentLevel)] = ([
        ("自治区", .province), ("自治州", .city), ("自治县", .county), ("街道", .subdistrict),
        ("省", .province), ("市", .city), ("区", .district), ("县", .county), ("旗", .county),
        ("镇", .town), ("乡", .township),
    ] as [(String, DocumentLevel)]).map { (Scalars.word($0.0), $0.1) }

    /// Common two-scalar words that end like a place but name none.
    static let commonWords: Set<String> = [
        "社区", "小区", "片区", "辖区", "园区", "景区", "校区", "城区", "山区", "市区", "街区", "地区", "新区",
        "城市", "都市", "超市", "城镇", "乡镇", "村镇", "集镇", "小镇", "城乡", "全市", "全区", "全县", "全省",
    ]

    /// Zones named like districts (核心区, 示范区) that no administration issues reports for.
    static let zoneWords = Scalars.words(["核心区", "示范区", "先行区", "功能区", "集聚区", "试验区", "承载区", "引领区", "先导区"])

    /// Bodies, longest first, with the short form each is named by.
    static let bodies: [(word: [Unicode.Scalar], short: String)] = ([
        ("工作委员会", "工作委员会"), ("管理委员会", "管委会"), ("人民政府", "人民政府"),
        ("办事处", "办事处"), ("党工委", "党工委"), ("管委会", "管委会"), ("委员会", "委员会"),
        ("政府", "人民政府"), ("党委", "党委"),
    ] as [(String, String)]).map { (Scalars.word($0.0), $0.1) }

    /// The provinces and autonomous regions, by the name before 省 or 自治区.
    static let provinces = Scalars.words(["河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东",
                                          "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾",
                                          "内蒙古", "广西壮族", "西藏", "宁夏回族", "新疆维吾尔"])

    static let partyPrefix = Scalars.word("中共")
    /// Words after which a name may start although a Han scalar precedes it (关于…, 我代表…).
    static let leadWords = scalarWords("关于 代表 围绕 落实 贯彻 按照 根据 紧扣 聚焦 坚持")

    /// Function words and title words that never stand inside a place name.
    static let stops = scalarSet("在年月日的下是和与及暨对把以为于了等各全本我其该将由向从按经委府党共度届次这有无不也并且请召")
    /// Function words that also begin place names (无锡市, 日照市, 从化区, 和平区, 于洪区): a name
    /// starts at one only when none starts right after it (位于罗湖区 is 罗湖区).
    static let softStops = scalarSet("无日从和于全将下且府")
    static let placeholders = scalarSet("XxＸｘ×*＊某○〇?？□")

    static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        (Scalars.isHan(c) && !stops.contains(c)) || placeholders.contains(c)
    }

    static let maxNameLength = 7

    /// Departments end in one of these (交通运输局, 发展和改革委员会, 政府办公室, 政务服务中心…).
    static let departmentEnds = Scalars.words([
        "委员会", "联合会", "办公室", "研究室", "中心", "工会", "局", "委", "办", "厅", "署", "院", "部", "处", "站", "所",
    ])
    /// Words of running text that never stand inside a department's name (住房和城乡建设局 and
    /// 国有资产监督管理委员会 keep 和 and 有).
    static let departmentStops = scalarSet("在年月日的了是对把以为于等各全本我其该将由向从按这无不也都并且下")
    /// Words that may follow a department's name in a title (…局关于…, …局工作总结, …局年度…).
    static let departmentFollowers = Scalars.words(["关于", "工作", "年度", "上半年", "下半年", "全年"])
    static let shortestDepartment = 3
    static let longestDepartment = 16

    /// The name starting exactly at `i`, if one does. `departments`: also read a department after
    /// the places; only for lines that name an issuer (title, metadata, signature, byline), as a
    /// sentence could otherwise be read as one.
    static func parse(_ s: [Unicode.Scalar], at i: Int, before end: Int, departments: Bool = false) -> AdminName? {
        var p = i
        let party = Scalars.has(partyPrefix, at: p, in: s, before: end)
        if party { p += partyPrefix.count }
        var segments: [Segment] = []
        // Places nest downwards (苏州市 昆山市 周市镇): a higher level after a lower one is no part of the name.
        while segments.count < 6,
              let (segment, next) = segment(s, at: p, before: end),
              segments.last.map({ segment.level.rank <= $0.level.rank }) ?? true {
            segments.append(segment)
            p = next
        }
        guard !segments.isEmpty else { return nil }
        var body: String?
        if let b = bodies.first(where: { Scalars.has($0.word, at: p, in: s, before: end) }) {
            body = b.short
            if party, b.short == "工作委员会" { body = "党工委" } else if party, b.short == "委员会" { body = "党委" }
            p += b.word.count
        } else if p < end, s[p] == "委", segments[segments.count - 1].level.rank >= DocumentLevel.county.rank {
            // 丰泽区委, 霍山县委: the party committee of a county or above.
            body = "委"
            p += 1
        }
        // A department after the places, or an office of the body (人民政府办公室).
        if departments, let d = department(s, at: p, before: end) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: s[p..<d])
            body = (body ?? "") + String(view)
            p = d
        }
        return AdminName(segments: segments, body: body, range: i..<p)
    }

    /// The end of the department name starting at `p`: the shortest run of name scalars that ends
    /// like a department and is followed by the end of the name.
    static func department(_ s: [Unicode.Scalar], at p: Int, before end: Int) -> Int? {
        func inName(_ c: Unicode.Scalar) -> Bool { Scalars.isHan(c) && !departmentStops.contains(c) }
        var e = p
        while e < end, e - p < longestDepartment, inName(s[e]) {
            e += 1
            guard e - p >= shortestDepartment,
                  departmentEnds.contains(where: { Scalars.has($0, at: e - $0.count, in: s, before: e) && e - $0.count >= p })
            else { continue }
            if e == end || !inName(s[e]) || departmentFollowers.contains(where: { Scalars.has($0, at: e, in: s, before: end) }) {
                return e
            }
        }
        return nil
    }

    /// The first name in `range` that starts where a word can start (after punctuation,
    /// a digit, a function word, or 关于/中共).
    static func first(in s: [Unicode.Scalar], _ range: Range<Int>, departments: Bool = false) -> AdminName? {
        var i = range.lowerBound
        while i < range.upperBound {
            let starts = i == range.lowerBound || !isNameScalar(s[i - 1])
                || (placeholders.contains(s[i]) && !placeholders.contains(s[i - 1]))
                || leadWords.match(in: s, endingAt: i) != nil
            if starts, isNameScalar(s[i]) || softStops.contains(s[i]) || Scalars.has(partyPrefix, at: i, in: s, before: range.upperBound),
               let name = parse(s, at: i, before: range.upperBound, departments: departments) {
                return name
            }
            i += 1
        }
        return nil
    }

    /// Every name in `range`, in order.
    static func all(in s: [Unicode.Scalar], _ range: Range<Int>) -> [AdminName] {
        var names: [AdminName] = []
        var from = range.lowerBound
        while from < range.upperBound, let name = first(in: s, from..<range.upperBound) {
            names.append(name)
            from = name.range.upperBound
        }
        return names
    }

    /// Place names of one scalar are real only for counties (沛县, 萧县); after one scalar, 区, 市,
    /// 乡… are part of a longer name (宁乡市) or of the sentence (请区政协…).
    static let singleScalarSuffixes = Scalars.words(["县"])

    /// A name of one scalar and a level word may be the start of a longer name (宁乡市, 草市街街道),
    /// whose level word then comes soon.
    static let longestAfterShortName = 3

    /// The place segment at `i`. It may begin with a soft stop only when no segment begins right after it.
    private static func segment(_ s: [Unicode.Scalar], at i: Int, before end: Int) -> (Segment, Int)? {
        if let found = segment(s, at: i, before: end, softStart: false) { return found }
        guard i + 1 < end, softStops.contains(s[i]), segment(s, at: i + 1, before: end, softStart: false) == nil else { return nil }
        return segment(s, at: i, before: end, softStart: true)
    }

    private static func segment(_ s: [Unicode.Scalar], at i: Int, before end: Int, softStart: Bool) -> (Segment, Int)? {
        var q = i
        var skippedShortName = false
        while q < end, q - i <= maxNameLength {
            if skippedShortName, q - i > longestAfterShortName { return nil }
            if q > i, let suffix = placeSuffixes.first(where: { Scalars.has($0.word, at: q, in: s, before: end) }) {
                var next = q + suffix.word.count
                var view = String.UnicodeScalarView()
                view.append(contentsOf: s[i..<next])
                if commonWords.contains(String(view)) { return nil }
                if softStart {
                    // 无锡市, 和平区: two scalars and the level word, no common word after the first.
                    var rest = String.UnicodeScalarView()
                    rest.append(contentsOf: s[(i + 1)..<next])
                    guard q == i + 2, !commonWords.contains(String(rest)) else { return nil }
                }
                // 推动**区: words before the placeholders are the sentence's; the name starts at them.
                let placeholders = AdminName.placeholders
                let held = s[i..<q].reduce(0) { $0 + (placeholders.contains($1) ? 1 : 0) }
                if held > 0 && !placeholders.contains(s[i]) { return nil }
                // 经济核心区, 先行示范区: a zone of the economy, not a place.
                if suffix.level == .district, q - i >= 2, zoneWords.contains(where: { Scalars.has($0, at: next - $0.count, in: s, before: next) }) {
                    return nil
                }
                let anonymised = held == q - i
                // Provinces are a closed list: 全面落实省委 names none (面落实省).
                if suffix.level == .province, !anonymised, !provinces.contains(where: { Scalars.has($0, at: q - $0.count, in: s, before: q) && q - $0.count >= i }) {
                    return nil
                }
                guard q - i >= 2 || anonymised || singleScalarSuffixes.contains(suffix.word) else {
                    skippedShortName = true
                    q += 1
                    continue
                }
                // A place whose name ends in a level word (湖镇镇, 清镇市): the second suffix is
                // the level when the name ends after it.
                var level = suffix.level
                if !anonymised, let outer = placeSuffixes.first(where: { Scalars.has($0.word, at: next, in: s, before: end) }),
                   endsName(s, at: next + outer.word.count, before: end) {
                    view.append(contentsOf: s[next..<(next + outer.word.count)])
                    next += outer.word.count
                    level = outer.level
                }
                return (Segment(text: String(view), level: level, anonymised: anonymised), next)
            }
            guard isNameScalar(s[q]) || (softStart && q == i),
                  leadWords.match(in: s, at: q).map({ q + $0.count > end }) ?? true else { return nil }
            q += 1
        }
        return nil
    }

    /// Whether a place name can end at `i`: the text ends, a body follows, or a scalar that is no
    /// part of a name (湖镇镇2023年, 湖镇镇在…). 委 is excluded: 霍山县县委 is the county's committee.
    private static func endsName(_ s: [Unicode.Scalar], at i: Int, before end: Int) -> Bool {
        if i >= end { return i == end }
        if bodies.contains(where: { Scalars.has($0.word, at: i, in: s, before: end) }) { return true }
        return !isNameScalar(s[i]) && s[i] != "委" && s[i] != "府"
    }
}

extension DocumentLevel {
    /// Height in the administrative hierarchy: 0 for unknown, 1 for 街道/镇/乡 up to 4 for 省.
    var rank: Int {
        switch self {
        case .unknown: 0
        case .subdistrict, .town, .township: 1
        case .district, .county: 2
        case .city: 3
        case .province: 4
        }
    }
}
