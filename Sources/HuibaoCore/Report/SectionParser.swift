// The section tree of a report from the heading markers at line starts (第一部分, 一、, (一),
// 1. / 1、, (1), 一是), the part each section belongs to, and its topic.

public enum SectionParser {
    public static func parse(_ text: String) -> [Section] {
        DocumentStructure.analyse(ScalarText(text)).sections
    }

    /// The innermost section holding scalar offset `offset`, and the part it belongs to.
    /// Sections are in document order and properly nested, so the innermost one holding the
    /// offset is the last one starting at or before it, or one of that section's ancestors.
    public static func locate(_ offset: Int, in sections: [Section]) -> (section: Int?, part: ReportPart) {
        var low = 0, high = sections.count
        while low < high {
            let mid = (low + high) / 2
            if sections[mid].start <= offset { low = mid + 1 } else { high = mid }
        }
        var candidate: Int? = low - 1 >= 0 ? low - 1 : nil
        while let i = candidate {
            if offset < sections[i].end { return (sections[i].index, sections[i].part) }
            candidate = sections[i].parent
        }
        return (nil, prefacePart(sections))
    }

    /// The part of the text before the first heading (and outside every section): the opening
    /// of a summary, unless the report opens straight with its plan (a plan-only report).
    static func prefacePart(_ sections: [Section]) -> ReportPart {
        sections.first?.part == .plan ? .plan : .achievements
    }

    static func parse(_ doc: ScalarText, genre: TitleGenre?) -> [Section] {
        var (sections, headings) = tree(doc)
        assignParts(&sections, headings: headings, doc: doc, planOnly: genre?.isPlanOnly ?? false,
                    reviewYear: genre?.summaryYear)
        TopicClassifier.assign(&sections, headings: headings, in: doc)
        return sections
    }

    // MARK: - Markers

    enum MarkerKind: Equatable {
        case part          // 第一部分
        case chineseComma  // 一、
        case chineseParen  // (一) （一）
        case arabic        // 1. 1、
        case arabicParen   // (1) （1）
        case ordinalIs     // 一是

        /// Rank in the official outline order; nil for 一是, which nests wherever it is used.
        var rank: Int? {
            switch self {
            case .part: 0
            case .chineseComma: 1
            case .chineseParen: 2
            case .arabic: 3
            case .arabicParen: 4
            case .ordinalIs: nil
            }
        }
    }

    struct Marker {
        var kind: MarkerKind
        var number: Int
        /// Offsets of the marker as written and of the heading text after it.
        var start: Int
        var end: Int
    }

    static func isOpenParen(_ c: Unicode.Scalar) -> Bool { c == "(" || c == "（" }
    static func isCloseParen(_ c: Unicode.Scalar) -> Bool { c == ")" || c == "）" }

    /// The heading marker at `i` (the first non-blank scalar of a line), if any.
    static func marker(in s: [Unicode.Scalar], at i: Int, lineEnd: Int) -> Marker? {
        let c = s[i]
        if c == "第", let n = Scalars.chineseNumber(in: s, at: i + 1, before: lineEnd),
           Scalars.has(partWord, at: n.end, in: s, before: lineEnd) {
            return Marker(kind: .part, number: n.value, start: i, end: n.end + partWord.count)
        }
        if let n = Scalars.chineseNumber(in: s, at: i, before: lineEnd), n.end < lineEnd {
            if s[n.end] == "、" { return Marker(kind: .chineseComma, number: n.value, start: i, end: n.end + 1) }
            if s[n.end] == "是" { return Marker(kind: .ordinalIs, number: n.value, start: i, end: n.end + 1) }
            return nil
        }
        if isOpenParen(c) {
            if let n = Scalars.chineseNumber(in: s, at: i + 1, before: lineEnd), n.end < lineEnd, isCloseParen(s[n.end]) {
                return Marker(kind: .chineseParen, number: n.value, start: i, end: n.end + 1)
            }
            if let n = Scalars.arabicNumber(in: s, at: i + 1, before: lineEnd, maxDigits: 2), n.end < lineEnd,
               isCloseParen(s[n.end]), n.value > 0 {
                return Marker(kind: .arabicParen, number: n.value, start: i, end: n.end + 1)
            }
            return nil
        }
        // 1. or 1、 but not a decimal (2.0), a date (2022.10) or a range (2、3月).
        if let n = Scalars.arabicNumber(in: s, at: i, before: lineEnd, maxDigits: 2), n.value > 0,
           n.end + 1 < lineEnd, (s[n.end] == "." || s[n.end] == "、" || s[n.end] == "．"), !Scalars.isDigit(s[n.end + 1]) {
            return Marker(kind: .arabic, number: n.value, start: i, end: n.end + 1)
        }
        return nil
    }

