// The subject of a figure: the short name a reader gives it. Work reports write figures in a few
// shapes, and the subject sits in a known place in each:
//   <subject>为/达/共/累计 <figure>      签约面积约5.77万平方米, 整治入库率为60.8%
//   <verb> <figure><measure word><object> 配备132名垃圾分类督导员 → 配备垃圾分类督导员
//   <figure>, <figure>                   立案处罚14宗14.25万元: the second inherits the first's subject
//   <subject>同比下降<figure>             各类事故18起，同比下降47.1%: the growth inherits too
//   <subject>排名全区第<n>
// Frame words around the subject (times, connectives, light verbs, 各类) are stripped.

// Over 400 lines on purpose: the subject rules of the shapes above and their word tables, read
// together when a subject comes out wrong.

enum FigureSubjects {
    typealias Scalars = [Unicode.Scalar]

    static func describe(_ figures: [FoundFigure], in t: FigureText) -> (figures: [Figure], subjects: [Scalars]) {
        var out: [Figure] = []
        out.reserveCapacity(figures.count)
        var subjects: [Scalars] = []
        subjects.reserveCapacity(figures.count)
        // The previous figure of the same sentence: its subject, and where its object phrase ended.
        var previous: (subject: Scalars, consumedEnd: Int, end: Int)? = nil
        // When the previous figure was a target amount (计划14.70亿元): the target's name.
        var previousTarget: Scalars? = nil
        // Subjects of the figures of the current sentence, for 分别 lists that refer back to them.
        var sentenceSubjects: [Scalars] = []
        // Subjects handed out by a 分别 list to the figures that follow, one each.
        var respective: [Scalars] = []
        var nextRespective = 0
        // The last figure of the sentence before the current clause or list item, for ranks.
        var previousClause: (subject: Scalars, end: Int)? = nil
        // What the last growth of the sentence measured, for ranks of its 增幅 or 增速.
        var growthBase: Scalars? = nil
        for (index, f) in figures.enumerated() {
            // Gaps between neighbouring figures are disjoint, so these scans stay linear overall.
            if let p = previous, t.s[min(p.end, f.leadStart)..<f.leadStart].contains(where: Delimiters.sentence.contains) {
                previous = nil
                previousTarget = nil
                previousClause = nil
                growthBase = nil
                sentenceSubjects.removeAll(keepingCapacity: true)
            }
            if let p = previous, t.s[min(p.end, f.leadStart)..<f.leadStart].contains(where: Delimiters.subject.contains) {
                previousClause = (p.subject, p.end)
            }
            let prev = previous
            let leftStart = max(subjectStart(t, before: f.leadStart), prev?.consumedEnd ?? 0)
            let leftRaw = leftStart < f.leadStart ? Array(t.s[leftStart..<f.leadStart]) : []
            let right = rightPhrase(t, after: index, in: figures)

            var subject: Scalars
            var consumedEnd = f.end
            // 全区排名: a rank's field, named after what is ranked.
            var rankField: Scalars = []
            // 完成任务的117.46%: the target whose completion a share reports, named after its subject.
            var completion: Scalars = []
            // 计划14.70亿元: the target named by the words before this amount, for the share after it.
            var targetOfPrevious: Scalars? = nil
            let listed = prev.map { $0.end == f.leadStart - 1 && FigureScanner.listJoints.contains(t.s[$0.end]) } ?? false
            if !listed {
                respective = respectiveSubjects(t, index, figures, before: sentenceSubjects)
                nextRespective = 0
            }
            if nextRespective < respective.count {
                subject = respective[nextRespective]
                nextRespective += 1
            } else if let p = prev, !p.subject.isEmpty, f.kind != .rank, isComparisonBase(clean(leftRaw)) {
                // 收入2.29亿元，比上年决算增加0.085亿元; 完成52.1亿元，是2011年的1.88倍; 高于目标2.1个百分点:
                // the base of a comparison is not what is measured; the sentence's figure before is.
                subject = p.subject
            } else if let p = prev, !p.subject.isEmpty, f.kind != .percent, f.kind != .growth, f.kind != .rank,
                      let target = completedTarget(clean(leftRaw)) {
                // 完成镇本级财政收入14.89亿元，完成年初镇人代会计划14.70亿元的101.29%: the amount is the
                // target the figure before was set; the share after it is its completion.
                subject = p.subject
                targetOfPrevious = target
            } else if let p = prev, !p.subject.isEmpty, f.kind == .percent, let target = previousTarget,
                      clean(leftRaw) == ofWord {
                subject = p.subject
                completion = target + completionRate
            } else if let p = prev, !p.subject.isEmpty, f.kind == .percent, let target = completedTarget(clean(leftRaw)) {
                // 收入2496万元，完成任务的117.46%，同比增长28.7%: the share of its target that the
                // figure before reached; the growth after it is still the growth of that figure.
                subject = p.subject
                completion = target + completionRate
            } else if let p = prev, !p.subject.isEmpty, f.kind == .percent, case let left = cleanLeft(leftRaw), left.first == "占" {
                // 民生支出59.12亿元，占一般公共预算支出的77.5%，增长11.7%: the share of what the figure
                // before measured, and the growth after it is still that figure's.
                subject = p.subject
                completion = left
            } else if f.kind == .rank {
                let clauseLeft = Array(t.s[subjectStart(t, before: f.leadStart)..<f.leadStart])
                (subject, rankField) = rankSubject(clauseLeft, previous: previousClause?.subject, growthBase: growthBase)
            } else if let predicate = right.predicate {
                let left = cleanLeft(leftRaw)
                if f.kind == .duration, let done = strip(prefixIn: completionVerbs, of: predicate) {
                    // 仅用3天完成全域地毯式排查: the span measures what was completed.
                    subject = done
                } else if t.word(in: participationVerbs, at: right.start) != nil {
                    // 约2000人次参加学习: the people taking part in what the figure before measured.
                    let base = orPrevious(left, prev?.subject)
                    subject = base.suffix(predicate.count).elementsEqual(predicate) ? base : base + predicate
                } else {
                    subject = orPrevious(left, prev?.subject)
                }
            } else if !right.object.isEmpty {
                let left = cleanLeft(leftRaw)
                // 覆盖率不足70%的村: a share describes what follows it; what it measures stands left.
                if (f.kind == .percent || f.kind == .growth) && !left.isEmpty {
                    subject = left
                } else if left.count > 4, suffix(in: quantityNouns, of: left) != nil {
                    // 土地面积28.48万㎡项目落地见效: the left names the quantity; the right goes on.
                    subject = left
                } else {
                    subject = left.count <= 4 ? left + right.object : right.object
                    consumedEnd = right.end
                }
            } else {
                subject = orPrevious(cleanLeft(leftRaw), prev?.subject)
            }
            if subject.isEmpty && f.kind == .duration { subject = completedClause(t, after: index, in: figures) }
            if subject.isEmpty && prev == nil
                && (f.kind == .growth || f.kind == .percent || reachingVerbs.contains(clean(leftRaw))) {
                // 规上工业总产值突破500亿大关，达到553.6亿元: a clause of a bare verb and a figure goes
                // on the clause before it.
                subject = previousClauseHead(t, before: f.leadStart)
            }
            if f.kind != .rank, let p = prev, p.end == leftStart - 1, t.s[p.end] == "、", index > 0,
               figures[index - 1].kind == .count, !p.subject.isEmpty, genericSubjects.contains(subject),
               !genericSubjects.contains(p.subject) {
                // 拆除违法建设63处、面积1.18万平方米: a bare generic quantity listed after a count is
                // that of the things counted.
                subject = Array(p.subject.suffix(max(maxSubject - subject.count, 4))) + subject
            }
            if subject.count > maxSubject { subject = Array(subject.suffix(maxSubject)) }
            // The subject is what is measured: a growth's comparison and verb (同比下降) are its
            // kind and sign, not its name.
            let named = subject + rankField + completion

            out.append(Figure(
                text: t.string(f.start..<f.end), value: f.value, min: f.min, max: f.max, unit: f.unit,
                qualifier: f.qualifier, kind: f.kind, subject: string(named),
                context: context(t, f), start: f.start, rule: f.rule))
            subjects.append(named)
            previous = (subject, consumedEnd, f.end)
            previousTarget = targetOfPrevious
            if f.kind == .growth { growthBase = subject }
            sentenceSubjects.append(subject)
        }
        return (out, subjects)
    }

