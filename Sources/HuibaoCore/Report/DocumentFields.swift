// The fields of the document as a whole: title, issuer and its places, level, publication date,
// the years reviewed and planned, and the kinds of report. They come from the head of the page
// (title, `label: value` metadata, the opening sentence), the signature block at its end, and
// the top-level headings.

public struct DocumentFields: Sendable, Equatable {
    public var title: String?
    public var organization: String?
    public var place = Place()
    public var level: DocumentLevel = .unknown
    public var published: String?
    public var reportYear: Int?
    public var planYear: Int?
    public var kinds: [ReportKind] = []
    public var indexNumber: String?
    public var source: String?

    public init() {}

    public static func extract(from text: String) -> DocumentFields {
        DocumentStructure.analyse(text).fields
    }

    /// How many lines from the top can hold the title and the metadata, and from the bottom the signature.
    static let headLines = 60
    static let tailLines = 8

    static func extract(_ doc: ScalarText, title: Range<Int>?, meta: Metadata, genre: TitleGenre?,
                        sections: [Section]) -> DocumentFields {
        let s = doc.scalars
        var fields = DocumentFields()
        let opening = openingLine(in: doc)
        let signature = Signature(doc)
        fields.title = title.map { titleText(doc, $0) } ?? meta.title.map { doc.string(ownTitle(doc, $0)) }
        fields.indexNumber = meta.indexNumber.map(doc.string)
        fields.source = meta.source.map(doc.string)
        let byline = Byline(doc, title: title, opening: opening)
        fields.published = meta.published ?? meta.stamped ?? title.flatMap { dateAfterTitle(doc, $0) } ?? signature.date ?? byline.date

        let issuer = Issuer.named(in: doc, title: title, meta: meta, signature: signature, byline: byline)
        fields.organization = issuer.organization
        fields.place = issuer.place
        fields.level = issuer.level

        // Kinds and years: the title says what the report is; the top-level headings show which
        // parts it has and often name their years.
        // The opening may announce the parts too (现将上半年工作进度及下半年工作计划公布如下).
        let announced = opening.flatMap { announcement(s, $0) }.map { TitleGenre(s[$0]) }
        var summary = (genre?.hasSummary ?? false) || (announced?.hasSummary ?? false)
        var plan = (genre?.hasPlan ?? false) || (announced?.hasPlan ?? false)
        var reportYear = genre?.summaryYear ?? announced?.summaryYear
        var planYear = genre?.planYear ?? announced?.planYear
        // A review heading that names its year (一、2020年工作回顾) says which year a 政府工作报告
        // reviews better than its title's year.
        // 今年以来，… : a 政府工作报告 that opens on the year so far reports within its title's year.
        if genre?.isGovernmentReport == true, let opening, Scalars.has(sinceThisYear, at: opening.lowerBound, in: s, before: opening.upperBound),
           let year = genre?.planYear {
            reportYear = year
        } else if genre?.isGovernmentReport == true, let reviewed = sections.lazy.filter({ $0.parent == nil && $0.part == .achievements })
            .compactMap({ leadingYear(of: $0) }).first {
            reportYear = reviewed
            planYear = reviewed + 1
        }
        for section in sections where section.parent == nil {
            if summary, plan, reportYear != nil, planYear != nil { break }
            let year = leadingYear(of: section)
            switch section.part {
            case .achievements:
                summary = true
                if reportYear == nil { reportYear = year }
            case .plan:
                plan = true
                if planYear == nil { planYear = year }
            case .problems:
                break
            }
        }
        // A 政府工作报告, or a report delivered to a people's congress (…在…人民代表大会…会议上),
        // reviews one year and plans the next; the day it was delivered tells which, better than
        // the title's year (2016年政府工作报告 is delivered in January 2017). A half-year report
        // to the congress reviews its half-year only.
        let toCongress = genre?.isGovernmentReport == true || (byline.toCongress && !(genre?.isPartOfYear ?? false))
        if toCongress {
            summary = true
            plan = true
            if let delivered = byline.date, let year = Int(delivered.prefix(4)), let month = Int(delivered.dropFirst(5).prefix(2)) {
                // Delivered from October on, it plans the coming year.
                planYear = month >= 10 ? year + 1 : year
                reportYear = planYear.map { $0 - 1 }
            }
        }
        let openingYear = opening.flatMap { leadingYear(s, $0) }
        if !summary, !plan, openingYear != nil { summary = true }
        // Last resort, the publication date: a year's summary is printed from its second half to
        // the first half of the next year; a plan from the last months of the year before.
        let publishedYear = fields.published.flatMap { Int($0.prefix(4)) }
        let publishedMonth = fields.published.flatMap { Int($0.dropFirst(5).prefix(2)) } ?? 0
        if summary {
            reportYear = reportYear ?? openingYear ?? planYear.map { $0 - 1 }
                ?? publishedYear.map { publishedMonth >= 7 ? $0 : $0 - 1 }
        } else {
            reportYear = nil
        }
        if plan {
            planYear = planYear ?? reportYear.map { $0 + 1 } ?? publishedYear.map { publishedMonth >= 10 ? $0 + 1 : $0 }
        } else {
            planYear = nil
        }
        fields.reportYear = reportYear
        fields.planYear = planYear
        fields.kinds = (summary ? [.summary] : []) + (plan ? [.plan] : [])
        return fields
    }