    static let partWord = Scalars.word("部分")
    /// Where a heading's first sentence ends.
    static func endsHeading(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "。", "！", "？", "!", "?", "；", ";", "：", ":": true
        default: false
        }
    }

    /// Separators and blanks between a marker and its heading.
    static func leadsHeading(_ c: Unicode.Scalar) -> Bool {
        c == "、" || c == "." || c == "．" || c == "：" || c == ":" || Scalars.isBlank(c)
    }

    /// The heading text after a marker: up to the end of its first sentence, capped
    /// (一是 paragraphs are long, their heading is only the first clause).
    static func headingRange(in s: [Unicode.Scalar], marker: Marker, lineEnd: Int) -> Range<Int> {
        var lower = marker.end
        while lower < lineEnd, leadsHeading(s[lower]) { lower += 1 }
        let cap = marker.kind == .ordinalIs ? 60 : 100
        var upper = lower
        while upper < lineEnd, upper - lower < cap, !endsHeading(s[upper]) { upper += 1 }
        while upper > lower, Scalars.isBlank(s[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    // MARK: - Tree

    /// An open heading on the outline stack.
    private struct Open {
        var kind: MarkerKind
        var number: Int
        var section: Int
    }

    /// More headings than any report has: past this the text is no report, and the rest of it
    /// stays in the last section, so time and record size stay bounded.
    static let maxSections = 5_000

    /// The sections in document order, with the scalar range of each heading text.
    static func tree(_ doc: ScalarText) -> ([Section], [Range<Int>]) {
        let s = doc.scalars
        var sections: [Section] = []
        var headings: [Range<Int>] = []
        var stack: [Open] = []
        for line in doc.lines where sections.count < maxSections {
            var i = line.lowerBound
            while i < line.upperBound, Scalars.isBlank(s[i]) { i += 1 }
            guard i < line.upperBound, let m = marker(in: s, at: i, lineEnd: line.upperBound) else { continue }
            let heading = headingRange(in: s, marker: m, lineEnd: line.upperBound)
            guard !heading.isEmpty else { continue }

            var keep: Int
            if let level = stack.lastIndex(where: { $0.kind == m.kind }) {
                // The next item of a list in use: it must count on (or restart at 1).
                guard m.number == 1 || m.number > stack[level].number else { continue }
                keep = level
            } else {
                // A new, deeper list starts at 1 (a first heading anywhere is accepted as written).
                guard m.number == 1 || stack.isEmpty else { continue }
                keep = stack.count
                while keep > 0, pops(stack[keep - 1].kind, for: m.kind) { keep -= 1 }
            }
            for open in stack[keep...] { sections[open.section].end = m.start }
            stack.removeSubrange(keep...)
            let index = sections.count
            sections.append(Section(
                index: index, parent: stack.last?.section, depth: stack.count + 1,
                marker: doc.string(m.start..<m.end), heading: doc.string(heading),
                start: m.start, end: s.count, part: .achievements, topic: .general, topic_keywords: []))
            headings.append(heading)
            stack.append(Open(kind: m.kind, number: m.number, section: index))
        }
        return (sections, headings)
    }

    /// Whether an open heading of kind `open` closes when a new list of kind `new` begins:
    /// a stricter outline level closes deeper ones; 一是 items close only for 一、/(一)/第一部分.
    static func pops(_ open: MarkerKind, for new: MarkerKind) -> Bool {
        guard let newRank = new.rank else { return false }
        guard let openRank = open.rank else { return newRank <= 2 }
        return openRank > newRank
    }
}
