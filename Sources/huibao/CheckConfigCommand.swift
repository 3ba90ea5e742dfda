import Glibc
import HuibaoCore
import HuibaoDaemon

/// `huibao check-config FILE`: like `nginx -t`.
enum CheckConfigCommand {
    static let help = """
        usage: huibao check-config FILE

        Checks a huibao.conf: unknown keys, bad values and rules that can never match, each as
        FILE:LINE: reason. Exit status 0 when valid, 1 when not, 2 when the file cannot be read.

        """

    static func run(_ args: [String]) -> Int32 {
        guard args.count == 1, let path = args.first, !path.hasPrefix("-") else {
            print(help, terminator: "")
            return args.first == "--help" || args.first == "-h" ? 0 : 2
        }
        guard FS.exists(path) else {
            writeStderr("huibao check-config: \(path): no such file\n")
            return 2
        }
        do {
            let config = try Daemon.loadConfig(path)
            print("\(path): valid (\(config.rules.count) rules: \(config.rules.map(\.name).joined(separator: ", ")); \(config.catalogue.indicators.count) indicators from \(config.daemon.indicators) and \(config.daemon.indicatorsDirectory))")
            return 0
        } catch {
            print(error.description)
            return 1
        }
    }
}
