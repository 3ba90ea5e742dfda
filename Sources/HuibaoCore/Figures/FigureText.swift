// The report text as an array of Unicode scalars, with the few lookups the figure scanner needs.
// Offsets are scalar indices, the unit `Figure.start` is counted in.

struct FigureText {
    let s: [Unicode.Scalar]
    var count: Int { s.count }

    init(_ text: String) { s = Array(text.unicodeScalars) }

    init(scalars: [Unicode.Scalar]) { s = scalars }

    subscript(i: Int) -> Unicode.Scalar? { i >= 0 && i < s.count ? s[i] : nil }

    /// True when `word` stands at `i`.
    func has(_ word: [Unicode.Scalar], at i: Int) -> Bool { Scalars.has(word, at: i, in: s, before: s.count) }

    /// The longest of `words` standing at `i`.
    func word(in words: WordList, at i: Int) -> [Unicode.Scalar]? { words.match(in: s, at: i) }

    /// The longest of `words` ending just before `end`.
    func word(in words: WordList, endingAt end: Int) -> [Unicode.Scalar]? { words.match(in: s, endingAt: end) }

    /// `i`, or the index of the single space before it: a PDF's text puts one between words
    /// (同比下降 15%), and the words before a figure are read across it.
    func beforeSpace(_ i: Int) -> Int {
        guard let c = self[i - 1], Delimiters.isSpace(c), let p = self[i - 2], !Delimiters.isSpace(p) else { return i }
        return i - 1
    }

    /// The length in the text of the longest of `words` at `i`, where a line break of a PDF's
    /// text may have left one space inside the word (个百 分点).
    func spacedWord(in words: WordList, at i: Int) -> Int? {
        if let w = words.match(in: s, at: i) { return w.count }
        return words.matchAcrossOneSpace(in: s, at: i)
    }

    func string(_ range: Range<Int>) -> String {
        Scalars.string(s[max(0, range.lowerBound)..<min(s.count, range.upperBound)])
    }

    /// Start of the stretch that ends at `i`, after the nearest scalar in `stops`, looking back at most `limit`.
    func start(before i: Int, stops: ScalarSet, limit: Int) -> Int {
        var k = i
        while k > 0 && i - k < limit && !stops.contains(s[k - 1]) { k -= 1 }
        return k
    }

    /// End of the stretch that starts at `i`, before the nearest scalar in `stops`, looking ahead at most `limit`.
    func end(after i: Int, stops: ScalarSet, limit: Int) -> Int {
        var k = i
        while k < s.count && k - i < limit && !stops.contains(s[k]) { k += 1 }
        return k
    }
}

/// A table of words, indexed by first and last scalar so that a lookup costs a couple of
/// comparisons whatever the size of the table.
struct WordList: Sendable {
    private let byFirst: ScalarIndex<[[Unicode.Scalar]]>
    private let byLast: ScalarIndex<[[Unicode.Scalar]]>
    private let all: Set<[Unicode.Scalar]>

    init(_ list: String) {
        let words = list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array($0.unicodeScalars) }
        var first: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
        var last: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
        for w in words {
            first[w[0], default: []].append(w)
            last[w[w.count - 1], default: []].append(w)
        }
        byFirst = ScalarIndex(first.mapValues { $0.sorted { $0.count > $1.count } })
        byLast = ScalarIndex(last.mapValues { $0.sorted { $0.count > $1.count } })
        all = Set(words)
    }

    func contains(_ word: [Unicode.Scalar]) -> Bool { all.contains(word) }

    /// Whether any of the words stands anywhere in `s`: one pass over `s`, not one per word.
    func occurs(in s: [Unicode.Scalar]) -> Bool {
        for i in s.indices where byFirst[s[i]] != nil {
            if match(in: s, at: i) != nil { return true }
        }
        return false
    }

    /// The longest word standing at `i` in `s`.
    func match(in s: [Unicode.Scalar], at i: Int) -> [Unicode.Scalar]? {
        guard i >= 0, i < s.count, let candidates = byFirst[s[i]] else { return nil }
        for w in candidates where Scalars.has(w, at: i, in: s, before: s.count) { return w }
        return nil
    }

    /// The longest word ending just before `end` in `s`.
    func match(in s: [Unicode.Scalar], endingAt end: Int) -> [Unicode.Scalar]? {
        guard end > 0, end <= s.count, let candidates = byLast[s[end - 1]] else { return nil }
        for w in candidates where Scalars.has(w, at: end - w.count, in: s, before: s.count) { return w }
        return nil
    }

    /// The length in `s` of the longest word at `i` read with one space between two of its
    /// scalars skipped (a line break in a PDF's text), or nil.
    func matchAcrossOneSpace(in s: [Unicode.Scalar], at i: Int) -> Int? {
        guard i >= 0, i < s.count, let candidates = byFirst[s[i]] else { return nil }
        let space = Delimiters.space
        for w in candidates where w.count > 1 {
            var k = 1, skipped = false
            while k < w.count, i + k + (skipped ? 1 : 0) < s.count {
                let c = s[i + k + (skipped ? 1 : 0)]
                if c == w[k] {
                    k += 1
                } else if !skipped && space.contains(c) {
                    skipped = true
                } else {
                    break
                }
            }
            if k == w.count && skipped { return w.count + 1 }
        }
        return nil
    }
}