    static let maxSubject = 16

    /// 比上年决算, 较去年整个滑雪季, 是2011年的, 高于目标, 同口径: a phrase that names the base a
    /// figure is compared with.
    static func isComparisonBase(_ w: Scalars) -> Bool {
        guard let head = prefix(in: comparisonHeads, of: w) else { return false }
        guard head.count == 1 || head.last == "是" || head.last == "比" || head.last == "较" else { return true }
        // 比重, 较好, 是全区…: only a named period or year after 比, 较 or 是 makes a base.
        guard let next = w.dropFirst(head.count).first else { return false }
        return Numerals.digit(next) != nil || baseStarts.contains(next)
    }

    /// 完成年度任务, 完成预算的, 超额完成县下达任务: the target a completion share is measured against.
    static func completedTarget(_ w: Scalars) -> Scalars? {
        guard let verb = prefix(in: completionHeads, of: w) else { return nil }
        var target = Array(w.dropFirst(verb.count))
        if target.last == "的" { target.removeLast() }
        guard !target.isEmpty, target.count <= 12, suffix(in: targetNouns, of: target) != nil else { return nil }
        return target
    }

    static let ofWord: Scalars = ["的"]
    static let reachingVerbs = scalarWords("达到 达 实现 完成 突破 增至 升至 降至")
    static let completionHeads = scalarWords("完成 完成了 超额完成 已完成 实现 达到")
    static let targetNouns = scalarWords("任务 预算 计划 目标 指标")
    static let completionRate: Scalars = Array("完成率".unicodeScalars)