    /// Only a year leading the heading is the part's year (二、2023年工作计划).
    static func leadingYear(of section: Section) -> Int? {
        // 一、客观总结2025年经济工作: a verb may stand before it.
        let lead = Array(section.heading.unicodeScalars.prefix(10))
        return Scalars.years(in: lead, 0..<lead.count).first?.year
    }

    static let sinceThisYear = Scalars.word("今年以来")
    static let announces = Scalars.word("现将")
    static let asFollows = Scalars.word("如下")
    /// 下面是小编为大家整理的…工作总结及2023年工作思路，供大家参考: a copy site's note naming the report.
    static let collected = Scalars.word("整理的")

    /// 现将…如下 in the opening, or a copy site's 整理的…, note: the phrase that announces what
    /// the report holds.
    static func announcement(_ s: [Unicode.Scalar], _ opening: Range<Int>) -> Range<Int>? {
        if let at = Scalars.find(announces, in: s, opening),
           let end = Scalars.find(asFollows, in: s, (at + announces.count)..<opening.upperBound), end - at <= 60 {
            return (at + announces.count)..<end
        }
        if let at = Scalars.find(collected, in: s, opening) {
            let from = at + collected.count
            let end = (from..<min(opening.upperBound, from + 40)).first { isComma(s[$0]) || isSentenceMark(s[$0]) }
            return end.map { from..<$0 }
        }
        return nil
    }

    // MARK: - Title

    static let genreWords = Scalars.words(["总结", "计划", "报告", "要点", "思路", "打算", "安排", "回顾", "工作情况", "讲话"])
    static let breadcrumbMarks: Set<Unicode.Scalar> = [">", "＞", "›", "»", "→", "/"]
    static let breadcrumbStarts = Scalars.words(["首页", "当前位置", "您的位置", "您现在的位置", "位置"])
    static func isSentenceMark(_ c: Unicode.Scalar) -> Bool { c == "。" || c == "；" || c == ";" }
    static func isComma(_ c: Unicode.Scalar) -> Bool { c == "," || c == "，" }

    static let about = Scalars.word("关于")

    /// The report's own title: a short line in the head that names the genre (总结, 计划, 报告…),
    /// is no breadcrumb, metadata or heading, and comes before the body starts. A title printed
    /// on two lines (issuer, then year and genre or 关于…) is the range over both.
    static func title(in doc: ScalarText) -> Range<Int>? {
        let s = doc.scalars
        var previous: Range<Int>?
        for line in doc.lines.prefix(headLines) {
            let r = doc.trimmed(line)
            if r.isEmpty { continue }
            // A metadata row may be long (a table of four cells): it is read before the body test.
            // A line of sentences is one only when it opens with its label (申明敬告：本站…。), not
            // when a label-like word stands inside it (…镇长 某某 各位代表：现在，我代表…。).
            if isBreadcrumb(doc, r) || Metadata.fields(doc, r).first.map({ $0.at == r.lowerBound || !s[r].contains(where: isSentenceMark) }) == true {
                previous = nil
                continue
            }
            if isBody(doc, r) {
                // A page flattened to one line: the title runs straight into the byline or the body.
                return previous == nil ? gluedTitle(doc, r) : nil
            }
            // Headings before any body line are an outline printed above the title.
            if SectionParser.marker(in: s, at: r.lowerBound, lineEnd: r.upperBound) != nil {
                previous = nil
                continue
            }
            if r.count >= 6, Scalars.containsAny(genreWords, in: Array(despaced(s[r]))) {
                if let p = previous, let name = AdminName.parse(s, at: p.lowerBound, before: p.upperBound),
                   name.range.upperBound == p.upperBound,
                   Scalars.isDigit(s[r.lowerBound]) || doc.has(about, at: r.lowerBound, before: r.upperBound) {
                    return p.lowerBound..<r.upperBound
                }
                return ownTitle(doc, r)
            }
            previous = r
        }
        return nil
    }

