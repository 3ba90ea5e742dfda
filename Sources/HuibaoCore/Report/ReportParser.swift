// From the bytes of a dropped file to its record: decode, find the document's fields and
// sections, scan the figures, and tie each figure to the section and part it stands in.

public enum ReportParser {
    /// Parses one report. Throws `DecodeError` when the bytes are not a text we can read.
    /// `catalogue` gives the figures their indicators (`.empty`: none, the rest of the meaning still).
    public static func parse(bytes: [UInt8], fileName: String, catalogue: IndicatorCatalogue) throws(DecodeError) -> Record {
        let decoded = try ReportText.decode(bytes: bytes, fileName: fileName)
        return parse(decoded: decoded, bytes: bytes, fileName: fileName, catalogue: catalogue)
    }

    /// The numbers of the report that made no figure, each with the reason: the same decoding and
    /// the same scan as `parse`, for `huibao parse --dropped`.
    public static func droppedCandidates(bytes: [UInt8], fileName: String) throws(DecodeError) -> [DroppedCandidate] {
        let decoded = try ReportText.decode(bytes: bytes, fileName: fileName)
        return FigureScanner.droppedCandidates(in: FigureText(scalars: ScalarText(utf8: decoded.utf8).scalars))
    }

    static func parse(decoded: DecodedText, bytes: [UInt8], fileName: String, catalogue: IndicatorCatalogue) -> Record {
        // The scalars are read once and shared by the structure and the figure scanner.
        let doc = ScalarText(utf8: decoded.utf8)
        let (fields, sections) = DocumentStructure.analyse(doc)
        var scan = FigureScanner.scan(FigureText(scalars: doc.scalars))
        for i in scan.figures.indices {
            let (section, part) = SectionParser.locate(scan.figures[i].start, in: sections)
            scan.figures[i].section = section
            scan.figures[i].part = part
        }
        for i in scan.zeroEvents.indices {
            let (section, part) = SectionParser.locate(scan.zeroEvents[i].start, in: sections)
            scan.zeroEvents[i].section = section
            scan.zeroEvents[i].part = part
        }
        let period = Meaning.reportPeriod(title: fields.title, headings: sections.filter { $0.depth == 1 }.map(\.heading),
                                          firstLine: DocumentFields.bodyLines(in: doc, count: 1).first.map { doc.string($0.prefix(40)) })
        Meaning.annotate(&scan.figures, subjects: scan.subjects, text: doc.scalars, reportPeriod: period, catalogue: catalogue)
        let sha256 = SHA256.hex(bytes)
        let issuer = Issuer(organization: fields.organization, place: fields.place, level: fields.level, report: sha256)
        return Record(
            file: fileName, sha256: sha256, bytes: bytes.count,
            encoding: decoded.encoding, format: decoded.format,
            title: fields.title, organization: fields.organization, place: fields.place,
            level: fields.level, published: fields.published, report_year: fields.reportYear,
            plan_year: fields.planYear, kinds: fields.kinds, index_number: fields.indexNumber,
            source: fields.source, sections: sections, figures: scan.figures,
            zero_event_details: scan.zeroEvents, report_period: period, issuer_key: issuer.key)
    }
}