    /// Quantities that name nothing on their own: whose 投资, whose 面积.
    static let genericSubjects = scalarWords("投资 总投资 资金 产值 总产值 收入 金额 总金额 面积 总面积 营收 销售额 规模")

    static let comparisonHeads = scalarWords("比 较 是 分别是 分别比 分别较 均比 均较 高于 低于 同口径 相当于 塌目标 快于 慢于 超出")
    static let baseStarts = scalarSet("上去同前")
    static let openingBrackets = scalarSet("(（")

    /// 全乡财政总收入238.68万（…），同比上升26.9%: a change standing alone in its clause changes
    /// what the clause before it in the sentence names, read up to its first number.
    static func previousClauseHead(_ t: FigureText, before i: Int) -> Scalars {
        let clauseStart = t.start(before: i, stops: Delimiters.clause, limit: 24)
        guard clauseStart > 0, let c = t[clauseStart - 1], Delimiters.clause.contains(c), !Delimiters.sentence.contains(c) else {
            return []
        }
        let from = t.start(before: clauseStart - 1, stops: Delimiters.clause, limit: 40)
        var end = from
        let brackets = openingBrackets
        while end < clauseStart - 1, Numerals.digit(t.s[end]) == nil, !brackets.contains(t.s[end]) { end += 1 }
        return cleanLeft(Array(t.s[from..<end]))
    }

    /// The left phrase, or what the previous figure of the sentence measured when the left says
    /// nothing (立案14宗14.25万元) or only that this is its share (村干部有12人，占28%).
    static func orPrevious(_ left: Scalars, _ previous: Scalars?) -> Scalars {
        guard let previous else { return left }
        if left.isEmpty { return previous }
        return left == share && !previous.isEmpty ? previous + share : left
    }

    /// The clause the figure stands in, trimmed and capped.
    static func context(_ t: FigureText, _ f: FoundFigure) -> String {
        var a = t.start(before: f.leadStart, stops: Delimiters.clause, limit: 40)
        var b = t.end(after: f.end, stops: Delimiters.clause, limit: 40)
        // Tables read in a loop are held in locals: each read of a static costs a swift_once.
        let space = Delimiters.space
        while a < b && space.contains(t.s[a]) { a += 1 }
        while b > a && space.contains(t.s[b - 1]) { b -= 1 }
        return t.string(a..<b)
    }

