// The document's fields and its section tree from one reading of the text: both need the
// scalars, the lines and the title, so they are found once.

enum DocumentStructure {
    static func analyse(_ text: String) -> (fields: DocumentFields, sections: [Section]) {
        analyse(ScalarText(text))
    }

    /// The same from scalars already read (the parser shares them with the figure scanner).
    static func analyse(_ doc: ScalarText) -> (fields: DocumentFields, sections: [Section]) {
        let title = DocumentFields.title(in: doc)
        let sections = SectionParser.parse(doc, title: title)
        return (DocumentFields.extract(doc, title: title, sections: sections), sections)
    }
}
