// Lines a web page wraps around a report that are not part of it: breadcrumbs, print and
// close buttons, share bars, view counters, previous/next links, copyright footers.
// Conservative on purpose: only short lines, only whole lines, or (for metadata lines such
// as "发布时间：… 浏览次数：12 【打印】") only trailing pieces that are furniture themselves.
// Metadata labels (发布机构, 信息来源, 发布时间, 索引号, 成文日期) never match any rule.

enum SiteFurniture {
    /// Longest line that can be furniture; a report sentence is usually longer, and a long
    /// line is never inspected, which keeps the check cheap.
    static let maxLineBytes = 300

    /// How many bytes of a trimmed, non-empty line to keep: its whole length, a shorter
    /// prefix when trailing pieces are furniture, or 0 when the line is furniture.
    static func keptLength(of line: ByteView) -> Int {
        guard line.count <= maxLineBytes else { return line.count }
        if isFurniture(line) { return 0 }
        var end = line.count
        while true {
            while end > 0, line[end - 1] == 0x20 { end -= 1 }
            if let start = trailingBracketGroup(line, end: end) {
                let contentStart = start + openBracket.utf8CodeUnitCount, contentEnd = end - closeBracket.utf8CodeUnitCount
                if coveredByVocabulary(line, from: contentStart, to: contentEnd) || isCounter(line, from: contentStart, to: contentEnd) {
                    end = start
                    continue
                }
            }
            if let start = trailingCounter(line, end: end) {
                end = start
                continue
            }
            return end
        }
    }

    static func isFurniture(_ line: ByteView) -> Bool {
        if locationLabels.contains(where: { line.has($0, at: 0) }) { return true }
        if homeLabels.contains(where: { line.has($0, at: 0) }),
           breadcrumbSeparators.contains(where: { contains(line, $0) }) { return true }
        if linePrefixes.contains(where: { line.has($0, at: 0) }) { return true }
        if containsFooterMarker(line) { return true }
        if isCounter(line, from: 0, to: line.count) { return true }
        return coveredByVocabulary(line, from: 0, to: line.count)
    }

    // MARK: Families

