// The report's own title as a page prints it, and what the title says the report is.

extension DocumentFields {
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