    /// The report's own title in a title line as pages print it: without the site's name, a date
    /// set after it (…工作安排 2018-06-15), a file extension (….docx), a site's marks ((全文),
    /// a leading (河北省)) or the title marks around it.
    static func ownTitle(_ doc: ScalarText, _ line: Range<Int>) -> Range<Int> {
        let s = doc.scalars
        var r = withoutSiteName(doc, line)
        if let blank = r.lastIndex(where: { Scalars.isBlank(s[$0]) }), DateText.whole(s, (blank + 1)..<r.upperBound) != nil {
            r = doc.trimmed(r.lowerBound..<blank)
        }
        for tail in titleTails where r.count > tail.count && Scalars.has(tail, at: r.upperBound - tail.count, in: s, before: r.upperBound) {
            r = doc.trimmed(r.lowerBound..<(r.upperBound - tail.count))
        }
        // (河北省)2017年蠡县人民政府工作报告: a bracket holding only a place is the site's tag.
        if let first = r.first, SectionParser.isOpenParen(s[first]),
           let close = r.first(where: { s[$0] == ")" || s[$0] == "）" }), close + 1 < r.upperBound,
           let name = AdminName.parse(s, at: first + 1, before: close), name.range.upperBound == close, name.body == nil {
            r = doc.trimmed((close + 1)..<r.upperBound)
        }
        return unquoted(doc, r)
    }

    static let titleTails = Scalars.words(["(全文)", "（全文）", ".docx", ".doc", ".pdf", ".wps", ".DOCX", ".DOC", ".PDF"])

    /// A date set after the title on its line (五角场街道…工作安排 2018-06-15): the page's date.
    static func dateAfterTitle(_ doc: ScalarText, _ title: Range<Int>) -> String? {
        let s = doc.scalars
        guard let line = doc.lines.first(where: { $0.contains(title.lowerBound) }) else { return nil }
        let r = doc.trimmed(line)
        guard let blank = r.lastIndex(where: { Scalars.isBlank(s[$0]) }), blank >= title.upperBound else { return nil }
        return DateText.whole(s, (blank + 1)..<r.upperBound)
    }

    static let longestGluedTitle = 48

    /// The title at the head of a line of body text, where a page lost its line breaks: a run
    /// ending in a genre word that a blank, a dash or a year follows (颛桥镇人民政府半年工作情况报告
    /// ——2022年7月28日在…, 镇2016年半年工作总结2016年，我镇…), with no comma or sentence mark in it.
    static func gluedTitle(_ doc: ScalarText, _ line: Range<Int>) -> Range<Int>? {
        let s = doc.scalars
        let limit = min(line.upperBound, line.lowerBound + longestGluedTitle)
        var i = line.lowerBound
        while i < limit {
            if isComma(s[i]) || isSentenceMark(s[i]) || s[i] == ":" || s[i] == "：" { return nil }
            if let w = genreWords.first(where: { Scalars.has($0, at: i, in: s, before: limit) }) {
                let end = i + w.count
                if end - line.lowerBound >= 6, end < line.upperBound,
                   Scalars.isBlank(s[end]) || Byline.dashes.contains(s[end]) || Scalars.year(in: s, at: end, before: line.upperBound) != nil {
                    return line.lowerBound..<end
                }
            }
            i += 1
        }
        return nil
    }

    /// A title spaced out scalar by scalar (政 府 工 作 报 告), read without its blanks.
    static func despaced(_ line: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard line.contains(where: Scalars.isBlank) else { return line }
        return ArraySlice(line.filter { !Scalars.isBlank($0) })
    }

    /// A title printed between title marks (《长乐镇2023年工作总结》) is the text inside them.
    static func unquoted(_ doc: ScalarText, _ r: Range<Int>) -> Range<Int> {
        guard r.count > 2, doc.scalars[r.lowerBound] == "《", doc.scalars[r.upperBound - 1] == "》",
              !doc.scalars[(r.lowerBound + 1)..<(r.upperBound - 1)].contains("《") else { return r }
        return doc.trimmed((r.lowerBound + 1)..<(r.upperBound - 1))
    }

    static let siteNameSeparators: Set<Unicode.Scalar> = ["_", "|", "｜"]

