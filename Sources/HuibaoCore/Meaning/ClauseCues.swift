// The cue words of a figure's clause (同比, 力争, 低于目标, 完成任务的…), read in one pass over the
// clause for all the cue lists at once: the meaning asks a dozen questions of every clause, and
// one pass per question was a tenth of the parse.

struct ClauseCues {
    enum Cue: Int, CaseIterable {
        case completion, target, shortfall, surplus, reached, sum, rankBetter, rankWorse
        case monthOnMonth, yearOnYear, previousYear

        var words: String {
            switch self {
            case .completion: "完成率 完成年度 完成全年 完成目标 完成计划 完成任务 年度目标的 全年目标的 全年任务的 年度任务的 目标任务的 计划的 任务的 指标的 序时进度"
            // Not 预期: 超预期完成 is an achievement.
            // Not 争取: 争取上级资金3000万元 in a review is money obtained.
            case .target: "力争 预计 目标 计划 确保 达到目标"
            // A shortfall against the target (塌目标1.8个百分点): bad news whatever the polarity.
            case .shortfall: "塌目标 低于目标 低于预期 低于年度目标 低于全年目标 低于序时进度 慢于序时进度 未达到预期目标 未完成目标 未完成年度目标"
            case .surplus: "高于目标 超目标 超出目标 高于年度目标 快于序时进度 超序时进度"
            // A level reached at the end of a span (由74.37亿元增至104.96亿元).
            case .reached: "增至 增加到 提高到 提升到 达到 增长到 上升到 降至 下降到 降到 突破"
            case .sum: "累计 共计 合计 总计"
            case .rankBetter: "上升 提升 前移 进位 跃升 提高"
            case .rankWorse: "下降 后退 下滑 后移 退位 降至"
            case .monthOnMonth: "环比"
            case .yearOnYear: "同比"
            case .previousYear: "比上年 较上年 比去年 较去年 比上一年 较上一年"
            }
        }

        var bit: UInt16 { 1 << UInt16(rawValue) }
    }

    /// Every cue word, by first scalar, with the cues it is a word of (降至 is reached and a rank's fall).
    private static let index: ScalarIndex<[(word: [Unicode.Scalar], cues: UInt16)]> = {
        var cuesOf: [[Unicode.Scalar]: UInt16] = [:]
        for cue in Cue.allCases {
            for w in cue.words.split(separator: " ") { cuesOf[Array(w.unicodeScalars), default: 0] |= cue.bit }
        }
        var first: [Unicode.Scalar: [(word: [Unicode.Scalar], cues: UInt16)]] = [:]
        for (w, cues) in cuesOf { first[w[0], default: []].append((w, cues)) }
        return ScalarIndex(first)
    }()

    private var present: UInt16 = 0
    /// Where the last target word starts, and the clause's last digit: a target cue is the
    /// figure's own only after the last number (完成目标的51.2%，实现投资47.21亿元).
    private var lastTarget = Int.min
    private var lastDigit = Int.min

    /// The cues of `text[range]`.
    init(_ text: [Unicode.Scalar], _ range: Range<Int>) {
        // The table in a local: each read of a static in the loop would cost a swift_once.
        let index = ClauseCues.index
        for i in range {
            let c = text[i]
            if Scalars.isDigit(c) { lastDigit = i; continue }
            guard let candidates = index[c] else { continue }
            for (word, cues) in candidates where Scalars.has(word, at: i, in: text, before: range.upperBound) {
                present |= cues
                if cues & Cue.target.bit != 0 { lastTarget = i }
            }
        }
    }

    func has(_ cue: Cue) -> Bool { present & cue.bit != 0 }

    /// A target word after the clause's last digit (or anywhere in a clause without digits).
    var ownTarget: Bool { lastTarget > lastDigit }

    /// The words of a cue, for the texts other than a clause (a subject's 完成任务的).
    static func list(_ cue: Cue) -> WordList { WordList(cue.words) }
}
