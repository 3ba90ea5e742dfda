import Testing
@testable import HuibaoCore

/// Spans of years, parallel formulas, bare multipliers and percentages in words, in sentences
/// written for these tests.
@Suite struct FigurePhrasingTests {
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
        // A formula cut off by the end of the text is read without going past it.
        #expect(figures("发现一处、").count == 1)
        #expect(figures("发现一处、整改").count == 1)
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

/// Growth against a named year, lists joined by 和, and ranks named after what is ranked.
@Suite struct FigureComparisonTests {
    @Test func aComparisonWithANamedYearMakesAGrowth() {
        let fs = figures("全镇财政总收入达到5.6亿元，比2020年净增1.8亿元。")
        #expect(fs.map(\.kind) == [.money, .growth])
        #expect(fs.last?.subject == "财政总收入")
        // Without a comparison an amount after 增加 stays an amount.
        #expect(figures("今年增加投入300万元").first?.kind == .money)
    }

    @Test func aGrowthListJoinedByAConjunctionSharesItsVerb() {
        let fs = figures("城镇和农村居民人均可支配收入分别达到52,100元和26,300元，年均分别增长5.2%和下降1.5%。")
        #expect(fs.map(\.subject).prefix(2) == ["城镇居民人均可支配收入", "农村居民人均可支配收入"])
        let rates = figures("城乡居民收入年均分别增长5.2%和7.5%")
        #expect(rates.map(\.kind) == [.growth, .growth])
        #expect(rates.map(\.value) == [5.2, 7.5])
    }

    @Test func aRankIsNamedByWhatIsRankedAndItsField() {
        let town = figures("全镇生态环境质量综合考评位居全县第三。").first
        #expect(town?.kind == .rank)
        #expect(town?.subject == "生态环境质量综合考评全县排名")
        let field = figures("垃圾分类工作在全区12个街道中排名第一。").last
        #expect(field?.subject == "垃圾分类工作全区12个街道中排名")
    }

    @Test func aSpanStandingAloneTimesTheCompletionAfterIt() {
        let span = figures("历时45天，完成全镇86户危房改造任务。").first
        #expect(span?.kind == .duration)
        #expect(span?.subject == "危房改造任务")
    }

    @Test func measuresGluedToAnObjectArePartOfItsName() {
        let fs = figures("为全县1.2万名60周岁以上老人免费体检。")
        #expect(fs.first?.text == "1.2万名")
        #expect(fs.first?.subject.contains("老人") == true)
    }

    @Test func aRankOfAGrowthNamesWhatGrew() {
        let fs = figures("全年完成外贸进出口额8.2亿元，同比增长14.5%，增速位列全市第二。")
        #expect(fs.map(\.kind) == [.money, .growth, .rank])
        #expect(fs.last?.subject == "外贸进出口额增速全市排名")
    }
}
