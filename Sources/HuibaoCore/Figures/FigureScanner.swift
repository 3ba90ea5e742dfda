// Finds the figures of a report in one left-to-right pass over its scalars: a number (Arabic or
// Chinese), then what stands right of it (range, multiplier, 余/多, unit, 以上/左右) and left of
// it (约/近/超过, growth verbs, rank cues). A number without a unit is not reported: dates,
// section markers, codes and slogans fall out that way. Subjects come from Subjects.swift.
// Over 400 lines on purpose: one pass, whose word tables stand at the end beside the rules
// that read them, so a rule and its words are changed together.

public struct FigureScan: Sendable, Equatable {
    public var figures: [Figure] = []
    public var zeroEvents: [ZeroEvent] = []
    /// Each figure's subject in scalars, as the scanner built it (one per figure): what the
    /// meaning reads, so that the subject Strings are not decoded again.
    var subjects: [[Unicode.Scalar]] = []
    public init(figures: [Figure] = [], zeroEvents: [ZeroEvent] = []) {
        self.figures = figures
        self.zeroEvents = zeroEvents
        subjects = figures.map { Array($0.subject.unicodeScalars) }
    }

    init(described: (figures: [Figure], subjects: [[Unicode.Scalar]]), zeroEvents: [ZeroEvent]) {
        figures = described.figures
        subjects = described.subjects
        self.zeroEvents = zeroEvents
    }
}

/// A figure as found, before its subject and context are read.
struct FoundFigure {
    var start: Int
    var end: Int
    /// Start of the figure with a leading qualifier (约, 近, 超过), which is not part of its text.
    var leadStart: Int
    var value: Double
    var min: Double? = nil
    var max: Double? = nil
    var unit: String
    var qualifier: Qualifier
    var kind: FigureKind
    var rule: String
}

public enum FigureScanner {
    public static func scan(_ text: String) -> FigureScan {
        scan(FigureText(text))
    }

    /// The numbers the scan passed over in `text`, each with the reason.
    static func droppedCandidates(in text: String) -> [DroppedCandidate] { droppedCandidates(in: FigureText(text)) }

    static func droppedCandidates(in t: FigureText) -> [DroppedCandidate] {
        let log = DropLog()
        _ = scan(t, dropped: log)
        return log.candidates
    }

    /// `dropped`, when given, collects the candidates passed over; the daemon's scan gives none.
    static func scan(_ t: FigureText, dropped: DropLog? = nil) -> FigureScan {
        var found: [FoundFigure] = []
        // Numbers inside quotes and titles are names and slogans (“1+10+10”, “四个100”): the
        // scan is quoted up to this index, the closing mark of the quote it is in.
        var quotedUntil = -1
        // Held in a local: a static read inside the loop costs a swift_once per scalar.
        let quoteOpeners = FigureScanner.quoteOpeners, scanStarts = FigureScanner.scanStarts
        var i = 0
        while i < t.count && found.count < maxFigures {
            // Most scalars start nothing below: passed over in a tight loop.
            i = scanStarts.next(in: t.s, from: i, before: t.count)
            guard i < t.count else { break }
            let c = t.s[i]
            if i > quotedUntil, quoteOpeners.contains(c), let close = quoteClose(t, openingAt: i) { quotedUntil = close }
            let quoted = i < quotedUntil
            if Numerals.digit(c) != nil {
                guard let n = Numerals.arabic(t, at: i) else { i += 1; continue }
                if !quoted, var f = arabicFigure(t, n, at: i) {
                    continueList(t, &f, after: found.last)
                    found.append(f)
                    i = f.end
                } else {
                    dropped?.add(t, i..<n.end, quoted ? .quoted : dropReason(t, number: i..<n.end, chinese: false))
                    i = n.end
                }
            } else if c == "百", t.has(percentWords, at: i) {
                if !quoted, var f = percentInWords(t, at: i) {
                    continueList(t, &f, after: found.last)
                    found.append(f)
                    i = f.end
                } else {
                    i += percentWords.count
                }
            } else if c == "首", t[i + 1] == "位", !quoted, let f = rank(t, ordinalAt: i, value: 1, numberEnd: i + 2) {
                // 居全县首位: the first place is rank 1 where a rank cue stands before it.
                found.append(f)
                i = f.end
            } else if Numerals.isChinese(c) {
                var j = i
                while j < t.count && Numerals.isChinese(t.s[j]) { j += 1 }
                // 逾百场, 近万人, 千余户: a multiplier without a digit counts one of it.
                let n = Numerals.chineseNumber(t, i..<j)
                    ?? (leadingQualifier(t, endingAt: i) != nil || t[j] == "余" ? Numerals.bareMultiplier(t, i..<j) : nil)
                if !quoted, let n, var f = chineseFigure(t, n, run: i..<j) {
                    continueList(t, &f, after: found.last)
                    found.append(f)
                    i = f.end
                } else {
                    // Only numerals with a measure word after them: 一 as an article is everywhere.
                    if let dropped, let n, MeasureUnits.match(t, at: n.end, afterChineseNumeral: false) != nil {
                        dropped.add(t, i..<n.end, quoted ? .quoted : dropReason(t, number: i..<n.end, chinese: true))
                    }
                    i = n?.end ?? j
                }
            } else {
                i += 1
            }
        }
        return FigureScan(described: FigureSubjects.describe(found, in: t), zeroEvents: ZeroEventScanner.scan(t))
    }

