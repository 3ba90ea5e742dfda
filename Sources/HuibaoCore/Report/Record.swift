// The record of one report: what `huibao parse` prints and what the daemon stores (schema 1).
// Field names are the JSON names (snake_case), so the Codable keys and the writer agree.

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
    public static let currentSchema = 1

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
    public var kinds: [ReportKind]
    public var index_number: String?
    public var source: String?
    public var sections: [Section]
    /// The figures found, under schema 1's key (`figures` from the next schema on).
    public var indicators: [Figure]
    /// Subjects of `zero_event_details`, the shape the gold annotations use.
    public var zero_events: [String]
    public var zero_event_details: [ZeroEvent]

    public init(schema: Int = Record.currentSchema, file: String, sha256: String, bytes: Int, encoding: String,
                format: String, title: String? = nil, organization: String? = nil, place: Place = Place(),
                level: DocumentLevel = .unknown, published: String? = nil, report_year: Int? = nil,
                plan_year: Int? = nil, kinds: [ReportKind] = [], index_number: String? = nil,
                source: String? = nil, sections: [Section] = [], indicators: [Figure] = [],
                zero_event_details: [ZeroEvent] = []) {
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
        self.indicators = indicators
        self.zero_events = zero_event_details.map(\.subject)
        self.zero_event_details = zero_event_details
    }
}
