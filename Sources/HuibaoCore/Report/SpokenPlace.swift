// A report that names no place of its own still speaks as one. Its level shows in how it
// speaks (我代表县人民政府向大会报告工作; 在县委、县政府和镇党委的坚强领导下), and its place
// is written bare in its own slogans and history (“宜居宜业宜游亭旁”, “亭旁速度”, 黎平发展史上,
// 赋予黎平全新发展定位). A reader takes that place; so does the parser, but only when the level
// is stated and two different turns of phrase give the same name: one alone may be a word.

enum SpokenPlace {
    /// The report's own level, and its place at that level (黎平县, 亭旁镇) when the text gives it.
    static func find(in s: [Unicode.Scalar], head: Range<Int>) -> (level: DocumentLevel, place: AdminName.Segment?)? {
        guard let level = ownLevel(in: s, head) else { return nil }
        guard let suffix = suffixes[level], let name = bareName(in: s) else { return (level, nil) }
        return (level, AdminName.Segment(text: name + suffix, level: level, anonymised: false))
    }

    static let suffixes: [DocumentLevel: String] = [
        .province: "省", .city: "市", .district: "区", .county: "县", .town: "镇", .township: "乡", .subdistrict: "街道",
    ]

    private static let levelWords: [(word: [Unicode.Scalar], level: DocumentLevel)] =
        [("街道", DocumentLevel.subdistrict), ("街", .subdistrict), ("镇", .town), ("乡", .township), ("县", .county),
         ("区", .district), ("市", .city), ("省", .province)].map { (Array($0.0.unicodeScalars), $0.1) }

    /// The bodies a place's own report speaks for or answers to, after the level word.
    private static let bodies = Scalars.words(["人民政府", "政府", "党工委", "党委", "人大", "委"])
    private static let speakers = Scalars.words(["我代表"])

    /// 我代表县人民政府 states the level outright; otherwise the lowest level among the bodies of
    /// the opening's 在…领导下 / 监督支持下 phrases (a town's own 党委 leads its 政府).
    static func ownLevel(in s: [Unicode.Scalar], _ head: Range<Int>) -> DocumentLevel? {
        for speaker in speakers {
            var from = head.lowerBound
            while let at = Scalars.find(speaker, in: s, from..<head.upperBound) {
                if let (level, _) = levelBody(s, at + speaker.count, head.upperBound) { return level }
                from = at + 1
            }
        }
        var lowest: DocumentLevel?
        var from = head.lowerBound
        while let phrase = DocumentFields.superiorsPhrase(s, from..<head.upperBound) {
            var i = phrase.lowerBound + 1
            while i < phrase.upperBound {
                // Only a bare level word starts a body here: 区委 in 丰泽区委 belongs to a name.
                if let (level, length) = levelBody(s, i, phrase.upperBound), i == phrase.lowerBound + 1 || !Scalars.isHan(s[i - 1]) || isJoint(s[i - 1]) {
                    if lowest.map({ level.rank < $0.rank }) ?? true { lowest = level }
                    i += length
                } else {
                    i += 1
                }
            }
            from = phrase.upperBound
        }
        return lowest
    }

    private static func isJoint(_ c: Unicode.Scalar) -> Bool { "和与及、".unicodeScalars.contains(c) }

    private static func levelBody(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> (DocumentLevel, Int)? {
        for (word, level) in levelWords where Scalars.has(word, at: i, in: s, before: end) {
            if let body = bodies.first(where: { Scalars.has($0, at: i + word.count, in: s, before: end) }) {
                return (level, word.count + body.count)
            }
        }
        return nil
    }

    // The turns of phrase in which a report writes its own place bare: before the name, and after it.
    private static let before = Scalars.words(["赋予", "宜游", "宜居", "宜业", "宜商", "宜养", "打造", "建设"])
    private static let after = Scalars.words(["速度", "模式", "经验", "样板", "发展史", "力量", "答卷", "篇章", "人民", "大地", "品牌"])
    /// Scalars no two-scalar place name holds (function words, pronouns, numbers, 全/各 of 全县).
    private static let never = Set("的了和与及或在是为有这那其本我该各全新大小一二三四五六七八九十百千万亿年月日中国家省市区县镇乡街道村".unicodeScalars)

    /// The two-scalar name given by at least two different turns of phrase, if exactly one is.
    static func bareName(in s: [Unicode.Scalar]) -> String? {
        var turns: [String: Set<Int>] = [:]
        func note(_ at: Int, _ turn: Int) {
            guard at >= 0, at + 2 <= s.count, Scalars.isHan(s[at]), Scalars.isHan(s[at + 1]),
                  !never.contains(s[at]), !never.contains(s[at + 1]) else { return }
            turns[Scalars.string(s[at..<(at + 2)]), default: []].insert(turn)
        }
        for (t, word) in before.enumerated() {
            var from = 0
            while let at = Scalars.find(word, in: s, from..<s.count) {
                note(at + word.count, t)
                from = at + 1
            }
        }
        for (t, word) in after.enumerated() {
            var from = 0
            while let at = Scalars.find(word, in: s, from..<s.count) {
                note(at - 2, before.count + t)
                from = at + 1
            }
        }
        let agreed = turns.filter { $0.value.count >= 2 }.map(\.key)
        return agreed.count == 1 ? agreed[0] : nil
    }
}
