import Testing
@testable import HuibaoCore

@Suite struct FigureScannerTests {
    @Test func multipliersAndBaseUnits() throws {
        let fs = figures("签约面积约5.77万平方米，总投资69.69亿元，检测1.29亿人次，整治3万余宗，罚款5千元，新建道路16千米，面积28.48万㎡。")
        #expect(fs.map(\.text) == ["5.77万平方米", "69.69亿元", "1.29亿人次", "3万余宗", "5千元", "16千米", "28.48万㎡"])
        #expect(fs.map(\.value) == [57_700, 6_969_000_000, 129_000_000, 30_000, 5000, 16, 284_800])
        #expect(fs.map(\.unit) == ["平方米", "元", "人次", "宗", "元", "千米", "平方米"])
        #expect(fs.map(\.kind) == [.area, .money, .count, .count, .money, .other, .area])
        #expect(fs[0].qualifier == .approx)
        #expect(fs[3].qualifier == .over)
    }

    @Test func qualifiers() {
        #expect(figure("教育党员干部近600人次", "600人次")?.qualifier == .approx)
        #expect(figure("任务处置完成度超过90%", "90%")?.qualifier == .over)
        #expect(figure("累计服务3500人次以上", "3500人次以上")?.qualifier == .over)
        #expect(figure("受益群众不足300人", "300人")?.qualifier == .under)
        #expect(figure("培训48多场", "48多场")?.qualifier == .over)
        // 签约 ends a word: its 约 qualifies nothing.
        #expect(figure("累计签约227栋", "227栋")?.qualifier == .exact)
    }

    @Test func chineseNumeralFigures() {
        let f = figure("累计组织开展核酸测试采样一万余人", "一万余人")
        #expect(f?.value == 10_000)
        #expect(f?.unit == "人")
        #expect(f?.qualifier == .over)
        #expect(figure("综合治理工程七个标段都完成竣工验收", "七个")?.value == 7)
        #expect(figure("分三批次共招聘44名辅助性人员", "三批次")?.value == 3)
    }

    @Test func notFigures() {
        let text = """
            一、2022年工作情况
            (二)2022年4月，1-9月，二〇二二年，发布时间:2023-03-06 14:51:27，索引号:11440303007546460H/2022-00033。
            一是深入学习党的二十大精神和十九届六中全会精神，区一届四次党代会，增强“四个意识”、做到“两个维护”，
            落实“三会一课”和“一岗双责”，严格遵守中央八项规定，破解两张皮，稳妥处置“0315”疫情，按照“1+10+10”工作安排。
            1.积极推动园区改造。2、培育一批企业。全力推动第一批城中村治理，第一时间成立指挥部，聚龙花园二期，二类探头。
            """
        #expect(figures(text).isEmpty)
    }

    @Test func ranks() {
        let a = figure("公共文明指数9月全区第二、10月全区第一", "第二")
        #expect(a?.value == 2)
        #expect(a?.unit == "rank")
        #expect(a?.kind == .rank)
        #expect(a?.subject == "公共文明指数全区排名")
        let b = figures("公共文明指数9月全区第二、10月全区第一")
        #expect(b.count == 2)
        #expect(b.last?.subject == "公共文明指数全区排名")
        #expect(figure("营商环境评价居全市第4位", "第4")?.value == 4)
        #expect(figure("整治入库率为60.8%，六个街道中排名第一", "第一")?.subject.hasPrefix("整治入库率") == true)
    }

    @Test func rangesTakeTheUpperEnd() {
        let f = figure("常态化设置9-14个核酸检测点", "9-14个")
        #expect(f?.min == 9)
        #expect(f?.max == 14)
        #expect(f?.value == 14)
        #expect(figure("每村配备3至5名网格员", "3至5名")?.value == 5)
    }

    @Test func growthTakesItsSignFromTheVerb() {
        let fs = figures("各类事故18起，同比下降47.1%；增长1073.1%；提高2个百分点；平均年龄41.6岁，同比下降4岁。")
        #expect(fs.map(\.value) == [18, -47.1, 1073.1, 2, 41.6, -4])
        #expect(fs.map(\.kind) == [.count, .growth, .growth, .growth, .other, .growth])
        #expect(fs[1].subject == "各类事故")
        #expect(fs[3].unit == "个百分点")
        // A new count is not a growth without a base to compare with.
        #expect(figure("人口信息新增52334条", "52334条")?.kind == .count)
    }

    @Test func durations() {
        let f = figure("仅用3天完成全域地毯式排查", "3天")
        #expect(f?.kind == .duration)
        #expect(f?.subject == "全域地毯式排查")
        #expect(figure("解决了长达22年的历史遗留问题", "22年")?.kind == .duration)
        #expect(figure("2022年新建道路", "2022年") == nil)
    }

