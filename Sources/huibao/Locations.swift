import Glibc
import HuibaoCore
import HuibaoDaemon

/// Where the store is: --state, else $HUIBAO_STATE, else the config's State=, else the service's.
struct Locations {
    var configPath = "/etc/huibao/huibao.conf"
    var state: String?

    /// Takes --config/--state out of `args`; returns the rest.
    mutating func take(_ args: [String]) -> Result<[String], UsageError> {
        var rest: [String] = []
        var it = args[...]
        while let a = it.popFirst() {
            switch a {
            case "--config":
                guard let v = it.popFirst() else { return .failure(UsageError("--config needs a file")) }
                configPath = v
            case "--state":
                guard let v = it.popFirst() else { return .failure(UsageError("--state needs a directory")) }
                state = v
            default: rest.append(a)
            }
        }
        return .success(rest)
    }

    func stateDirectory(_ config: Configuration?) -> String {
        if let state { return state }
        if let env = getenv("HUIBAO_STATE").map({ String(cString: $0) }), !env.isEmpty { return env }
        return config?.daemon.state ?? "/var/lib/huibao"
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
