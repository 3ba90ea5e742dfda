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
            for w in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) { rows.append((String(w), String(w), kind, chinese)) }
        }
        add("元 美元 港元 欧元", .money)
        add("平方米 平方公里 平方千米 亩 公顷", .area)
        rows.append(("平米", "平方米", .area, true))
        rows.append(("㎡", "平方米", .area, true))
        // 个 + a time unit is one unit: 4个季度, 3个月, 5个工作日.
        add("小时 个小时 天 个月 周 个星期 星期 个季度 分钟 秒 个工作日 工作日 课时 学时", .duration)
        add("""
            人次 人日 人天 人 名 位 户次 户 家次 家 个 处 次处 次 宗 件次 件 起 条 项 栋次 栋 幢 座 所 间套 间 \
            套 台套 台件 台次 台班 台 辆次 辆 车次 车 班次 航次 艘次 艘 架次 架 列 张 份 场次 场 轮 遍 趟 支 根 \
            棵 株 只 头 羽 尾 口 眼 本 册次 册 卷 篇 部 盏 例 对 门 片 段 笔 床位 床 封 幅 枚 颗 袋 箱 瓶 桶 堂 波 \
            剂次 剂
            """, .count)
        add("批次", .count)
        // After a single Chinese numeral these name a phase, class or level (二期, 二类探头);
        // 方 a side (三方协议), 双 a pair of things (双拥), 科 a subject.
        add("期 类 批 块 方 双 科", .count, chinese: false)
        // 种 and 面 count after a number (46种物资, 114面锦旗); after a single Chinese numeral
        // they mostly make a phrase (两种模式, 三面环山, 两面人).
        add("种 面", .count, chinese: false)
        add("""
            吨 吨公里 千克 公斤 克 毫克 微克 斤 公里 千米 米 延米 立方米 毫升 升 岁 周岁 倍 \
            瓦 千瓦 兆瓦 千瓦时 标箱 TEU kWh kW MW GW km kg
            """, .other)
        rows.append(("立方", "立方米", .other, true))
        return rows
    }()

    /// The unit table keyed by its first scalar, longest word first.
    private static let byFirstScalar: ScalarIndex<[MeasureUnit]> = {
        var map: [Unicode.Scalar: [MeasureUnit]] = [:]
        for (word, name, kind, chinese) in table {
            let scalars = Array(word.unicodeScalars)
            map[scalars[0], default: []].append(MeasureUnit(word: scalars, name: name, kind: kind, afterChineseNumeral: chinese))
        }
        for key in map.keys { map[key]!.sort { $0.word.count > $1.word.count } }
        return ScalarIndex(map)
    }()

    /// Words that start like a unit but are not one: 40周年 (an anniversary), 14号线, 两个维护…
    private static let notUnits = scalarWords("""
        周年 方面 方案 方式 方法 方向 方阵 家庭 人民 名单 名称 起来 部门 支部 段落 门口 对象 片区 台阶 \
        头部 升级 升学 升华 口径 科技 科室 科学 双拥 尾款 只有 只要 只是 本地 本级 本领 本次 \
        列入 列为 列出 期间 笔者 箱式 桶装 波动 波及 种植 种养 种子 种类 面积 面向 面临 面貌 面对 面上 面源
        """)

    static func match(_ t: FigureText, at i: Int, afterChineseNumeral: Bool) -> MeasureUnit? {
        guard let unit = single(t, at: i, afterChineseNumeral: afterChineseNumeral) else { return nil }
        // A rate over a second unit is one unit: 31微克/立方米, 5000元/亩, 120人/次.
        let slash = i + unit.word.count
        guard t[slash] == "/", let per = single(t, at: slash + 1, afterChineseNumeral: false) else { return unit }
        return MeasureUnit(word: unit.word + ["/"] + per.word, name: unit.name + "/" + per.name, kind: unit.kind,
                           afterChineseNumeral: unit.afterChineseNumeral)
    }

    private static func single(_ t: FigureText, at i: Int, afterChineseNumeral: Bool) -> MeasureUnit? {
        guard let c = t[i], let candidates = byFirstScalar[c] else { return nil }
        if t.word(in: notUnits, at: i) != nil { return nil }
        for unit in candidates where t.has(unit.word, at: i) {
            // A Latin unit is a whole word (kW, not the start of kWp).
            if let next = t[i + unit.word.count], FigureScanner.isASCIILetter(next) { continue }
            return afterChineseNumeral && !unit.afterChineseNumeral ? nil : unit
        }
        return nil
    }

    /// 年 after a number is a year (`2022年`) unless a verb of lasting makes it a span (`长达22年`, `连续3年`).
    static let year: [Unicode.Scalar] = ["年"]
    static let spanCues = scalarWords("长达 连续 历时 用时 耗时 仅用 用了 超过 超 逾 已有 达")
}
