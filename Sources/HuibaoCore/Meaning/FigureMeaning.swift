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
    /// 工作总结 under no title) or its first line (关于上半年经济社会发展情况): a half-year
    /// report's figures are H1.
    public static func reportPeriod(title: String?, headings: [String] = [], firstLine: String? = nil) -> String {
        // The first line counts only where it reads as a title (…情况, …工作总结), not as body text
        // that happens to open with a period (1-9月，…).
        // Compared as UTF-8 bytes: String.contains compares grapheme clusters, far slower.
        func has(_ t: String, _ words: [String]) -> Bool { words.contains { containsUTF8(t, $0) } }
        let titled = firstLine.flatMap { line in has(line, titleWords) ? line : nil }
        for t in [title, titled].compactMap({ $0 }) + headings.prefix(2) {
            for (words, period) in reportPeriodWords where has(t, words) { return period }
        }
        return "year"
    }

    private static let titleWords = ["情况", "工作", "报告", "总结"]
    private static let reportPeriodWords = [
        (["上半年", "半年工作", "半年度", "1-6月", "1—6月"], "H1"), (["前三季度", "1-9月", "1—9月"], "Q1-Q3"), (["一季度"], "Q1"),
    ]

    /// Gives each figure its indicator, measure, baseline, period, polarity and direction.
    /// `text` is the report's normalised text, the one the figures' offsets count in.
    /// `subjects` are the figures' subjects in scalars, one per figure (FigureScan.subjects).
    static func annotate(_ figures: inout [Figure], subjects: [[Unicode.Scalar]], text: [Unicode.Scalar],
                         reportPeriod: String, catalogue: IndicatorCatalogue) {
        precondition(subjects.count == figures.count, "one subject per figure")
        var reading: ParagraphReading? = nil
        for i in figures.indices {
            annotate(&figures[i], subject: subjects[i], text: text, reportPeriod: reportPeriod, catalogue: catalogue,
                     reading: &reading)
        }
    }

    /// What was read of a paragraph up to the previous figure: where it starts, up to where it was
    /// read, and the nearest period named in it. The next figure of the paragraph reads on from
    /// there, so a paragraph is read once, not once per figure.
    struct ParagraphReading {
        var start: Int
        var through: Int
        var period: String?
    }

    /// How far back a figure's paragraph is read.
    static let paragraphReach = 400

    static func annotate(_ f: inout Figure, subject: [Unicode.Scalar], text: [Unicode.Scalar], reportPeriod: String,
                         catalogue: IndicatorCatalogue, reading: inout ParagraphReading?) {
        // What stands before the figure in its paragraph: the period is written once at its head
        // and governs what follows until another is named (1-6月，全乡财政总收入…；民间投资…，完成
        // 年度任务35.3%); the baseline and the cues of a target or a completion stand in its clause.
        let start = min(max(0, f.start), text.count)
        let reach = max(0, start - paragraphReach)
        let known = reading.flatMap { $0.through <= start && $0.start >= reach ? $0 : nil }
        var k = start
        while k > (known?.through ?? reach) && text[k - 1] != "\n" { k -= 1 }
        let named: String?
        if let r = known, k == r.through {
            // No line break since the previous figure: its paragraph, read on from it.
            k = r.start
            named = period(in: text, k..<start, readingFrom: r.through) ?? r.period
        } else {
            named = period(in: text, k..<start)
        }
        reading = ParagraphReading(start: k, through: start, period: named)
        var clauseStart = start
        let clauseEnds = Delimiters.clause
        while clauseStart > k && !clauseEnds.contains(text[clauseStart - 1]) { clauseStart -= 1 }
        let cues = ClauseCues(text, clauseStart..<start)

        let measure = measureOf(f, cues: cues, subject: subject)
        f.measure = measure
        f.baseline = measure == .growth ? baseline(cues) : nil
        var period = measure == .target ? "year" : named ?? reportPeriod
        // A level reached at the end of a span (由74.37亿元增至104.96亿元): the report's own period.
        if period == "cumulative", f.kind != .growth, cues.has(.reached), !cues.has(.sum) {
            period = reportPeriod
        }
        f.period = period
        let levelUnit = measure == .level || measure == .share || (measure == .target && f.kind != .growth && f.kind != .percent)
        if let i = catalogue.matchIndex(subject, unit: levelUnit ? UnitFamily.of(unit: f.unit) : nil) {
            f.indicator = catalogue.indicators[i].name
            f.domain = catalogue.indicators[i].domain
            f.polarity = catalogue.indicators[i].polarity
        } else {
            f.indicator = nil
            f.domain = nil
            f.polarity = nil
        }
        f.direction = direction(f, cues: cues)
    }

    private static let completionWords = ClauseCues.list(.completion)

    static func measureOf(_ f: Figure, cues: ClauseCues, subject: [Unicode.Scalar]) -> Measure {
        if f.part == .plan { return .target }
        if f.kind == .rank { return .rank }
        if f.kind == .percent && (cues.has(.completion) || completionWords.occurs(in: subject)) {
            return .completion
        }
        // 塌目标1.8个百分点, 高于目标2.1个百分点: the result against its target, not a target. The
        // cue is the figure's own: words after the number before it (完成目标的51.2%，实现投资47.21亿元).
        if cues.ownTarget && !cues.has(.shortfall) && !cues.has(.surplus) { return .target }
        if f.kind == .growth { return .growth }
        if f.kind == .percent { return .share }
        return .level
    }

    static func baseline(_ cues: ClauseCues) -> String? {
        if cues.has(.monthOnMonth) { return "环比" }
        if cues.has(.yearOnYear) { return "同比" }
        if cues.has(.previousYear) { return "上年" }
        return nil
    }

    private static let periodWords: [([Unicode.Scalar], String)] = [
        ("上半年", "H1"), ("下半年", "H2"), ("前三季度", "Q1-Q3"), ("第一季度", "Q1"), ("一季度", "Q1"),
        ("第二季度", "Q2"), ("二季度", "Q2"), ("第三季度", "Q3"), ("三季度", "Q3"), ("第四季度", "Q4"), ("四季度", "Q4"),
        // Not 年度: it mostly names a target's year (年度目标, 年度各项指标), not the figure's.
        ("全年", "year"), ("累计", "cumulative"), ("十三五", "cumulative"), ("十四五", "cumulative"),
        ("十二五", "cumulative"),
    ].map { (Scalars.word($0.0), $0.1) }

    /// `periodWords` by last scalar, in their order: only the words that can end at a scalar are tried there.
    private static let periodWordsByLast: ScalarIndex<[([Unicode.Scalar], String)]> = {
        var byLast: [Unicode.Scalar: [([Unicode.Scalar], String)]] = [:]
        for (word, label) in periodWords { byLast[word[word.count - 1], default: []].append((word, label)) }
        return ScalarIndex(byLast)
    }()

    private static let targetNouns = Scalars.words(["目标", "任务", "计划"])
    private static let spanWords = Scalars.words(["以来", "期间", "时期"])

    /// The period the words in `range` name (the paragraph before a figure), the nearest first;
    /// nil when none.
    /// `readingFrom`: only words ending at or after it are looked at (those before were read).
    static func period(in s: [Unicode.Scalar], _ range: Range<Int>, readingFrom: Int? = nil) -> String? {
        var i = range.upperBound - 1
        let stop = max(range.lowerBound, readingFrom ?? range.lowerBound)
        while i >= stop {
            // Every period word ends in one of these: most scalars are passed at once.
            switch s[i] {
            case "月", "来", "年", "度", "计", "五": break
            default: i -= 1; continue
            }
            if s[i] == "月", let months = monthRange(s, endingAt: i, from: range.lowerBound) { return months }
            // 五年来 is cumulative; 一年来 the year.
            if s[i] == "来" && i - 2 >= range.lowerBound && s[i - 1] == "年", isNumeral(s[i - 2]) { return s[i - 2] == "一" ? "year" : "cumulative" }
            for (word, label) in periodWordsByLast[s[i]] ?? [] where i - word.count + 1 >= range.lowerBound && Scalars.has(word, at: i - word.count + 1, in: s, before: range.upperBound) {
                // 全年目标, 年度任务: the target's period, not the figure's (完成全年目标的56% in June).
                if label == "year", Scalars.containsAny(targetNouns, in: Array(s[(i + 1)..<min(range.upperBound, i + 3)])) { continue }
                // 今年以来 is the year to date; 全年累计 is the year.
                if label == "cumulative", i - word.count >= range.lowerBound, s[i - word.count] == "年" || s[i - word.count] == "全" { return "year" }
                // 十四五以来, 十三五期间 span years; “十四五”规划开局之年 is one year.
                if label == "cumulative", word.count == 3,
                   !Scalars.containsAny(spanWords, in: Array(s[(i + 1)..<min(range.upperBound, i + 4)])) { continue }
                return label
            }
            i -= 1
        }
        return nil
    }

    /// `1-9月` (also 1—9月, 1至9月, 一至九月) ending at `end` (the 月): H1, Q1-Q3 and Q1 by their names.
    private static func monthRange(_ s: [Unicode.Scalar], endingAt end: Int, from lower: Int) -> String? {
        var j = end - 1
        var digits: [Int] = []
        var current = ""
        var sawDash = false
        while j >= lower {
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

    /// An Arabic or a Chinese digit's value (the months of 1-9月 and 一至九月).
    private static func numeralValue(_ c: Unicode.Scalar) -> Int? {
        Scalars.isDigit(c) ? Int(c.value - 0x30) : Numerals.chineseDigit(c)
    }

    private static func isNumeral(_ c: Unicode.Scalar) -> Bool { numeralValue(c) != nil || c == "十" }

    /// Good or bad news by itself, where one figure can tell: a growth against the polarity, a
    /// full-year completion short of 100 %, a rank the text says moved. Levels need a comparison
    /// (the rules make it); a target is no news yet.
    static func direction(_ f: Figure, cues: ClauseCues) -> Direction? {
        // A figure stated against its target (低于年度目标2个百分点) is news whatever the polarity.
        if f.measure != .target && cues.has(.shortfall) { return .worse }
        if f.measure != .target && cues.has(.surplus) { return .better }
        switch f.measure {
        case .growth?:
            guard let p = f.polarity, p != .none, f.value != 0 else { return nil }
            return (f.value > 0) == (p == .up) ? .better : .worse
        case .completion?:
            guard f.period == "year" else { return nil }
            return f.value < 100 ? .worse : .better
        case .rank?:
            if cues.has(.rankWorse) { return .worse }
            if cues.has(.rankBetter) { return .better }
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
