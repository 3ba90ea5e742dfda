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

extension Locations {
    /// The indicator catalogue for `huibao parse`: --indicators, else the config's Indicators=
    /// (when the config file is there), else the installed one, else the one of the checkout the
    /// program was built in (`make run`'s). Nil, with the reason, when none can be read.
    static func catalogue(configPath: String, explicit: String?) -> Result<IndicatorCatalogue, DaemonError> {
        var settings = DaemonSettings()
        if let explicit {
            settings.indicators = explicit
        } else if FS.exists(configPath) {
            do { return .success(try Daemon.loadConfig(configPath).catalogue) } catch { return .failure(error) }
        } else if !FS.exists(settings.indicators), let built = checkoutCatalogue() {
            settings.indicators = built
            settings.indicatorsDirectory = FS.dirname(built) + "/indicators.d"
        }
        do { return .success(try Daemon.loadCatalogue(settings)) } catch { return .failure(error) }
    }

    /// Config/indicators.conf of the checkout whose .build holds this program.
    private static func checkoutCatalogue() -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        var dir = FS.dirname(String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        for _ in 0..<5 {
            let candidate = dir + "/Config/indicators.conf"
            if FS.exists(candidate) { return candidate }
            dir = FS.dirname(dir)
        }
        return nil
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