    /// A page title copied with its site's name (…2023年工作总结_成都市武侯区人民政府): the
    /// report's title is the part before the separator, when only that part names the genre.
    static func withoutSiteName(_ doc: ScalarText, _ r: Range<Int>) -> Range<Int> {
        let s = doc.scalars
        guard let k = r.first(where: { siteNameSeparators.contains(s[$0]) || (s[$0] == "-" && $0 > r.lowerBound
                  && $0 + 1 < r.upperBound && Scalars.isBlank(s[$0 - 1]) && Scalars.isBlank(s[$0 + 1])) }) else {
            // 永顺县人民政府-2016年上半年…自查报告: the site's name before a dash, the title after it.
            if let k = r.first(where: { s[$0] == "-" }), k > r.lowerBound, k + 1 < r.upperBound,
               let name = AdminName.parse(s, at: r.lowerBound, before: k), name.range.upperBound == k,
               doc.contains(any: genreWords, in: (k + 1)..<r.upperBound) {
                return doc.trimmed((k + 1)..<r.upperBound)
            }
            return r
        }
        guard doc.contains(any: genreWords, in: r.lowerBound..<k), !doc.contains(any: genreWords, in: (k + 1)..<r.upperBound)
        else { return r }
        return doc.trimmed(r.lowerBound..<k)
    }

    /// The title as printed, its lines joined.
    static func titleText(_ doc: ScalarText, _ range: Range<Int>) -> String {
        var text = ""
        var start = range.lowerBound
        for i in range where doc.scalars[i] == "\n" {
            text += doc.string(doc.trimmed(start..<i))
            start = i + 1
        }
        return text + doc.string(doc.trimmed(start..<range.upperBound))
    }

    static func isBreadcrumb(_ doc: ScalarText, _ r: Range<Int>) -> Bool {
        doc.scalars[r].contains { breadcrumbMarks.contains($0) }
            || breadcrumbStarts.contains { doc.has($0, at: r.lowerBound, before: r.upperBound) }
    }

    /// A line of running text rather than a title or label: long, or made of sentences.
    static func isBody(_ doc: ScalarText, _ r: Range<Int>) -> Bool {
        let line = doc.scalars[r]
        return r.count > 60 || line.contains(where: isSentenceMark)
            || (r.count > 30 && line.contains(where: isComma))
    }

    /// The start of the opening, where the issuer and its superiors are named.
    static func openingHead(_ opening: Range<Int>) -> Range<Int> {
        opening.lowerBound..<min(opening.upperBound, opening.lowerBound + 200)
    }

    static let guidanceWords = Scalars.words(["领导下", "指导下", "支持下", "关心下", "带领下"])
    static let longestSuperiors = 40

    /// `在…领导下` (在丰泽区委、区政府的坚强领导下): the phrase naming the issuer's superiors.
    static func superiorsPhrase(_ s: [Unicode.Scalar], _ range: Range<Int>) -> Range<Int>? {
        guard let word = guidanceWords.compactMap({ w in Scalars.find(w, in: s, range).map { $0..<($0 + w.count) } })
            .min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
        var i = word.lowerBound - 1
        while i >= max(range.lowerBound, word.lowerBound - longestSuperiors) {
            if s[i] == "在" { return i..<word.upperBound }
            i -= 1
        }
        return nil
    }

    /// The first line of running text: the opening sentence (2022年，…街道坚持…).
    static func openingLine(in doc: ScalarText) -> Range<Int>? { bodyLines(in: doc, count: 1).first }

    /// The first `count` lines of running text in the head.
    static func bodyLines(in doc: ScalarText, count: Int) -> [Range<Int>] {
        var found: [Range<Int>] = []
        for line in doc.lines.prefix(headLines) where found.count < count {
            let r = doc.trimmed(line)
            if !r.isEmpty, isBody(doc, r) { found.append(r) }
        }
        return found
    }

    /// 镇2016年半年工作总结: a title that opens with a bare level word and a year names an
    /// anonymised issuer of that level (the name was taken out of a copy).
    static func anonymousLevel(_ s: [Unicode.Scalar], _ title: Range<Int>) -> AdminName? {
        for (word, level) in AdminName.placeSuffixes where Scalars.has(word, at: title.lowerBound, in: s, before: title.upperBound) {
            let end = title.lowerBound + word.count
            guard Scalars.year(in: s, at: end, before: title.upperBound) != nil else { return nil }
            let view = String(String.UnicodeScalarView(s[title.lowerBound..<end]))
            return AdminName(segments: [.init(text: view, level: level, anonymised: true)], body: nil, range: title.lowerBound..<end)
        }
        return nil
    }

    /// `2022年，…` at the start of a line (after an opening bracket): the year the opening reviews.
    static func leadingYear(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Int? {
        var i = r.lowerBound
        if i < r.upperBound, SectionParser.isOpenParen(s[i]) { i += 1 }
        guard let year = Scalars.year(in: s, at: i, before: r.upperBound), i + 5 < r.upperBound,
              isComma(s[i + 5]) || Scalars.has(Scalars.word("以来"), at: i + 5, in: s, before: r.upperBound)
        else { return nil }
        return year
    }
}

/// What a title says the report is, and for which years: `2022年工作总结及2023年工作计划`.
struct TitleGenre {
    var hasSummary = false
    var hasPlan = false
    var summaryYear: Int?
    var planYear: Int?

