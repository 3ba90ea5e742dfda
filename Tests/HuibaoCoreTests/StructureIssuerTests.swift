import Testing
@testable import HuibaoCore

/// Who issued a report, and where: departments, speeches, place names ending in a level word,
/// and the superiors named in the opening.
@Suite struct StructureIssuerTests {
    func name(_ text: String, departments: Bool = true) -> AdminName? {
        let s = Array(text.unicodeScalars)
        return AdminName.first(in: s, 0..<s.count, departments: departments)
    }

    @Test func placeNameEndingInItsOwnLevelWord() {
        let f = DocumentFields.extract(from: """
        兰溪市柳镇镇人民政府2022年工作总结
        2022年，柳镇镇在市委、市政府的正确领导下，各项工作稳步推进。
        一、主要工作成效
        全年新增企业8家。
        """)
        #expect(f.organization == "柳镇镇人民政府")
        #expect(f.place == Place(city: "兰溪市", subdistrict: "柳镇镇"))
        #expect(f.level == .town)
        // A city named …镇 (清镇市) is a city; the place name may also stand alone before a year.
        #expect(name("贵州省清镇市人民政府")?.organization == "清镇市人民政府")
        #expect(name("贵州省清镇市人民政府")?.lowest.level == .city)
        #expect(name("柳镇镇2023年工作要点")?.lowest.text == "柳镇镇")
        // 县委 after a county is its committee, and 市场 a word: no doubled level word there.
        #expect(name("在东山县县委的领导下")?.lowest.text == "东山县")
        #expect(name("临海市市场监督管理局")?.lowest.text == "临海市")
    }

    @Test func sentenceWordsBeforeALevelWordAreNoPlace() {
        #expect(name("请予审议，并请区政协委员提出意见") == nil)
        #expect(name("宁乡市人民政府")?.organization == "宁乡市人民政府")
        #expect(name("沛县人民政府")?.organization == "沛县人民政府")
        // Place names that begin with a function word, and the function word before a place.
        #expect(name("无锡市梁溪区崇安寺街道办事处")?.segments.map(\.text) == ["无锡市", "梁溪区", "崇安寺街道"])
        #expect(name("日照市东港区人民政府")?.segments.map(\.text) == ["日照市", "东港区"])
        #expect(name("天津市和平区人民政府")?.organization == "和平区人民政府")
        #expect(name("广州市从化区人民政府")?.organization == "从化区人民政府")
        #expect(name("位于罗湖区的翠竹街道")?.lowest.text == "罗湖区")
        #expect(name("在全区范围内和城区周边开展整治") == nil)
        #expect(name("和平安区建设")?.lowest.text == "平安区")
        #expect(name("全镇实现农业总产值8亿元") == nil)
        let chengdu = name("成都市青羊区草市街街道办事处")
        #expect(chengdu?.organization == "草市街街道办事处")
        #expect(chengdu?.segments.map(\.text) == ["成都市", "青羊区", "草市街街道"])
    }

    @Test func departmentsKeepThePlaceTheyServe() {
        #expect(name("南平市生态环境局2023年工作总结")?.organization == "南平市生态环境局")
        #expect(name("延寿县住房和城乡建设局2022年工作总结")?.organization == "延寿县住房和城乡建设局")
        #expect(name("深圳市龙岗区发展和改革委员会关于2023年工作情况的报告")?.organization == "龙岗区发展和改革委员会")
        #expect(name("泰顺县人民政府办公室2023年工作总结")?.organization == "泰顺县人民政府办公室")
        #expect(name("临海市市场监督管理局")?.organization == "临海市市场监督管理局")
        #expect(name("嘉善县教育局工作总结")?.organization == "嘉善县教育局")
        // Outside an issuer's line a sentence is not read as a department.
        #expect(name("东街街道紧紧围绕区委中心工作", departments: false)?.body == nil)
        #expect(name("东街街道紧紧围绕区委中心工作", departments: false)?.segments.count == 1)
        #expect(name("苏州市昆山市周市镇人民政府")?.segments.map(\.text) == ["苏州市", "昆山市", "周市镇"])

        let f = DocumentFields.extract(from: """
        深圳市龙岗区发展和改革委员会2023年工作总结
        2023年，区发展改革委坚持稳中求进，较好完成全年目标任务。
        一、主要工作
        全年完成固定资产投资600亿元。
        """)
        #expect(f.organization == "龙岗区发展和改革委员会")
        #expect(f.level == .district)
        #expect(f.place == Place(city: "深圳市", district: "龙岗区"))
        #expect(f.kinds == [.summary])
        #expect(f.reportYear == 2023)
    }

