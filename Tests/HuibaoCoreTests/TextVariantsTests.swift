import Foundation
import Testing
@testable import HuibaoCore

/// The sample reports, each turned at test time into the shapes reports arrive in.
/// What must be equal: every plain-text variant gives exactly the text of the UTF-8 original;
/// the HTML page gives the same lines, except that blank lines may differ (a page has no
/// blank lines of its own, only block boundaries).
@Suite struct TextVariantsTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static func samples() -> [(String, String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) else { return [] }
        return names.filter { $0.hasSuffix(".txt") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(name).path) else { return nil }
            return (name, String(decoding: data, as: UTF8.self))
        }
    }

    @Test func everyVariantGivesTheSameText() throws {
        let samples = Self.samples()
        guard !samples.isEmpty else {
            print("TextVariantsTests: skipped, no sample reports in \(Self.corpus.path)")
            return
        }
        for (name, source) in samples {
            let reference = try ReportText.decode(bytes: Array(source.utf8), fileName: name)
            #expect(reference.encoding == "utf-8")
            try checkAgainstSource(reference.text, source: source, name: name)

            let utf8 = Array(source.utf8)
            let referenceRecord = try ReportParser.parse(bytes: utf8, fileName: name, catalogue: ShippedCatalogue.catalogue)
            let plain: [(String, [UInt8], String)] = [
                ("utf-8-bom", [0xEF, 0xBB, 0xBF] + utf8, "utf-8-bom"),
                ("utf-16le", [0xFF, 0xFE] + encodeForTest(source, to: "UTF-16LE"), "utf-16le"),
                ("utf-16be", [0xFE, 0xFF] + encodeForTest(source, to: "UTF-16BE"), "utf-16be"),
                ("gb18030", encodeForTest(source, to: "GB18030"), "gb18030"),
                ("crlf", Array(source.replacingOccurrences(of: "\n", with: "\r\n").utf8), "utf-8"),
                ("full-width", Array(fullWidthNumbers(source).utf8), "utf-8"),
                ("gb18030+crlf+full-width", encodeForTest(fullWidthNumbers(source).replacingOccurrences(of: "\n", with: "\r\n"), to: "GB18030"), "gb18030"),
            ]
            for (variant, bytes, encoding) in plain {
                let decoded = try ReportText.decode(bytes: bytes, fileName: name)
                #expect(decoded.encoding == encoding, "\(name) as \(variant)")
                #expect(decoded.format == "text", "\(name) as \(variant)")
                #expect(decoded.text == reference.text, "\(name) as \(variant)")
                #expect(essence(try ReportParser.parse(bytes: bytes, fileName: name, catalogue: ShippedCatalogue.catalogue)) == essence(referenceRecord), "\(name) as \(variant)")
            }

            let title = reference.text.split(separator: "\n").first.map(String.init) ?? ""
            let html = htmlPage(source, title: title)
            for (variant, bytes) in [("html", Array(html.utf8)), ("html gb18030", encodeForTest(html.replacingOccurrences(of: "utf-8", with: "gbk"), to: "GB18030"))] {
                let decoded = try ReportText.decode(bytes: bytes, fileName: name.replacingOccurrences(of: ".txt", with: ".html"))
                #expect(decoded.format == "html", "\(name) as \(variant)")
                #expect(withoutBlankLines(decoded.text) == withoutBlankLines(reference.text), "\(name) as \(variant)")
                let record = try ReportParser.parse(bytes: bytes, fileName: name, catalogue: ShippedCatalogue.catalogue)
                #expect(essence(record) == essence(referenceRecord), "\(name) as \(variant): the same fields and figures")
            }
        }
    }

    /// The normalised text, checked line by line against the file rather than against itself:
    /// each kept line is a line of the source with its spaces normalised, in order, and only
    /// the samples' site furniture (a breadcrumb, a print/font bar) is dropped.
    private func checkAgainstSource(_ text: String, source: String, name: String) throws {
        let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "\u{A0}", with: " ").trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        let kept = text.split(separator: "\n").map(String.init)
        let dropped = sourceLines.filter { !kept.contains($0) }
        #expect(dropped.allSatisfy { $0.hasPrefix("首页 >") || $0.hasPrefix("【打印】 【字体") }, "\(name): dropped \(dropped)")
        #expect(kept.allSatisfy { sourceLines.contains($0) }, "\(name): lines not in the source")
        #expect(!text.contains("\n\n\n") && !text.hasPrefix("\n") && text.hasSuffix("\n") && !text.contains(" \n"))
    }

    /// What a reader takes out of a record: the document's fields and every figure, without
    /// the offsets, encoding and hash that legitimately differ between variants.
    private func essence(_ r: Record) -> [String] {
        let fields: [String] = [r.title, r.organization, r.place.province, r.place.city, r.place.district, r.place.subdistrict,
                      r.level.rawValue, r.published, r.report_year.map(String.init), r.plan_year.map(String.init),
                      r.kinds.map(\.rawValue).joined(separator: ","), r.index_number, r.source].map { (v: String?) in v ?? "nil" }
        let figures = r.figures.map { "\($0.text)|\($0.value)|\($0.unit)|\($0.kind)|\($0.qualifier)|\($0.subject)|\($0.part)" }
        return fields + figures + r.zero_events
    }

    private func withoutBlankLines(_ text: String) -> [Substring] {
        text.split(separator: "\n")
    }

    /// Digits, and the '.', '%', ',' and ':' of numbers, as full-width characters.
    private func fullWidthNumbers(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < scalars.count && scalars[i].properties.numericType == .decimal && scalars[i].isASCII }
        for (i, s) in scalars.enumerated() {
            switch s {
            case "0"..."9": out.append(Unicode.Scalar(s.value + 0xFEE0)!)
            case ".", ",", ":": out.append(isDigit(i - 1) && isDigit(i + 1) ? Unicode.Scalar(s.value + 0xFEE0)! : s)
            case "%" where isDigit(i - 1): out.append("％")
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// The report as a scraped page: every line a paragraph, quotes and spaces as entities,
    /// some characters as numeric references, around it a head, a script and a style with
    /// numbers in them, comments, and site furniture.
    private func htmlPage(_ source: String, title: String) -> String {
        var body = ""
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            var escaped = ""
            for s in line.unicodeScalars {
                switch s {
                case "&": escaped += "&amp;"
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "“": escaped += "&ldquo;"
                case "”": escaped += "&rdquo;"
                case "\u{A0}", " ": escaped += "&nbsp;"
                case "年", "区": escaped += "&#\(s.value);"
                case "街": escaped += "&#x\(String(s.value, radix: 16));"
                default: escaped.unicodeScalars.append(s)
                }
            }
            body += "<p style=\"text-indent:2em\">\(escaped)</p>\n<!-- 第\(body.count)段 -->\n"
        }
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(title) - 某区人民政府门户网站</title>
        <style>.a { width: 2022px; } p > span { color: #333 }</style>
        <script type="text/javascript">var count = 2023; if (count < 5 && a > 1) { document.write("<p>99.9%</p>"); }</script>
        </head><body>
        <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 工作总结</div>
        <div class="tools">【<a href="javascript:print()">打印</a>】 【<a href="javascript:close()">关闭</a>】</div>
        <div class="count">浏览次数：<span id="c">1234</span></div>
        <div class="content">
        \(body)</div>
        <div class="footer"><p>版权所有：某区人民政府 &copy; 2023</p><p>粤ICP备12345678号</p></div>
        </body></html>
        """
    }
}
