// What a report says did not happen: 安全事故、森林火情零发生; 未发生赴省进京上访事件;
// 实现零死亡; 无一例感染; 死亡人数为零. A promise about the future (确保不发生…, 力争零事故) is a
// plan, not an event, and is left out. 零 in these phrases is never reported as a figure of 0.

enum ZeroEventScanner {
    typealias Scalars = [Unicode.Scalar]

    static func scan(_ t: FigureText) -> [ZeroEvent] {
        var events: [ZeroEvent] = []
        var seen = Set<Scalars>()
        var i = 0
        var matches = 0
        // Held in a local: a static read inside the loop costs a swift_once per scalar.
        let anchorStarts = ZeroEventScanner.anchorStarts, anchorBits = ZeroEventScanner.anchorBits
        while i < t.count && matches < maxMatches {
            i = anchorBits.next(in: t.s, from: i, before: t.count)
            guard i < t.count else { break }
            guard anchorStarts.contains(t.s[i]), let m = match(t, at: i) else { i += 1; continue }
            matches += 1
            let clauseStart = t.start(before: m.text.lowerBound, stops: Delimiters.clause, limit: 40)
            if !isPromise(t, clauseStart..<m.anchor) {
                for subject in split(m.subject) where !subject.isEmpty && seen.insert(subject).inserted {
                    events.append(ZeroEvent(subject: FigureSubjects.string(subject), text: t.string(m.text),
                                            start: m.text.lowerBound))
                }
            }
            i = max(i + 1, m.next)
        }
        return events
    }

    /// A report says a few times what did not happen; past this many phrases the input is not a report.
    static let maxMatches = 1_000

    struct Match {
        var subject: Scalars
        var text: Range<Int>
        var anchor: Int
        var next: Int
    }

    static func match(_ t: FigureText, at i: Int) -> Match? {
        if t.has(zeroHappened, at: i) || t.has(isZero, at: i) {
            // <things>零发生, <thing>为零: the subject stands before.
            let w = t.has(zeroHappened, at: i) ? zeroHappened : isZero
            let end = i + w.count
            if w == isZero, let c = t[end], !Delimiters.clause.contains(c) { return nil }
            let start = t.start(before: i, stops: Delimiters.clause, limit: 30)
            var subject = FigureSubjects.clean(Array(t.s[start..<i]))
            while let x = FigureSubjects.prefix(in: beforeSubject, of: subject) { subject.removeFirst(x.count) }
            subject = FigureSubjects.cleanLeft(subject)
            return Match(subject: subject, text: start..<end, anchor: i, next: end)
        }
        if let w = t.word(in: didNotHappen, at: i) {
            // 未发生<things>: the subject follows.
            let from = i + w.count
            let end = t.end(after: from, stops: Delimiters.clause, limit: 30)
            var subject = FigureSubjects.clean(Array(t.s[from..<end]))
            while let x = FigureSubjects.prefix(in: afterNegation, of: subject), x.count < subject.count {
                subject.removeFirst(x.count)
            }
            return Match(subject: subject, text: i..<end, anchor: i, next: end)
        }
        if t.s[i] == "0" { return gluedZero(t, at: i) }
        if t.s[i] == "零" {
            // 实现零死亡, 零事故: after 实现/做到 anything; elsewhere only the nouns of harm.
            var p = i
            if let q = t[p - 1], Delimiters.quotes.contains(q) { p -= 1 }
            if let event = namedBeforeZero(t, zeroAt: i, quoteAt: p) { return event }
            let achieved = t.word(in: achieveVerbs, endingAt: p) != nil
            let from = i + 1
            var end: Int
            if achieved {
                end = t.end(after: from, stops: zeroListStops, limit: 8)
            } else if let noun = t.word(in: harmNouns, at: from) {
                end = from + noun.count
            } else {
                return nil
            }
            guard end > from else { return nil }
            return Match(subject: FigureSubjects.clean(Array(t.s[from..<end])), text: i..<end, anchor: i, next: end)
        }
        return nil
    }

