import Glibc
import HuibaoCore
import HuibaoDaemon

/// `huibao alerts`: the stored alerts, or with --replay what a rule set would change.
enum AlertsCommand {
    static let help = """
        usage: huibao alerts [--since DATE] [--rule NAME] [--org TEXT] [--replay] [--json]
                             [--config FILE] [--state DIR]

        Lists the alerts in the store (firing and resolved), newest last; --since takes an ISO
        date or time (2024-01-01), --org a part of the issuer's name.
          --replay       evaluate the rules of --config over every stored report and print which
                         alerts would appear (+) or disappear (-) compared with the store's alert
                         state; nothing is sent or written
          --config FILE  the configuration (default /etc/huibao/huibao.conf)
          --state DIR    the state directory (default: $HUIBAO_STATE, else the config's State=,
                         else /var/lib/huibao)
          --json         JSON Lines

        Exit status: 0 something listed, 1 nothing, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        var where_ = Locations()
        let rest: [String]
        switch where_.take(args) {
        case .failure(let e): writeStderr("huibao alerts: \(e)\n"); return 2
        case .success(let r): rest = r
        }
        var replay = false, json = false
        var since: String?, ruleName: String?, org: String?
        var it = rest[...]
        while let a = it.popFirst() {
            switch a {
            case "--replay": replay = true
            case "--json": json = true
            case "--since", "--rule", "--org":
                guard let v = it.popFirst() else { writeStderr("huibao alerts: \(a) needs a value\n"); return 2 }
                if a == "--since" { since = v } else if a == "--rule" { ruleName = v } else { org = v }
            case "--help", "-h": print(help, terminator: ""); return 0
            default: writeStderr("huibao alerts: unknown argument \(a)\n" + help); return 2
            }
        }
        let config: Configuration?
        do {
            config = FS.exists(where_.configPath) || replay ? try Daemon.loadConfig(where_.configPath) : nil
        } catch {
            writeStderr("huibao alerts: \(error)\n")
            return 2
        }
        let state = where_.stateDirectory(config)
        guard FS.isDirectory(state) else {
            writeStderr("huibao alerts: no store at \(state) (set --state or HUIBAO_STATE)\n")
            return 2
        }
        let stored: [AlertRecord]
        do throws(FileError) {
            stored = try StoreReader.alerts(in: state).items
        } catch {
            writeStderr("huibao alerts: \(error)\n")
            return 2
        }
        if !replay {
            let shown = stored.filter { a in
                (a.event == "firing" || a.event == "resolved")
                    && (since.map { (a.time ?? "") >= $0 } ?? true)
                    && (ruleName.map { a.rule == $0 } ?? true)
                    && (org.map { o in [a.organization, a.issuer].contains { $0?.contains(o) == true } } ?? true)
            }
            if json {
                for a in shown { print(a.jsonLine()) }
            } else if !shown.isEmpty {
                var t = Table(headers: ["time", "event", "rule", "issuer", "year", "indicator", "value", "why", "reason"])
                for a in shown {
                    // The words of the alert's journal entry (AlertRecord.journalEntry), a column each.
                    t.add([a.time ?? "", a.event, a.rule, a.issuerName, a.report_year.map(String.init) ?? "—",
                           a.whatText, a.valueText ?? "—", a.whyText ?? ("line: " + (a.threshold ?? "")), a.reason ?? ""])
                }
                t.print()
            }
            return shown.isEmpty ? 1 : 0
        }
        var current = AlertState()
        for r in stored { current.apply(r) }
        let rules = config?.rules ?? []
        let count: Int, evaluation: Evaluation
        do throws(FileError) {
            (count, _, evaluation) = try StoreRules.evaluate(directory: state, rules: rules, catalogue: config?.catalogue ?? .empty)
        } catch {
            writeStderr("huibao alerts: \(error)\n")
            return 2
        }
        let appear = evaluation.firing.keys.filter { current.active[$0] == nil }.sorted()
        let vanish = current.active.keys.filter { evaluation.firing[$0] == nil }.sorted()
        for id in appear {
            let i = evaluation.firing[id]!
            print("+ \(id)  \(i.value.map(displayNumber) ?? "") \(i.unit)  (\(i.file))")
        }
        for id in vanish { print("- \(id)") }
        print("\(count) reports, \(rules.count) rules: \(appear.count) alerts would appear, \(vanish.count) would disappear")
        return appear.isEmpty && vanish.isEmpty ? 1 : 0
    }
}
