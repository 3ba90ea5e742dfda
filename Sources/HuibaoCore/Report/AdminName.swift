// The name of an issuing body as written: a chain of administrative places (深圳市 罗湖区
// 翠竹街道) and the body's own suffix (办事处, 党工委, 人民政府). `中共…工作委员会` is the full
// form of `…党工委`, `中共…委员会` of `…党委`.

struct AdminName {
    struct Segment {
        /// Name and suffix as written: 罗湖区, 翠竹街道.
        var text: String
        var level: DocumentLevel
        /// Written with placeholders (XX街道, *镇, 某某区): the text does not name the place.
        var anonymised: Bool
    }

    var segments: [Segment]
    /// The body after the places, in its short form (党工委, 人民政府), or nil for a bare place.
    var body: String?
    var range: Range<Int>

    var lowest: Segment { segments[segments.count - 1] }

    /// The shortest full official name: the issuer's own place and its body, without the places above.
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

    /// Bodies, longest first, with the short form each is named by.
    static let bodies: [(word: [Unicode.Scalar], short: String)] = ([
        ("工作委员会", "工作委员会"), ("管理委员会", "管委会"), ("人民政府", "人民政府"),
        ("办事处", "办事处"), ("党工委", "党工委"), ("管委会", "管委会"), ("委员会", "委员会"),
        ("政府", "人民政府"), ("党委", "党委"),
    ] as [(String, String)]).map { (Scalars.word($0.0), $0.1) }

    static let partyPrefix = Scalars.word("中共")
    /// Words after which a name may start although a Han scalar precedes it (关于…, 我代表…).
    static let leadWords = Scalars.words(["关于", "代表"])

    /// Function words and title words that never stand inside a place name.
    static let stops: Set<Unicode.Scalar> = [
        "在", "年", "月", "日", "的", "下", "是", "和", "与", "及", "暨", "对", "把", "以", "为", "于", "了",
        "等", "各", "全", "本", "我", "其", "该", "将", "由", "向", "从", "按", "经", "委", "府", "党", "共", "度",
        "届", "次", "这", "有", "无", "不", "也", "都", "并", "且",
    ]
    static let placeholders: Set<Unicode.Scalar> = ["X", "x", "Ｘ", "ｘ", "×", "*", "＊", "某", "○", "〇", "?", "？", "□"]

    static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        (Scalars.isHan(c) && !stops.contains(c)) || placeholders.contains(c)
    }

    static let maxNameLength = 7

    /// The name starting exactly at `i`, if one does.
    static func parse(_ s: [Unicode.Scalar], at i: Int, before end: Int) -> AdminName? {
        var p = i
        let party = Scalars.has(partyPrefix, at: p, in: s, before: end)
        if party { p += partyPrefix.count }
        var segments: [Segment] = []
        while segments.count < 6, let (segment, next) = segment(s, at: p, before: end) {
            segments.append(segment)
            p = next
        }
        guard !segments.isEmpty else { return nil }
        var body: String?
        if let b = bodies.first(where: { Scalars.has($0.word, at: p, in: s, before: end) }) {
            body = b.short
            if party, b.short == "工作委员会" { body = "党工委" } else if party, b.short == "委员会" { body = "党委" }
            p += b.word.count
        }
        return AdminName(segments: segments, body: body, range: i..<p)
    }

    /// The first name in `range` that starts where a word can start (after punctuation,
    /// a digit, a function word, or 关于/中共).
    static func first(in s: [Unicode.Scalar], _ range: Range<Int>) -> AdminName? {
        var i = range.lowerBound
        while i < range.upperBound {
            let starts = i == range.lowerBound || !isNameScalar(s[i - 1])
                || leadWords.contains { Scalars.has($0, at: i - $0.count, in: s, before: i) }
            if starts, isNameScalar(s[i]) || Scalars.has(partyPrefix, at: i, in: s, before: range.upperBound),
               let name = parse(s, at: i, before: range.upperBound) {
                return name
            }
            i += 1
        }
        return nil
    }

    private static func segment(_ s: [Unicode.Scalar], at i: Int, before end: Int) -> (Segment, Int)? {
        var q = i
        while q < end, q - i <= maxNameLength {
            if q > i, let suffix = placeSuffixes.first(where: { Scalars.has($0.word, at: q, in: s, before: end) }) {
                let next = q + suffix.word.count
                var view = String.UnicodeScalarView()
                view.append(contentsOf: s[i..<next])
                let text = String(view)
                if commonWords.contains(text) { return nil }
                let anonymised = s[i..<q].allSatisfy { placeholders.contains($0) }
                return (Segment(text: text, level: suffix.level, anonymised: anonymised), next)
            }
            guard isNameScalar(s[q]), !leadWords.contains(where: { Scalars.has($0, at: q, in: s, before: end) }) else { return nil }
            q += 1
        }
        return nil
    }
}