    /// Why the number at `number` made no figure, told from what stands around it. Used only to
    /// explain (`huibao parse --dropped`); the scan itself decides by the rules above.
    static func dropReason(_ t: FigureText, number: Range<Int>, chinese: Bool) -> DroppedCandidate.Reason {
        let i = number.lowerBound, end = number.upperBound
        if t[i - 1] == "第" { return .ordinal }
        if chinese && (t[i - 1] == "届" || t.word(in: setPhrases, at: i) != nil) { return .setPhrase }
        // 2021年, and 2021 年 in text taken from a PDF.
        let after = t[end].map(Delimiters.isSpace) == true ? end + 1 : end
        if let next = t[after], next == "年" || next == "月" || next == "日" || next == "号" { return .date }
        if let p = t[i - 1], isASCIILetter(p) || codeMarks.contains(p) || p == "/" { return .code }
        if let q = t[end], isASCIILetter(q) || q == ":" || q == "：" || codeMarks.contains(q) { return .code }
        if chinese, let u = MeasureUnits.match(t, at: end, afterChineseNumeral: false) {
            if t.word(in: nameHeads, at: end + u.word.count) != nil { return .name }
            return end - i == 1 && t.s[i] == "一" ? .article : .setPhrase
        }
        return .noUnit
    }

    /// Where the quote opened at `i` closes: its matching mark within the same sentence, nested
    /// quotes counted. A quote left open (a typo: `建设“暖心聚力实施“能力作风提升年”行动`) or closed
    /// with an opening mark (`“能力作风提升年“行动`) quotes nothing, so the figures after it are read.
    static func quoteClose(_ t: FigureText, openingAt i: Int) -> Int? {
        let open = t.s[i]
        let close = quotePairs[open] ?? open
        var depth = 0
        var k = i
        let sentence = Delimiters.sentence
        while k < t.count && k - i <= maxQuoteLength {
            let c = t.s[k]
            if k > i && sentence.contains(c) { return nil }
            if c == close && (open != close || k > i) {
                depth -= 1
                if depth == 0 { return k }
            } else if c == open {
                depth += 1
            }
            k += 1
        }
        return nil
    }

