// The document's fields and its section tree from one reading of the text: both need the
// scalars, the lines and the title, so they are found once.

enum DocumentStructure {
    static func analyse(_ text: String) -> (fields: DocumentFields, sections: [Section]) {
        analyse(ScalarText(text))
    }

    /// The same from scalars already read (the parser shares them with the figure scanner).
    static func analyse(_ doc: ScalarText) -> (fields: DocumentFields, sections: [Section]) {
        let title = DocumentFields.title(in: doc)
        let meta = Metadata(doc)
        // What the title says the report is, read once for the parts of the sections and the fields.
        let genre = (title ?? meta.title).map { TitleGenre(DocumentFields.despaced(doc.scalars[$0])) }
        let sections = SectionParser.parse(doc, genre: genre)
        return (DocumentFields.extract(doc, title: title, meta: meta, genre: genre, sections: sections), sections)
    }
}
