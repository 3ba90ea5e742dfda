// The report text as an array of Unicode scalars, with the few lookups the figure scanner needs.
// Offsets are scalar indices, the unit `Indicator.start` is counted in.

struct FigureText {
    let s: [Unicode.Scalar]
    var count: Int { s.count }

    init(_ text: String) { s = Array(text.unicodeScalars) }

    subscript(i: Int) -> Unicode.Scalar? { i >= 0 && i < s.count ? s[i] : nil }

    /// True when `word` stands at `i`.
    func has(_ word: [Unicode.Scalar], at i: Int) -> Bool {
        guard i >= 0, i + word.count <= s.count else { return false }
        for k in 0..<word.count where s[i + k] != word[k] { return false }
        return true
    }

    /// The longest of `words` standing at `i`.
    func word(in words: [[Unicode.Scalar]], at i: Int) -> [Unicode.Scalar]? {
        var best: [Unicode.Scalar]? = nil
        for w in words where w.count > (best?.count ?? 0) && has(w, at: i) { best = w }
        return best
    }

    /// The longest of `words` ending just before `end`.
    func word(in words: [[Unicode.Scalar]], endingAt end: Int) -> [Unicode.Scalar]? {
        var best: [Unicode.Scalar]? = nil
        for w in words where w.count > (best?.count ?? 0) && has(w, at: end - w.count) { best = w }
        return best
    }

    func string(_ range: Range<Int>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s[max(0, range.lowerBound)..<min(s.count, range.upperBound)])
        return String(out)
    }

    /// Start of the stretch that ends at `i`, after the nearest scalar in `stops`, looking back at most `limit`.
    func start(before i: Int, stops: Set<Unicode.Scalar>, limit: Int) -> Int {
        var k = i
        while k > 0 && i - k < limit && !stops.contains(s[k - 1]) { k -= 1 }
        return k
    }

    /// End of the stretch that starts at `i`, before the nearest scalar in `stops`, looking ahead at most `limit`.
    func end(after i: Int, stops: Set<Unicode.Scalar>, limit: Int) -> Int {
        var k = i
        while k < s.count && k - i < limit && !stops.contains(s[k]) { k += 1 }
        return k
    }
}

/// Space-separated words as scalar arrays, for the word tables.
func scalarWords(_ list: String) -> [[Unicode.Scalar]] {
    list.split(separator: " ").map { Array($0.unicodeScalars) }
}

func scalarSet(_ chars: String) -> Set<Unicode.Scalar> { Set(chars.unicodeScalars) }

enum Delimiters {
    /// Ends of a clause: the `context` of a figure lies between two of these.
    static let clause = scalarSet("。；，,;：:\n！？!?")
    /// Ends of a sentence: a figure's subject is never inherited across one.
    static let sentence = scalarSet("。；;\n！？!?")
    /// Where a subject stops: clause ends and list commas and opening brackets.
    static let subject = scalarSet("。；，,;：:\n！？!?、(（/")
    static let closingBrackets = scalarSet(")）")
    static let quotes = scalarSet("“”\"‘’「」『』《》")
    static let space = scalarSet(" \t\u{3000}\u{A0}")
}
