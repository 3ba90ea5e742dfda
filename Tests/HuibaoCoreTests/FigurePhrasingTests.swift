import Testing
@testable import HuibaoCore

/// Spans of years, parallel formulas, bare multipliers and percentages in words, in sentences
/// written for these tests.
@Suite struct FigurePhrasingTests {
    func figures(_ text: String) -> [Indicator] { FigureScanner.scan(text).indicators }

    func figure(_ text: String, _ figureText: String) -> Indicator? {
        figures(text).first { $0.text == figureText }
    }

    @Test func periodsOfYearsFrameTheWorkAndAreNoFigures() {
        let text = """
            过去三年，全镇经济稳中有进。三年来，我们累计新建道路12公里；近两年新增市场主体860户，\
            十年间村容村貌焕然一新，5年来办理实事40件。
            """
        #expect(figures(text).map(\.unit) == ["公里", "户", "件"])
    }

    @Test func spansOfYearsAfterAVerbOfLastingAreDurations() {
        let f = figure("全区连续四年获评全省文明城区", "四年")
        #expect(f?.kind == .duration)
        #expect(f?.value == 4)
        #expect(figure("历时近两年完成征迁", "两年")?.qualifier == .approx)
        #expect(figure("历时近两年完成征迁", "两年")?.kind == .duration)
        #expect(figure("该项目长达8年的历史遗留问题得到解决", "8年")?.unit == "年")
        #expect(figure("历时3个月完成排查", "3个月")?.kind == .duration)
    }

    @Test func aPeriodAtTheHeadOfASubjectIsNotPartOfIt() {
        let fs = figures("农民人均可支配收入达到21500元，同比增长7.2%，近三年累计增长超过20%。")
        #expect(fs.count == 3)
        #expect(fs.last?.value == 20)
        #expect(fs.last?.subject.hasPrefix("农民人均可支配收入") == true)
    }

    @Test func oneAndAMeasureWordRepeatedAsStepsIsAFormula() {
        #expect(figures("坚持发现一处、整改一处、销号一处，隐患动态清零。").isEmpty)
        #expect(figures("按照成熟一个、发展一个的原则吸收新党员。").isEmpty)
        // Counts of one after their nouns are counts, and a founding verb still counts its one.
        #expect(figures("改造口袋公园一处、健身广场一处，新建一所幼儿园。").map(\.unit) == ["处", "处", "所"])
    }

    @Test func aBareMultiplierAfterAQualifierIsANumber() {
        let party = figure("开展主题党日活动逾百场", "百场")
        #expect(party?.value == 100)
        #expect(party?.qualifier == .over)
        let people = figure("累计服务群众近万人次", "万人次")
        #expect(people?.value == 10_000)
        #expect(people?.qualifier == .approx)
        #expect(figure("帮助企业融资超千万元", "千万元")?.value == 10_000_000)
        let households = figure("走访困难群众千余户", "千余户")
        #expect(households?.value == 1000)
        #expect(households?.qualifier == .over)
    }

    @Test func vagueMultipliersAndWordsWithMultipliersAreNoFigures() {
        #expect(figures("组织数百名志愿者，上千名群众参与，走进千家万户，惠及百姓。").isEmpty)
        #expect(figures("最近万人大会召开").isEmpty)
    }

    @Test func percentagesInWordsReadTheirDecimalsAndAWholeHundred() {
        let done = figure("群众诉求办结率达百分之九十八点六", "百分之九十八点六")
        #expect(done?.value == 98.6)
        #expect(done?.unit == "%")
        #expect(figure("调解成功率百分之百", "百分之百")?.value == 100)
        #expect(figure("参保率保持在百分之九十五以上", "百分之九十五以上")?.qualifier == .over)
        #expect(figures("调解成功率百分之百").count == 1)
    }

    @Test func pathologicalRunsOfMultipliersFinish() {
        let text = String(repeating: "近百万千亿余", count: 200_000) + String(repeating: "百分之百", count: 200_000)
        #expect(figures(text).count <= FigureScanner.maxFigures)
    }
}
