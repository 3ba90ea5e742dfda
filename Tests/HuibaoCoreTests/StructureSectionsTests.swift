import Testing
@testable import HuibaoCore

@Suite struct StructureSectionsTests {
    /// The scalar offset of the first occurrence of `needle` in `text`.
    func offset(of needle: String, in text: String) -> Int {
        let s = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
        return Scalars.find(n, in: s, 0..<s.count)!
    }

    @Test func treeDepthsParentsHeadingsAndOffsets() {
        let text = """
        开头一段。
        一、2022年工作情况
        （一）把党建引领作为重要举措，基层活力不断迸发
        1.疫情防控及时有效。第一时间成立指挥部。
        2.安全生产平稳。
        (二)城市建设加速推进
        一是重点项目提速；完成签约。
        二、存在问题
        """
        let sections = SectionParser.parse(text)
        #expect(sections.map(\.marker) == ["一、", "（一）", "1.", "2.", "(二)", "一是", "二、"])
        #expect(sections.map(\.depth) == [1, 2, 3, 3, 2, 3, 1])
        #expect(sections.map(\.parent) == [nil, 0, 1, 1, 0, 4, nil])
        #expect(sections.map(\.heading) == ["2022年工作情况", "把党建引领作为重要举措，基层活力不断迸发", "疫情防控及时有效",
                                             "安全生产平稳", "城市建设加速推进", "重点项目提速", "存在问题"])
        #expect(sections[0].start == offset(of: "一、", in: text))
        #expect(sections[0].end == offset(of: "二、存在", in: text))
        #expect(sections[1].end == offset(of: "(二)", in: text))
        #expect(sections[2].end == offset(of: "2.安全", in: text))
        #expect(sections[6].end == text.unicodeScalars.count)
    }

    @Test func markersOnlyAtLineStartAndNotDatesOrDecimals() {
        let text = """
        三是“两山”示范街区。1.依托文旅小镇打造景点。
        2022.10 完成验收。
        2.0改革纵深推进。
        2、3月份开展整治。
        （2021年，街道坚持稳中求进。）
        """
        let sections = SectionParser.parse(text)
        #expect(sections.map(\.marker) == ["三是"])
    }

    @Test func noHeadingsGivesNoSections() {
        #expect(SectionParser.parse("2021年，街道坚持稳中求进。\n全年新增企业12家。").isEmpty)
        #expect(SectionParser.parse("").isEmpty)
        #expect(SectionParser.locate(3, in: []) == (nil, .achievements))
    }

    @Test func skippedLevelsNestByUse() {
        let text = "一、主要工作\n1、抓党建\n2、抓发展\n二、下一步工作打算\n1、强化服务\n"
        let sections = SectionParser.parse(text)
        #expect(sections.map(\.depth) == [1, 2, 2, 1, 2])
        #expect(sections.map(\.parent) == [nil, 0, 0, nil, 3])
        #expect(sections.map(\.part) == [.achievements, .achievements, .achievements, .plan, .plan])
    }

    @Test func listItemsNestUnderOrdinalParagraphs() {
        let text = "（一）狠抓治理\n一是联防联控。\n1.健全机制\n2.强化排查\n二是筑牢保障。\n（二）党建引领\n"
        let sections = SectionParser.parse(text)
        #expect(sections.map(\.depth) == [1, 2, 3, 3, 2, 1])
        #expect(sections.map(\.parent) == [nil, 0, 1, 1, 0, nil])
    }

    @Test func outOfSequenceNumbersAreNotHeadings() {
        let text = "一、工作回顾\n二、存在问题\n二、三月份开展专项整治。\n三、工作计划\n"
        let sections = SectionParser.parse(text)
        #expect(sections.map(\.heading) == ["工作回顾", "存在问题", "工作计划"])
    }

    @Test func partsOfASummaryWithProblemsAndPlan() {
        let text = """
        一、主要工作成效
        （一）经济运行稳中向好
        （二）存在的问题
        二、问题和不足
        （一）产业短板明显
        三、下一步工作计划
        （一）补齐民生短板
        四、保障措施
        """
        let parts = SectionParser.parse(text).map(\.part)
        #expect(parts == [.achievements, .achievements, .problems, .problems, .problems, .plan, .plan, .plan])
    }

    @Test func headingNamingALaterYearIsThePlan() {
        let text = "新桥街道2022年工作总结\n一、2022年主要工作\n二、2023年主要工作\n"
        #expect(SectionParser.parse(text).map(\.part) == [.achievements, .plan])
    }

    @Test func partHeadingsAboveNumberedHeadings() {
        let text = "第一部分 过去一年工作回顾\n一、经济发展\n第二部分 2023年工作安排\n一、稳增长\n二、惠民生\n"
        let sections = SectionParser.parse(text)
        #expect(sections.map(\.marker) == ["第一部分", "一、", "第二部分", "一、", "二、"])
        #expect(sections.map(\.depth) == [1, 2, 1, 2, 2])
        #expect(sections.map(\.part) == [.achievements, .achievements, .plan, .plan, .plan])
        #expect(sections[0].heading == "过去一年工作回顾")
    }

    @Test func planOnlyReportIsPlanThroughout() {
        let text = "坪地街道2024年工作要点\n2024年是关键之年，全年新增企业50家。\n一、总体要求\n二、重点任务\n"
        let sections = SectionParser.parse(text)
        #expect(sections.map(\.part) == [.plan, .plan])
        #expect(SectionParser.locate(offset(of: "50", in: text), in: sections) == (nil, .plan))
    }

    @Test func locateFindsTheInnermostSection() {
        let text = "开头5家。\n一、工作回顾\n（一）抓党建\n党员100名。\n（二）抓发展\n二、存在问题\n差距3个。\n"
        let sections = SectionParser.parse(text)
        #expect(SectionParser.locate(offset(of: "5家", in: text), in: sections) == (nil, .achievements))
        #expect(SectionParser.locate(offset(of: "100", in: text), in: sections) == (1, .achievements))
        #expect(SectionParser.locate(offset(of: "（二）", in: text), in: sections) == (2, .achievements))
        #expect(SectionParser.locate(offset(of: "3个", in: text), in: sections) == (3, .problems))
        #expect(SectionParser.locate(text.unicodeScalars.count + 5, in: sections) == (nil, .achievements))
    }

    @Test func topicsFromHeadingThenTextThenParent() {
        let text = """
        一、城市建设加速推进
        （一）安全生产形势平稳
        全年开展消防检查200次，排查隐患300处。
        （二）扎实推进各项工作
        完成任务。
        （三）街道办事处窗口服务
        （四）党风廉政建设持续加强
        """
        let sections = SectionParser.parse(text)
        #expect(sections.map(\.topic) == [.urban, .safety, .urban, .services, .integrity])
        #expect(sections[1].topic_keywords == ["安全生产", "消防", "隐患"])
        #expect(sections[2].topic_keywords.isEmpty)
        #expect(sections[3].topic_keywords == ["窗口"])  // 办事处 is the issuer, not a service
    }

    @Test func headingsBeyondTheCapStayInTheLastSection() {
        let text = String(repeating: "一、安全生产\n", count: SectionParser.maxSections + 10)
        let sections = SectionParser.parse(text)
        #expect(sections.count == SectionParser.maxSections)
        #expect(sections.last?.end == text.unicodeScalars.count)
    }

    @Test func scalarOffsetsAndLinesOverMixedWidths() {
        let text = "a街😀\n\n一、x"
        let doc = ScalarText(text)
        #expect(doc.scalars == Array(text.unicodeScalars))
        #expect(doc.lines == [0..<3, 4..<4, 5..<8])
        #expect(SectionParser.parse(text).first?.start == 5)
    }

    @Test func pathologicalInputsFinish() {
        let inputs = [
            String(repeating: "1234567890", count: 400_000),
            String(repeating: "党", count: 1_300_000),
            String(repeating: "一、党建安全生产。\n", count: 150_000),
            String(repeating: "一是", count: 1_000_000),
            String(repeating: "(一", count: 1_000_000),
        ]
        for text in inputs {
            let sections = SectionParser.parse(text)
            let fields = DocumentFields.extract(from: text)
            #expect(sections.count <= SectionParser.maxSections)
            #expect(fields.title == nil)
        }
    }
}