/// A read-only map from scalars to values: open addressing on the scalar's value with a
/// multiplicative hash, so a lookup (mostly a miss) costs a multiply and a compare or two
/// instead of a seeded `Hasher` round.
struct ScalarIndex<Value>: @unchecked Sendable {
    private let keys: [UInt32]
    private let slots: [Int32]
    private let values: [Value]
    private let shift: UInt32
    private let mask: Int
    private static var empty: UInt32 { UInt32.max }

    init(_ map: [Unicode.Scalar: Value]) {
        var bits: UInt32 = 4
        while (1 << bits) < map.count * 4 { bits += 1 }
        let size = 1 << Int(bits)
        var keys = [UInt32](repeating: ScalarIndex.empty, count: size)
        var slots = [Int32](repeating: -1, count: size)
        var values: [Value] = []
        values.reserveCapacity(map.count)
        let shift = 32 - bits
        let mask = size - 1
        for (k, v) in map {
            var h = Int((k.value &* 0x9E37_79B1) >> shift)
            while keys[h] != ScalarIndex.empty { h = (h + 1) & mask }
            keys[h] = k.value
            slots[h] = Int32(values.count)
            values.append(v)
        }
        self.keys = keys
        self.slots = slots
        self.values = values
        self.shift = shift
        self.mask = mask
    }

    @inline(__always)
    subscript(c: Unicode.Scalar) -> Value? {
        let v = c.value
        var h = Int((v &* 0x9E37_79B1) >> shift)
        // Unchecked probes for speed: h starts below `keys.count` (the hash is shifted to `bits`
        // bits) and stays so (& mask); a checked read costs measurably on every scalar.
        return keys.withUnsafeBufferPointer { kp -> Value? in
            while true {
                let k = kp[h]
                if k == v { return values[Int(slots[h])] }
                if k == ScalarIndex.empty { return nil }
                h = (h + 1) & mask
            }
        }
    }
}

func scalarWords(_ list: String) -> WordList { WordList(list) }

/// Ranges by a pair of scalars (an alias's first two), in open addressing: one probe per
/// subject scalar instead of a lookup and a search. Key and range share a slot of 16 bytes and
/// the table is at most half full: a miss, the common case, mostly meets an empty slot at once.
struct ScalarPairIndex: Sendable {
    typealias Key = UInt64
    /// Occupied slots hold their key, whose top bit is set: an empty slot's key is 0.
    private let slots: [(key: Key, lower: UInt32, upper: UInt32)]
    private let shift: UInt64
    private let mask: Int

    static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Key { Key(a.value) << 32 | Key(b.value) | 1 << 63 }

    init(_ map: [Key: Range<Int>]) {
        var bits: UInt64 = 4
        while (1 << bits) < map.count * 2 { bits += 1 }
        let size = 1 << Int(bits)
        var slots = [(key: Key, lower: UInt32, upper: UInt32)](repeating: (0, 0, 0), count: size)
        let shift = 64 - bits
        for (k, r) in map {
            var h = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[h].key != 0 { h = (h + 1) & (size - 1) }
            slots[h] = (k, UInt32(r.lowerBound), UInt32(r.upperBound))
        }
        self.slots = slots
        self.shift = shift
        mask = size - 1
    }

    @inline(__always)
    subscript(a: Unicode.Scalar, b: Unicode.Scalar) -> Range<Int>? {
        let k = ScalarPairIndex.key(a, b)
        var h = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift)
        // Unchecked probes, bounded as in ScalarIndex: h < slots.count by the shift and the mask.
        return slots.withUnsafeBufferPointer { p -> Range<Int>? in
            while true {
                let slot = p[h]
                if slot.key == k { return Int(slot.lower)..<Int(slot.upper) }
                if slot.key == 0 { return nil }
                h = (h + 1) & mask
            }
        }
    }
}

