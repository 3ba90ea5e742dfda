import Testing
@testable import HuibaoCore

private func normalized(_ text: String) throws -> String {
    try ReportText.decode(bytes: Array(text.utf8), fileName: "report.txt").text
}

@Suite struct TextNormalizationTests {
    @Test func lineEnds() throws {
        #expect(try normalized("甲\r\n乙\r丙\n丁") == "甲\n乙\n丙\n丁\n")
        #expect(try normalized("甲\u{2028}乙") == "甲\n乙\n")
    }

    @Test func fullWidthDigitsAndLetters() throws {
        #expect(try normalized("完成２０２２年目标，ＧＤＰ增长") == "完成2022年目标，GDP增长\n")
    }

    @Test func fullWidthSignsOnlyInsideNumbers() throws {
        #expect(try normalized("６９．６９亿元，增长５．７％") == "69.69亿元，增长5.7%\n")
        #expect(try normalized("共１，２３４人，上午８：３０开会：") == "共1,234人，上午8:30开会：\n")
        // Chinese punctuation elsewhere stays: comma after a number before a word, colon after a word.
        #expect(try normalized("增长5，其中：一是．％") == "增长5，其中：一是．％\n")
    }

    @Test func spacesAndInvisibles() throws {
        #expect(try normalized("甲\u{00A0}乙\u{3000}丙\u{2003}丁\t戊") == "甲 乙 丙 丁 戊\n")
        #expect(try normalized("工\u{200B}作\u{FEFF}总\u{200D}结\u{AD}") == "工作总结\n")
        #expect(try normalized("甲\u{7}乙\u{85}丙完成全年目标任务") == "甲乙丙完成全年目标任务\n")
    }

    @Test func indentationTrailingSpacesAndBlankLines() throws {
        let text = "\n\n\u{3000}\u{3000}一、工作情况  \n\n\n\n  (一)党建引领\u{00A0}\n \n二、计划\n\n"
        #expect(try normalized(text) == "一、工作情况\n\n(一)党建引领\n\n二、计划\n")
    }

    @Test func chinesePunctuationKept() throws {
        let line = "一是“党建+治理”改革（试点）、推进；二是(二)完善：机制。"
        #expect(try normalized(line) == line + "\n")
    }
}

@Suite struct TextFurnitureTests {
    @Test func removesFurnitureLines() throws {
        let furniture = [
            "首页 > 政务公开 > 规划计划 > 年度工作计划及总结",
            "当前位置：首页>政务公开>工作总结",
            "您现在的位置：网站首页 » 信息公开",
            "首页/新闻中心/通知公告",
            "回到顶部", "【打印】", "【关闭】", "【字体：大 中 小】", "【字体：大 中 小】 【打印】 【关闭】",
            "扫一扫在手机打开当前页", "分享到：", "分享到：微信 微博 QQ空间",
            "浏览次数：123", "访问量：4567次", "阅读次数:",
            "上一篇：关于2021年工作总结的通知", "下一篇：无",
            "版权所有：深圳市某某区人民政府 粤ICP备12345678号", "网站标识码：4403100038",
            "主办单位：某某街道办事处", "Copyright © 2023 All Rights Reserved", "相关链接",
        ]
        let text = "标题甲\n" + furniture.joined(separator: "\n") + "\n正文乙\n"
        #expect(try normalized(text) == "标题甲\n正文乙\n")
    }

    @Test func blankLinesAroundRemovedFurnitureCollapse() throws {
        #expect(try normalized("甲\n\n【打印】\n\n乙\n\n回到顶部\n") == "甲\n\n乙\n")
    }

    @Test func keepsMetadataLines() throws {
        let metadata = "索引号：11440310MB2C12345X/2023-00012\n发布机构:坪山区马峦街道办事处\n信息来源:坪山区马峦街道办事处 发布时间:2023-03-06 14:51:27\n成文日期：2023-03-01\n"
        #expect(try normalized(metadata) == metadata)
    }

    @Test func stripsTrailingCountersAndButtonsFromMetadataLines() throws {
        #expect(try normalized("发布时间：2023-03-06 浏览次数：123") == "发布时间：2023-03-06\n")
        #expect(try normalized("来源：区政府办 【字体：大 中 小】【打印】") == "来源：区政府办\n")
    }

    @Test func keepsContentSentencesThatMentionFurnitureWords() throws {
        let sentences = [
            "门户网站首页改版上线,全年网站访问量达120万次。",
            "打印机、复印机等办公设备采购完成。",
            "首页新闻栏目全年发布信息1200条。",
            "加强知识产权保护,查处侵犯版权案件3宗。",
            "上一年度结转资金全部使用完毕。",
            "大中小学生暑期安全教育全覆盖。",
        ]
        for sentence in sentences {
            #expect(try normalized(sentence) == sentence + "\n")
        }
    }
}
