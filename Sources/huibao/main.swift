import Glibc
import HuibaoCore
import HuibaoDaemon

// The command line for people. Exit codes: 0 found/ok, 1 nothing matched or invalid,
// 2 usage or I/O error.

let commands: [(name: String, summary: String, run: @Sendable ([String]) -> Int32)] = [
    ("parse", "parse report files and print their records", ParseCommand.run),
    ("alerts", "the stored alerts, or (--replay) what a rule set would change", AlertsCommand.run),
    ("check-config", "check a huibao.conf (exit 0 valid, 1 invalid)", CheckConfigCommand.run),
]

/// Pads to a width in terminal columns (a CJK character takes two).
func padded(_ s: String, _ width: Int) -> String {
    let w = s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && ($1.value <= 0x115F || (0x2E80...0xA4CF).contains($1.value) || (0xAC00...0xD7A3).contains($1.value) || (0xF900...0xFAFF).contains($1.value) || (0xFE30...0xFE4F).contains($1.value) || (0xFF00...0xFF60).contains($1.value) || (0xFFE0...0xFFE6).contains($1.value) || (0x20000...0x3FFFD).contains($1.value)) ? 2 : 1) }
    return s + String(repeating: " ", count: max(1, width - w))
}

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