    static let quotePairs: [Unicode.Scalar: Unicode.Scalar] = ["“": "”", "《": "》", "「": "」", "『": "』", "‘": "’"]
    static let quoteOpeners = scalarSet("“《「『‘\"")
    /// The scalars at which the scan's loop does anything but step on: a quote's opening mark,
    /// a digit, 百 (百分之), 首 (首位) and the Chinese numerals.
    static let scanStarts = ScalarBits { c in
        quoteOpeners.contains(c) || Numerals.digit(c) != nil || c == "百" || c == "首" || Numerals.isChinese(c)
    }
    /// A quote runs at most this far: a slogan or a document's title, never a paragraph.
    static let maxQuoteLength = 120

    /// A real report holds a few hundred figures; past this many the input is not a report, and
    /// stopping keeps the time and the record size of any input bounded.
    static let maxFigures = 20_000

    // MARK: - Numbers

    static func arabicFigure(_ t: FigureText, _ n: Numerals.Arabic, at i: Int) -> FoundFigure? {
        if let sign = t[i - 1], signs.contains(sign), !(t[i - 2].map(isCodeScalar) ?? false) {
            return signedFigure(t, n, at: i)
        }
        // Glued to letters, slashes, colons or dashes it is a code, a date or a clock time.
        if let p = t[i - 1], isASCIILetter(p) || codeMarks.contains(p) { return nil }
        // A slash joins two figures (立案15人/15宗) but sits inside codes (2022/00033).
        if t[i - 1] == "/", let q = t[i - 2], isASCIILetter(q) || Numerals.digit(q) != nil { return nil }
        if let q = t[n.end], isASCIILetter(q), MeasureUnits.match(t, at: n.end, afterChineseNumeral: false) == nil {
            return nil
        }
        if t[n.end] == ":" || t[n.end] == "：", let d = t[n.end + 1], Numerals.digit(d) != nil { return nil }
        if n.digits > 15 { return nil }
        let ordinal = t.beforeSpace(i) - 1
        if t[ordinal] == "第" { return rank(t, ordinalAt: ordinal, value: n.value(), numberEnd: n.end) }
        return figure(t, numberStart: i, first: n, chinese: false)
    }

    /// 同比分别-6.2%、+19.3%: a sign written before a share or a change in points, where no digit,
    /// letter or code mark stands before it (1-5月 and A-3 are no signs), makes a signed change.
    /// It is a growth when the clause compares (同比, 增速, 分别 after a growth); else a signed share.
    static func signedFigure(_ t: FigureText, _ n: Numerals.Arabic, at i: Int) -> FoundFigure? {
        guard var f = figure(t, numberStart: i, first: n, chinese: false), f.kind == .percent || f.unit == "个百分点",
              f.min == nil else { return nil }
        let negative = t.s[i - 1] != "+" && t.s[i - 1] != "＋"
        f.start = i - 1
        f.leadStart = Swift.min(f.leadStart, f.start)
        if f.kind != .growth {
            let from = t.start(before: f.start, stops: Delimiters.clause, limit: 24)
            var k = from
            while k < f.start && f.kind != .growth {
                if t.word(in: comparisonCues, at: k) != nil || t.word(in: FigureSubjects.growthNames, at: k) != nil
                    || t.has(FigureSubjects.respectively, at: k) { f.kind = .growth }
                k += 1
            }
        }
        if f.kind == .growth { f.rule = "signed-growth" }
        // A falling verb before a signed figure (下降-3%) is read as the sign alone.
        f.value = negative ? -Swift.abs(f.value) : Swift.abs(f.value)
        return f
    }

    static func isCodeScalar(_ c: Unicode.Scalar) -> Bool {
        isASCIILetter(c) || Numerals.digit(c) != nil || codeMarks.contains(c) || c == "/"
    }