    /// Where the subject left of `i` may begin: after a clause end, list comma, slash or an opening
    /// bracket that is still open (a closed pair, 合同登记(备案), belongs to the subject).
    static func subjectStart(_ t: FigureText, before i: Int) -> Int {
        var k = i
        var closed = 0
        let closingBrackets = Delimiters.closingBrackets, stops = Delimiters.subject, marks = Delimiters.subjectMarks
        while k > 0 && i - k < 32 {
            let c = t.s[k - 1]
            if !marks.mayContain(c) {
                // Neither a stop nor a bracket: part of the subject.
            } else if closingBrackets.contains(c) {
                closed += 1
            } else if closed > 0 && (c == "(" || c == "（") {
                closed -= 1
            } else if stops.contains(c) {
                break
            }
            k -= 1
        }
        return k
    }

    // MARK: - Right of the figure

    struct RightPhrase {
        var object: Scalars = []
        /// Set when the text after the figure goes on with a verb (参加学习, 完成…排查) instead of an object.
        var predicate: Scalars? = nil
        var start = 0
        var end = 0
    }

    /// The object after the measure word: 配备132名[垃圾分类督导员]. Spans and measures glued to it are
    /// part of the name (11台[24小时]政务服务自助终端机, 2.3万名[80周岁以上]老人); a later figure or a
    /// clause end stops it.
    static func rightPhrase(_ t: FigureText, after index: Int, in figures: [FoundFigure]) -> RightPhrase {
        var r = figures[index].end
        var k = index + 1
        // 26波65例疫情: counts glued one after another count the same object.
        let glued: (FoundFigure) -> Bool = { $0.kind == .duration || $0.kind == .other || ($0.kind == .count && figures[index].kind == .count) }
        while k < figures.count && figures[k].leadStart == r && glued(figures[k]) {
            r = figures[k].end
            k += 1
        }
        let stop = k < figures.count ? figures[k].leadStart : Int.max
        var phrase = RightPhrase(start: r, end: r)
        if t.word(in: predicateStarts, at: r) != nil {
            let e = t.end(after: r, stops: Delimiters.subject, limit: maxSubject)
            phrase.predicate = clean(Array(t.s[r..<min(e, stop)]))
            phrase.end = r
            return phrase
        }
        var e = r
        let subjectStops = Delimiters.subject, closingBrackets = Delimiters.closingBrackets, objectStops = objectStops
        while e < t.count && e < stop && e - r < maxSubject && !subjectStops.contains(t.s[e])
                && !closingBrackets.contains(t.s[e])
                && t.word(in: objectStops, at: e) == nil {
            e += 1
        }
        var object = clean(Array(t.s[r..<e]))
        while let w = suffix(in: objectTails, of: object) { object.removeLast(w.count) }
        if let w = prefix(in: objectHeads, of: object) { object.removeFirst(w.count) }
        phrase.object = object
        phrase.end = e
        return phrase
    }

    /// 历时3个月，完成辖区128栋老旧楼栋消防隐患排查: a span standing alone times the completion
    /// that the next clause reports; that work, without its figures, names it.
    static func completedClause(_ t: FigureText, after index: Int, in figures: [FoundFigure]) -> Scalars {
        let f = figures[index]
        guard let c = t[f.end], Delimiters.clause.contains(c), !Delimiters.sentence.contains(c),
              let verb = t.word(in: completionVerbs, at: f.end + 1) else { return [] }
        let start = f.end + 1 + verb.count
        let end = t.end(after: start, stops: Delimiters.clause, limit: 32)
        var work: Scalars = []
        var k = index + 1
        var i = start
        while i < end {
            while k < figures.count && figures[k].end <= i { k += 1 }
            if k < figures.count && figures[k].start <= i {
                i = figures[k].end
            } else {
                work.append(t.s[i])
                i += 1
            }
        }
        return cleanLeft(work)
    }

    // MARK: - Lists with 分别

