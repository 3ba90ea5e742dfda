// The INI syntax huibao's files share (huibao.conf, indicators.conf), in the style of systemd
// units: `[Section]` headers, `Key=Value` lines, `#` or `;` comments. One reader for both.

enum INILine: Equatable {
    case section(String)
    case entry(key: String, value: String)
    case malformed(String)
}

/// The meaningful lines of `text` with their numbers (blank lines and comments left out).
func iniLines(_ text: String) -> [(number: Int, line: INILine)] {
    var out: [(Int, INILine)] = []
    var number = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
        number += 1
        let line = raw.trimmingASCIISpaces()
        if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
        if line.hasPrefix("[") {
            guard line.hasSuffix("]") else {
                out.append((number, .malformed("section header without closing ']'")))
                continue
            }
            out.append((number, .section(String(line.dropFirst().dropLast()).trimmingASCIISpaces())))
            continue
        }
        guard let eq = line.firstIndex(of: "=") else {
            out.append((number, .malformed("expected Key=Value, got '\(line)'")))
            continue
        }
        out.append((number, .entry(key: String(line[..<eq]).trimmingASCIISpaces(),
                                   value: String(line[line.index(after: eq)...]).trimmingASCIISpaces())))
    }
    return out
}

/// `[Rule NAME]` → NAME for the kind `Rule`; nil when the header is of another kind.
func namedSection(_ header: String, kind: String) -> String? {
    guard header == kind || header.hasPrefix(kind + " ") || header.hasPrefix(kind + "\t") else { return nil }
    return String(header.dropFirst(kind.count)).trimmingASCIISpaces()
}