    /// `n` is the number read from the numeral `run` (with a fraction after 点 when there is one).
    static func chineseFigure(_ t: FigureText, _ n: Numerals.Arabic, run: Range<Int>) -> FoundFigure? {
        let i = run.lowerBound
        if t[i - 1] == "第" { return rank(t, ordinalAt: i - 1, value: n.value(), numberEnd: n.end) }
        // 一届四次党代会: the numbers of a congress and its sessions.
        if t[i - 1] == "届" { return nil }
        if t.word(in: setPhrases, at: i) != nil { return nil }
        // 零 alone begins a word (零部件, 零售) or a zero event, which ZeroEvents reads: never a count of 0.
        if run.count == 1 && n.value() == 0 && n.end == run.upperBound { return nil }
        guard let f = figure(t, numberStart: i, first: n, chinese: true) else { return nil }
        if isSessionNumber(t, f, run: run) { return nil }
        // 三轮车, 两轮电动车, 一站式: a numeral and measure word glued to a head noun name a kind of thing.
        if t.word(in: nameHeads, at: f.end) != nil { return nil }
        if run.count == 1 && t.s[i] == "一" && n.end == run.upperBound && !isCountOfOne(t, f) { return nil }
        return f
    }

    /// 四届人大六次会议, 七届区委八次全会: a session of a congress or committee named by its number.
    /// 全会 is always a plenum; 会议 is a session when the congress's 届 stands just before.
    static func isSessionNumber(_ t: FigureText, _ f: FoundFigure, run: Range<Int>) -> Bool {
        guard let w = t.word(in: sessionWords, at: f.end), t[f.end - 1] == "次" else { return false }
        if w == plenum { return true }
        var k = run.lowerBound - 1
        while k >= 0 && run.lowerBound - k <= 6 && !Delimiters.subject.contains(t.s[k]) {
            if t.s[k] == "届" { return true }
            k -= 1
        }
        return false
    }

    static let sessionWords = scalarWords("会议 全会 全体会议")
    static let plenum: [Unicode.Scalar] = Array("全会".unicodeScalars)

    /// 一 alone is an article far more often than a count (一批, 一个平台, 一站式). It counts when it
    /// stands after its noun as a whole count (组建协会一个，) or after a verb of founding or
    /// building (新建一所幼儿园), but not in a frequency (每月一次) or a set phrase (一件事, 一张网).
    static func isCountOfOne(_ t: FigureText, _ f: FoundFigure) -> Bool {
        guard f.kind == .count, t.word(in: phrasesWithOne, at: f.start) == nil, !closesParallelItems(t, f) else {
            return false
        }
        let clauseStart = t.start(before: f.start, stops: Delimiters.clause, limit: 16)
        if t.s[clauseStart..<f.start].contains("每") { return false }
        if t.word(in: foundingVerbs, endingAt: f.start) != nil { return true }
        guard let next = t[f.end] else { return true }
        return Delimiters.clause.contains(next) || next == "、"
    }

    /// 发现一处、整改一处、销号一处: a list item that is a bare verb and the same 一+measure word
    /// next to this one makes the list a formula of parallel steps, not counts.
    static func closesParallelItems(_ t: FigureText, _ f: FoundFigure) -> Bool {
        let word = t.s[f.start..<f.end]
        // A step of the formula: at most a two-scalar verb, then the same 一+measure word.
        func isStep(endingAt end: Int) -> Bool {
            let start = end - word.count
            guard start >= 0, end <= t.count, t.s[start..<end].elementsEqual(word) else { return false }
            return start - t.start(before: start, stops: Delimiters.subject, limit: 3) <= 2
        }
        if let next = t[f.end], next != "、" && !Delimiters.clause.contains(next) { return false }
        for verb in 1...2 where t[f.end] == "、" && isStep(endingAt: f.end + 1 + verb + word.count) { return true }
        let itemStart = t.start(before: f.start, stops: Delimiters.subject, limit: 12)
        return t[itemStart - 1] == "、" && isStep(endingAt: itemStart - 1)
    }

