// The units and measure words a figure may carry, in one table: what is written, the base unit
// it is reported as, and the kind of figure it makes. Extend the table here, nowhere else.

struct MeasureUnit: Sendable {
    let word: [Unicode.Scalar]
    let name: String
    let kind: FigureKind
    /// Whether the word counts after a Chinese numeral too. 期, 类, 批, 级 after a Chinese
    /// numeral name a phase, class or level (二期, 二类探头), not a count.
    let afterChineseNumeral: Bool
}

enum MeasureUnits {
    private static let table: [(String, String, FigureKind, Bool)] = {
        var rows: [(String, String, FigureKind, Bool)] = []
        func add(_ words: String, _ kind: FigureKind, chinese: Bool = true) {
            for w in words.split(separator: " ") { rows.append((String(w), String(w), kind, chinese)) }
        }
        add("元 美元 港元 欧元", .money)
        add("平方米 平方公里 平方千米 亩 公顷", .area)
        rows.append(("平米", "平方米", .area, true))
        rows.append(("㎡", "平方米", .area, true))
        add("小时 个小时 天 个月 周 分钟 个工作日 工作日", .duration)
        add("人次 人 名 位 户次 户 家次 家 个 处 次处 次 宗 件次 件 起 条 项 栋次 栋 幢 座 所 间套 间 套 台次 台 辆次 辆 车次 车 艘 架次 架 张 份 场次 场 轮 支 根 棵 株 只 头 本 册 篇 部 盏 例 对 门 片 段", .count)
        add("批次", .count)
        add("期 类 批 块", .count, chinese: false)
        add("吨 千克 公斤 公里 千米 米 延米 立方米 岁 千瓦 千瓦时 兆瓦 标箱 倍", .other)
        return rows
    }()

    /// The unit table keyed by its first scalar, longest word first.
    private static let byFirstScalar: [Unicode.Scalar: [MeasureUnit]] = {
        var map: [Unicode.Scalar: [MeasureUnit]] = [:]
        for (word, name, kind, chinese) in table {
            let scalars = Array(word.unicodeScalars)
            map[scalars[0], default: []].append(MeasureUnit(word: scalars, name: name, kind: kind, afterChineseNumeral: chinese))
        }
        for key in map.keys { map[key]!.sort { $0.word.count > $1.word.count } }
        return map
    }()

    /// Words that start like a unit but are not one: 40周年 (an anniversary), 14号线, 两个维护…
    private static let notUnits = scalarWords("周年 方面 家庭 人民 名单 名称 起来 部门 支部 段落 门口 对象 片区 台阶")

    static func match(_ t: FigureText, at i: Int, afterChineseNumeral: Bool) -> MeasureUnit? {
        guard let c = t[i], let candidates = byFirstScalar[c] else { return nil }
        if t.word(in: notUnits, at: i) != nil { return nil }
        for unit in candidates where t.has(unit.word, at: i) {
            return afterChineseNumeral && !unit.afterChineseNumeral ? nil : unit
        }
        return nil
    }

    /// 年 after a number is a year (`2022年`) unless it measures a span (`长达22年`, `连续3年`, `5年来`).
    static let year: [Unicode.Scalar] = ["年"]
    static let spanCues = scalarWords("长达 连续 历时 用时 耗时 仅用 用了 近 超过 超 逾 已有 达")
    static let spanFollowers = scalarSet("来内间")
}
