// Who issued a report, in one value: the name it goes by, the places it names, its level. The
// parser reads it from the page (which of the names found wins); the rules key an issuer's
// history on it; rules, queries and messages match and show it the same way.

public struct Issuer: Sendable, Equatable {
    public var organization: String?
    public var place = Place()
    public var level: DocumentLevel = .unknown
    /// The report's SHA-256, which keeps an issuer that names nothing apart from every other.
    public var report: String = ""

    public init(organization: String? = nil, place: Place = Place(), level: DocumentLevel = .unknown, report: String = "") {
        self.organization = organization
        self.place = place
        self.level = level
        self.report = report
    }

    public init(_ record: Record) {
        self.init(organization: record.organization, place: record.place, level: record.level, report: record.sha256)
    }

    /// The places named, highest level first (省, 市, 区/县, 街道/镇/乡).
    public var places: [String] {
        [place.province, place.city, place.district, place.subdistrict].compactMap { $0 }
    }

    /// How a person is shown the issuer: its name, else its places, else that it is not named.
    public var displayName: String {
        organization ?? (places.isEmpty ? "(not named)" : places.joined(separator: " "))
    }

    /// Whether a person's search text (`--org 马峦`) names this issuer: its name or one of its places.
    public func isNamed(by text: String) -> Bool {
        (organization.map { [$0] } ?? []).contains { $0.contains(text) } || places.contains { $0.contains(text) }
    }

    /// How far into a page its speaker states its level (past a title, a date line, a byline).
    static let spokenHead = 800

    /// The issuer a page names: the first name found, in order of trust (title, metadata,
    /// signature, byline, opening); its short name and places may be completed from the other
    /// mentions of the same place.
    static func named(in doc: ScalarText, title: Range<Int>?, meta: Metadata, signature: Signature, byline: Byline) -> Issuer {
        let s = doc.scalars
        var found = Issuer()
        // 信息来源 often names the office that posted the page (清溪镇党政办), not the issuer:
        // departments are read from the other lines only.
        let named = { (range: Range<Int>?) in range.flatMap { AdminName.first(in: s, $0, departments: true) } }
        var names = [named(title) ?? title.flatMap { DocumentFields.anonymousLevel(s, $0) }, named(meta.publisher),
                     meta.source.flatMap { AdminName.first(in: s, $0) }, named(meta.title), named(signature.issuer)]
            .compactMap { $0 }
        names += byline.lines.compactMap(named)
        // The opening names the issuer and, in 在…领导下, its superiors; when a site's note stands
        // first (下面是小编为大家整理的…), the body line after it.
        var naming: Range<Int>?
        var openingNames: [AdminName] = []
        for line in DocumentFields.bodyLines(in: doc, count: 2) where openingNames.isEmpty {
            naming = line
            openingNames = AdminName.all(in: s, DocumentFields.openingHead(line))
        }
        let superiors = naming.flatMap { DocumentFields.superiorsPhrase(s, DocumentFields.openingHead($0)) }
        let isSuperior = { (name: AdminName) in superiors?.contains(name.range.lowerBound) ?? false }
        let openingIssuer = openingNames.first { !isSuperior($0) }
        names += openingIssuer.map { [$0] } ?? []
        // XX县2022年政府工作报告 over a text on 合村乡: the title's place lost its name in a copy,
        // and a real place below it that the opening names is the issuer.
        if let first = names.first, first.lowest.anonymised, let real = openingIssuer, !real.lowest.anonymised,
           real.lowest.level.rank < first.lowest.level.rank {
            names.insert(real, at: 0)
        }
        guard let issuer = names.first else {
            // Named nowhere, but perhaps spoken as (我代表县人民政府 … 黎平发展史上).
            if let spoken = SpokenPlace.find(in: s, head: 0..<min(s.count, spokenHead)) {
                found.level = spoken.level
                if let place = spoken.place { found.place.fill(place) }
            }
            return found
        }
        let same = names.filter { $0.lowest.text == issuer.lowest.text }
        found.level = issuer.lowest.level
        found.organization = (same.first { $0.body != nil } ?? issuer).organization
        // Named only by its place (双塔街道2024年工作要点): a place's work report is issued by
        // its administration, the 办事处 of a 街道 and the 人民政府 of any other level.
        if !same.contains(where: { $0.body != nil }), let place = found.organization {
            found.organization = place + (issuer.lowest.level == .subdistrict ? "办事处" : "人民政府")
        }
        for name in same {
            for segment in name.segments where !segment.anonymised { found.place.fill(segment) }
        }
        // The superiors' places (在丰泽区委、区政府的坚强领导下) are the issuer's places above
        // its own level.
        for name in openingNames where isSuperior(name) {
            for segment in name.segments where !segment.anonymised && segment.level.rank > issuer.lowest.level.rank {
                found.place.fill(segment)
            }
        }
        return found
    }
}
