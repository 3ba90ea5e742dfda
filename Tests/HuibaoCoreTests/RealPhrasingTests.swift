import Testing
@testable import HuibaoCore

/// How real reports are written, each rule on a sentence of its own: typos in quotes, glued
/// figures, signed changes, subjects without their verb or period, names that hold numerals,
/// and the phrasings of what did not happen.
@Suite struct RealPhrasingTests {
    @Test func aQuoteLeftOpenQuotesNothing() {
        // The first “ never closes in its sentence: the figures after it are read.
        let fs = figures("干部作风建设“暖心聚力全面实施“能力作风提升年”行动，完成26项任务，培训干部335人。")
        #expect(fs.map(\.text) == ["26项", "335人"])
        // Closed with an opening mark: the same.
        #expect(figures("开展“能力作风提升年“行动，走访企业16家。").map(\.text) == ["16家"])
        // A quote open at a sentence end stops there: the next sentence is read.
        #expect(figures("开展“清源行动。查处案件25宗。").map(\.text) == ["25宗"])
    }

    @Test func aGenuineQuoteStillHoldsItsSlogan() {
        #expect(figures("深化“1+10+10”改革和“四个100”工程，服务企业56家。").map(\.text) == ["56家"])
        #expect(figures("印发《2023年100项民生实事清单》，完成实事98项。").map(\.text) == ["98项"])
    }

    @Test func gluedFiguresAreEachRead() {
        let fs = figures("全年处置26波65例疫情。")
        #expect(fs.map(\.text) == ["26波", "65例"])
        #expect(fs.allSatisfy { $0.subject.contains("疫情") })
        let places = figures("3个村5个社区完成改造。")
        #expect(places.map(\.subject) == ["村", "社区"])
    }

    @Test func signedChangesInRespectiveLists() {
        let fs = figures("规上工业增加值、固定资产投资同比分别-6.2%、+19.3%。")
        #expect(fs.map(\.value) == [-6.2, 19.3])
        #expect(fs.map(\.kind) == [.growth, .growth])
        #expect(fs.map(\.subject) == ["规上工业增加值", "固定资产投资"])
        // A dash between digits is a range or a date, never a sign.
        #expect(figures("1-5月完成投资3亿元").map(\.value) == [300_000_000])
        #expect(figures("编号A-3%处").isEmpty)
    }

    @Test func aSubjectCarriesNeitherTheVerbOfChangeNorThePeriod() {
        #expect(figure("PM2.5平均浓度同比下降7.1%", "7.1%")?.subject == "PM2.5平均浓度")
        #expect(figure("其他垃圾量较去年下降12%", "12%")?.subject == "其他垃圾量")
        #expect(figure("1-5月规上工业总产值同比增长8%", "8%")?.subject == "规上工业总产值")
        #expect(figure("1—10月份社会消费品零售总额增长5.1%", "5.1%")?.subject == "社会消费品零售总额")
        // After 较上年 the figure is the change of what the sentence measured.
        let fs = figures("接待游客12万人次，较上年增加1.5万人次。")
        #expect(fs.map(\.subject) == ["接待游客", "接待游客"])
        #expect(fs.last?.kind == .growth)
    }

    @Test func theIssuerDoingTheWorkIsNoPartOfTheSubject() {
        #expect(figure("2023年，青石镇完成规上工业总产值12亿元，同比下降6.5%。", "12亿元")?.subject == "规上工业总产值")
        #expect(figure("东城街道实现地区生产总值85亿元", "85亿元")?.subject == "地区生产总值")
        // A place that is what is measured stays: 城区 has no verb of achievement after it.
        #expect(figure("城区绿化面积达到120万平方米", "120万平方米")?.subject.hasPrefix("城区") == true)
    }

    @Test func numeralsInsideNamesAreNoFigures() {
        #expect(figures("新购三轮车5辆，两轮电动车登记300辆。").map(\.text) == ["5辆", "300辆"])
        #expect(figures("二手房交易120套，建成一站式服务中心2个，两新组织党建覆盖率95%。").map(\.text) == ["120套", "2个", "95%"])
    }

