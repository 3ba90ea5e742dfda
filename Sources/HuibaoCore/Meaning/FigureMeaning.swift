// What a figure is, beyond what the text says: the indicator it measures, the measure (a level,
// a growth, a share, a completion, a rank, a target), the period it covers, and whether it is
// good or bad news. Pure: the figures, the report's text and the catalogue in, the figures with
// their meaning out. Rules, queries and views read these fields and never re-derive them.

public enum Measure: String, Sendable, CaseIterable, Codable {
    case level, growth, share, completion, rank, target
}

public enum Direction: String, Sendable, CaseIterable, Codable {
    case better, worse
}

public enum Meaning {
    /// The period of a report as its title gives it, else its first headings (一、2025年上半年
    /// 工作总结 under no title): a half-year report's figures are H1.
    public static func reportPeriod(title: String?, headings: [String] = []) -> String {
        for t in [title].compactMap({ $0 }) + headings.prefix(2) {
            if t.contains("上半年") || t.contains("半年工作") || t.contains("半年度") || t.contains("1-6月") || t.contains("1—6月") { return "H1" }
            if t.contains("前三季度") || t.contains("1-9月") || t.contains("1—9月") { return "Q1-Q3" }
            if t.contains("一季度") { return "Q1" }
        }
        return "year"
    }

    /// Gives each figure its indicator, measure, baseline, period, polarity and direction.
    /// `text` is the report's normalised text, the one the figures' offsets count in.
    public static func annotate(_ figures: inout [Figure], text: [Unicode.Scalar], reportPeriod: String,
                                catalogue: IndicatorCatalogue) {
        for i in figures.indices {
            annotate(&figures[i], text: text, reportPeriod: reportPeriod, catalogue: catalogue)
        }
    }

    static func annotate(_ f: inout Figure, text: [Unicode.Scalar], reportPeriod: String, catalogue: IndicatorCatalogue) {
        // What stands before the figure in its sentence: the period, the baseline and the cues
        // of a target or a completion are written there (上半年，…完成投资1.86亿元，同比增长5%).
        let start = min(max(0, f.start), text.count)
        var k = start
        while k > 0 && start - k < 120 && !Delimiters.sentence.contains(text[k - 1]) { k -= 1 }
        let sentence = Array(text[k..<start])
        var clauseStart = sentence.count
        while clauseStart > 0 && !Delimiters.clause.contains(sentence[clauseStart - 1]) { clauseStart -= 1 }
        let clause = Array(sentence[clauseStart...])
        let subject = Array(f.subject.unicodeScalars)

        let measure = measureOf(f, clause: clause, subject: subject)
        f.measure = measure
        f.baseline = measure == .growth ? baseline(in: clause) : nil
        f.period = measure == .target ? "year" : period(in: sentence) ?? reportPeriod
        let levelUnit = measure == .level || measure == .share || (measure == .target && f.kind != .growth && f.kind != .percent)
        let indicator = catalogue.match(subject: f.subject, unit: levelUnit ? UnitFamily.of(unit: f.unit) : nil)
        f.indicator = indicator?.name
        f.domain = indicator?.domain
        f.polarity = indicator?.polarity
        f.direction = direction(f, clause: clause)
    }

    private static let completionWords = Scalars.words([
        "完成率", "完成年度", "完成全年", "完成目标", "完成计划", "完成任务", "年度目标的", "全年目标的", "全年任务的",
        "年度任务的", "目标任务的", "计划的", "任务的", "序时进度",
    ])
    // Not 预期: 超预期完成 is an achievement.
    private static let targetWords = Scalars.words(["力争", "预计", "目标", "计划", "确保", "争取", "达到目标"])

    static func measureOf(_ f: Figure, clause: [Unicode.Scalar], subject: [Unicode.Scalar]) -> Measure {
        if f.part == .plan { return .target }
        if f.kind == .rank { return .rank }
        if f.kind == .percent && (Scalars.containsAny(completionWords, in: clause) || Scalars.containsAny(completionWords, in: subject)) {
            return .completion
        }
        if Scalars.containsAny(targetWords, in: clause) { return .target }
        if f.kind == .growth { return .growth }
        if f.kind == .percent { return .share }
        return .level
    }

    private static let monthOnMonth = Scalars.word("环比")
    private static let yearOnYear = Scalars.word("同比")
    private static let previousYear = Scalars.words(["比上年", "较上年", "比去年", "较去年", "比上一年", "较上一年"])

    static func baseline(in clause: [Unicode.Scalar]) -> String? {
        if Scalars.contains(monthOnMonth, in: clause) { return "环比" }
        if Scalars.contains(yearOnYear, in: clause) { return "同比" }
        if Scalars.containsAny(previousYear, in: clause) { return "上年" }
        return nil
    }

