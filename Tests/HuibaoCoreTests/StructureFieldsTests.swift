import Testing
@testable import HuibaoCore

@Suite struct StructureFieldsTests {
    @Test func townSummaryAndPlanWithFullPlaceChain() {
        let text = """
        广东省惠州市博罗县石湾镇人民政府2021年工作总结和2022年工作计划
        发布日期：2022年1月15日
        2021年，石湾镇在县委县政府的正确领导下，各项工作取得新进展。
        一、2021年工作回顾
        （一）经济发展稳中有进
        全年完成地区生产总值120亿元。
        二、存在的问题
        产业结构仍需优化。
        三、2022年工作计划
        （一）抓好招商引资
        """
        let f = DocumentFields.extract(from: text)
        #expect(f.title == "广东省惠州市博罗县石湾镇人民政府2021年工作总结和2022年工作计划")
        #expect(f.organization == "石湾镇人民政府")
        #expect(f.place == Place(province: "广东省", city: "惠州市", district: "博罗县", subdistrict: "石湾镇"))
        #expect(f.level == .town)
        #expect(f.published == "2022-01-15")
        #expect(f.reportYear == 2021)
        #expect(f.planYear == 2022)
        #expect(f.kinds == [.summary, .plan])
    }

    @Test func anonymisedIssuerHasNoOrganizationButKeepsItsLevel() {
        let f = DocumentFields.extract(from: "XX镇人民政府2021年工作总结\n\n一、主要工作成效\n全年新增企业12家。\n")
        #expect(f.organization == nil)
        #expect(f.place.subdistrict == nil)
        #expect(f.level == .town)
        #expect(f.reportYear == 2021)
        #expect(f.planYear == nil)
        #expect(f.kinds == [.summary])
    }

    @Test func districtGovernmentWorkReportReviewsLastYearAndPlansThisYear() {
        let text = """
        政府工作报告
        ——2023年1月10日在南山区第七届人民代表大会第三次会议上
        各位代表：
        现在，我代表南山区人民政府向大会报告工作，请予审议。
        一、过去一年工作回顾
        过去一年，我们坚持稳中求进。
        二、2023年工作安排
        （一）全力稳住经济大盘
        """
        let f = DocumentFields.extract(from: text)
        #expect(f.title == "政府工作报告")
        #expect(f.organization == "南山区人民政府")
        #expect(f.level == .district)
        #expect(f.place == Place(district: "南山区"))
        #expect(f.kinds == [.summary, .plan])
        #expect(f.planYear == 2023)
        #expect(f.reportYear == 2022)
    }

    @Test func planOnlyReportHasNoReportYear() {
        let text = """
        首页 > 政务公开 > 规划计划
        某某街道2024年工作要点
        2024年是全面贯彻党的二十大精神的关键之年。
        一、总体要求
        二、重点任务
        （一）推动经济高质量发展
        """
        let f = DocumentFields.extract(from: text)
        #expect(f.title == "某某街道2024年工作要点")
        #expect(f.organization == nil)
        #expect(f.level == .subdistrict)
        #expect(f.kinds == [.plan])
        #expect(f.planYear == 2024)
        #expect(f.reportYear == nil)
    }

    @Test func untitledReportTakesIssuerAndYearFromOpeningAndSignature() {
        let text = """
        2022年，在县委县政府的坚强领导下，清溪镇党委坚持稳中求进，各项工作取得新成效。
        一、2022年工作总结
        全年完成固定资产投资30亿元。
        二、2023年工作思路
        坚持项目为王。
        特此报告。
        中共东莞市清溪镇委员会
        二〇二三年二月一日
        """
        let f = DocumentFields.extract(from: text)
        #expect(f.title == nil)
        #expect(f.organization == "清溪镇党委")
        #expect(f.place == Place(city: "东莞市", subdistrict: "清溪镇"))
        #expect(f.published == "2023-02-01")
        #expect(f.reportYear == 2022)
        #expect(f.planYear == 2023)
        #expect(f.kinds == [.summary, .plan])
    }

    @Test func metadataLinesWithSeveralFields() {
        let text = """
        索引号：11441900/2023-00012 分类：计划总结
        发布机构：东莞市清溪镇人民政府 成文日期：2023-02-03
        信息来源：清溪镇党政办 发布时间：2023/2/8 10:00
        清溪镇2022年工作总结
        2022年，清溪镇坚持高质量发展，经济社会保持稳定。
        """
        let f = DocumentFields.extract(from: text)
        #expect(f.indexNumber == "11441900/2023-00012")
        #expect(f.source == "清溪镇党政办")
        #expect(f.published == "2023-02-08")  // publication wins over signing
        #expect(f.title == "清溪镇2022年工作总结")
        #expect(f.organization == "清溪镇人民政府")  // the bare place in the title, completed by 发布机构
        #expect(f.place == Place(city: "东莞市", subdistrict: "清溪镇"))
        #expect(f.reportYear == 2022)
        #expect(f.kinds == [.summary])
    }

    @Test func titleOnTwoLinesAndNextYearWord() {
        let text = "宝安区新安街道办事处\n2022年工作总结及明年工作计划\n\n2022年，新安街道坚持稳中求进。\n"
        let f = DocumentFields.extract(from: text)
        #expect(f.title == "宝安区新安街道办事处2022年工作总结及明年工作计划")
        #expect(f.organization == "新安街道办事处")
        #expect(f.reportYear == 2022)
        #expect(f.planYear == 2023)
    }

    @Test func bodyWithoutTitleOrHeadings() {
        let f = DocumentFields.extract(from: "2021年，我街道坚持稳中求进，全年新增就业岗位300个。\n")
        #expect(f.title == nil)
        #expect(f.kinds == [.summary])
        #expect(f.reportYear == 2021)
        #expect(f.published == nil)
        #expect(DocumentFields.extract(from: "").kinds.isEmpty)
    }

    @Test(arguments: [
        ("2023-03-06 14:51:27", "2023-03-06"), ("2023/3/6", "2023-03-06"), ("2023.3.6", "2023-03-06"),
        ("2023年3月6日", "2023-03-06"), ("二〇二三年三月六日", "2023-03-06"), ("二〇二二年十二月三十一日", "2022-12-31"),
    ])
    func datesInPrintedForms(text: String, iso: String) {
        let s = Array(text.unicodeScalars)
        #expect(DateText.parse(s, at: 0, before: s.count)?.iso == iso)
    }

    @Test(arguments: ["2023年13月1日", "2023-02", "2023年3月", "123-4-5", "2023年3月6"])
    func notDates(text: String) {
        let s = Array(text.unicodeScalars)
        #expect(DateText.parse(s, at: 0, before: s.count) == nil)
    }

    @Test func officialNamesDropThePlacesAbove() {
        func org(_ text: String) -> String? {
            let s = Array(text.unicodeScalars)
            return AdminName.first(in: s, 0..<s.count)?.organization
        }
        #expect(org("深圳市罗湖区翠竹街道办事处") == "翠竹街道办事处")
        #expect(org("中共深圳市坪山区龙田街道工作委员会") == "龙田街道党工委")
        #expect(org("2023年坪山区政府工作报告") == "坪山区人民政府")
        #expect(org("*街道2022年工作总结") == nil)
        #expect(org("在区委区政府的领导下，社区小区治理") == nil)
    }
}