    @Test func whatDidNotHappenKeepsItsWholeNounPhrase() {
        let events = FigureScanner.scan("""
            全年未发生较大以上自然灾害亡人事件，特殊人群肇事肇祸事件零发生，实现安全生产事故“零”，\
            保持森林火灾“零”纪录，刑事案件、治安案件均为零。
            """).zeroEvents.map(\.subject)
        #expect(events == ["较大以上自然灾害亡人事件", "特殊人群肇事肇祸事件", "安全生产事故", "森林火灾", "刑事案件", "治安案件"])
        // A promise is a plan, not an event.
        #expect(FigureScanner.scan("确保实现安全生产事故“零”。").zeroEvents.isEmpty)
    }

    @Test func droppedNumbersSayWhy() {
        let dropped = FigureScanner.droppedCandidates(in: "2023年开展“四个100”行动，新购三轮车5辆，第一批试点，PM2.5下降。")
        let reasons = Dictionary(dropped.map { ($0.text, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["2023"] == .date)
        #expect(reasons["100"] == .quoted)
        #expect(reasons["三"] == .name)
        #expect(reasons["一"] == .ordinal)
        #expect(reasons["2.5"] == .code)
        #expect(FigureScanner.droppedCandidates(in: "2021 年 1 月 27 日在县人民代表大会上").map(\.reason) == [.date, .date, .date])
        // What made a figure is not among the dropped.
        #expect(!dropped.contains { $0.text == "5" })
    }

    @Test func aPDFsSpacesBetweenNumberAndUnitAreReadThrough() {
        // Text taken from a PDF: a space before and after the number, and a line break inside 个百分点.
        let fs = figures("全年完成工业投资 52 亿元,同比下降 8.5%,占比提高 3 个百 分点,新增就业 2 万人。")
        #expect(fs.map(\.value) == [5_200_000_000, -8.5, 3, 20_000])
        #expect(fs.map(\.unit) == ["元", "%", "个百分点", "人"])
        #expect(fs[1].kind == .growth)
        #expect(fs.first?.subject == "工业投资")
        // A year stays a year, and a number before a plain word makes no figure.
        #expect(figures("2021 年度工作思路，第 2 部分").map(\.text) == [])
        #expect(figures("约 30 万元").first?.qualifier == .approx)
    }

    @Test func sessionNumbersOfACongressAreNoCounts() {
        #expect(figures("完成了县五届人大三次会议确定的任务，贯彻市委九次全会精神，召开座谈会6次。").map(\.text) == ["6次"])
        // Without a 届 before it, a count of meetings stays one.
        #expect(figures("全年召开党委会议二十次。").map(\.value) == [20])
    }

    @Test func aLoneZeroIsNoCount() {
        #expect(figures("引进汽车零部件企业3家，零售额增长5%。").map(\.text) == ["3家", "5%"])
    }

    @Test func anAgeBeforeItsGroupIsNoFigure() {
        let fs = figures("60岁及以上老人接种1200人，12-17岁人群接种800人，干部平均年龄42岁。")
        #expect(fs.map(\.text) == ["1200人", "800人", "42岁"])
        #expect(figure("为70周岁以上老人提供上门服务900人次", "900人次")?.subject == "70周岁以上老人上门服务")
    }

    @Test func firstPlaceIsRankOne() {
        let f = figure("新增市场主体320户，增速居全市首位。", "首位")
        #expect(f?.value == 1)
        #expect(f?.kind == .rank)
        // Without a rank cue 首位 is no figure.
        #expect(figure("把安全放在首位。", "首位") == nil)
    }

    @Test func shorteningAndCuttingAreFalls() {
        #expect(figure("审批时限缩短35%", "35%")?.value == -35)
        #expect(figure("会议数量同比压减20%", "20%")?.value == -20)
    }

    @Test func measureWordsOfDosesKindsAndBanners() {
        #expect(figures("接种疫苗3.2万剂次，储备物资28种，收到锦旗36面。").map(\.unit) == ["剂次", "种", "面"])
        // After a single Chinese numeral 种 and 面 make phrases.
        #expect(figures("推行两种模式，三面环山。").isEmpty)
        #expect(figures("种植面积3000亩").map(\.text) == ["3000亩"])
    }

    @Test func aZeroGluedToAWordIsAZeroEvent() {
        let events = FigureScanner.scan("完成积案化解95%、0反弹；夜间0时起封控，气温10度。").zeroEvents.map(\.subject)
        #expect(events == ["反弹"])
        #expect(FigureScanner.scan("确保0事故").zeroEvents.isEmpty)
        #expect(FigureScanner.scan("补贴0元").zeroEvents.isEmpty)
    }

    @Test func theBaseOfAComparisonIsNotTheSubject() {
        #expect(figure("转移支付收入1.8亿元，比上年决算增加0.2亿元。", "0.2亿元")?.subject == "转移支付收入")
        #expect(figure("农业总产值完成12.4亿元，是2015年的1.6倍。", "1.6倍")?.subject == "农业总产值")
        #expect(figure("服务业增加值同比增长8.3%，高于目标1.3个百分点。", "1.3个百分点")?.subject == "服务业增加值")
        #expect(figure("税收收入3亿元，同口径增长6%。", "6%")?.subject == "税收收入")
        // 比重 is no comparison.
        #expect(figure("比重为30%", "30%")?.subject == "比重")
    }

    @Test func aChangeAloneInItsClauseChangesWhatTheClauseBeforeNames() {
        #expect(figure("全镇税收收入520万（不含退税），同比上升12.5%。", "12.5%")?.subject == "税收收入")
    }

    @Test func aCompletionShareIsNamedByItsTargetAndTheGrowthAfterItByTheAmount() {
        let fs = figures("镇级财政收入实现3100万元，完成年度任务的108%，同比增长9.4%。")
        #expect(fs.map(\.subject) == ["镇级财政收入", "镇级财政收入年度任务完成率", "镇级财政收入"])
    }

    @Test func aShareOfTheFigureBeforeKeepsItsBaseForTheGrowthAfter() {
        let fs = figures("教育支出达8.6亿元，占财政总支出的21%，增长5%。")
        #expect(fs.map(\.subject) == ["教育支出", "教育支出占财政总支出", "教育支出"])
    }

    @Test func townAndCountryInARespectiveList() {
        let fs = figures("城乡居民人均消费支出分别增长6.1%、7.5%。")
        #expect(fs.map(\.subject) == ["城镇居民人均消费支出", "农村居民人均消费支出"])
        // One subject before 分别 is every figure's.
        #expect(figures("主要农产品产量分别增长5%、6%。").map(\.subject) == ["主要农产品产量", "主要农产品产量"])
    }

    @Test func aPeriodFromAndToIsNoPartOfTheName() {
        let fs = figures("工业总产值从2019年的3.2亿元，增长至2020年的3.9亿元。")
        #expect(fs.map(\.subject) == ["工业总产值", "工业总产值"])
        // 突破…大关 passes a mark: 大关 is no object.
        #expect(figure("全年实现营业收入突破80亿元大关", "80亿元")?.subject == "营业收入")
    }

    @Test func aBareGenericQuantityAfterACountIsThatOfTheThingsCounted() {
        #expect(figure("全年拆除违章棚屋42处、面积5600平方米。", "5600平方米")?.subject == "拆除违章棚屋面积")
        #expect(figure("签约文旅项目12个、总投资36亿元。", "36亿元")?.subject == "签约文旅项目总投资")
        // A named quantity keeps its own name.
        #expect(figure("拆除违章棚屋42处、拆除面积5600平方米。", "5600平方米")?.subject == "拆除面积")
    }
}
