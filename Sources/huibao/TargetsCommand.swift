import HuibaoCore
import HuibaoDaemon

enum TargetsCommand {
    static let help = """
        usage: huibao targets [--org TEXT] [--year N] [--missed] [--json]
                              [--state DIR] [--config FILE]

        The targets the stored plans set (2024年固定资产投资增长8%左右), each judged against the
        same issuer's actual of that year, of the same indicator and measure: met, missed (with
        the shortfall), exceeded, not reported (the year's summary states none), or pending (no
        summary of that year is stored yet). Reports are placed by year, not by arrival.
        A target of about a value (左右) is met within half a percentage point for rates, 5 % for
        amounts; one of at least a value from the value up; lower is better for a `down`
        indicator and under a cap (以内). --year is the target's year.
        Exit status: 0 something listed, 1 nothing matched, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "targets", options: ["--org", "--year"], flags: ["--missed"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        guard let dir = q.stateDirectory("targets") else { return 2 }
        let snapshot: StoreSnapshot
        do { snapshot = try StoreSnapshot(directory: dir, catalogue: q.config()?.catalogue ?? .empty) } catch {
            writeStderr("huibao targets: \(error)\n")
            return 2
        }
        let shown = snapshot.targets.filter { j in
            (q.options["--year"].map { String(j.year) == $0 } ?? true)
                && (!q.flags.contains("--missed") || j.outcome == .missed)
                && (q.options["--org"] == nil || snapshot.figure(seq: j.targetReport.seq, index: j.target.index).map { q.matchesIssuer($0.record) } == true)
        }
        if q.json {
            for j in shown { print(json(j, snapshot)) }
        } else if !shown.isEmpty {
            var t = Table(headers: ["issuer", "year", "indicator", "measure", "target", "actual", "outcome", "gap", "plan's clause"])
            for j in shown {
                let plan = snapshot.figure(seq: j.targetReport.seq, index: j.target.index)
                let actual = j.actualReport.flatMap { r in j.actual.flatMap { snapshot.figure(seq: r.seq, index: $0.index) } }
                t.add([plan.map { Issuer($0.record).displayName } ?? j.issuer, String(j.year), j.indicator, j.measure.rawValue,
                       plan?.figure.text ?? displayAmount(j.target.value, unit: j.target.unit),
                       actual?.figure.text ?? "—", j.outcome.rawValue,
                       j.gap.map { (j.outcome == .missed ? "-" : "+") + displayAmount($0, unit: j.target.unit) } ?? "",
                       plan?.figure.context ?? ""])
            }
            t.print()
        }
        return shown.isEmpty ? 1 : 0
    }

    static func json(_ j: TargetJudgement, _ snapshot: StoreSnapshot) -> String {
        let plan = snapshot.figure(seq: j.targetReport.seq, index: j.target.index)
        let actual = j.actualReport.flatMap { r in j.actual.flatMap { snapshot.figure(seq: r.seq, index: $0.index) } }
        var w = JSONWriter()
        w.object { w in
            w.key("issuer_key"); w.value(j.issuer)
            w.key("organization"); w.value(plan.map { Issuer($0.record).displayName })
            w.key("year"); w.value(j.year)
            w.key("indicator"); w.value(j.indicator)
            w.key("measure"); w.value(j.measure.rawValue)
            w.key("outcome"); w.value(j.outcome.rawValue)
            w.key("target"); w.value(j.target.value)
            w.key("actual"); w.value(j.actual?.value)
            w.key("unit"); w.value(j.target.unit)
            w.key("gap"); w.value(j.gap)
            w.key("target_text"); w.value(plan?.figure.text)
            w.key("target_context"); w.value(plan?.figure.context)
            w.key("target_file"); w.value(j.targetReport.file)
            w.key("target_sha256"); w.value(j.targetReport.sha256)
            w.key("actual_text"); w.value(actual?.figure.text)
            w.key("actual_context"); w.value(actual?.figure.context)
            w.key("actual_file"); w.value(j.actualReport?.file)
            w.key("actual_sha256"); w.value(j.actualReport?.sha256)
        }
        return w.string
    }
}