    /// A figure right after a list comma or 和 that follows a growth continues it: 分别增长5.1%、7.3%.
    static func continueList(_ t: FigureText, _ f: inout FoundFigure, after previous: FoundFigure?) {
        guard let previous, previous.kind == .growth, f.kind != .growth, previous.unit == f.unit,
              previous.end == f.leadStart - 1, let joint = t[previous.end], listJoints.contains(joint) else { return }
        f.kind = .growth
        f.rule = "growth"
        if previous.value < 0 {
            f.value = -f.value
            if let lo = f.min, let hi = f.max { f.min = -hi; f.max = -lo }
        }
    }

    /// 百分之六十, 百分之3.5
    static func percentInWords(_ t: FigureText, at i: Int) -> FoundFigure? {
        let k = i + percentWords.count
        var value: Double
        var end: Int
        if let n = Numerals.arabic(t, at: k) {
            value = n.value()
            end = n.end
        } else {
            var j = k
            while j < t.count && Numerals.isChinese(t.s[j]) { j += 1 }
            // 百分之九十八点六, and 百分之百 with its bare 百.
            guard j > k, let n = Numerals.chineseNumber(t, k..<j) ?? Numerals.bareMultiplier(t, k..<j) else { return nil }
            value = n.value()
            end = n.end
        }
        var qualifier = Qualifier.exact
        if let w = t.word(in: trailingQualifiers, at: end) {
            qualifier = trailingQualifier(w)
            end += w.count
        }
        var f = FoundFigure(start: i, end: end, leadStart: i, value: value, unit: "%", qualifier: qualifier,
                            kind: .percent, rule: "percent-words")
        applyLeadingQualifier(t, &f)
        applyGrowth(t, &f)
        return f
    }

