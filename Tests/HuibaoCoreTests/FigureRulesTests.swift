import Testing
@testable import HuibaoCore

/// Units, Chinese numerals, comparisons and lists, in sentences written for these tests.
@Suite struct FigureRulesTests {
    @Test func measureWordsOfTheGenre() {
        let fs = figures("""
            放流鱼苗50万尾，修建蓄水池12口，打机井3眼，安装路灯300盏，发放米面200袋，整理档案1,500卷，\
            开行旅游专列36列，办理贷款47笔，新增养老床位120床，出动执法车辆86车次，培训干部1,200学时。
            """)
        #expect(fs.map(\.unit) == ["尾", "口", "眼", "盏", "袋", "卷", "列", "笔", "床", "车次", "学时"])
        #expect(fs.map(\.value) == [500_000, 12, 3, 300, 200, 1500, 36, 47, 120, 86, 1200])
    }

    @Test func compoundMeasureWordsStayWhole() {
        #expect(figure("采购消防器材2,600余台套", "2,600余台套")?.unit == "台套")
        let f = figure("连续6个季度保持全市前列", "6个季度")
        #expect(f?.unit == "个季度")
        #expect(f?.kind == .duration)
        #expect(figures("连续6个季度保持全市前列").count == 1)
    }

    @Test func ratesOverASecondUnit() {
        let f = figure("全县二氧化硫年均浓度为9微克/立方米", "9微克/立方米")
        #expect(f?.unit == "微克/立方米")
        #expect(f?.value == 9)
        #expect(figure("耕地地力保护补贴每亩发放120元/亩", "120元/亩")?.kind == .money)
        // A slash between two figures is not a rate: each figure stands alone.
        #expect(figures("查处违法人员15人/15宗").map(\.unit) == ["人", "宗"])
    }

    @Test func latinUnitsAndPowers() {
        #expect(figure("港口完成集装箱吞吐量18.6万TEU", "18.6万TEU")?.value == 186_000)
        #expect(figure("新增光伏装机2.5MW", "2.5MW")?.unit == "MW")
        let f = figure("新增风电装机12万千瓦", "12万千瓦")
        #expect(f?.value == 120_000)
        #expect(f?.unit == "千瓦")
        // Letters glued to a number that are not a unit make a code.
        #expect(figures("推进5G基站建设，落实A3类标准").isEmpty)
    }

    @Test func chineseDecimalPoint() {
        let f = figure("新修机耕道三点二公里", "三点二公里")
        #expect(f?.value == 3.2)
        #expect(f?.unit == "公里")
        #expect(figures("新修机耕道三点二公里").count == 1)
        // A clock time is not a decimal.
        #expect(figures("上午九点三十分召开会议").isEmpty)
    }

    @Test func chineseNumeralsWithoutADigit() {
        #expect(figure("各村集体收入均达到十万元以上", "十万元以上")?.value == 100_000)
    }

    @Test func phasesAndCountsAfterChineseNumerals() {
        #expect(figure("举办电商培训三十余期", "三十余期")?.value == 30)
        #expect(figure("举办电商培训十二期", "十二期")?.unit == "期")
        // One Chinese digit before 期 or 类 names a phase or a class.
        #expect(figures("推进产业园二期建设，落实三类人员监测").isEmpty)
    }

    @Test func aCountOfOne() {
        #expect(figure("新建村级卫生室一个，改造公厕三座", "一个")?.value == 1)
        #expect(figure("今年新建一所公办幼儿园", "一所")?.subject.contains("幼儿园") == true)
        #expect(figures("打造一站式服务平台，办好一件事，培育一批龙头企业，坚持一张蓝图绘到底").isEmpty)
        #expect(figures("每季度召开联席会议一次").isEmpty)
        #expect(figures("建设一个平台").isEmpty)
    }

    @Test func termsWithANumeralAreNotCounts() {
        #expect(figures("三次产业结构比为8.1:40.2:51.7，完成二次供水设施改造").isEmpty)
    }

    @Test func comparisonWordsQualify() {
        #expect(figure("全年走访企业不少于600家", "600家")?.qualifier == .over)
        #expect(figure("确保蔬菜产量不低于3万吨", "3万吨")?.qualifier == .over)
        #expect(figure("两个村年收入低于20万元", "20万元")?.qualifier == .under)
        #expect(figure("资产负债率不超过65%", "65%")?.qualifier == .under)
    }

