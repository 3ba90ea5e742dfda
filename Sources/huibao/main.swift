import Glibc
import HuibaoCore
import HuibaoDaemon

// The command line for people. Exit codes: 0 found/ok, 1 nothing matched or invalid,
// 2 usage or I/O error.

let commands: [(name: String, summary: String, run: @Sendable ([String]) -> Int32)] = [
    ("parse", "parse report files and print their records", ParseCommand.run),
    ("reports", "the stored reports, one line each", ReportsCommand.run),
    ("figures", "figures across reports; --by year for one subject over the years", FiguresCommand.run),
    ("targets", "the plans' targets judged against the year's actual", TargetsCommand.run),
    ("trend", "one indicator over the years, with the change computed and as stated", TrendCommand.run),
    ("dashboard", "write the dashboard: a static site of issuers, indicators, targets, alerts", DashboardCommand.run),
    ("alerts", "the stored alerts, or (--replay) what a rule set would change", AlertsCommand.run),
    ("status", "whether huibaod runs, its counts and last error", StatusCommand.run),
    ("export", "the store as CSV (for Excel) or JSON Lines", ExportCommand.run),
    ("ship", "load what is new in the store into PostgreSQL (through psql)", ShipCommand.run),
    ("check-config", "check a huibao.conf (exit 0 valid, 1 invalid)", CheckConfigCommand.run),
    ("reprocess", "ask huibaod to parse stored reports again (after an upgrade)", ReprocessCommand.run),
]

@MainActor func usage() -> String {
    var s = "usage: huibao COMMAND [OPTIONS]\n\ncommands:\n"
    for c in commands { s += "  \(padded(c.name, 14))\(c.summary)\n" }
    s += "\n`huibao COMMAND --help` tells more.\n"
    return s
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first else {
    writeStderr(usage())
    exit(2)
}
if name == "--help" || name == "-h" || name == "help" {
    print(usage(), terminator: "")
    exit(0)
}
guard let command = commands.first(where: { $0.name == name }) else {
    writeStderr("huibao: unknown command '\(name)'\n\n" + usage())
    exit(2)
}
exit(command.run(Array(arguments.dropFirst())))