    @Test func departmentNamedOnlyInTheSignature() {
        let f = DocumentFields.extract(from: """
        2023年工作总结
        2023年，我局在市委、市政府的坚强领导下，扎实推进市场监管各项工作。
        一、优化营商环境
        新增市场主体1.2万户。
        临海市市场监督管理局
        2024年1月5日
        """)
        #expect(f.organization == "临海市市场监督管理局")
        #expect(f.level == .city)
        #expect(f.place == Place(city: "临海市"))
        #expect(f.published == "2024-01-05")
    }

    @Test func signatureWithIssuerAndDateOnOneLine() {
        let f = DocumentFields.extract(from: """
        关于青田县2023年度工作总结和2024年工作打算的报告
        第一部分  2023年工作回顾
        全县地区生产总值增长6.5%。
        第二部分  2024年工作安排
        青田县人民政府办公室  2024年1月12日
        """)
        #expect(f.organization == "青田县人民政府办公室")
        #expect(f.published == "2024-01-12")
        #expect(f.reportYear == 2023)
        #expect(f.planYear == 2024)
        // A sentence that happens to end in a date is no signature.
        let g = DocumentFields.extract(from: "白塔镇2023年工作总结\n全年共召开会议12次，最后一次会议在 2023年12月8日\n")
        #expect(g.published == nil)
    }

    @Test func governmentWorkReportSpeechWithSubtitleAndByline() {
        let f = DocumentFields.extract(from: """
        政府工作报告
        ——2024年1月20日在绍兴市柯桥区第三届人民代表大会第四次会议上
        柯桥区人民政府代区长　王某某
        各位代表：
        现在，我代表区人民政府向大会报告工作，请予审议，并请区政协委员和其他列席人员提出意见。
        一、2023年工作回顾
        全区实现地区生产总值2100亿元。
        二、2024年主要任务
        （一）稳住经济大盘
        """)
        #expect(f.title == "政府工作报告")
        #expect(f.organization == "柯桥区人民政府")
        #expect(f.level == .district)
        #expect(f.place == Place(city: "绍兴市", district: "柯桥区"))
        #expect(f.published == "2024-01-20")
        #expect(f.reportYear == 2023)
        #expect(f.planYear == 2024)
        #expect(f.kinds == [.summary, .plan])
    }

    @Test func governmentWorkReportNamingOnlyItsPlace() {
        let f = DocumentFields.extract(from: """
        2024年政府工作报告
        （2024年2月3日在岳西县第十八届人民代表大会第三次会议上）
        各位代表：
        过去一年，全县上下团结奋进，经济社会持续健康发展。
        一、2023年工作回顾
        """)
        #expect(f.organization == "岳西县人民政府")
        #expect(f.level == .county)
        #expect(f.place == Place(district: "岳西县"))
        #expect(f.published == "2024-02-03")
        #expect(f.reportYear == 2023)
        #expect(f.planYear == 2024)
    }

    @Test func superiorsInTheOpeningGiveThePlacesAbove() {
        let f = DocumentFields.extract(from: """
        2023年工作总结
        今年以来，在鲤城区委、区政府的坚强领导下，街道党工委、办事处团结带领辖区干部群众攻坚克难，各项工作取得积极成效。
        一是经济运行稳中向好。完成财政总收入3.2亿元。
        开元街道办事处
        2023年12月25日
        """)
        #expect(f.organization == "开元街道办事处")
        #expect(f.place == Place(district: "鲤城区", subdistrict: "开元街道"))
        #expect(f.level == .subdistrict)

        // The superior is not the issuer, even where the opening names it first.
        let h = DocumentFields.extract(from: """
        2023年工作总结
        2023年，在象山县委、县政府的正确领导下，石浦镇紧紧围绕年初目标，各项工作取得新成效。
        一、主要工作
        """)
        #expect(h.organization == "石浦镇人民政府")
        #expect(h.place == Place(district: "象山县", subdistrict: "石浦镇"))
        #expect(h.level == .town)
        #expect(name("中共象山县委2023年工作总结")?.organization == "象山县委")

        // A place named for another reason (a partner, not a superior) adds nothing.
        let g = DocumentFields.extract(from: """
        开元街道2023年工作总结
        2023年，开元街道与晋江市罗山街道结对共建，各项工作取得积极成效。
        """)
        #expect(g.place == Place(subdistrict: "开元街道"))
    }