    /// The subjects of a 分别 list, one per figure, or none. They are listed before 分别 in the
    /// same clause (城镇、农村居民人均可支配收入分别达到44612元、21987元), or they are the subjects of
    /// the figures just before (事故9起、死亡7人，同比分别下降25%、22.2%).
    static func respectiveSubjects(_ t: FigureText, _ index: Int, _ figures: [FoundFigure],
                                   before earlier: [Scalars]) -> [Scalars] {
        let f = figures[index]
        guard let at = respectivelyPosition(t, before: f.leadStart) else { return [] }
        var n = 1
        var k = index
        while k + 1 < figures.count, figures[k + 1].leadStart == figures[k].end + 1,
              FigureScanner.listJoints.contains(t.s[figures[k].end]) {
            n += 1
            k += 1
        }
        guard n > 1 else { return [] }
        let from = t.start(before: at, stops: Delimiters.clause, limit: 48)
        var items = t.s[from..<at].split(separator: "、", omittingEmptySubsequences: false).map { cleanLeft(Array($0)) }
        if items.count == 1 && n == 2 {
            // 城镇和农村居民人均可支配收入: two items joined by a conjunction.
            let pair = t.s[from..<at].split(maxSplits: 2, omittingEmptySubsequences: false,
                                            whereSeparator: FigureScanner.listJoints.contains).map { cleanLeft(Array($0)) }
            if pair.count == 2 { items = pair }
        }
        if items.count == n && items.allSatisfy({ !$0.isEmpty }) {
            // 城镇、农村居民人均可支配收入: parallel modifiers share the head noun of the last item.
            let last = items[n - 1]
            for i in 0..<(n - 1) where items[i].count <= 3 && items[i].count + 1 < last.count {
                items[i] += last.dropFirst(items[i].count)
            }
            return items
        }
        if items.count == 1 && !items[0].isEmpty {
            // 城乡居民人均可支配收入分别增长4.8%、7.2%: 城乡 is 城镇 and 农村, in that order.
            if n == 2, items[0].starts(with: townAndCountry) {
                let rest = items[0].dropFirst(townAndCountry.count)
                return [town + rest, country + rest]
            }
            // 两项指标分别增长5%、6%: one subject before 分别 is that of every figure of the list.
            return Array(repeating: items[0], count: n)
        }
        if items.count <= 1 && earlier.count >= n { return Array(earlier.suffix(n)) }
        return []
    }

    /// Where 分别 stands among the few words before a figure (同比分别下降, 分别达到), if it does.
    static func respectivelyPosition(_ t: FigureText, before i: Int) -> Int? {
        let respectively = respectively, clauseEnds = Delimiters.clause
        var p = i - respectively.count
        while p >= 0 && i - p <= 8 {
            if clauseEnds.contains(t.s[p + respectively.count - 1]) { return nil }
            if t.has(respectively, at: p) { return p }
            p -= 1
        }
        return nil
    }

    static let respectively: Scalars = Array("分别".unicodeScalars)
    static let townAndCountry: Scalars = Array("城乡".unicodeScalars)
    static let town: Scalars = Array("城镇".unicodeScalars)
    static let country: Scalars = Array("农村".unicodeScalars)

    // MARK: - Left of the figure

    static func cleanLeft(_ raw: Scalars) -> Scalars {
        var w = clean(raw)
        // The frame first: 较去年下降 must go whole before 去年 is taken out as a filler.
        stripFrame(&w)
        let before = w.count
        w = removingInner(innerWords, from: w)
        if w.count != before { stripFrame(&w) }
        if let k = w.lastIndex(of: "占"), k == w.count - 1 || suffix(in: shareNouns, of: w) != nil {
            // X仅占, X占Y的比重: the figure is X's share; a name too long to keep whole is cut to X占比.
            var x = Array(w[..<k])
            stripFrame(&x)
            let whole = x + w[k...].filter { $0 != "的" }
            w = k == w.count - 1 || whole.count > maxSubject ? x + share : whole
        } else if w.count > 6, let k = w.lastIndex(of: "的"), w.count - k > 2 {
            // 不具备安全生产条件的小型采石场: a long phrase is named by its head noun after 的.
            w = Array(w[(k + 1)...])
        }
        // “违停整治”等专项行动: what precedes 等 are examples, the head noun follows it.
        if let k = w.lastIndex(of: "等") {
            w = Array(w[(k + 1)...])
            if let x = prefix(in: afterExamples, of: w) { w.removeFirst(x.count) }
            stripFrame(&w)
        }
        return w
    }

