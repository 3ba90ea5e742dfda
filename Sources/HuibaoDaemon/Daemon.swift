import CLinux
import Dispatch
import Glibc
import HuibaoCore
import Synchronization

public struct DaemonOptions: Sendable {
    public var configPath: String
    public init(configPath: String) { self.configPath = configPath }
}

/// The daemon: one poll loop over inotify, signals, a timer and worker results. Workers only
/// read and parse; the loop alone claims files, writes the store and moves files, so there is
/// one writer and every step's order is the loop's order. Each of its responsibilities is an
/// extension in a file of its own (DaemonLoop, Deadlines, Signals, InboxEvents, InboxScan,
/// Claims, Commit, Reprocess, Quarantine, Reload, StoreEvaluation, Alerting, StatusFile, Stop).
public final class Daemon {
    var config: Configuration
    let configPath: String
    let journal: Journal
    let spool: Spool
    let store: Store
    let alerts: AlertDesk
    let alertCommands = AlertCommandRunner()
    let watch: InboxWatch
    let signals: SignalSource
    let timer: Timer
    let wakeup: Wakeup
    let workers = DispatchQueue(label: "huibao.parse", attributes: .concurrent)
    /// The dashboard's refreshes, apart from the parse jobs: a refresh on `workers` (seconds,
    /// on every core) made reports dropped meanwhile wait for a thread (p99 from rename to
    /// record 0.2–0.5 s, measured from outside).
    let dashboardQueue = DispatchQueue(label: "huibao.dashboard", qos: .background)
    let workerSlots: DispatchSemaphore

    // The state each responsibility owns; the file that changes it is named beside it.

    /// Inbox files seen and not yet claimed (InboxScan, Claims).
    var inbox = InboxCandidates()
    /// Files in work/ handed to a worker (Claims, Commit).
    var inFlight: Set<String> = []
    /// Files in work/ waiting for another attempt (Commit).
    var retries: [String: Retry] = [:]
    /// Files a previous run left in work/, with how many runs stopped while parsing them (Quarantine).
    var resumed: [String: Int] = [:]
    let results = Mailbox<(name: String, outcome: Outcome)>()
    /// Inbox directories already warned of (InboxScan).
    var warnedOnce: Set<String> = []
    var inboxLost = false // InboxEvents
    var schedule: Schedule // Deadlines
    let storeReadings = Mailbox<StoreReading>()
    var storeEvaluation = StoreEvaluationProgress() // StoreEvaluation
    let dashboardWritten = Mailbox<String?>()
    var dashboardRefresh = DashboardRefreshProgress() // DashboardRefresh
    var problems = Problems() // Commit, Alerting
    var counts = Counts()
    var status = StatusPublishing() // StatusFile
    var shutdown = GracefulShutdown() // Stop
    /// Whether there is freed heap to hand back once the loop is idle (DaemonLoop).
    var workSinceTrim = false

    struct Retry {
        var attempts: Int
        var due: UInt64
    }

    struct Counts {
        var processed = 0, failed = 0, duplicates = 0, overflows = 0, alerts = 0
    }

    /// Why the store, or the alert stream, cannot be written (disk full): STATUS says degraded.
    struct Problems {
        var store: String?
        var alertStream: String?
        var degraded: String? { store ?? alertStream }
    }

    public init(options: DaemonOptions, journal: Journal) throws(DaemonError) {
        self.journal = journal
        configPath = options.configPath
        config = try Daemon.loadConfig(options.configPath)
        spool = Spool(inbox: config.daemon.inbox)
        do { try spool.prepare() } catch { throw DaemonError("spool: \(error)") }
        let stateDirectory = FS.absolute(config.daemon.state ?? Daemon.environment("STATE_DIRECTORY") ?? "/var/lib/huibao")
        do { store = try Store(directory: stateDirectory) } catch { throw DaemonError("store in \(stateDirectory): \(error)") }
        do {
            alerts = try AlertDesk(directory: stateDirectory, store: store, rules: config.rules, catalogue: config.catalogue)
        } catch { throw DaemonError("alert stream in \(stateDirectory): \(error)") }
        do {
            watch = try InboxWatch()
            signals = try SignalSource()
            timer = try Timer()
            wakeup = try Wakeup()
        } catch { throw DaemonError("event sources: \(error)") }
        let workerCount = config.daemon.workers > 0 ? config.daemon.workers : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        workerSlots = DispatchSemaphore(value: workerCount)
        schedule = Schedule(watchdogInterval: Notify.watchdogInterval().map { $0 / 2 })
    }

    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s.split(separator: ":").first.map(String.init)
    }

    public static func loadConfig(_ path: String) throws(DaemonError) -> Configuration {
        let bytes: [UInt8]
        do {
            bytes = try FS.read(path, limit: 1 << 20)
        } catch { throw DaemonError("config \(path): \(error)") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw DaemonError("config \(path): not UTF-8") }
        var config: Configuration
        switch Configuration.parse(text) {
        case .success(let c): config = c
        case .failure(let e): throw DaemonError(e.errors.map { "\(path):\($0.line): \($0.message)" }.joined(separator: "\n"))
        }
        config.catalogue = try loadCatalogue(config.daemon)
        let unknown = config.unknownIndicators()
        guard unknown.isEmpty else { throw DaemonError(unknown.map { "\(path):\($0.line): \($0.message)" }.joined(separator: "\n")) }
        return config
    }

    /// The shipped catalogue (it must be there), then the user's `*.conf` in the directory, by name.
    public static func loadCatalogue(_ settings: DaemonSettings) throws(DaemonError) -> IndicatorCatalogue {
        var paths = [settings.indicators]
        let dir = settings.indicatorsDirectory
        if FS.exists(dir) {
            do {
                paths += try FS.list(dir).filter { $0.hasSuffix(".conf") && !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
            } catch { throw DaemonError("indicators \(dir): \(error)") }
        }
        var files: [(name: String, text: String)] = []
        for p in paths {
            let bytes: [UInt8]
            do { bytes = try FS.read(p, limit: 4 << 20) } catch { throw DaemonError("indicator catalogue \(p): \(error)") }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw DaemonError("indicator catalogue \(p): not UTF-8") }
            files.append((p, text))
        }
        switch IndicatorCatalogue.parse(files: files) {
        case .success(let c): return c
        case .failure(let e): throw DaemonError(e.errors.map(\.description).joined(separator: "\n"))
        }
    }

    func listOrEmpty(_ dir: String) -> [String] {
        (try? FS.list(dir)) ?? []
    }
}

public struct DaemonError: Error, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}

/// Values handed from worker threads to the loop, in the order they were pushed.
final class Mailbox<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])

    func push(_ item: T) { items.withLock { $0.append(item) } }
    func takeAll() -> [T] {
        items.withLock { items in
            defer { items.removeAll() }
            return items
        }
    }
}