    @Test func aPlaceNamedNowhereButSpokenAsIsTaken() {
        // The level from 在县委、县政府和镇党委…领导下, the name from two different turns of phrase.
        let town = DocumentFields.extract(from: """
        一年来，在县委、县政府和镇党委的坚强领导下，在镇人大的监督支持下，全力建设“宜居宜业宜游云岭”。
        我们攻坚克难，在经济发展中彰显“云岭速度”。全年完成固定资产投资1.41亿元。
        """)
        #expect(town.level == .town && town.place.subdistrict == "云岭镇" && town.organization == nil)
        // 我代表县人民政府 states the level outright.
        let county = DocumentFields.extract(from: """
        各位代表：
        现在，我代表县人民政府向大会报告工作。2022年是石门发展史上极不平凡的一年，省里赋予石门全新发展定位。
        """)
        #expect(county.level == .county && county.place.district == "石门县")
        // One turn of phrase alone may be a word; without a stated level there is no place.
        let once = DocumentFields.extract(from: "我代表县人民政府向大会报告工作。我们彰显“石门速度”。\n")
        #expect(once.place.district == nil && once.level == .county)
        let levelless = DocumentFields.extract(from: "2022年是石门发展史上不平凡的一年，赋予石门全新发展定位。\n")
        #expect(levelless.place == Place() && levelless.level == .unknown)
        // Two names each given twice: which is the report's own is not said.
        let two = DocumentFields.extract(from: "我代表县人民政府向大会报告工作。石门发展史上，赋予石门新定位；彰显“云岭速度”，建设宜游云岭。\n")
        #expect(two.place.district == nil)
    }

    @Test func issuerNamedOnlyByItsPlaceIsItsAdministration() {
        func organization(_ text: String) -> String? { DocumentFields.extract(from: text).organization }
        #expect(organization("桃源街道2024年工作要点\n一、总体要求\n") == "桃源街道办事处")
        #expect(organization("石门乡2023年工作总结\n一、主要成效\n") == "石门乡人民政府")
        #expect(organization("龙泉市2023年工作总结\n一、主要成效\n") == "龙泉市人民政府")
        // The office that posted the page is no issuer; the title's place is.
        #expect(organization("信息来源：石门乡党政办\n石门乡2023年工作总结\n一、主要成效\n") == "石门乡人民政府")
    }

    @Test func governmentWorkReportYearsFromTheDayItWasDelivered() {
        let f = DocumentFields.extract(from: """
        政府工作报告
        ——2025年1月8日在松阳县第十八届人民代表大会第五次会议上
        各位代表：
        现在，我代表县人民政府向大会报告工作，请予审议。
        一、过去一年工作回顾
        二、今年工作安排
        """)
        #expect(f.organization == "松阳县人民政府")
        #expect(f.published == "2025-01-08")
        #expect(f.reportYear == 2024)
        #expect(f.planYear == 2025)
        #expect(f.kinds == [.summary, .plan])
    }

    @Test(arguments: ["_", "｜", " - "])
    func titleWithoutTheSiteName(separator: String) {
        let f = DocumentFields.extract(from: "莲花街道2023年工作总结\(separator)厦门市思明区人民政府网站\n一、主要成效\n")
        #expect(f.title == "莲花街道2023年工作总结")
        #expect(f.organization == "莲花街道办事处")
        // A separator inside the title itself stays.
        let g = DocumentFields.extract(from: "莲花街道2023年工作总结_2024年工作计划\n一、主要成效\n")
        #expect(g.title == "莲花街道2023年工作总结_2024年工作计划")
    }

    @Test func yearsFromThePublicationDateWhenTheTextNamesNone() {
        func years(_ text: String) -> [Int?] {
            let f = DocumentFields.extract(from: text)
            return [f.reportYear, f.planYear]
        }
        #expect(years("滨江街道工作总结\n今年以来，街道各项工作稳步推进。\n滨江街道办事处\n2023年12月20日\n") == [2023, nil])
        #expect(years("滨江街道工作总结\n过去一年，街道各项工作稳步推进。\n滨江街道办事处\n2024年2月1日\n") == [2023, nil])
        #expect(years("滨江街道工作要点\n一、总体要求\n滨江街道办事处\n2023年12月5日\n") == [nil, 2024])
        #expect(years("滨江街道工作要点\n一、总体要求\n滨江街道办事处\n2024年2月5日\n") == [nil, 2024])
    }

