// The record of one report: what `huibao parse` prints and what the daemon stores (schema 2).
// Field names are the JSON names (snake_case), so the Codable keys and the writer agree.
// Schema 1 records (figures under `indicators`, without their meaning) are still read.

public enum DocumentLevel: String, Codable, Sendable, CaseIterable {
    case subdistrict, town, township, district, county, city, province, unknown
}

public enum ReportKind: String, Codable, Sendable, CaseIterable {
    case summary, plan
}

/// The part of a report a passage belongs to: work done, problems, or work planned.
public enum ReportPart: String, Codable, Sendable, CaseIterable {
    case achievements, problems, plan
}

public enum Topic: String, Codable, Sendable, CaseIterable {
    case party, integrity, epidemic, economy, urban, environment, safety, stability,
         livelihood, culture, services, general
}

public enum Qualifier: String, Codable, Sendable, CaseIterable {
    case exact, approx, over, under
}

public enum FigureKind: String, Codable, Sendable, CaseIterable {
    case count, money, area, percent, growth, rank, duration, other
}

public struct Place: Codable, Sendable, Equatable {
    public var province: String?
    public var city: String?
    public var district: String?
    public var subdistrict: String?

    public init(province: String? = nil, city: String? = nil, district: String? = nil, subdistrict: String? = nil) {
        self.province = province
        self.city = city
        self.district = district
        self.subdistrict = subdistrict
    }
}

/// A heading and the text it governs. Offsets count Unicode scalars of the normalised text.
public struct Section: Codable, Sendable, Equatable {
    public var index: Int
    public var parent: Int?
    public var depth: Int
    public var marker: String
    public var heading: String
    public var start: Int
    public var end: Int
    public var part: ReportPart
    public var topic: Topic
    public var topic_keywords: [String]

    public init(index: Int, parent: Int?, depth: Int, marker: String, heading: String, start: Int, end: Int,
                part: ReportPart, topic: Topic, topic_keywords: [String]) {
        self.index = index
        self.parent = parent
        self.depth = depth
        self.marker = marker
        self.heading = heading
        self.start = start
        self.end = end
        self.part = part
        self.topic = topic
        self.topic_keywords = topic_keywords
    }
}

/// One quantitative figure found in the text.
public struct Figure: Codable, Sendable, Equatable {
    public var text: String
    public var value: Double
    public var min: Double?
    public var max: Double?
    public var unit: String
    public var qualifier: Qualifier
    public var kind: FigureKind
    public var subject: String
    public var part: ReportPart
    public var section: Int?
    public var context: String
    public var start: Int
    /// Which recognition rule produced the figure (shown by `huibao parse --explain`).
    public var rule: String
    // Its meaning (schema 2; nil in a schema 1 record until it is upgraded): see Meaning.
    /// The catalogue's name of what it measures; nil when no indicator fits (never a guess).
    public var indicator: String?
    public var domain: Domain?
    public var measure: Measure?
    /// What a growth is measured against: `同比`, `环比`, `上年`; nil when the text does not say.
    public var baseline: String?
    /// `year`, `H1`, `H2`, `Q1`, `Q1-Q3`, `1-N月`, `cumulative`.
    public var period: String?
    public var polarity: Polarity?
    /// Good or bad news, where the figure alone tells.
    public var direction: Direction?

    public init(text: String, value: Double, min: Double? = nil, max: Double? = nil, unit: String,
                qualifier: Qualifier, kind: FigureKind, subject: String, part: ReportPart = .achievements,
                section: Int? = nil, context: String, start: Int, rule: String) {
        self.text = text
        self.value = value
        self.min = min
        self.max = max
        self.unit = unit
        self.qualifier = qualifier
        self.kind = kind
        self.subject = subject
        self.part = part
        self.section = section
        self.context = context
        self.start = start
        self.rule = rule
    }
}

/// Something the report says did not happen (安全事故零发生, 未发生…上访事件).
public struct ZeroEvent: Codable, Sendable, Equatable {
    public var subject: String
    public var text: String
    public var part: ReportPart
    public var section: Int?
    public var start: Int

    public init(subject: String, text: String, part: ReportPart = .achievements, section: Int? = nil, start: Int) {
        self.subject = subject
        self.text = text
        self.part = part
        self.section = section
        self.start = start
    }
}

public struct Record: Codable, Sendable, Equatable {
    public static let currentSchema = 2

    public var schema: Int
    public var file: String
    public var sha256: String
    public var bytes: Int
    public var encoding: String
    public var format: String
    public var title: String?
    public var organization: String?
    public var place: Place
    public var level: DocumentLevel
    public var published: String?
    public var report_year: Int?
    public var plan_year: Int?
    /// The period the report covers (`year`, `H1`, `Q1-Q3`), from its title.
    public var report_period: String?
    public var kinds: [ReportKind]
    public var index_number: String?
    public var source: String?
    public var sections: [Section]
    /// One key per issuing place (Issuer.key): what years are compared under.
    public var issuer_key: String?
    /// The figures found (schema 1 called the list `indicators`).
    public var figures: [Figure]
    /// Subjects of `zero_event_details`, the shape the gold annotations use.
    public var zero_events: [String]
    public var zero_event_details: [ZeroEvent]