    /// The new rules (点 fractions, rates, 分别 lists, counts of one) keep the scan linear.
    @Test func pathologicalInputsComplete() {
        let size = 1 << 20
        let inputs = [
            String(repeating: "八点", count: size / 2),
            "八点" + String(repeating: "八", count: size),
            String(repeating: "1元/", count: size / 3),
            String(repeating: "同比分别下降1%、", count: size / 9),
            String(repeating: "甲、乙分别增长1%、2%，", count: size / 13),
            String(repeating: "一个，", count: size / 3),
        ]
        for input in inputs {
            _ = FigureScanner.scan(input)
        }
        #expect(FigureScanner.scan(String(repeating: "分别增长1%、", count: 1000)).figures.allSatisfy { $0.kind == .growth })
    }

    @Test func growthCarriesOverAListComma() {
        let fs = figures("税收收入、非税收入同比分别下降4.2%、6.5%，财政支出分别增长3.1%、2.8%。")
        #expect(fs.map(\.value) == [-4.2, -6.5, 3.1, 2.8])
        #expect(fs.allSatisfy { $0.kind == .growth })
        // Without a growth before it a share stays a share.
        #expect(figures("覆盖率为95%、达标率为90%").map(\.kind) == [.percent, .percent])
    }
}

/// Subjects read with general rules of the genre, in sentences written for these tests.
@Suite struct FigureSubjectRulesTests {
    func subjects(_ text: String) -> [String] { FigureScanner.scan(text).figures.map(\.subject) }

    @Test func respectiveListedBeforeTheVerb() {
        #expect(subjects("税收收入、非税收入同比分别下降4.2%、6.5%") == ["税收收入", "非税收入"])
        // Parallel modifiers share the head noun: 男性、女性职工 are 男性职工 and 女性职工.
        #expect(subjects("男性、女性职工平均工资分别为6800元、6500元") == ["男性职工平均工资", "女性职工平均工资"])
    }

    @Test func respectiveReferringBack() {
        #expect(subjects("全年受理投诉320件、咨询1,500件，较上年分别增长12%、8%。")
                == ["受理投诉", "咨询", "受理投诉", "咨询"])
    }

    @Test func sharesAreNamedByWhatTheyMeasure() {
        // The age before the group is no figure (it names the group): the share is of that group.
        #expect(figure("四十岁以下村干部占28%", "28%")?.subject == "四十岁以下村干部占比")
        #expect(figure("研发投入占营业收入比重为3.5%", "3.5%")?.subject == "研发投入占营业收入比重")
        #expect(figure("高新技术产业产值占全县规模以上工业总产值的比重达到45%", "45%")?.subject == "高新技术产业产值占比")
        #expect(figure("医保参保覆盖不足90%的自然村", "90%")?.subject == "医保参保覆盖")
    }

    @Test func changesFromOneLevelToAnother() {
        let fs = subjects("全镇危房数量由45户减少至12户")
        #expect(fs == ["危房数量", "危房数量"])
        #expect(figure("考核权重提高到10%", "10%")?.subject == "考核权重")
    }

    @Test func framesAroundTheSubject() {
        #expect(figure("2.完成老旧管网改造15公里", "15公里")?.subject == "老旧管网改造")
        #expect(figure("（三）新建公共停车场6个", "6个")?.subject == "新建公共停车场")
        #expect(figure("景区全年接待游客约120万人次", "120万人次")?.subject == "景区接待游客")
        #expect(figure("全县200个自然村中已有180个通硬化路", "200个")?.subject == "自然村")
        #expect(figure("拆除存在安全隐患的违法建筑物30处", "30处")?.subject == "违法建筑物")
        #expect(figure("对辖区九个社区开展消防安全检查", "九个")?.subject == "社区")
    }
}

extension FigureSubjectRulesTests {
    @Test func quartersAndBeneficiaryVerbsFrameTheSubject() {
        #expect(figure("第三季度完成固定资产投资12亿元", "12亿元")?.subject == "固定资产投资")
        #expect(figure("老旧小区改造惠及3,200户", "3,200户")?.subject == "老旧小区改造")
    }
}
