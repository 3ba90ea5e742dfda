// STUB (to be replaced by the structure work).

public enum SectionParser {
    public static func parse(_ text: String) -> [Section] { [] }

    /// The innermost section holding scalar offset `offset`, and the part it belongs to.
    public static func locate(_ offset: Int, in sections: [Section]) -> (section: Int?, part: ReportPart) {
        var found: Section?
        for s in sections where s.start <= offset && offset < s.end {
            if found == nil || s.depth >= found!.depth { found = s }
        }
        return (found?.index, found?.part ?? .achievements)
    }
}