    static func stripFrame(_ w: inout Scalars) {
        var changed = true
        while changed && !w.isEmpty {
            changed = false
            let time = leadingTimeLength(w)
            if time > 0 { w.removeFirst(time); changed = true }
            let marker = leadingMarkerLength(w)
            if marker > 0 { w.removeFirst(marker); changed = true }
            if let x = prefix(in: leadWords, of: w) { w.removeFirst(x.count); changed = true }
            let actor = leadingActorLength(w)
            if actor > 0 { w.removeFirst(actor); changed = true }
            if let x = suffix(in: tailWords, of: w) { w.removeLast(x.count); changed = true }
            if FigureScanner.yearComparisonLength(w, at: w.count - 6) > 0 { w.removeLast(6); changed = true }
            // 社会生产总值从2021年的6.35亿元: 从 and a time open the period, not the name.
            if let k = w.lastIndex(of: "从"), k > 0, k + 1 < w.count, leadingTimeLength(Array(w[(k + 1)...])) == w.count - k - 1 {
                w.removeLast(w.count - k)
                changed = true
            }
        }
    }

    /// 青石镇完成规上工业总产值, 东城街道实现地区生产总值: a place at the head that does what the
    /// verb after it says is the actor, not part of what is measured. Only a name ending in a
    /// level word and followed by one of the verbs of achievement counts.
    static func leadingActorLength(_ w: Scalars) -> Int {
        let verbs = actorVerbs, levels = actorLevels
        var k = 2
        while k <= min(maxActor, w.count - 2) {
            if levels.contains(w[k - 1]) || (k >= 3 && w[k - 2] == "街" && w[k - 1] == "道"),
               verbs.match(in: w, at: k) != nil {
                return k
            }
            k += 1
        }
        return 0
    }

    static let maxActor = 9
    static let actorVerbs = scalarWords("完成 实现 累计完成 共完成 全年完成")
    static let actorLevels = scalarSet("镇乡区县市")

    /// A rank is named as <what is ranked><field>排名: 公共文明指数9月全区第二 → 公共文明指数全区排名,
    /// 六个街道中排名第一 → <previous>六个街道中排名, 增速居全市第3 → <what grew>增速全市排名.
    static func rankSubject(_ raw: Scalars, previous: Scalars?, growthBase: Scalars?) -> (what: Scalars, field: Scalars) {
        let w = clean(raw)
        var what = w
        var field: Scalars = []
        if let cue = lastRankCue(in: w) {
            what = Array(w[..<cue.lowerBound])
            field = Array(w[cue.upperBound...])
            if let x = prefix(in: rankFieldHeads, of: field) { field.removeFirst(x.count) }
        } else if let x = suffix(in: rankFields, of: what) {
            field = x
            what.removeLast(x.count)
        }
        // 六个街道中排名第一: what stands before 中 is the field ranked in, from its 在 on.
        if what.last == "中" {
            let k = what.lastIndex(of: "在") ?? -1
            field = what[(k + 1)...] + field
            what = Array(what[..<max(k, 0)])
        }
        var changed = true
        while changed && !what.isEmpty {
            changed = false
            if let x = suffix(in: rankScopes, of: what) { what.removeLast(x.count); changed = true }
            let date = trailingDateLength(what)
            if date > 0 { what.removeLast(date); changed = true }
        }
        let growth = suffix(in: growthNames, of: what) ?? []
        what = cleanLeft(what)
        if !growth.isEmpty {
            // 增幅位居全区第二: the growth of what the sentence's growth figure measured.
            if what.isEmpty, let growthBase { what = growthBase }
            if !what.suffix(growth.count).elementsEqual(growth) { what += growth }
        } else if what.count < 4, let previous {
            what = previous + what
        }
        return (what, field + ranking)
    }

    /// The range of the last rank cue (排名, 位居, 居…) in `w`, the longest one ending there.
    static func lastRankCue(in w: Scalars) -> Range<Int>? {
        var end = w.count
        let rankCues = FigureScanner.rankCues
        while end > 0 {
            if let x = rankCues.match(in: w, endingAt: end) { return (end - x.count)..<end }
            end -= 1
        }
        return nil
    }

    /// 2022年, 2021年度, 9月, 今年以来, 截至目前… at the head of a phrase.
    static func leadingTimeLength(_ w: Scalars) -> Int {
        var k = 0
        while k < w.count, Numerals.digit(w[k]) != nil { k += 1 }
        // 1-5月, 1—10月份, 1至9月: a period of months is the figure's period, not its name.
        if k > 0, k + 1 < w.count, FigureScanner.rangeMarks.contains(w[k]), Numerals.digit(w[k + 1]) != nil {
            k += 1
            while k < w.count, Numerals.digit(w[k]) != nil { k += 1 }
            guard k < w.count, w[k] == "月" else { return 0 }
        }
        if k > 0 {
            guard k < w.count, "年月日".unicodeScalars.contains(w[k]) else { return 0 }
            k += 1
            if let x = prefix(in: timeTails, of: Array(w[k...])) { k += x.count }
            return k
        }
        if let x = prefix(in: timeWords, of: w) { return x.count }
        return leadingPeriodLength(w)
    }