    /// 实现安全生产事故“零”, 保持火灾亡人“零”纪录: the event stands between the verb and a 零 that ends it.
    static func namedBeforeZero(_ t: FigureText, zeroAt i: Int, quoteAt p: Int) -> Match? {
        var end = i + 1
        if let q = t[end], Delimiters.quotes.contains(q) { end += 1 }
        if let w = t.word(in: afterZero, at: end) { end += w.count }
        guard end == t.count || Delimiters.clause.contains(t.s[end]) else { return nil }
        let clauseStart = t.start(before: p, stops: Delimiters.clause, limit: 30)
        var k = p - 1
        while k >= clauseStart {
            if let verb = t.word(in: achieveVerbs, at: k), k + verb.count < p {
                let subject = FigureSubjects.clean(Array(t.s[(k + verb.count)..<p]))
                return subject.isEmpty ? nil : Match(subject: subject, text: clauseStart..<end, anchor: k, next: end)
            }
            k -= 1
        }
        return nil
    }

    static let afterZero = scalarWords("纪录 记录 目标")

    /// 100%化解、0再访; 0事故: an Arabic 0 standing alone and glued to a word that is no unit
    /// names what happened zero times, the word up to the next list mark.
    static func gluedZero(_ t: FigureText, at i: Int) -> Match? {
        if let p = t[i - 1], Numerals.digit(p) != nil || Numerals.isDecimalPoint(p) || FigureScanner.isASCIILetter(p)
            || FigureScanner.codeMarks.contains(p) { return nil }
        guard let c = t[i + 1], c.value >= 0x4E00 && c.value <= 0x9FFF, !notAfterZero.contains(c),
              MeasureUnits.match(t, at: i + 1, afterChineseNumeral: false) == nil else { return nil }
        let end = t.end(after: i + 1, stops: zeroListStops, limit: 8)
        return Match(subject: FigureSubjects.clean(Array(t.s[(i + 1)..<end])), text: i..<end, anchor: i, next: end)
    }

    /// After a 0 these make a time, a date or a generation (0时, 0点, 00后), not an event.
    static let notAfterZero = scalarSet("时点分秒年月日号度后")

    static func isPromise(_ t: FigureText, _ range: Range<Int>) -> Bool {
        var k = range.lowerBound
        while k < range.upperBound {
            if t.word(in: promiseWords, at: k) != nil { return true }
            k += 1
        }
        return false
    }

    /// 负面舆情和群体性事件 → two events; 传播或本地传播病例 stays one.
    static func split(_ w: Scalars) -> [Scalars] {
        var parts: [Scalars] = []
        var current: Scalars = []
        var k = 0
        while k < w.count {
            if let x = separators.match(in: w, at: k) {
                parts.append(current)
                current = []
                k += x.count
            } else {
                current.append(w[k])
                k += 1
            }
        }
        parts.append(current)
        return parts.map { part in
            var p = part
            while let x = FigureSubjects.suffix(in: trailing, of: p), x.count < p.count { p.removeLast(x.count) }
            return p
        }
    }

    static let anchorStarts = scalarSet("零未没无为从0")
    static let anchorBits = ScalarBits { anchorStarts.contains($0) }
    static let zeroHappened: [Unicode.Scalar] = Array("零发生".unicodeScalars)
    static let isZero: [Unicode.Scalar] = Array("为零".unicodeScalars)
    static let didNotHappen = scalarWords("未发生 没有发生 未出现 没有出现 无一例 从未发生")
    /// Words between 未发生 and the event that are not part of it. 重大, 较大以上 are: they say
    /// which events (未发生较大以上自然灾害亡人事件).
    static let afterNegation = scalarWords("过 了 一起 一例 一宗 任何")
    static let beforeSubject = scalarWords("实现 做到 保持 全年 辖区")
    static let achieveVerbs = scalarWords("实现 做到 保持 达到")
    static let harmNouns = scalarWords("事故 伤亡 死亡 上访 越级上访 进京上访 投诉 感染 发案 火灾 污染 扩散 输入 漏报 差错 失误 事件 案件 传播")
    static let zeroListStops = scalarSet("。；，,;：:\n！？!?、“”\"和及")
    static let promiseWords = scalarWords("确保 力争 防止 杜绝 严防 避免 坚决 努力 争取 保证")
    static let separators = scalarWords("、 和 及 与 以及")
    static let trailing = scalarWords("的 等 事情")
}