    @Test func bracketedMetadataLabelsAndTitleMarks() {
        let f = DocumentFields.extract(from: """
        《长乐镇2023年度工作总结》
        【发布时间】2024-01-08　【信息来源】长乐镇人民政府　【打印】【关闭】
        今年以来，长乐镇在县委、县政府的坚强领导下，凝心聚力、真抓实干。
        一、主要工作
        """)
        #expect(f.title == "长乐镇2023年度工作总结")
        #expect(f.published == "2024-01-08")
        #expect(f.source == "长乐镇人民政府")
        #expect(f.organization == "长乐镇人民政府")
        #expect(f.reportYear == 2023)
        // Title marks around part of a title stay.
        #expect(DocumentFields.extract(from: "关于《长乐镇2023年工作总结》的说明\n").title == "关于《长乐镇2023年工作总结》的说明")
    }

    @Test(arguments: [
        ("2023年工作总结及下一步工作打算", 2023, 2024), ("2023年工作总结和工作计划", 2023, 2024),
        ("2023年工作总结及明年工作计划", 2023, 2024), ("2023年工作总结及2024年工作思路", 2023, 2024),
        ("2023年上半年工作总结及下半年工作计划", 2023, 2023), ("2023年1-9月工作总结及第四季度工作安排", 2023, 2023),
    ])
    func planYearOfATitle(title: String, summary: Int, plan: Int) {
        let genre = TitleGenre(Array(title.unicodeScalars)[...])
        #expect(genre.summaryYear == summary)
        #expect(genre.planYear == plan)
    }

    @Test func titleOnTwoLinesWhoseSecondBeginsWithGuanyu() {
        let f = DocumentFields.extract(from: "中共桐乡市梧桐街道工作委员会\n关于2023年工作总结和2024年工作思路的报告\n2023年，街道党工委坚持稳中求进。\n")
        #expect(f.title == "中共桐乡市梧桐街道工作委员会关于2023年工作总结和2024年工作思路的报告")
        #expect(f.organization == "梧桐街道党工委")
        #expect(f.place == Place(city: "桐乡市", subdistrict: "梧桐街道"))
        #expect(f.planYear == 2024)
    }

    @Test func issuerAndDateSetUnderTheTitle() {
        let f = DocumentFields.extract(from: """
        2023年工作总结和2024年工作计划
        梅林镇人民政府
        2023年12月26日
        2023年，梅林镇坚持稳中求进，各项工作取得新成效。
        一、2023年工作总结
        全年完成财政收入1.2亿元。
        二、2024年工作计划
        坚持项目为王。
        """)
        #expect(f.organization == "梅林镇人民政府")
        #expect(f.published == "2023-12-26")
        #expect(f.reportYear == 2023)
        #expect(f.planYear == 2024)
    }

    @Test func oneReadingGivesTheSameFieldsAndSections() {
        let text = """
        宝安区新安街道办事处2022年工作总结
        发布时间：2023-01-10
        2022年，新安街道坚持稳中求进。
        一、2022年工作总结
        （一）经济发展
        全年新增企业120家。
        二、2023年工作计划
        """
        let (fields, sections) = DocumentStructure.analyse(text)
        #expect(fields == DocumentFields.extract(from: text))
        #expect(sections == SectionParser.parse(text))
        #expect(sections.map(\.part) == [.achievements, .achievements, .plan])
        #expect(fields.organization == "新安街道办事处")
    }

    @Test func pathologicalHeadsFinish() {
        let inputs = [
            String(repeating: "湖镇镇镇\n", count: 500_000),
            String(repeating: "应急管理局局局局局局\n", count: 300_000),
            String(repeating: "——2024年1月9日在市区县镇\n", count: 200_000),
            "政府工作报告\n" + String(repeating: "区", count: 4_000_000),
        ]
        for text in inputs {
            let (fields, sections) = DocumentStructure.analyse(text)
            #expect(sections.isEmpty)
            #expect(fields.kinds.count <= 2)
        }
    }
}