    /// 近两年, 过去五年, 三年来: a span of years that frames the work.
    static func leadingPeriodLength(_ w: Scalars) -> Int {
        let lead = prefix(in: periodHeads, of: w)?.count ?? 0
        var k = lead
        while k < w.count && (Numerals.digit(w[k]) != nil || Numerals.isChinese(w[k])) { k += 1 }
        guard k > lead, k < w.count, w[k] == "年" else { return 0 }
        k += 1
        let tail = prefix(in: periodTails, of: Array(w[k...]))?.count ?? 0
        return lead > 0 || tail > 0 ? k + tail : 0
    }

    /// List markers at the head of a phrase: 1. 2、 (3) （四） 一是.
    static func leadingMarkerLength(_ w: Scalars) -> Int {
        var k = 0
        if let first = w.first, first == "(" || first == "（" {
            k = 1
            while k < w.count && (Numerals.digit(w[k]) != nil || Numerals.isChinese(w[k])) { k += 1 }
            return k > 1 && k < w.count && Delimiters.closingBrackets.contains(w[k]) ? k + 1 : 0
        }
        while k < w.count && Numerals.digit(w[k]) != nil { k += 1 }
        if k > 0 {
            return k < w.count && (w[k] == "." || w[k] == "．" || w[k] == "、") ? k + 1 : 0
        }
        while k < w.count && Numerals.isChinese(w[k]) { k += 1 }
        return k > 0 && k + 1 < w.count && w[k] == "是" ? k + 1 : 0
    }

    /// 9月, 10月 at the end of a phrase.
    static func trailingDateLength(_ w: Scalars) -> Int {
        guard let last = w.last, last == "月" || last == "日" else { return 0 }
        var k = w.count - 1
        while k > 0, Numerals.digit(w[k - 1]) != nil { k -= 1 }
        return k < w.count - 1 ? w.count - k : 0
    }

    // MARK: - Small helpers over scalar arrays

    static func clean(_ w: Scalars) -> Scalars {
        // Most phrases hold no quote or space: hand the same array back without copying.
        let quotes = Delimiters.quotes, space = Delimiters.space, quotesAndSpaces = Delimiters.quotesAndSpaces
        guard w.contains(where: { quotesAndSpaces.mayContain($0) && (quotes.contains($0) || space.contains($0)) }) else { return w }
        return w.filter { !quotes.contains($0) && !space.contains($0) }
    }

    static func prefix(in words: WordList, of w: Scalars) -> Scalars? { words.match(in: w, at: 0) }

    static func suffix(in words: WordList, of w: Scalars) -> Scalars? { words.match(in: w, endingAt: w.count) }

    static func strip(prefixIn words: WordList, of w: Scalars) -> Scalars? {
        guard let x = prefix(in: words, of: w) else { return nil }
        return Array(w.dropFirst(x.count))
    }

    static func removingInner(_ words: WordList, from w: Scalars) -> Scalars {
        // Most phrases hold none of the words: hand the same array back without copying.
        var first = 1
        while first < w.count && words.match(in: w, at: first) == nil { first += 1 }
        guard first < w.count else { return w }
        var out: Scalars = []
        var k = 0
        while k < w.count {
            // At the head it is the subject's own modifier (各类事故); inside, a filler (查处各类违法行为).
            if k > 0, let x = words.match(in: w, at: k) {
                k += x.count
            } else {
                out.append(w[k])
                k += 1
            }
        }
        return out
    }

    static func lastIndex(ofAny words: WordList, in w: Scalars) -> Int? {
        var k = w.count - 1
        while k >= 0 {
            if words.match(in: w, at: k) != nil { return k }
            k -= 1
        }
        return nil
    }

    static func string(_ w: Scalars) -> String { FigureText(scalars: w).string(0..<w.count) }

    // MARK: - Word tables

