// The topic of each section, from keyword hits in its heading (weighted high) and in its own
// text (weighted low). The keyword table below is the one place to extend.

enum TopicClassifier {
    /// Keywords per topic. Matching is leftmost-longest, so a longer entry wins over a shorter
    /// one starting at the same place (民生诉求 → services before 民生 → livelihood).
    /// Entries with a nil topic are common words that would otherwise be misread (办事处).
    static let table: [(topic: Topic?, words: [String])] = [
        (.party, ["党建", "党组织", "党员", "支部", "组织部", "主题教育", "基层党", "党史", "党的建设",
                  "政治建设", "第一议题", "理论学习", "干部队伍", "干部", "人才队伍", "组织人事", "党群"]),
        (.integrity, ["党风廉政", "廉洁", "廉政", "纪检", "监察", "作风建设", "反腐", "正风肃纪", "四风",
                      "警示教育", "纪律"]),
        (.epidemic, ["疫情防控", "疫情", "核酸", "疫苗", "防疫", "隔离", "新冠", "战疫"]),
        (.economy, ["经济", "企业", "招商", "投资", "产业", "营商环境", "税收", "GDP", "生产总值",
                    "服务企业", "项目建设", "消费", "外贸"]),
        (.urban, ["城市建设", "城市更新", "土地整备", "征拆", "拆除", "违建", "违法建筑", "市容", "基础设施",
                  "道路", "住房", "城中村", "老旧小区", "城市管理", "城管", "环境卫生", "棚改"]),
        (.environment, ["生态环境", "生态", "治水", "水污染", "水环境", "河长", "垃圾分类", "大气", "绿化",
                        "环保", "污染防治", "环境", "碳"]),
        (.safety, ["安全生产", "消防", "交通安全", "应急", "三防", "隐患", "燃气", "防汛", "危化品",
                   "森林防火", "自建房", "安全"]),
        (.stability, ["信访", "维稳", "社会治理", "矛盾纠纷", "扫黑除恶", "平安建设", "综治", "治安", "禁毒",
                      "反诈", "和谐稳定", "社会稳定", "稳定"]),
        (.livelihood, ["民生", "社会救助", "养老", "退役军人", "双拥", "优抚", "就业", "社保", "低保", "残疾人",
                       "困难群众", "困难群体", "特殊群体", "帮扶"]),
        (.culture, ["文体", "文化", "体育", "教育", "卫生", "学校", "医疗", "精神文明", "文明城市", "校园", "宣传"]),
        (.services, ["政务服务", "一网通办", "办事", "窗口", "民生诉求", "便民服务", "行政服务"]),
        (nil, ["办事处", "工作委员会"]),
    ]

    static let topics = Topic.allCases

    struct Keyword {
        /// Position in the table, counting every word.
        let id: Int
        let scalars: [Unicode.Scalar]
        let text: String
        /// Index into `topics`, nil for a word that only shields others.
        let topic: Int?
    }

    /// Keywords by first scalar, longest first.
    static let byFirst: [Unicode.Scalar: [Keyword]] = {
        var map: [Unicode.Scalar: [Keyword]] = [:]
        var id = 0
        for (topic, words) in table {
            for w in words {
                let k = Keyword(id: id, scalars: Scalars.word(w), text: w, topic: topic.flatMap { topics.firstIndex(of: $0) })
                id += 1
                map[k.scalars[0], default: []].append(k)
            }
        }
        return map.mapValues { $0.sorted { $0.scalars.count > $1.scalars.count } }
    }()

    static let keywordTotal = table.reduce(0) { $0 + $1.words.count }

    /// `byFirst` as a scalar-keyed table: a hit costs a multiply, not a `Hasher` round.
    static let byFirstIndex = ScalarIndex(byFirst)

    /// The scalars that start some keyword: most scalars are rejected by one load, so a scan
    /// stays linear and fast on any text.
    static let keywordStarts = ScalarBits { byFirst[$0] != nil }

    /// The heading is the author's own label for the section: one hit there outweighs a
    /// passing mention in the text, which only decides when the heading names no topic.
    static let headingWeight = 20

    /// Keyword hits of one section: a score per topic (indexed like `topics`) and the distinct
    /// keywords hit, in order of first hit (at most the size of the table).
    struct Tally {
        var scores = [Int](repeating: 0, count: topics.count)
        var distinct: [(text: String, topic: Int)] = []
        var seen = [Bool](repeating: false, count: keywordTotal)
        var seenIDs: [Int] = []

        mutating func reset() {
            for t in scores.indices { scores[t] = 0 }
            for id in seenIDs { seen[id] = false }
            seenIDs.removeAll(keepingCapacity: true)
            distinct.removeAll(keepingCapacity: true)
        }

        mutating func add(_ s: [Unicode.Scalar], _ range: Range<Int>, weight: Int) {
            // The tables held in locals: a static read inside the loop costs a swift_once per scalar.
            let keywordStarts = TopicClassifier.keywordStarts, byFirstIndex = TopicClassifier.byFirstIndex
            var i = range.lowerBound
            while i < range.upperBound {
                i = keywordStarts.next(in: s, from: i, before: range.upperBound)
                guard i < range.upperBound else { break }
                let c = s[i]
                guard let candidates = byFirstIndex[c],
                      let k = candidates.first(where: { Scalars.has($0.scalars, at: i, in: s, before: range.upperBound) })
                else {
                    i += 1
                    continue
                }
                if let t = k.topic {
                    scores[t] += weight
                    if !seen[k.id] {
                        seen[k.id] = true
                        seenIDs.append(k.id)
                        distinct.append((k.text, t))
                    }
                }
                i += k.scalars.count
            }
        }

        func words(of t: Int) -> [String] {
            distinct.filter { $0.topic == t }.map(\.text)
        }
    }

    /// Sets `topic` and `topic_keywords` on every section. Its own text runs from its heading to
    /// the next heading; ties and sections without hits take the parent's topic (else general).
    static func assign(_ sections: inout [Section], headings: [Range<Int>], in doc: ScalarText) {
        var tally = Tally()
        for i in sections.indices {
            let ownEnd = i + 1 < sections.count ? sections[i + 1].start : doc.scalars.count
            tally.reset()
            tally.add(doc.scalars, headings[i], weight: headingWeight)
            tally.add(doc.scalars, headings[i].upperBound..<max(ownEnd, headings[i].upperBound), weight: 1)
            var best = 0, leader: Int?
            for (t, score) in tally.scores.enumerated() where score > 0 && score >= best {
                leader = score > best ? t : nil
                best = score
            }
            let topic = leader.map { topics[$0] }
                ?? sections[i].parent.map { sections[$0].topic } ?? .general
            sections[i].topic = topic
            sections[i].topic_keywords = tally.words(of: topics.firstIndex(of: topic)!)
        }
    }
}