    @Test func subjects() {
        #expect(figure("新登记小区业主党员18名，实现全覆盖", "18名")?.subject == "新登记小区业主党员")
        #expect(figure("依法关停南方中集地块3家非法洗砂企业。", "3家")?.subject == "非法洗砂企业")
        #expect(figure("配备132名垃圾分类督导员", "132名")?.subject == "配备垃圾分类督导员")
        #expect(figure("整治入库率为60.8%", "60.8%")?.subject == "整治入库率")
        #expect(figure("全年共开展文体活动580场", "580场")?.subject == "文体活动")
        #expect(figure("开展“违停整治”等专项行动485次", "485次")?.subject == "专项行动")
        // The second figure of a pair shares the first one's subject.
        #expect(figure("立案处罚14宗14.25万元", "14.25万元")?.subject == "立案处罚")
        #expect(figure("共办理房屋租赁合同登记(备案)1475份", "1475份")?.subject == "办理房屋租赁合同登记(备案)")
    }

    @Test func contextAndOffsets() throws {
        let text = "一、概况\n全年减租约156万元，成效明显。"
        let f = try #require(figures(text).first)
        #expect(f.context == "全年减租约156万元")
        #expect(f.start == Array(text.unicodeScalars).firstIndex(of: "1"))
        #expect(f.rule == "number+unit")
    }

    /// A district government's economy paragraph, in phrasings the samples do not use.
    @Test func districtEconomyParagraph() {
        let fs = figures("""
            全区生产总值完成1234.5亿元，增长6.1%；规模以上工业增加值下降2.3%；社会消费品零售总额比上年增长8%；\
            一般公共预算收入完成计划的102.5%。城镇登记失业率控制在3.5%以内，力争地区生产总值增长7%左右。
            """)
        #expect(fs.map(\.text) == ["1234.5亿元", "6.1%", "2.3%", "8%", "102.5%", "3.5%以内", "7%左右"])
        #expect(fs.map(\.value) == [123_450_000_000, 6.1, -2.3, 8, 102.5, 3.5, 7])
        #expect(fs.map(\.kind) == [.money, .growth, .growth, .growth, .percent, .percent, .growth])
        #expect(fs.map(\.qualifier) == [.exact, .exact, .exact, .exact, .exact, .under, .approx])
        // A growth is named by what grew: its comparison and verb are its kind and sign.
        #expect(fs.map(\.subject) == ["生产总值", "生产总值", "规模以上工业增加值", "社会消费品零售总额",
                                      "一般公共预算收入完成计划", "城镇登记失业率", "地区生产总值"])
    }

    /// A town report: Chinese numerals, thousands separators, 亩 and 公里.
    @Test func townParagraph() {
        let fs = figures("新建村道12.5公里，改造农村危房三十五户，发放救助金86.3万元，惠及困难群众两千余人，建成高标准农田1,200亩，新增就业3千人。")
        #expect(fs.map(\.value) == [12.5, 35, 863_000, 2000, 1200, 3000])
        #expect(fs.map(\.unit) == ["公里", "户", "元", "人", "亩", "人"])
        #expect(fs.map(\.subject) == ["新建村道", "改造农村危房", "发放救助金", "惠及困难群众", "建成高标准农田", "新增就业"])
        #expect(fs[3].qualifier == .over)
    }

    @Test func percentInWords() {
        let f = figure("群众满意度达到百分之九十五", "百分之九十五")
        #expect(f?.value == 95)
        #expect(f?.unit == "%")
    }

    /// Any content, however odd, is scanned in linear time (checked for speed in release mode).
    @Test func pathologicalInputsComplete() {
        let size = 1 << 20
        let inputs = [
            String(repeating: "7", count: size),
            String(repeating: "万", count: size),
            String(repeating: "一", count: size),
            String(repeating: "1.", count: size / 2),
            String(repeating: "第一", count: size / 2),
            String(repeating: "约3个", count: size / 3),
            String(repeating: "零发生", count: size / 3),
            String(repeating: "“", count: size),
            String(repeating: "安全事故、", count: size / 5) + "零发生",
        ]
        for input in inputs {
            _ = FigureScanner.scan(input)
        }
        #expect(FigureScanner.scan(String(repeating: "约3个", count: 1000)).figures.count == 1000)
    }
}

@Suite struct ZeroEventTests {
    func subjects(_ text: String) -> [String] { FigureScanner.scan(text).zeroEvents.map(\.subject) }

    @Test func thingsThatDidNotHappen() {
        #expect(subjects("积极做好森林防火等工作，安全事故、森林火情零发生。") == ["安全事故", "森林火情"])
        #expect(subjects("累计受理信访案件1474宗，未发生赴省进京上访事件。") == ["赴省进京上访事件"])
        #expect(subjects("未发生一起疫情站内传播或本地传播病例。") == ["疫情站内传播或本地传播病例"])
        #expect(subjects("全部顺利完成回迁选房工作，未发生负面舆情和群体性事件。") == ["负面舆情", "群体性事件"])
        #expect(subjects("全镇实现零死亡、零事故。") == ["死亡", "事故"])
        #expect(subjects("全年死亡人数为零。") == ["死亡人数"])
    }

    @Test func promisesAreNotEvents() {
        #expect(subjects("确保不发生大规模维稳事件，确保安全事故零发生，力争实现零上访。").isEmpty)
        #expect(subjects("以“零容忍”态度开展整治，社会消费品零售总额增长，零星作业风险。").isEmpty)
    }

    @Test func zeroEventsAreNotFigures() {
        #expect(FigureScanner.scan("安全事故零发生，实现零伤亡。").figures.isEmpty)
    }
}
