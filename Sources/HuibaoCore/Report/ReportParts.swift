// Which part of the report a section belongs to: work done, problems, or work planned.
// A top-level heading decides by its words or by naming a later year than the one reviewed;
// a child keeps its parent's part unless its heading clearly names another.

enum PartCue {
    /// Unmistakable at any depth.
    static let problems = Scalars.words([
        "存在问题", "存在的问题", "问题和不足", "问题与不足", "不足之处", "困难和问题", "困难与问题",
        "问题和困难", "问题及困难", "问题与困难", "主要问题", "问题和挑战", "问题与挑战", "困难和挑战",
    ])
    static let plan = Scalars.words([
        "工作计划", "工作思路", "工作打算", "工作安排", "工作要点", "工作设想", "下一步", "展望",
        "重点工作安排", "将重点做好",
    ])
    /// Decisive only on a top-level heading, where they name the part of the whole report.
    static let topProblems = Scalars.words(["不足", "短板", "差距", "面临的问题", "面临的困难", "困难和挑战"])
    static let topPlan = Scalars.words(["计划", "思路", "打算", "今后", "明年", "目标任务", "主要目标", "重点任务"])
    static let topAchievements = Scalars.words([
        "回顾", "总结", "工作情况", "完成情况", "成效", "成绩", "主要工作", "取得",
    ])
    /// 计划生育 is a policy; 计划执行情况 reports how a plan went, a summary.
    static let notPlan = Scalars.words(["计划生育", "计划执行"])
    static let review = Scalars.words(["回顾", "总结", "完成情况"])

    static func says(_ words: [[Unicode.Scalar]], _ s: [Unicode.Scalar], _ heading: Range<Int>) -> Bool {
        words.contains { Scalars.find($0, in: s, heading) != nil }
    }

    static func strong(_ s: [Unicode.Scalar], _ heading: Range<Int>) -> ReportPart? {
        if says(problems, s, heading) { return .problems }
        if says(plan, s, heading) { return .plan }
        return nil
    }

    /// The part a top-level heading names, or nil when it names none. A heading naming a year
    /// after `reviewYear` is about the plan.
    static func top(_ s: [Unicode.Scalar], _ heading: Range<Int>, reviewYear: Int?) -> ReportPart? {
        if let part = strong(s, heading) { return part }
        let planWord = says(topPlan, s, heading) && !says(notPlan, s, heading)
        // 一、2020年工作回顾: a heading that says it reviews is the review of the year it names,
        // whatever year the title was taken to review.
        if !planWord, says(review, s, heading) { return .achievements }
        if let year = Scalars.years(in: s, heading).first?.year, let reviewYear {
            if year > reviewYear { return .plan }
            if year == reviewYear, !planWord { return .achievements }
        }
        if planWord { return .plan }
        if says(topAchievements, s, heading) { return .achievements }
        if says(topProblems, s, heading) { return .problems }
        return nil
    }
}

extension SectionParser {
    /// Sets `part` on every section. `planOnly`: the title announces only a plan, so headings
    /// that name no part are plan. `reviewYear`: the year the title says is summarised.
    static func assignParts(_ sections: inout [Section], headings: [Range<Int>], doc: ScalarText,
                            planOnly: Bool, reviewYear: Int?) {
        let fallback: ReportPart = planOnly ? .plan : .achievements
        var reviewYear = reviewYear
        var previousTop: ReportPart?
        for i in sections.indices {
            let s = doc.scalars, heading = headings[i]
            if let parent = sections[i].parent {
                sections[i].part = PartCue.strong(s, heading) ?? sections[parent].part
                continue
            }
            // After the plan begins, a top-level heading naming nothing continues the plan.
            let part = PartCue.top(s, heading, reviewYear: reviewYear)
                ?? (previousTop == .plan ? .plan : fallback)
            if part == .achievements, reviewYear == nil {
                reviewYear = Scalars.years(in: s, heading).first?.year
            }
            sections[i].part = part
            previousTop = part
        }
    }
}