    private static func utf8(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    /// "当前位置：首页 > …", "您现在的位置：…".
    private static let locationLabels = utf8(["当前位置", "您现在的位置", "您的位置", "你现在的位置", "你的位置", "您当前的位置", "您当前位置", "所在位置"])
    /// "首页 > 政务公开 > …" when a separator follows.
    private static let homeLabels = utf8(["首页", "网站首页", "主页"])
    private static let breadcrumbSeparators = utf8([">", "＞", "»", "›", "→", "/", "〉"])
    private static let linePrefixes = utf8([
        "分享到", "上一篇", "下一篇", "上一条", "下一条", "上一页", "下一页", "相关链接", "相关文章", "相关阅读", "相关新闻",
        "主办单位", "承办单位", "主办：", "承办：", "技术支持", "网站地图", "扫一扫在手机", "用手机扫描", "手机扫描二维码",
    ])
    private static let footerMarkers = utf8(["版权所有", "ICP备", "ICP证", "网站标识码", "公网安备", "Copyright", "COPYRIGHT", "copyright", "©", "All Rights Reserved"])
    private static let counterLabels = utf8(["浏览次数", "阅读次数", "访问次数", "点击次数", "浏览量", "阅读量", "访问量", "点击量", "点击数", "浏览数", "阅读数"])
    /// Words of buttons and bars; a line made only of these (and fillers) is furniture.
    /// Longest first, so that greedy matching takes whole words.
    private static let vocabulary = utf8([
        "扫一扫在手机打开当前页", "在手机打开当前页", "扫一扫", "打印本页", "打印此页", "打印", "关闭窗口", "关闭本页", "关闭",
        "回到顶部", "返回顶部", "返回首页", "返回列表", "返回", "加入收藏", "收藏本页", "收藏", "我要纠错", "纠错",
        "分享到", "分享", "字体", "字号", "默认", "大", "中", "小", "相关链接", "微信", "微博", "QQ空间", "保存",
    ].sorted { $0.utf8.count > $1.utf8.count })
    private static let fillers = utf8([" ", "【", "】", "[", "]", "(", ")", "（", "）", "|", "｜", "：", ":", "/", "·", "•", "、", "-", ">", "＞"])
    // Literals, not arrays: no lazy global to reach on every line.
    private static let openBracket: StaticString = "【"
    private static let closeBracket: StaticString = "】"
    private static let fullWidthColon: StaticString = "："
    private static let timesSuffix: StaticString = "次"

    // MARK: Matching

    /// True when [from, to) is one or more vocabulary words, with fillers between.
    private static func coveredByVocabulary(_ line: ByteView, from: Int, to: Int) -> Bool {
        var i = from
        var words = 0
        let part = line.prefix(to)
        next: while i < to {
            for filler in fillers where part.has(filler, at: i) {
                i += filler.count
                continue next
            }
            for word in vocabulary where part.has(word, at: i) {
                i += word.count
                words += 1
                continue next
            }
            return false
        }
        return words > 0
    }

    /// True when [from, to) is a view counter: a label, an optional colon, digits, optional 次.
    private static func isCounter(_ line: ByteView, from: Int, to: Int) -> Bool {
        let part = line.prefix(to)
        guard let label = counterLabels.first(where: { part.has($0, at: from) }) else { return false }
        var i = from + label.count
        func skipSpaces() { while i < to, part[i] == 0x20 { i += 1 } }
        skipSpaces()
        if i < to, part[i] == UInt8(ascii: ":") { i += 1 } else if part.has(fullWidthColon, at: i) { i += fullWidthColon.utf8CodeUnitCount }
        skipSpaces()
        while i < to, part[i] >= 0x30, part[i] <= 0x39 { i += 1 }
        skipSpaces()
        if part.has(timesSuffix, at: i) { i += timesSuffix.utf8CodeUnitCount }
        return i == to
    }

    /// Start of a counter ending the line at `end`, if it begins after a space or a bracket.
    private static func trailingCounter(_ line: ByteView, end: Int) -> Int? {
        var start = 0
        while start < end {
            let atBoundary = start == 0 || line[start - 1] == 0x20 || line[start - 1] == UInt8(ascii: "|")
                || (start >= closeBracket.utf8CodeUnitCount && line.has(closeBracket, at: start - closeBracket.utf8CodeUnitCount))
            if atBoundary && isCounter(line, from: start, to: end) { return start }
            start += 1
        }
        return nil
    }

    /// Start of a 【…】 group that ends the line at `end`.
    private static func trailingBracketGroup(_ line: ByteView, end: Int) -> Int? {
        guard end >= closeBracket.utf8CodeUnitCount, line.has(closeBracket, at: end - closeBracket.utf8CodeUnitCount) else { return nil }
        var start = end - closeBracket.utf8CodeUnitCount - 1
        while start >= 0 {
            if line.has(openBracket, at: start) { return start }
            if line.has(closeBracket, at: start) { return nil }
            start -= 1
        }
        return nil
    }

    /// First two bytes of each footer marker (all have at least two), and which bytes are the
    /// first and which the second of one. The lead bytes of 版, 网 and 公 start most Chinese
    /// characters, so the second byte is checked too before the markers are.
    private static let footerHeads: [UInt16] = footerMarkers.map { UInt16($0[0]) << 8 | UInt16($0[1]) }
    private static let footerFirstBytes: [Bool] = byteTable(footerMarkers.map { $0[0] })
    private static let footerSecondBytes: [Bool] = byteTable(footerMarkers.map { $0[1] })

    private static func byteTable(_ bytes: [UInt8]) -> [Bool] {
        var t = [Bool](repeating: false, count: 256)
        for b in bytes { t[Int(b)] = true }
        return t
    }

    /// True when any footer marker occurs in `line`: one pass, two table lookups per byte.
    private static func containsFooterMarker(_ line: ByteView) -> Bool {
        guard line.count >= 2 else { return false }
        let first = footerFirstBytes, second = footerSecondBytes, heads = footerHeads, markers = footerMarkers
        for i in 0..<(line.count - 1) where first[Int(line[i])] && second[Int(line[i + 1])] {
            let h = UInt16(line[i]) << 8 | UInt16(line[i + 1])
            for k in heads.indices where heads[k] == h && line.has(markers[k], at: i) { return true }
        }
        return false
    }

    private static func contains(_ line: ByteView, _ pattern: [UInt8]) -> Bool {
        guard line.count >= pattern.count else { return false }
        for i in 0...(line.count - pattern.count) where line.has(pattern, at: i) { return true }
        return false
    }
}
