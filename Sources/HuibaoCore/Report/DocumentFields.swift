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