    /// What follows a number and what stands before it make it a figure, or not.
    static func figure(_ t: FigureText, numberStart: Int, first: Numerals.Arabic, chinese: Bool) -> FoundFigure? {
        var j = first.end
        var second: Numerals.Arabic? = nil
        if let c = t[j], rangeMarks.contains(c) {
            if chinese {
                var k = j + 1
                while k < t.count && Numerals.isChinese(t.s[k]) { k += 1 }
                if k > j + 1, let v = Numerals.chinese(t, (j + 1)..<k) {
                    second = Numerals.Arabic(mantissa: v, decimals: 0, digits: k - j - 1, end: k)
                }
            } else if let n = Numerals.arabic(t, at: j + 1) {
                second = n
            }
            if let second { j = second.end }
        }
        var qualifier = Qualifier.exact
        var multiplier = 1.0
        // Text taken from a PDF puts a space between a number and what it counts (15 亿元, 40 万吨):
        // one space after an Arabic number is read through when a multiplier or unit follows it.
        if !chinese, second == nil, let c = t[j], Delimiters.isSpace(c), let d = t[j + 1],
           !Delimiters.isSpace(d), Numerals.digit(d) == nil { j += 1 }
        if !chinese {
            // 10余万元: 余 may stand before the multiplier.
            if let c = t[j], c == "余" || c == "多", let m = t[j + 1], m == "万" || m == "亿" {
                qualifier = .over
                j += 1
            }
            while let c = t[j], let m = Numerals.multiplier(c) {
                // 千米, 千克, 千瓦: 千 belongs to the unit. 百 multiplies only in 百万, 百亿.
                if c == "千", let u = t[j + 1], unitsWithQian.contains(u) { break }
                if c == "百", t[j + 1] != "万" && t[j + 1] != "亿" { break }
                multiplier *= m
                j += 1
            }
        }
        if let c = t[j], c == "余" || c == "多" {
            qualifier = .over
            j += 1
        }

        var unit: String
        var kind: FigureKind
        var isAge = false
        if let c = t[j], c == "%" || c == "％" || c == "‰" {
            unit = c == "‰" ? "‰" : "%"
            kind = .percent
            j += 1
        } else if let n = t.spacedWord(in: pointWords, at: j) {
            unit = "个百分点"
            kind = .growth
            j += n
        } else if t.has(MeasureUnits.year, at: j) {
            // A year, unless a verb of lasting makes it a span: 长达22年, 连续3年, 历时近两年.
            // A period that frames the work (过去五年, 五年来, 近三年) is no figure.
            let isYear = !chinese && (first.digits == 4 || (second?.digits ?? 0) == 4)
            let qualifier = t.word(in: leadingQualifiers, endingAt: numberStart)?.count ?? 0
            let cued = t.word(in: MeasureUnits.spanCues, endingAt: numberStart) != nil
                || (qualifier > 0 && t.word(in: MeasureUnits.spanCues, endingAt: numberStart - qualifier) != nil)
            guard !isYear && cued && multiplier == 1 else { return nil }
            unit = "年"
            kind = .duration
            j += 1
        } else if let u = MeasureUnits.match(t, at: j, afterChineseNumeral: chinese && first.digits == 1 && qualifier == .exact) {
            // 二期 is a phase, 二十余期 a count: only a single Chinese digit names a phase or class.
            unit = u.name
            kind = u.kind
            j += u.word.count
            isAge = u.word.last == "岁"
        } else {
            return nil
        }
        if let w = t.word(in: trailingQualifiers, at: j) {
            qualifier = trailingQualifier(w)
            j += w.count
        }

        // 12岁及以上人群, 3-11岁儿童, 60周岁以上老人: an age with a noun after it names the group
        // a figure counts; an age stands as a figure only at the end of its clause (平均年龄41岁).
        if isAge, let c = t[j], !Delimiters.clause.contains(c),
           !Delimiters.closingBrackets.contains(c), !Delimiters.isSpace(c) { return nil }
        var f = FoundFigure(start: numberStart, end: j, leadStart: numberStart, value: first.value(times: multiplier),
                            unit: unit, qualifier: qualifier, kind: kind,
                            rule: chinese ? "chinese-numeral+unit" : "number+unit")
        if let second {
            let a = f.value, b = second.value(times: multiplier)
            f.min = Swift.min(a, b)
            f.max = Swift.max(a, b)
            // The gold annotations give a range the value of its upper end (9-14个 → 14).
            f.value = Swift.max(a, b)
            f.rule = "range"
        } else if unit == "%" {
            f.rule = "percent"
        }
        applyLeadingQualifier(t, &f)
        applyGrowth(t, &f)
        return f
    }

    /// The qualifier word (约, 近, 超过…) standing right before `i`, if it is one there.
    static func leadingQualifier(_ t: FigureText, endingAt i: Int) -> [Unicode.Scalar]? {
        guard let w = t.word(in: leadingQualifiers, endingAt: i) else { return nil }
        // 最近, 附近 are not 近.
        if w == near, let p = t[i - 2], nearNotQualifier.contains(p) { return nil }
        // 签约, 节约, 预约: 约 ends a word there.
        if w == about, let p = t[i - 2], aboutNotQualifier.contains(p) { return nil }
        return w
    }

    /// 以上 → over, 以下/以内 → under, 左右 → approx.
    static func trailingQualifier(_ w: [Unicode.Scalar]) -> Qualifier {
        underTrailing.contains(w) ? .under : (w == approx ? .approx : .over)
    }

    static func applyLeadingQualifier(_ t: FigureText, _ f: inout FoundFigure) {
        let start = t.beforeSpace(f.start)
        guard let w = leadingQualifier(t, endingAt: start) else { return }
        f.leadStart = start - w.count
        if f.qualifier == .exact {
            f.qualifier = underWords.contains(w) ? .under : (overWords.contains(w) ? .over : .approx)
        }
    }

