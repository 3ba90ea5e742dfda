// STUB (to be replaced by the structure work).

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
        DocumentFields()
    }
}
