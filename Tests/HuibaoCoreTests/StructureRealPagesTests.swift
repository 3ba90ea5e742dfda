import Testing
@testable import HuibaoCore

/// Document fields from the heads real pages print: metadata tables, titles with a site's marks,
/// speeches to a people's congress, pages that lost their line breaks, anonymised copies. Each
/// rule on a head written for this test.
@Suite struct StructureRealPagesTests {
    func fields(_ text: String) -> DocumentFields { DocumentFields.extract(from: text) }

    @Test func metadataSpacedBracketedOrInTableCells() {
        let spaced = fields("""
            索  引  号:abc-/2022-01 公开范围:公开 标      题:青山乡2022年工作总结
            发布日期:2023-01-09
            2022年，青山乡坚持稳中求进，全年完成投资3亿元，新增就业岗位120个，各项工作取得新进展。
            """)
        #expect(spaced.title == "青山乡2022年工作总结")
        #expect(spaced.published == "2023-01-09")
        #expect(spaced.indexNumber == "abc-/2022-01")
        let table = fields("""
            [ 索引号 ] | 0001/2024-00003 | [ 发文字号 ] | 青府发〔2024〕3号 | [ 主题分类 ] | 综合政务 |
            发布机构 | 河口镇 | 成文日期: | 2024-02-20 |
            河口镇2023年工作总结
            2023年，河口镇坚持稳中求进，全年完成投资3亿元，新增就业岗位120个，各项工作取得新进展。
            """)
        #expect(table.title == "河口镇2023年工作总结")
        #expect(table.published == "2024-02-20")
        // Known labels without a colon, one after another on a line.
        let bare = fields("组配分类 计划总结 发布机构 白沙街道\n生成日期 2021-01-28 公开方式 主动公开\n白沙街道2020年工作总结\n一、主要工作\n")
        #expect(bare.title == "白沙街道2020年工作总结")
        #expect(bare.published == "2021-01-28")
    }

    @Test func aTitleWithoutTheSiteMarks() {
        #expect(fields("(湖南省)2019年安仁县人民政府工作报告(全文)\n各位代表：\n").title == "2019年安仁县人民政府工作报告")
        #expect(fields("(湖南省)2019年安仁县人民政府工作报告(全文)\n各位代表：\n").organization == "安仁县人民政府")
        #expect(fields("2022年某镇政府工作报告.docx\n各位代表：\n").title == "2022年某镇政府工作报告")
        let dated = fields("东林街道2021年工作总结 2022-01-12\n一、主要工作\n")
        #expect(dated.title == "东林街道2021年工作总结")
        #expect(dated.published == "2022-01-12")
        let site = fields("平江县人民政府-2019年上半年东林乡工作情况总结\n一、主要工作\n")
        #expect(site.title == "2019年上半年东林乡工作情况总结")
        #expect(site.organization == "东林乡人民政府")
        #expect(site.level == .township)
    }

    @Test func aReportToThePeoplesCongressReviewsOneYearAndPlansTheNext() {
        // Delivered in January: it plans that year, whatever year its title names.
        let january = fields("""
            2020年政府工作报告
            政 府 工 作 报 告
            2021年1月9日在青石镇第十七届人民代表大会第一次会议上
            各位代表：现在，我代表镇人民政府向大会报告工作，请予审议，并请列席人员提出意见。
            """)
        #expect(january.reportYear == 2020)
        #expect(january.planYear == 2021)
        #expect(january.kinds == [.summary, .plan])
        #expect(january.published == "2021-01-09")
        // Delivered in December, under a title that names no 政府工作报告: it plans the next year.
        let december = fields("""
            区政府2019年度工作报告
            ——2019年12月26日在青山区第五届人民代表大会第三次会议上
            各位代表：现在，我代表区人民政府，向大会报告政府工作，请予审议，并请列席人员提出意见。
            """)
        #expect(december.kinds == [.summary, .plan])
        #expect(december.reportYear == 2019)
        #expect(december.planYear == 2020)
        // Without a title, the byline still names the congress and its place.
        let untitled = fields("""
            ——2021年12月20日在大连市旅顺口区第三届
            人民代表大会第一次会议上
            各位代表：我代表区政府向大会报告工作，请予审议，并请各位政协委员和其他列席人员提出意见。
            """)
        #expect(untitled.organization == "旅顺口区人民政府")
        #expect(untitled.planYear == 2022)
        // A plan year named in the title makes its first year the one reviewed.
        let named = fields("2022年政府工作报告及2023年重点工作计划\n各位代表：\n")
        #expect(named.reportYear == 2022)
        #expect(named.planYear == 2023)
        // A dated PDF byline spaced apart.
        let spaced = fields("政府工作报告\n2021 年 1 月 27 日在青县第十八届人民代表大会第五次会议上\n各位代表：现在，我代表县人民政府向大会报告工作，请予审议。\n")
        #expect(spaced.published == "2021-01-27")
    }