    /// 同比增长5.7% is a growth; 下降, 减少… make it negative. A count or amount is a growth only
    /// against a stated base (同比下降4岁); a share after a growth verb is one anyway (增长6.1%).
    static func applyGrowth(_ t: FigureText, _ f: inout FoundFigure) {
        var p = t.beforeSpace(f.leadStart)
        if let w = t.word(in: growthFillers, endingAt: p) { p -= w.count }
        guard let verb = t.word(in: growthVerbs, endingAt: p) else { return }
        if f.kind != .percent && f.kind != .growth {
            let from = t.start(before: p - verb.count, stops: Delimiters.clause, limit: 16)
            var cued = false
            var k = from
            while k < p - verb.count && !cued {
                cued = t.word(in: comparisonCues, at: k) != nil || isYearComparison(t, at: k)
                k += 1
            }
            guard cued else { return }
        }
        f.kind = .growth
        f.rule = "growth"
        if fallingVerbs.contains(verb) {
            f.value = -f.value
            if let lo = f.min, let hi = f.max { f.min = -hi; f.max = -lo }
        }
    }

    /// 比2019年, 较2022年: a comparison with a named year.
    static func isYearComparison(_ t: FigureText, at k: Int) -> Bool { yearComparisonLength(t.s, at: k) > 0 }

    /// The length of 比2019年 or 较2022年 standing at `k` in `s`, or 0.
    static func yearComparisonLength(_ s: [Unicode.Scalar], at k: Int) -> Int {
        guard k >= 0, k + 5 < s.count, s[k] == "比" || s[k] == "较", s[k + 5] == "年" else { return 0 }
        for d in (k + 1)...(k + 4) where Numerals.digit(s[d]) == nil { return 0 }
        return 6
    }