    var isGovernmentReport = false
    /// About part of a year (上半年, 一季度, 1-9月).
    var isPartOfYear = false

    var isPlanOnly: Bool { hasPlan && !hasSummary }

    static let summaryWords = Scalars.words(["总结", "回顾", "工作情况", "完成情况", "执行情况", "述职", "工作报告", "自查报告"])
    static let planWords = Scalars.words(["计划", "要点", "思路", "打算", "安排", "设想"])
    /// 计划执行情况 reports how a plan went: a summary.
    static let notPlan = PartCue.notPlan
    static let partOfYear = Scalars.words(["半年", "季度", "月"])
    /// Delivered early in year Y: it reviews Y-1 and plans Y.
    static let governmentReport = Scalars.word("政府工作报告")

    init(_ title: ArraySlice<Unicode.Scalar>) {
        let t = Array(title)
        let says = { (words: [[Unicode.Scalar]], range: Range<Int>) in
            words.contains { Scalars.find($0, in: t, range) != nil }
        }
        let all = 0..<t.count
        hasSummary = says(Self.summaryWords, all)
        hasPlan = says(Self.planWords, all) && !says(Self.notPlan, all)
        let years = Scalars.years(in: t, all)
        isPartOfYear = says(Self.partOfYear, all)
        if Scalars.contains(Self.governmentReport, in: t) {
            isGovernmentReport = true
            hasSummary = true
            hasPlan = true
            // 2022年政府工作报告及2023年重点工作计划: a plan year named after it makes the first
            // year the one reviewed; else the year named is the one it is delivered in and plans.
            if let y = years.first?.year {
                let namedPlan = years.dropFirst().first { y2 in
                    says(Self.planWords, (y2.at + 5)..<t.count) && y2.year == y + 1
                }
                summaryYear = namedPlan == nil ? y - 1 : y
                planYear = namedPlan == nil ? y : y + 1
            }
            return
        }
        // Each year governs the words after it, up to the next year.
        for (k, y) in years.enumerated() {
            let range = (y.at + 5)..<(k + 1 < years.count ? years[k + 1].at : t.count)
            if says(Self.summaryWords, range), summaryYear == nil { summaryYear = y.year }
            // A year's summary and a plan under one year (2023年工作总结及下一步工作打算) plan the
            // next year, unless they are about parts of the year (上半年总结及下半年计划).
            if says(Self.planWords, range), !says(Self.notPlan, range), planYear == nil {
                planYear = summaryYear == y.year && !says(Self.partOfYear, range) ? y.year + 1 : y.year
            }
        }
        if years.count == 1, summaryYear == nil, planYear == nil {
            if hasPlan && !hasSummary { planYear = years[0].year } else { summaryYear = years[0].year }
        }
    }
}

/// `label: value` pairs printed around the report (信息来源, 发布时间, 索引号…), several to a line.
struct Metadata {
    var title: Range<Int>?
    var publisher: Range<Int>?
    var source: Range<Int>?
    var indexNumber: Range<Int>?
    var published: String?
    /// A date printed with its clock time in the head (公文搜 2021-07-23 10:26:26, 来源:…
    /// 2018-02-09 15:40) or followed by 发布: the page's own stamp, trusted after the labelled dates.
    var stamped: String?

    static let titleLabels = Scalars.words(["名称", "标题", "文件名称"])
    static let publisherLabels = Scalars.words(["发布机构", "发文机关", "发文单位", "发布单位", "制发机关", "发布部门"])
    static let sourceLabels = Scalars.words(["信息来源", "来源", "文章来源"])
    static let indexLabels = Scalars.words(["索引号"])
    /// Publication dates first, then signing dates.
    static let dateLabels = Scalars.words(["发布时间", "发布日期", "公开日期", "公开时间", "发表时间", "上传时间",
                                           "来源时间", "成文日期", "成文时间", "印发日期", "发文日期", "发文时间",
                                           "生成日期", "日期", "时间"])

    static let bracketLabels = Set(titleLabels + publisherLabels + sourceLabels + indexLabels + dateLabels)

    struct Field {
        var label: [Unicode.Scalar]
        var value: Range<Int>
        /// Where the label starts.
        var at: Int
    }