    @Test func aReviewHeadingNamesTheYearReviewed() {
        let f = fields("一街乡2020年政府工作报告\n一、2020年工作回顾\n过去的2020年，全乡完成投资3亿元，新增就业岗位120个，各项工作取得新进展。\n")
        #expect(f.reportYear == 2020)
        #expect(f.planYear == 2021)
        let sections = SectionParser.parse("一街乡2020年政府工作报告\n一、2020年工作回顾\n全乡完成投资3亿元。\n")
        #expect(sections.first?.part == .achievements)
        // 计划执行情况 reports on a plan: a summary.
        let execution = fields("青山区人民政府关于2023年上半年国民经济和社会发展计划执行情况的报告\n一、主要指标完成情况\n")
        #expect(execution.kinds == [.summary])
    }

    @Test func anOpeningMayAnnounceTheParts() {
        let f = fields("""
            河西街道2022年半年度工作总结
            今年以来，河西街道在区委区政府的坚强领导下，扎实推进各项工作。现将2022年上半年工作进度及下半年工作计划公布如下：
            """)
        #expect(f.kinds == [.summary, .plan])
        #expect(f.planYear == 2022)
        let copy = fields("""
            下面是小编为大家整理的街道工作总结及2023年工作思路，供大家参考。
            2022年来，在区委区政府的坚强领导下，*街道认真贯彻落实各项部署，经济社会发展取得新成效。
            """)
        #expect(copy.planYear == 2023)
        #expect(copy.level == .subdistrict)
        #expect(copy.organization == nil)
    }

    @Test func pageStamps() {
        #expect(fields("青山乡2017年工作总结\n来源：县政府办   2018-02-09 15:40\n一、主要工作\n").published == "2018-02-09")
        #expect(fields("- 2021-04-15 发布 |\n青山乡2020年工作总结\n一、主要工作\n").published == "2021-04-15")
        // A labelled date is trusted before a stamp.
        #expect(fields("2021年青县政府工作报告\n2023/8/7 23:36:09 点击:\n来源时间为:2021-06-08\n各位代表：\n").published == "2021-06-08")
    }

    @Test func pagesThatLostTheirLineBreaksOrPrintAnOutlineFirst() {
        let flat = fields("河口镇人民政府半年工作情况报告 ——2022年7月28日在河口镇第六届人民代表大会第二次会议上 镇长 某某 各位代表：现在，我代表镇人民政府报告工作，请予审议。")
        #expect(flat.title == "河口镇人民政府半年工作情况报告")
        #expect(flat.published == "2022-07-28")
        #expect(flat.kinds == [.summary])
        #expect(flat.reportYear == 2022)
        let glued = fields("镇2016年半年工作总结2016年，我镇紧紧围绕建设经济核心区目标，全力推进各项工作，取得阶段性成效。")
        #expect(glued.title == "镇2016年半年工作总结")
        #expect(glued.level == .town)
        #expect(glued.organization == nil)
        let outline = fields("一、强化融合发展\n二、坚持绿色协调\n青石乡2022年工作总结\n2022年，青石乡坚持稳中求进，全年完成投资3亿元，新增就业岗位120个。\n")
        #expect(outline.title == "青石乡2022年工作总结")
    }

    @Test func anonymisedPlacesAndZonesThatAreNoPlaces() {
        let f = fields("XX县2022年政府工作报告\n今年以来，合村乡紧紧围绕县委县政府战略目标，全力推进各项工作，取得阶段性成效。\n")
        #expect(f.organization == "合村乡人民政府")
        #expect(f.level == .township)
        #expect(f.reportYear == 2022)
        let speech = fields("区委在区委经济工作务虚会上的讲话\n同志们：\n今天召开区委经济工作务虚会，为推动**区高质量发展迈上新台阶奠定坚实基础，我讲两点意见。\n")
        #expect(speech.title == "区委在区委经济工作务虚会上的讲话")
        #expect(speech.organization == nil)
        #expect(speech.level == .district)
        #expect(fields("2022年，全县坚持建设经济核心区，各项工作取得新进展，完成投资3亿元，新增企业12家。\n").level == .unknown)
    }
}
