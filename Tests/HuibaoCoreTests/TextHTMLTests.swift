import Testing
@testable import HuibaoCore

private func page(_ html: String, _ fileName: String = "page.html") throws -> DecodedText {
    try ReportText.decode(bytes: Array(html.utf8), fileName: fileName)
}

@Suite struct TextHTMLTests {
    @Test func sniffsHTMLByNameOrContent() throws {
        #expect(try page("<p>甲</p>", "a.HTM").format == "html")
        #expect(try page("\n  <!DOCTYPE html><title>t</title><p>甲</p>", "a.txt").format == "html")
        #expect(try page("<html><body>甲</body></html>", "a").format == "html")
        #expect(try page("工作总结\n<div class=\"x\">甲</div>", "a.txt").format == "html")
        // A plain report that merely uses angle brackets is not a page.
        #expect(try page("增速 <5% 的行业有3个,《报告》见附件", "a.txt").format == "text")
    }

    @Test func keepsBlockStructureAndJoinsInlineText() throws {
        let html = """
        <html><body><h1>某镇2023年工作总结</h1><div><p>一、<b>经济</b>发展</p><p>完成
          产值<span>12</span>亿元<br>增长5%</p><ul><li>甲</li><li>乙</li></ul></div>
        <table><tr><th>指标</th><th>数值</th></tr><tr><td>地区生产总值</td><td>69.69亿元</td></tr></table></body></html>
        """
        #expect(try page(html).text == "某镇2023年工作总结\n一、经济发展\n完成产值12亿元\n增长5%\n甲\n乙\n指标 数值\n地区生产总值 69.69亿元\n")
    }

    @Test func dropsScriptStyleCommentsAndSelects() throws {
        let html = """
        <head><style>p { color: red } /* 2023年 */</style><script>var visits = 12345; if (a<b) {}</script></head>
        <body><!-- 浏览 999 次 --><p>正文</p><noscript>请启用脚本</noscript>
        <select><option>区政府网站</option></select><SCRIPT type="text/javascript">document.write("<p>9</p>")</SCRIPT><p>完</p></body>
        """
        #expect(try page(html).text == "正文\n完\n")
    }

    @Test func decodesEntities() throws {
        let html = "<p>&ldquo;双区&rdquo;&nbsp;驱动&mdash;&mdash;增长&gt;5%&amp;&lt;&quot;&#20013;&#x6587;&#X4E00;&reg 2023&hellip;&unknown;&#xD800;</p>"
        #expect(try page(html).text == "“双区” 驱动——增长>5%&<\"中文一&reg 2023…&unknown;\u{FFFD}\n")
    }

    @Test func honoursMetaCharsetAndTrustsBytes() throws {
        let body = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>街道工作总结</p></body></html>"
        let gb = try ReportText.decode(bytes: encodeForTest(body, to: "GB18030"), fileName: "a.htm")
        #expect(gb.encoding == "gb18030")
        #expect(gb.text == "街道工作总结\n")
        // Declared GBK, but the bytes are UTF-8: the bytes win.
        let mislabelled = try ReportText.decode(bytes: Array(body.utf8), fileName: "a.htm")
        #expect(mislabelled.encoding == "utf-8")
        #expect(mislabelled.text == "街道工作总结\n")
        // Declared UTF-8, but the bytes are GB18030.
        let other = "<meta charset=\"utf-8\"><p>街道工作总结</p>"
        #expect(try ReportText.decode(bytes: encodeForTest(other, to: "GB18030"), fileName: "a.html").encoding == "gb18030")
        // Declared Big5: "中文" is A4 A4 A4 E5 there, which GB18030 would also accept as other characters.
        let big5 = Array("<meta charset=big5><p>".utf8) + [0xA4, 0xA4, 0xA4, 0xE5] + Array("</p>".utf8)
        let decoded = try ReportText.decode(bytes: big5, fileName: "a.html")
        #expect(decoded.encoding == "big5")
        #expect(decoded.text == "中文\n")
        // A script's charset attribute is not the page's.
        let script = "<script charset=\"big5\" src=\"a.js\"></script><p>中文</p>"
        #expect(try ReportText.decode(bytes: encodeForTest(script, to: "GB18030"), fileName: "a.html").encoding == "gb18030")
    }

    @Test func prependsTitleOnlyWhenBodyLacksIt() throws {
        let missing = "<title>某县2023年政府工作报告_某县人民政府门户网站</title><body><p>各位代表:</p></body>"
        #expect(try page(missing).text == "某县2023年政府工作报告\n各位代表:\n")
        let present = "<title>某县2023年政府工作报告 - 某县人民政府</title><body><h2>某县2023年政府工作报告</h2><p>各位代表:</p></body>"
        #expect(try page(present).text == "某县2023年政府工作报告\n各位代表:\n")
        let truncated = "<title>某县2023年政府工作…_某县人民政府</title><body><h2>某县2023年政府工作报告</h2><p>各位代表:</p></body>"
        #expect(try page(truncated).text == "某县2023年政府工作报告\n各位代表:\n")
    }

    @Test func survivesBrokenMarkup() throws {
        #expect(try page("<p>甲<div><span>乙").text == "甲\n乙\n")
        #expect(try page("<p>甲 < 乙 and 1<2</p>").text == "甲 < 乙 and 1<2\n")
        #expect(try page("<p>甲</p><a title=\"x>y\" href='z'>乙</a><p>丙").text == "甲\n乙\n丙\n")
        // An unterminated quote: later tags still close at their '>'.
        #expect(try page("<p>甲</p><a title=\"x>乙</a><p>丙</p>").text == "甲\n乙\n丙\n")
        // No closing '>' at all: the rest is text.
        #expect(try page("<p>甲</p><a href=\"x").text == "甲\n<a href=\"x\n")
        #expect(try page("<p>甲<!-- never closed <p>乙").text == "甲\n")
        #expect(try page("<pre>一、  甲\n二、乙</pre>").text == "一、  甲\n二、乙\n")
    }
}