    init(_ doc: ScalarText) {
        let lines = doc.lines.prefix(DocumentFields.headLines) + doc.lines.suffix(DocumentFields.tailLines)
        var dated: [(rank: Int, iso: String)] = []
        for line in lines {
            for field in Self.fields(doc, doc.trimmed(line)) where !field.value.isEmpty {
                let labelled = { (labels: [[Unicode.Scalar]]) in labels.contains(field.label) }
                if labelled(Self.titleLabels) { title = title ?? field.value }
                if labelled(Self.publisherLabels) { publisher = publisher ?? field.value }
                if labelled(Self.sourceLabels) { source = source ?? field.value }
                if labelled(Self.indexLabels) { indexNumber = indexNumber ?? field.value }
                if let rank = Self.dateLabels.firstIndex(of: field.label),
                   let date = DateText.parse(doc.scalars, at: field.value.lowerBound, before: field.value.upperBound) {
                    dated.append((rank, date.iso))
                }
            }
        }
        published = dated.min { $0.rank < $1.rank }?.iso
        for line in doc.lines.prefix(DocumentFields.headLines) where stamped == nil {
            let r = doc.trimmed(line)
            guard !r.isEmpty, !DocumentFields.isBody(doc, r) else { continue }
            stamped = Self.stamp(doc.scalars, r)
        }
    }

    /// A date followed by blanks and a clock time (HH:MM) in `r`.
    static func stamp(_ s: [Unicode.Scalar], _ r: Range<Int>) -> String? {
        for i in r where Scalars.isDigit(s[i]) && (i == r.lowerBound || !Scalars.isDigit(s[i - 1])) {
            guard let d = DateText.parse(s, at: i, before: r.upperBound) else { continue }
            var k = d.end
            while k < r.upperBound, Scalars.isBlank(s[k]) { k += 1 }
            if k > d.end, isClockTime(s, at: k, before: r.upperBound) || Scalars.has(released, at: k, in: s, before: r.upperBound) {
                return d.iso
            }
        }
        return nil
    }

    /// 2021-04-15 发布: a date the page says it was published on.
    static let released = Scalars.word("发布")

    /// 9:05, 23:36:09 at `k`.
    static func isClockTime(_ s: [Unicode.Scalar], at k: Int, before end: Int) -> Bool {
        var h = k
        while h < end, h - k < 2, Scalars.isDigit(s[h]) { h += 1 }
        return h > k && h + 1 < end && (s[h] == ":" || s[h] == "：") && Scalars.isDigit(s[h + 1])
    }

    static let longestLine = 300

    /// Labels that stand without a colon (组配分类 计划总结 发布机构 蒲鞋市街道), in brackets
    /// ([ 索引号 ]) or alone in a table cell (文件名称 | …): only these known ones, as any word could
    /// otherwise be read as a label.
    static let knownLabels = Set(bracketLabels + Scalars.words([
        "组配分类", "主题分类", "体裁分类", "公开方式", "公开范围", "公开形式", "公开目录", "公开责任部门", "发文字号",
        "文号", "有效性", "主题词", "生效日期", "著录日期", "浏览次数", "所属机构", "文件编号", "发布机关", "效力状态",
    ]))

    /// The `label: value` fields of one line. A label is 2–6 Han scalars (blanks between them
    /// allowed: 索 引 号) at the line start or after a blank, followed by a colon; or a known label
    /// in brackets (【发布时间】, [ 索引号 ]) or followed by a blank. A line of table cells
    /// (| 发布日期: | 2021-02-27 |) is read cell by cell, and a label alone in its cell takes the
    /// next cell as its value.
    static func fields(_ doc: ScalarText, _ r: Range<Int>) -> [Field] {
        guard r.count <= longestLine else { return [] }
        let s = doc.scalars
        // Most lines are sentences: no bar, colon, bracket or blank, so no label.
        var bars = false, marks = false
        for c in s[r] {
            if isCellBar(c) { bars = true; break }
            if c == ":" || c == "：" || c == "【" || c == "[" || Scalars.isBlank(c) { marks = true }
        }
        if !bars && !marks { return [] }
        guard bars else { return cellFields(doc, r) }
        var cells: [Range<Int>] = []
        var start = r.lowerBound
        for i in r where isCellBar(s[i]) {
            cells.append(doc.trimmed(start..<i))
            start = i + 1
        }
        cells.append(doc.trimmed(start..<r.upperBound))
        var out: [Field] = []
        var n = 0
        while n < cells.count {
            let cell = cells[n]
            var fields = cell.isEmpty ? [] : cellFields(doc, cell)
            if fields.isEmpty, let label = bareLabel(doc, cell) { fields = [Field(label: label, value: cell.upperBound..<cell.upperBound, at: cell.lowerBound)] }
            // A label whose value is the next cell.
            if let last = fields.last, last.value.isEmpty, n + 1 < cells.count,
               !cells[n + 1].isEmpty, cellFields(doc, cells[n + 1]).isEmpty, bareLabel(doc, cells[n + 1]) == nil {
                fields[fields.count - 1].value = cells[n + 1]
                n += 1
            }
            out += fields
            n += 1
        }
        return out
    }

