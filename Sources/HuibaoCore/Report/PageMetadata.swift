// The labelled fields a page prints around the report (索引号, 发布机构, 发布时间…) and its date stamps.

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
