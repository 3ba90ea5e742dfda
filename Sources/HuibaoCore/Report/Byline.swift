// The lines that sign a report: the byline under its title (a speech's subtitle and speaker) and
// the signature block at its end.

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

    /// The date at the head of `r` after the marks `after` accepts (——2024年1月9日在…), or with
    /// no mark when 在 follows it (2019年2月26日在镇第十四届人民代表大会…).
    static func deliveryDate(_ s: [Unicode.Scalar], _ r: Range<Int>, after mark: (Unicode.Scalar) -> Bool) -> (iso: String, end: Int)? {
        var i = r.lowerBound
        while i < r.upperBound, mark(s[i]) { i += 1 }
        guard let d = DateText.parse(s, at: i, before: r.upperBound),
              i > r.lowerBound || (d.end < r.upperBound && s[d.end] == "在") else { return nil }
        return d
    }

    /// Without a title, the lines from the top of the page to the opening.
    init(_ doc: ScalarText, title: Range<Int>?, opening: Range<Int>?) {
        let s = doc.scalars
        let from = title?.upperBound ?? 0
        // A title glued to its byline on one line (…工作情况报告 ——2022年7月28日在…人民代表大会…).
        if let title, let line = doc.lines.first(where: { $0.contains(title.upperBound - 1) }), title.upperBound < line.upperBound,
           let d = Self.deliveryDate(s, title.upperBound..<line.upperBound, after: { Scalars.isBlank($0) || Self.dashes.contains($0) }) {
            date = d.iso
            toCongress = doc.contains(any: Self.congress, in: d.end..<min(line.upperBound, d.end + 40))
        }
        for line in doc.lines.prefix(DocumentFields.headLines) {
            let r = doc.trimmed(line)
            if let opening, r.lowerBound >= opening.lowerBound { break }
            guard r.lowerBound >= from, !r.isEmpty, !DocumentFields.isBody(doc, r),
                  !DocumentFields.isBreadcrumb(doc, r), Metadata.fields(doc, r).isEmpty else { continue }
            lines.append(r)
            if doc.contains(any: Self.congress, in: r) { toCongress = true }
            if date == nil, let d = Self.deliveryDate(s, r, after: { Self.dashes.contains($0) || SectionParser.isOpenParen($0) }) {
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