    static let timeWords = scalarWords("""
        今年以来 今年 全年 去年 本年度 本年 上年 年内 目前 截至目前 截至 当前 近年来 以来 同期 期间 月底 年底 \
        第一季度 第二季度 第三季度 第四季度 一季度 二季度 三季度 四季度 前三季度 上半年 下半年
        """)
    static let timeTails = scalarWords("度 以来 底 末 份 来")
    static let periodHeads = scalarWords("近 最近 过去 前")
    static let periodTails = scalarWords("来 以来 间 中")
    static let leadWords = scalarWords("""
        其中 同时 此外 另外 并且 并 且 还 又 也 共有 共计 共 累计 合计 总计 已经 已 均 先后 全力 积极 持续 全面 \
        仍有 仍 有效 扎实 深入 大力 切实 依法 高效 顺利 稳妥 有力 率先 完成了 完成 已完成 组织开展 组织 开展 实施 推进 推动 \
        为 对 在 向 给 将 把 由 含 通过 力争 确保 预计 计划 争取 实现 可实现 现有 街道 辖区 全区 全镇 全县 全市 全乡 全街道 我街道 我区 我镇 仅用 用时 历时 长达 \
        及 和 与 以及 的 约 近 达 达到 \
        增长至 增长到 提高到 提高至 增加到 增加至 下降到 下降至 降至 降到 上升到 上升至 提升到 提升至 增至
        """)
    static let tailWords = scalarWords("""
        为 达 长达 达到 达到了 完成 实现 稳定在 控制在 保持在 突破 共 共计 合计 累计 总计 计 约 约为 有 是 均为 均达 均 已 超过 超 分别为 分别 的 了 近 逾 仅 \
        以 在 各 和 及 与 年均 净增 净减 净增加 净减少 增长 下降 增加 减少 提高 提升 上升 回落 降低 下滑 下跌 增幅 降幅 增速 同比 环比 比上年 较上年 \
        比去年 较去年 比上月 较上月 上年同期 去年同期 由 仍有 仍 提高到 提高至 增加到 增加至 增长到 增长至 下降到 \
        下降至 降至 降到 降低到 降低至 减少到 减少至 上升到 上升至 提升到 提升至 增至 调整为 调整到 分别达到 惠及 涉及 带动
        """)
    static let innerWords = scalarWords("各类 各项 各种 累计 全年 今年 年内 当年 本年 去年 提供")
    static let shareNouns = scalarWords("比重 比例")
    static let share: Scalars = Array("占比".unicodeScalars)
    static let afterExamples = scalarWords("方面 各类 多种")
    static let rankScopes = scalarWords("全区 全市 全省 全国 全县 全镇 全街道 中 均 在 中的")
    static let rankFields = scalarWords("全区 全市 全省 全国 全县 全镇 全乡 全街道")
    static let rankFieldHeads = scalarWords("在 于 了")
    static let ranking: Scalars = Array("排名".unicodeScalars)
    static let growthNames = scalarWords("增幅 增速 涨幅 降幅 增长")
    static let objectStops = scalarWords("""
        共 均 都 已 并 进行 按照 了 正在 正 全面 积极 参加 参与 开展 实施 完成 增加 减少 下降 降至 降到 增至 \
        提高 提升 上升 达到 占 仅占 约占 大关 关口
        """)
    static let objectTails = scalarWords("和 及 与 以及 约 近 超 的 等 中")
    static let objectHeads = scalarWords("的 对")
    static let completionWords = "完成 就完成 即完成"
    static let participationWords = "参加 参与 参训 参演 受益 参学"
    static let completionVerbs = scalarWords(completionWords)
    static let participationVerbs = scalarWords(participationWords)
    /// Words that begin a predicate: the two lists above and the verbs and comparisons below.
    static let predicateStarts = scalarWords(participationWords + " " + completionWords + """
         统筹 深入 实现 用于 获得 投入 进行 开展 推进 落实 覆盖 惠及 同比 环比 比上年 较上年 增长 下降
        """)
    /// Nouns that name a quantity: a phrase ending in one is the subject of the figure after it.
    static let quantityNouns = scalarWords("面积 金额 资金 投资 总投资 人数 数量 总数 数 率 量 额 总额 经费 收入 产值 总值 规模 长度 时长 比例 占比")
}