    private static let periodWords: [([Unicode.Scalar], String)] = [
        ("上半年", "H1"), ("下半年", "H2"), ("前三季度", "Q1-Q3"), ("第一季度", "Q1"), ("一季度", "Q1"),
        ("第二季度", "Q2"), ("二季度", "Q2"), ("第三季度", "Q3"), ("三季度", "Q3"), ("第四季度", "Q4"), ("四季度", "Q4"),
        // Not 年度: it mostly names a target's year (年度目标, 年度各项指标), not the figure's.
        ("全年", "year"), ("累计", "cumulative"), ("十三五", "cumulative"), ("十四五", "cumulative"),
        ("十二五", "cumulative"),
    ].map { (Scalars.word($0.0), $0.1) }

    private static let targetNouns = Scalars.words(["目标", "任务", "计划"])

    /// The period the words before a figure in its sentence name, the nearest first; nil when none.
    static func period(in s: [Unicode.Scalar]) -> String? {
        var i = s.count - 1
        while i >= 0 {
            if s[i] == "月", let months = monthRange(s, endingAt: i) { return months }
            // 五年来 is cumulative; 一年来 the year.
            if s[i] == "来" && i >= 2 && s[i - 1] == "年", let n = s[safe: i - 2], isNumeral(n) { return n == "一" ? "year" : "cumulative" }
            for (word, label) in periodWords where Scalars.has(word, at: i - word.count + 1, in: s, before: s.count) {
                // 全年目标, 年度任务: the target's period, not the figure's (完成全年目标的56% in June).
                if label == "year", Scalars.containsAny(targetNouns, in: Array(s[(i + 1)..<min(s.count, i + 3)])) { continue }
                // 今年以来 is the year to date; 全年累计 is the year.
                if label == "cumulative", i - word.count >= 1, s[i - word.count] == "年" || s[i - word.count] == "全" { return "year" }
                return label
            }
            i -= 1
        }
        return nil
    }

    /// `1-9月` (also 1—9月, 1至9月, 一至九月) ending at `end` (the 月): H1, Q1-Q3 and Q1 by their names.
    private static func monthRange(_ s: [Unicode.Scalar], endingAt end: Int) -> String? {
        var j = end - 1
        var digits: [Int] = []
        var current = ""
        var sawDash = false
        while j >= 0 {
            let c = s[j]
            if let d = numeralValue(c) { current = String(d) + current } else if "-至~—–".unicodeScalars.contains(c) && !current.isEmpty {
                digits.insert(Int(current) ?? 0, at: 0); current = ""; sawDash = true
            } else { break }
            j -= 1
        }
        guard sawDash, !current.isEmpty, let from = Int(current), let to = digits.first, from >= 1, to <= 12, from < to else { return nil }
        switch (from, to) {
        case (1, 3): return "Q1"
        case (1, 6): return "H1"
        case (1, 9): return "Q1-Q3"
        case (1, 12): return "year"
        default: return "\(from)-\(to)月"
        }
    }

    private static func numeralValue(_ c: Unicode.Scalar) -> Int? {
        if Scalars.isDigit(c) { return Int(c.value - 0x30) }
        switch c {
        case "一": return 1
        case "二": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    private static func isNumeral(_ c: Unicode.Scalar) -> Bool { numeralValue(c) != nil || c == "十" || c == "两" }

    private static let rankBetter = Scalars.words(["上升", "提升", "前移", "进位", "跃升", "提高"])
    private static let rankWorse = Scalars.words(["下降", "后退", "下滑", "后移", "退位", "降至"])

    /// Good or bad news by itself, where one figure can tell: a growth against the polarity, a
    /// full-year completion short of 100 %, a rank the text says moved. Levels need a comparison
    /// (the rules make it); a target is no news yet.
    static func direction(_ f: Figure, clause: [Unicode.Scalar]) -> Direction? {
        switch f.measure {
        case .growth?:
            guard let p = f.polarity, p != .none, f.value != 0 else { return nil }
            return (f.value > 0) == (p == .up) ? .better : .worse
        case .completion?:
            guard f.period == "year" else { return nil }
            return f.value < 100 ? .worse : .better
        case .rank?:
            if Scalars.containsAny(rankWorse, in: clause) { return .worse }
            if Scalars.containsAny(rankBetter, in: clause) { return .better }
            return nil
        default:
            return nil
        }
    }
}

private extension Array {
    subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}

extension Meaning {
    /// Where a figure's text stands in its clause (the start of an upgrade's stand-in sentence).
    static func offset(of f: Figure, inContext context: [Unicode.Scalar]) -> Int {
        Scalars.find(Array(f.text.unicodeScalars), in: context, 0..<context.count) ?? context.count
    }
}