    static func isCellBar(_ c: Unicode.Scalar) -> Bool { c == "|" || c == "｜" }

    /// A cell that is a known label and nothing else (文件名称, [ 索引号 ], 索 引 号:).
    static func bareLabel(_ doc: ScalarText, _ cell: Range<Int>) -> [Unicode.Scalar]? {
        let s = doc.scalars
        var r = cell
        if r.count > 2, s[r.lowerBound] == "[" || s[r.lowerBound] == "【", s[r.upperBound - 1] == "]" || s[r.upperBound - 1] == "】" {
            r = doc.trimmed((r.lowerBound + 1)..<(r.upperBound - 1))
        }
        if let last = r.last, s[last] == ":" || s[last] == "：" { r = doc.trimmed(r.lowerBound..<last) }
        guard let (label, end) = label(s, at: r.lowerBound, before: r.upperBound), end == r.upperBound,
              knownLabels.contains(label) else { return nil }
        return label
    }

    /// The Han scalars of a label starting at `i`, and where it ends. A label spaced out scalar by
    /// scalar (索  引  号, 标      题) is read without its blanks; a run of two or more scalars
    /// ends at the first blank (组配分类 计划总结: the label, then its value).
    static func label(_ s: [Unicode.Scalar], at i: Int, before end: Int) -> ([Unicode.Scalar], Int)? {
        var j = i
        while j < end, j - i <= 6, Scalars.isHan(s[j]) { j += 1 }
        if j - i >= 2 { return j - i <= 6 ? (Array(s[i..<j]), j) : nil }
        var label: [Unicode.Scalar] = []
        j = i
        var afterLast = i
        while j < end, label.count <= 6 {
            if Scalars.isHan(s[j]), j == afterLast || !Scalars.isHan(s[j - 1]) {
                if j + 1 < end, Scalars.isHan(s[j + 1]) { return nil }
                label.append(s[j])
                j += 1
                afterLast = j
            } else if Scalars.isBlank(s[j]), !label.isEmpty, j - afterLast < 8 {
                j += 1
            } else {
                break
            }
        }
        return (2...6).contains(label.count) ? (label, afterLast) : nil
    }

    static func cellFields(_ doc: ScalarText, _ r: Range<Int>) -> [Field] {
        let s = doc.scalars
        var labels: [(label: [Unicode.Scalar], at: Int, valueStart: Int)] = []
        var i = r.lowerBound
        while i < r.upperBound {
            // 【发布时间】2024-01-08, [ 索引号 ]: a known label in brackets needs no colon.
            if s[i] == "【" || s[i] == "[" {
                let close: Unicode.Scalar = s[i] == "【" ? "】" : "]"
                var j = i + 1
                while j < r.upperBound, j - i <= 16, s[j] != close { j += 1 }
                if j < r.upperBound, s[j] == close, let label = bareLabel(doc, i..<(j + 1)) {
                    labels.append((label, i, j + 1))
                    i = j + 1
                    continue
                }
            }
            if i == r.lowerBound || Scalars.isBlank(s[i - 1]), let (label, j) = label(s, at: i, before: r.upperBound) {
                var k = j
                while k < r.upperBound, Scalars.isBlank(s[k]) { k += 1 }
                if k < r.upperBound, s[k] == ":" || s[k] == "：" {
                    // 来源时间为: a known label and 为.
                    let bare = label.last == "为" && knownLabels.contains(Array(label.dropLast())) ? Array(label.dropLast()) : label
                    labels.append((bare, i, k + 1))
                    i = k + 1
                    continue
                }
                // 发布机构 蒲鞋市街道: a known label, then a blank, then its value.
                if k > j || k == r.upperBound, knownLabels.contains(label) {
                    labels.append((label, i, k))
                    i = k
                    continue
                }
            }
            i += 1
        }
        // A value runs to the next label, and never into a bracket (【打印】【关闭】).
        return labels.indices.map { n in
            let next = n + 1 < labels.count ? labels[n + 1].at : r.upperBound
            let start = labels[n].valueStart
            let end = s[start..<max(start, next)].firstIndex(of: "【") ?? next
            return Field(label: labels[n].label, value: doc.trimmed(start..<max(start, end)), at: labels[n].at)
        }
    }
}

/// The lines between the title and the opening: a speech's subtitle (——2024年1月9日在…第X次
/// 会议上) and byline (…人民政府区长　某某), or an issuer and date set under the title, which
/// name the issuer and the day it was delivered or signed.
struct Byline {
    var lines: [Range<Int>] = []
    var date: String?