    public init(schema: Int = Record.currentSchema, file: String, sha256: String, bytes: Int, encoding: String,
                format: String, title: String? = nil, organization: String? = nil, place: Place = Place(),
                level: DocumentLevel = .unknown, published: String? = nil, report_year: Int? = nil,
                plan_year: Int? = nil, kinds: [ReportKind] = [], index_number: String? = nil,
                source: String? = nil, sections: [Section] = [], figures: [Figure] = [],
                zero_event_details: [ZeroEvent] = [], report_period: String? = nil, issuer_key: String? = nil) {
        self.schema = schema
        self.file = file
        self.sha256 = sha256
        self.bytes = bytes
        self.encoding = encoding
        self.format = format
        self.title = title
        self.organization = organization
        self.place = place
        self.level = level
        self.published = published
        self.report_year = report_year
        self.plan_year = plan_year
        self.kinds = kinds
        self.index_number = index_number
        self.source = source
        self.sections = sections
        self.figures = figures
        self.report_period = report_period
        self.issuer_key = issuer_key
        self.zero_events = zero_event_details.map(\.subject)
        self.zero_event_details = zero_event_details
    }
}

extension Record {
    private enum CodingKeys: String, CodingKey {
        case schema, file, sha256, bytes, encoding, format, title, organization, place, level, published,
             report_year, plan_year, report_period, kinds, index_number, source, issuer_key, sections, figures,
             indicators, zero_events, zero_event_details
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(Int.self, forKey: .schema)
        file = try c.decode(String.self, forKey: .file)
        sha256 = try c.decode(String.self, forKey: .sha256)
        bytes = try c.decode(Int.self, forKey: .bytes)
        encoding = try c.decode(String.self, forKey: .encoding)
        format = try c.decode(String.self, forKey: .format)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        organization = try c.decodeIfPresent(String.self, forKey: .organization)
        place = try c.decode(Place.self, forKey: .place)
        level = try c.decode(DocumentLevel.self, forKey: .level)
        published = try c.decodeIfPresent(String.self, forKey: .published)
        report_year = try c.decodeIfPresent(Int.self, forKey: .report_year)
        plan_year = try c.decodeIfPresent(Int.self, forKey: .plan_year)
        report_period = try c.decodeIfPresent(String.self, forKey: .report_period)
        kinds = try c.decode([ReportKind].self, forKey: .kinds)
        index_number = try c.decodeIfPresent(String.self, forKey: .index_number)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        issuer_key = try c.decodeIfPresent(String.self, forKey: .issuer_key)
        sections = try c.decode([Section].self, forKey: .sections)
        // Schema 1 kept the figures under `indicators`.
        figures = try c.decodeIfPresent([Figure].self, forKey: .figures) ?? c.decode([Figure].self, forKey: .indicators)
        zero_events = try c.decode([String].self, forKey: .zero_events)
        zero_event_details = try c.decode([ZeroEvent].self, forKey: .zero_event_details)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(file, forKey: .file)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(format, forKey: .format)
        try c.encode(title, forKey: .title)
        try c.encode(organization, forKey: .organization)
        try c.encode(place, forKey: .place)
        try c.encode(level, forKey: .level)
        try c.encode(published, forKey: .published)
        try c.encode(report_year, forKey: .report_year)
        try c.encode(plan_year, forKey: .plan_year)
        try c.encode(report_period, forKey: .report_period)
        try c.encode(kinds, forKey: .kinds)
        try c.encode(index_number, forKey: .index_number)
        try c.encode(source, forKey: .source)
        try c.encode(issuer_key, forKey: .issuer_key)
        try c.encode(sections, forKey: .sections)
        try c.encode(figures, forKey: .figures)
        try c.encode(zero_events, forKey: .zero_events)
        try c.encode(zero_event_details, forKey: .zero_event_details)
    }

    /// The key of the issuer's history: the stored one, or (schema 1) the one its fields give.
    public var issuerKey: String { issuer_key ?? Issuer(self).key }

    /// The record with its meaning as the current schema gives it: a schema 1 record read from
    /// an older store gains its issuer key and its figures' meaning (what `reprocess` would write).
    public func upgraded(catalogue: IndicatorCatalogue) -> Record {
        guard schema < Record.currentSchema else { return self }
        var r = self
        r.schema = Record.currentSchema
        r.report_period = Meaning.reportPeriod(title: title, headings: sections.filter { $0.depth == 1 }.map(\.heading))
        r.issuer_key = Issuer(self).key
        // The record holds no text: the figure's clause stands in for the paragraph its period
        // is read from.
        for i in r.figures.indices {
            let f = r.figures[i]
            let clause = Array(f.context.unicodeScalars)
            var g = f
            g.start = Meaning.offset(of: f, inContext: clause)
            // Each clause is a text of its own: nothing read of one carries to the next.
            var reading: Meaning.ParagraphReading? = nil
            Meaning.annotate(&g, subject: Array(f.subject.unicodeScalars), text: clause, reportPeriod: r.report_period ?? "year", catalogue: catalogue, reading: &reading)
            g.start = f.start
            r.figures[i] = g
        }
        return r
    }
}