    /// 全区第二, 排名第一, 居全区第4位. An ordinal without such a cue (第一批, 第二季度) is no figure.
    static func rank(_ t: FigureText, ordinalAt k: Int, value: Double, numberEnd: Int) -> FoundFigure? {
        if let c = t[numberEnd], !(Delimiters.clause.contains(c) || Delimiters.isSpace(c)
                                   || rankFollowers.contains(c)) { return nil }
        var cued = false
        if let p = t[k - 1], rankScopeEnds.contains(p) { cued = true }
        var q = t.start(before: k, stops: Delimiters.clause, limit: 10)
        while q < k && !cued {
            cued = t.word(in: rankCues, at: q) != nil
            q += 1
        }
        guard cued else { return nil }
        return FoundFigure(start: k, end: numberEnd, leadStart: k, value: value, unit: "rank", qualifier: .exact,
                           kind: .rank, rule: "rank")
    }

    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }

    // MARK: - Word tables

    /// Heads after which a Chinese numeral and its measure word are part of a name, not a count.
    static let nameHeads = scalarWords("车 式 型 电动车 摩托车")
    static let percentWords: [Unicode.Scalar] = Array("百分之".unicodeScalars)
    static let listJoints = scalarSet("、和及与")
    static let rangeMarks = scalarSet("-~～—至到")
    static let codeMarks = scalarSet(".-:：_#")
    static let signs = scalarSet("-－−+＋")
    static let unitsWithQian = scalarSet("米克瓦")
    static let pointWords = scalarWords("个百分点 百分点")
    static let underTrailing = scalarWords("以下 以内 之内")
    static let approx: [Unicode.Scalar] = Array("左右".unicodeScalars)
    static let trailingQualifiers = scalarWords("以上 以下 以内 之内 左右")
    static let near: [Unicode.Scalar] = ["近"]
    static let nearNotQualifier = scalarSet("最附邻临")
    static let about: [Unicode.Scalar] = ["约"]
    static let aboutNotQualifier = scalarSet("签合节预制履违特公条契邀相赴缔")
    static let leadingQualifiers = scalarWords("""
        约 大约 近 将近 接近 近乎 超 超过 逾 突破 不足 不到 不少于 不低于 不小于 高于 多于 大于 \
        不超过 不高于 不多于 低于 少于 小于
        """)
    static let overWords = scalarWords("超 超过 逾 突破 不少于 不低于 不小于 高于 多于 大于")
    static let underWords = scalarWords("不足 不到 不超过 不高于 不多于 低于 少于 小于")
    static let growthFillers = scalarWords("了 达 为 达到 约为")
    static let growthVerbs = scalarWords("净增 净增加 净减 净减少 增长 增加 提高 提升 上升 上涨 增幅 增速 增 下降 减少 降低 回落 下滑 下跌 降幅 减 缩减 缩短 压减 压缩")
    static let fallingVerbs = scalarWords("净减 净减少 下降 减少 降低 回落 下滑 下跌 降幅 减 缩减 缩短 压减 压缩")
    static let comparisonCues = scalarWords("年均 同比 环比 比上年 较上年 比去年 较去年 比上月 较上月 比上季 上年同期 去年同期")
    static let rankCues = scalarWords("排名 排在 排第 位列 位居 名列 居")
    static let rankScopeEnds = scalarSet("区市省县国镇乡")
    static let rankFollowers = scalarSet("、位名）)”。")
    /// Chinese-numeral phrases that are names of doctrines and slogans, never counts.
    static let setPhrases = scalarWords("""
        四个意识 四个自信 两个维护 两个确立 四个全面 五位一体 四位一体 三位一体 九位一体 三会一课 一岗双责 \
        两学一做 三严三实 两张皮 八项规定 两个责任 两个覆盖 两个结合 六个坚持 两个巩固 四个不发生 三个代表 \
        两个一百年 五个率先 三个阶段 两个务必 三个务必 两个大局 两个毫不动摇 三个区分开来 十个明确 十四个坚持 \
        一次产业 二次产业 三次产业 二次分配 三次分配 二次供水 二次加压 二次污染 二次装修 二次开发 二次创业
        """)
    /// Set phrases with 一 and a measure word that count nothing.
    static let phrasesWithOne = scalarWords("""
        一件事 一张网 一张图 一张蓝图 一盘棋 一条龙 一次性 一站式 一门式 一个窗口 一把手 一条心 一股劲 一揽子 \
        一部分 一段时间 一个时期 一本账 一支笔 一口价 一个标准
        """)
    /// Verbs of founding and building: the 一 after them counts what was made (新建一所幼儿园).
    static let foundingVerbs = scalarWords("""
        新建 组建 建成 新增 成立 创建 设立 新设 增设 开设 建立 落成 培育 引进 新开 开通 改建 扩建 新招 招引
        """)
}

/// A number the scan passed over, and why (shown by `huibao parse --dropped`).
public struct DroppedCandidate: Sendable, Equatable {
    public enum Reason: String, Sendable {
        case quoted = "inside a quote or a title (a slogan or a name)"
        case date = "a date or a year"
        case code = "a code, a clock time or a version"
        case ordinal = "an ordinal with no rank cue (第一批, 第二季度)"
        case setPhrase = "a set phrase or a numbered name (四个意识, 二期)"
        case name = "part of a name (三轮车, 一站式)"
        case article = "一 read as an article (一批, 一个平台)"
        case noUnit = "no unit or measure word after it"
    }
    public var text: String
    public var context: String
    public var start: Int
    public var reason: Reason
}

/// Collects dropped candidates during one explaining scan.
final class DropLog {
    var candidates: [DroppedCandidate] = []

    func add(_ t: FigureText, _ range: Range<Int>, _ reason: DroppedCandidate.Reason) {
        let a = t.start(before: range.lowerBound, stops: Delimiters.clause, limit: 30)
        let b = t.end(after: range.upperBound, stops: Delimiters.clause, limit: 30)
        candidates.append(DroppedCandidate(text: t.string(range), context: t.string(a..<b), start: range.lowerBound, reason: reason))
    }
}