/// A set of scalars: open addressing on the scalar's value with a multiplicative hash (as in
/// ScalarIndex), so a lookup, mostly a miss, costs a multiply and a compare or two whatever the
/// size of the set, instead of a seeded `Hasher` round.
struct ScalarSet: Sendable {
    /// Members at their slots; empty slots hold a value no scalar has.
    private let slots: [UInt32]
    private let shift: UInt32
    private let mask: Int
    /// No member is a Han ideograph (U+3400–U+9FFF): most sets are punctuation, and most of a
    /// report's scalars are ideographs, answered then by one comparison without a probe.
    private let holdsNoIdeograph: Bool
    private static var empty: UInt32 { UInt32.max }

    @inline(__always)
    private static func isIdeograph(_ v: UInt32) -> Bool { v &- 0x3400 < 0xA000 - 0x3400 }

    init(_ chars: String) {
        let members = Set(chars.unicodeScalars.map(\.value))
        holdsNoIdeograph = !members.contains(where: ScalarSet.isIdeograph)
        // At most a quarter full: a miss mostly meets an empty slot at once.
        var bits: UInt32 = 4
        while (1 << bits) < members.count * 4 { bits += 1 }
        let size = 1 << Int(bits)
        var slots = [UInt32](repeating: ScalarSet.empty, count: size)
        let shift = 32 - bits
        for m in members {
            var h = Int((m &* 0x9E37_79B1) >> shift)
            while slots[h] != ScalarSet.empty { h = (h + 1) & (size - 1) }
            slots[h] = m
        }
        self.slots = slots
        self.shift = shift
        self.mask = size - 1
    }

    @inline(__always)
    func contains(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if holdsNoIdeograph && ScalarSet.isIdeograph(v) { return false }
        var h = Int((v &* 0x9E37_79B1) >> shift)
        // Unchecked probes, bounded as in ScalarIndex: h < slots.count by the shift and the mask.
        return slots.withUnsafeBufferPointer { p in
            while true {
                let k = p[h]
                if k == v { return true }
                if k == ScalarSet.empty { return false }
                h = (h + 1) & mask
            }
        }
    }
}

func scalarSet(_ chars: String) -> ScalarSet { ScalarSet(chars) }

/// A prefilter for the scans that test every scalar of the text: a bit per Basic Multilingual
/// Plane scalar (8 KB, which stays in cache), so most scalars are passed over with one load and a
/// mask. Scalars beyond the plane always pass: the caller's own test decides for them.
struct ScalarBits: Sendable {
    private let words: [UInt64]

    /// The scalars of the plane for which `passes` holds.
    init(_ passes: (Unicode.Scalar) -> Bool) {
        var words = [UInt64](repeating: 0, count: 0x10000 / 64)
        for v in UInt32(0)..<0x10000 {
            if let c = Unicode.Scalar(v), passes(c) { words[Int(v >> 6)] |= 1 << UInt64(v & 63) }
        }
        self.words = words
    }

    /// The one bit test. Unchecked read: v < 0x10000, so v >> 6 < words.count.
    @inline(__always)
    private static func passes(_ v: UInt32, _ bits: UnsafeBufferPointer<UInt64>) -> Bool {
        v >= 0x10000 || bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0
    }

    @inline(__always)
    func mayContain(_ c: Unicode.Scalar) -> Bool {
        words.withUnsafeBufferPointer { ScalarBits.passes(c.value, $0) }
    }

    /// The first index from `i` on (at most `end`) whose scalar may pass.
    @inline(__always)
    func next(in s: [Unicode.Scalar], from i: Int, before end: Int) -> Int {
        s.withUnsafeBufferPointer { p in
            words.withUnsafeBufferPointer { bits in
                var k = i
                while k < end && !ScalarBits.passes(p[k].value, bits) { k += 1 }
                return k
            }
        }
    }
}

enum Delimiters {
    /// Ends of a clause: the `context` of a figure lies between two of these.
    static let clause = scalarSet("。；，,;：:\n！？!?")
    /// Ends of a sentence: a figure's subject is never inherited across one.
    static let sentence = scalarSet("。；;\n！？!?")
    /// Where a subject stops: clause ends and list commas and opening brackets.
    static let subject = scalarSet("。；，,;：:\n！？!?、(（/")
    static let closingBrackets = scalarSet(")）")
    /// Where a subject may stop or hold a bracket: `subject` and `closingBrackets` together.
    static let subjectMarks = ScalarBits { subject.contains($0) || closingBrackets.contains($0) }
    static let quotes = scalarSet("“”\"‘’「」『』《》")
    static let space = scalarSet(" \t\u{3000}\u{A0}")
    static let quotesAndSpaces = ScalarBits { quotes.contains($0) || space.contains($0) }
    /// The same test without the table: for the few checks on every candidate figure.
    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\u{3000}" || c == "\u{A0}"
    }
}
