import Testing
@testable import HuibaoCore

/// Pathological inputs must go through in linear time. No timing is asserted here; run
/// `swift test -c release --filter TextLargeInputTests` to see that each takes well under a second.
@Suite struct TextLargeInputTests {
    static let size = 8 << 20

    private func repeated(_ unit: String, bytes: Int = size) -> [UInt8] {
        let u = Array(unit.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes + u.count)
        while out.count < bytes { out.append(contentsOf: u) }
        return out
    }

    @Test func unclosedNestedHTML() throws {
        let unit = "<div><p><span class=\"a\">一<table><tr><td>"
        let bytes = repeated(unit)
        let decoded = try ReportText.decode(bytes: bytes, fileName: "a.html")
        #expect(decoded.format == "html")
        #expect(decoded.text == String(repeating: "一\n", count: bytes.count / unit.utf8.count))
    }

    @Test func tagsThatNeverClose() throws {
        // Each '<' opens a tag or quote that no '>' or quote ever ends.
        for unit in ["<a title=\"x", "<p", "<!--", "&#", "&nbsp", "<script>"] {
            let decoded = try ReportText.decode(bytes: Array("<html><p>正文</p>".utf8) + repeated(unit, bytes: 2 << 20), fileName: "a.html")
            #expect(decoded.format == "html", "\(unit)")
        }
    }

    @Test func digitsCJKAndOneLongLine() throws {
        let digitBytes = repeated("1234567890")
        let digits = try ReportText.decode(bytes: digitBytes, fileName: "a.txt")
        #expect(digits.text.utf8.count == digitBytes.count + 1)
        let cjk = try ReportText.decode(bytes: repeated("一"), fileName: "a.txt")
        #expect(cjk.text.unicodeScalars.allSatisfy { $0 == "一" || $0 == "\n" })
        let fullWidth = try ReportText.decode(bytes: repeated("５．７％，１："), fileName: "a.txt")
        #expect(fullWidth.text.hasPrefix("5.7%，1:5.7%"))
        // Every line is furniture, so nothing is left.
        #expect(throws: DecodeError.self) { try ReportText.decode(bytes: repeated("【打印】\n首页 > 甲\n\n"), fileName: "a.txt") }
    }

    @Test func largeGB18030() throws {
        let text = String(repeating: "街道经济发展,完成产值12.5亿元。\n", count: 200_000)
        let decoded = try ReportText.decode(bytes: encodeForTest(text, to: "GB18030"), fileName: "a.txt")
        #expect(decoded.encoding == "gb18030")
        #expect(decoded.text == text)
    }
}