    static let dashes: Set<Unicode.Scalar> = ["—", "―", "－", "-", "–"]

    /// A line names a people's congress (…在…人民代表大会第二次会议上): the report was delivered there.
    var toCongress = false

    static let congress = Scalars.words(["人民代表大会", "人代会"])

    /// Without a title, the lines from the top of the page to the opening.
    init(_ doc: ScalarText, title: Range<Int>?, opening: Range<Int>?) {
        let s = doc.scalars
        let from = title?.upperBound ?? 0
        // A title glued to its byline on one line (…工作情况报告 ——2022年7月28日在…人民代表大会…).
        if let title, let line = doc.lines.first(where: { $0.contains(title.upperBound - 1) }), title.upperBound < line.upperBound {
            var i = title.upperBound
            while i < line.upperBound, Scalars.isBlank(s[i]) || Self.dashes.contains(s[i]) { i += 1 }
            if i > title.upperBound, let d = DateText.parse(s, at: i, before: line.upperBound) {
                date = d.iso
                let rest = d.end..<min(line.upperBound, d.end + 40)
                toCongress = doc.contains(any: Self.congress, in: rest)
            }
        }
        for line in doc.lines.prefix(DocumentFields.headLines) {
            let r = doc.trimmed(line)
            if let opening, r.lowerBound >= opening.lowerBound { break }
            guard r.lowerBound >= from, !r.isEmpty, !DocumentFields.isBody(doc, r),
                  !DocumentFields.isBreadcrumb(doc, r), Metadata.fields(doc, r).isEmpty else { continue }
            lines.append(r)
            if doc.contains(any: Self.congress, in: r) { toCongress = true }
            var i = r.lowerBound
            while i < r.upperBound, Self.dashes.contains(s[i]) || SectionParser.isOpenParen(s[i]) { i += 1 }
            // ——2024年1月9日在…, or without the dash: 2019年2月26日在镇第十四届人民代表大会…
            if date == nil, let d = DateText.parse(s, at: i, before: r.upperBound), i > r.lowerBound || (d.end < r.upperBound && s[d.end] == "在") {
                date = d.iso
            }
            if date == nil, let d = DateText.whole(s, r) { date = d }
        }
    }
}

extension Place {
    /// Sets the slot of `segment`'s level unless a more trusted name set it first.
    mutating func fill(_ segment: AdminName.Segment) {
        switch segment.level {
        case .province: province = province ?? segment.text
        case .city: city = city ?? segment.text
        case .district, .county: district = district ?? segment.text
        case .subdistrict, .town, .township: subdistrict = subdistrict ?? segment.text
        case .unknown: break
        }
    }
}

/// The signature block closing a report: the issuer's line, then the date line.
struct Signature {
    var issuer: Range<Int>?
    var date: String?

    static let longestIssuer = 40

    init(_ doc: ScalarText) {
        var lines: [Range<Int>] = []
        for line in doc.lines.reversed() {
            let r = doc.trimmed(line)
            if !r.isEmpty { lines.append(r) }
            if lines.count == 3 { break }
        }
        guard let at = lines.firstIndex(where: { DateText.whole(doc.scalars, $0) != nil }) else {
            // Issuer and date on one line, set apart by blanks: 某某县人民政府办公室  2024年1月12日.
            for line in lines {
                guard line.count <= Self.longestIssuer + 20, let blank = line.lastIndex(where: { Scalars.isBlank(doc.scalars[$0]) }),
                      let d = DateText.whole(doc.scalars, (blank + 1)..<line.upperBound) else { continue }
                // Only when the rest names a body: a sentence may end in a date too.
                let name = doc.trimmed(line.lowerBound..<blank)
                guard !name.contains(where: { DocumentFields.isComma(doc.scalars[$0]) || DocumentFields.isSentenceMark(doc.scalars[$0]) }),
                      let issuerName = AdminName.first(in: doc.scalars, name, departments: true), issuerName.body != nil
                else { continue }
                date = d
                issuer = name
                return
            }
            return
        }
        date = DateText.whole(doc.scalars, lines[at])
        if at + 1 < lines.count, lines[at + 1].count <= Self.longestIssuer, !DocumentFields.isBody(doc, lines[at + 1]) {
            issuer = lines[at + 1]
        }
    }
}
