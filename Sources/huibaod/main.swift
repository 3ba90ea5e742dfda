import Glibc
import HuibaoDaemon

// Signals first, before anything can start a thread: every thread inherits the blocked mask,
// so SIGTERM/SIGINT/SIGHUP reach us only through the signalfd.
blockDaemonSignals()

let usage = """
    usage: huibaod [--config FILE] [--allow-root]
      --config FILE   configuration (default: $CONFIGURATION_DIRECTORY/huibao.conf, else /etc/huibao/huibao.conf)
      --allow-root    run even as root (the service needs no privileges; refused by default)

    """
var configPath: String?
var allowRoot = false
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--config":
        guard let v = args.popFirst() else { writeStderr(usage); exit(2) }
        configPath = v
    case "--allow-root": allowRoot = true
    case "--help", "-h": writeStderr(usage); exit(0)
    default: writeStderr("huibaod: unknown argument \(arg)\n" + usage); exit(2)
    }
}
if configPath == nil {
    if let dir = getenv("CONFIGURATION_DIRECTORY").map({ String(cString: $0) }), !dir.isEmpty {
        configPath = dir.split(separator: ":").first.map { String($0) + "/huibao.conf" }
    } else {
        configPath = "/etc/huibao/huibao.conf"
    }
}
if geteuid() == 0 && !allowRoot {
    writeStderr("huibaod: refusing to run as root: it needs no privileges. Run it as a service user, or pass --allow-root.\n")
    exit(2)
}

let journal = Journal()
do {
    let daemon = try Daemon(options: DaemonOptions(configPath: configPath!), journal: journal)
    exit(daemon.run())
} catch {
    journal.log(.crit, nil, "huibaod cannot start: \(error)")
    writeStderr("huibaod: cannot start: \(error)\n")
    exit(1)
}
