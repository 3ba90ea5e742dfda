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
/// one writer and every step's order is the loop's order.
public final class Daemon {
    private var config: Configuration
    private let configPath: String
    private let journal: Journal
    private let spool: Spool
    private let store: Store
    private let alerts: AlertDesk
    private let alertCommands = AlertCommandRunner()
    private let watch: InboxWatch
    private let signals: SignalSource
    private let timer: Timer
    private let wakeup: Wakeup
    private let workers = DispatchQueue(label: "huibao.parse", attributes: .concurrent)
    private let workerSlots: DispatchSemaphore

    /// Inbox files seen and not yet claimed, with the change time they were last seen with.
    private var candidates: [String: Candidate] = [:]
    /// Ready candidates, oldest first, from `readyQueueHead` on (names claimed since are skipped).
    private var readyQueue: [String] = []
    private var readyQueueHead = 0
    private var readyQueueStale = false
    /// Files in work/ handed to a worker.
    private var inFlight: Set<String> = []
    /// Files in work/ waiting for another attempt.
    private var retries: [String: Retry] = [:]
    /// Files a previous run left in work/, with how many runs stopped while parsing them.
    private var resumed: [String: Int] = [:]
    private let results = Mailbox<(name: String, outcome: Outcome)>()
    private var warnedOnce: Set<String> = []

    private var counts = Counts()
    /// Why the store, or the alert stream, cannot be written (disk full): STATUS says degraded.
    private var storeProblem: String?
    private var alertProblem: String?
    private var degraded: String? { storeProblem ?? alertProblem }
    private var stopping = false
    private var inboxLost = false
    private var remoteInbox: String?
    private var nextRescan: UInt64 = 0
    private var nextWatchdog: UInt64?
    private let watchdogInterval: UInt64?
    private var lastStatus = ""
    private let storeReadings = Mailbox<StoreReading>()
    private var pendingReports: [(seq: Int, record: Record)] = []
    /// Whether a reading of the whole store is under way, and whether another is wanted
    /// after it (`startEvaluatingStore`).
    private var storeEvaluation = (running: false, wanted: false)
    private var workSinceTrim = false
    private var lastStatusFileWrite: UInt64 = 0
    private var statusFileDirty = false
    private let startedAt = isoTimestamp()

    struct Candidate {
        var ctime: timespec
        var size: Int
        /// Renamed in (IN_MOVED_TO): complete by the delivery contract, taken at once.
        var delivered: Bool
        var readyAt: UInt64
    }

    struct Retry {
        var attempts: Int
        var due: UInt64
    }

    struct Counts {
        var processed = 0, failed = 0, duplicates = 0, overflows = 0, alerts = 0
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
            alerts = try AlertDesk(directory: stateDirectory, store: store, rules: config.rules)
        } catch { throw DaemonError("alert stream in \(stateDirectory): \(error)") }
        do {
            watch = try InboxWatch()
            signals = try SignalSource()
            timer = try Timer()
            wakeup = try Wakeup()
        } catch { throw DaemonError("event sources: \(error)") }
        let workerCount = config.daemon.workers > 0 ? config.daemon.workers : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        workerSlots = DispatchSemaphore(value: workerCount)
        watchdogInterval = Notify.watchdogInterval().map { $0 / 2 }
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
        switch Configuration.parse(text) {
        case .success(let c): return c
        case .failure(let e): throw DaemonError(e.errors.map { "\(path):\($0.line): \($0.message)" }.joined(separator: "\n"))
        }
    }

    // MARK: the loop

    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public func run() -> Int32 {
        announceEnvironment()
        for repair in store.repairs + alerts.repairs {
            journal.log(.warning, .storeRepaired, "store repaired at start-up: \(repair)", [("HUIBAO_STORE", store.recordsPath)])
        }
        // Watch first, then scan: a file dropped in between is seen by one or the other.
        startWatching()
        scanInbox()
        resumeWork()
        for record in alerts.unsent { send(record) }
        counts.alerts = alerts.firedCount
        startEvaluatingStore()
        nextRescan = monotonicMicros() + UInt64(config.daemon.rescanInterval * 1_000_000)
        if let watchdogInterval { nextWatchdog = monotonicMicros() + watchdogInterval }
        journal.log(.info, .started, "huibaod started: watching \(spool.inbox), store \(store.recordsPath) (\(store.count) reports)",
                    [("HUIBAO_INBOX", spool.inbox), ("HUIBAO_STORE", store.recordsPath)])
        Notify.ready(status: statusLine())
        writeStatusFile(state: "running", force: true)
        dispatchWork()

        var fds = [pollfd(fd: watch.fd.raw, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signals.fd.raw, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: timer.fd.raw, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeup.readEnd.raw, events: Int16(POLLIN), revents: 0)]
        while true {
            timer.arm(at: nextDeadline())
            for i in fds.indices { fds[i].revents = 0 }
            let n = poll(&fds, nfds_t(fds.count), -1)
            if n < 0 && errno != EINTR {
                journal.log(.crit, nil, "poll failed: \(String(cString: strerror(errno)))")
                return 1
            }
            if fds[1].revents != 0 { handleSignals() }
            if fds[0].revents != 0 { handleInotify() }
            if fds[3].revents != 0 { wakeup.drain() }
            for reading in storeReadings.takeAll() { storeRead(reading) }
            commitResults()
            if fds[2].revents != 0 { timer.acknowledge() }
            handleTimers()
            if stopping { return finishAndExit() }
            dispatchWork()
            publishStatus()
            releaseMemoryWhenIdle()
        }
    }

    private func nextDeadline() -> UInt64 {
        var deadline = nextRescan
        if let w = nextWatchdog { deadline = min(deadline, w) }
        for c in candidates.values where !c.delivered { deadline = min(deadline, c.readyAt) }
        for (name, r) in retries where !inFlight.contains(name) { deadline = min(deadline, r.due) }
        if inboxLost { deadline = min(deadline, monotonicMicros() + 1_000_000) }
        if alertCommands.running { deadline = min(deadline, monotonicMicros() + 100_000) }
        if statusFileDirty { deadline = min(deadline, lastStatusFileWrite + 1_000_000) }
        return deadline
    }

    private func handleTimers() {
        let now = monotonicMicros()
        if let w = nextWatchdog, now >= w {
            Notify.watchdog()
            nextWatchdog = now + watchdogInterval!
        }
        if inboxLost && FS.isDirectory(spool.inbox) {
            startWatching()
            if !inboxLost {
                journal.log(.notice, .inboxBack, "inbox \(spool.inbox) is back; watching it again", [("HUIBAO_INBOX", spool.inbox)])
                scanInbox()
            }
        }
        alertCommands.reap(journal)
        if statusFileDirty && now >= lastStatusFileWrite + 1_000_000 { writeStatusFile(state: "running") }
        if now >= nextRescan {
            scanInbox()
            // Alerts that could not be written earlier (disk full) are derived again.
            catchUpAlerts()
            takeReprocessRequest()
            nextRescan = now + UInt64(config.daemon.rescanInterval * 1_000_000)
        }
        for (name, c) in candidates where !c.delivered && now >= c.readyAt { observe(name, delivered: false) }
    }

    private func handleSignals() {
        while let signo = signals.next() {
            switch signo {
            case SIGHUP:
                reload()
                takeReprocessRequest()
            default:
                if !stopping {
                    stopping = true
                    Notify.stopping()
                    journal.log(.info, .stopping, "huibaod stopping (signal \(signo)): finishing \(inFlight.count) file(s) in hand")
                }
            }
        }
    }

    private func handleInotify() {
        for event in watch.drain() {
            if event.isOverflow {
                counts.overflows += 1
                journal.log(.warning, .overflow, "inotify queue overflowed (\(counts.overflows) so far): rescanning the inbox",
                            [("HUIBAO_OVERFLOWS", String(counts.overflows))])
                scanInbox()
                continue
            }
            if event.watchLost {
                if event.wd == watch.wd || event.mask & UInt32(IN_IGNORED) != 0 { inboxGone(event) }
                continue
            }
            guard !event.name.isEmpty, !Spool.isIgnored(event.name) else { continue }
            // A name that is not UTF-8 arrives repaired: only the scan can rename it to a usable one.
            if event.name.unicodeScalars.contains("\u{FFFD}") { scanInbox(); continue }
            observe(event.name, delivered: event.mask & UInt32(IN_MOVED_TO) != 0)
        }
    }

    private func inboxGone(_ event: InotifyEvent) {
        let what = event.mask & UInt32(IN_MOVE_SELF) != 0 ? "moved away"
            : event.mask & UInt32(IN_UNMOUNT) != 0 ? "unmounted" : "removed"
        inboxUnusable("was \(what)")
    }

    /// The inbox went away or cannot be read: stop looking into it, say so once, and try to
    /// watch it again every second (handleTimers) until it is a readable directory again.
    private func inboxUnusable(_ why: String) {
        guard !inboxLost else { return }
        watch.unwatch()
        inboxLost = true
        journal.log(.err, .inboxLost, "inbox \(spool.inbox) \(why); waiting for it to be a readable directory again", [("HUIBAO_INBOX", spool.inbox)])
    }

    private func startWatching() {
        do {
            try watch.watch(spool.inbox)
            inboxLost = false
        } catch {
            if !inboxLost {
                journal.log(.err, .inboxLost, "cannot watch inbox \(spool.inbox): \(error); waiting for it", [("HUIBAO_INBOX", spool.inbox)])
            }
            inboxLost = true
        }
    }

    // MARK: finding files

    private func listOrEmpty(_ dir: String) -> [String] {
        (try? FS.list(dir)) ?? []
    }

    /// The inbox's contents are the truth; events only tell us when to look.
    private func scanInbox() {
        guard !inboxLost else { return }
        for (from, to) in spool.renameUndecodableNames() {
            journal.log(.notice, nil, "inbox file \(from) has a name that is not UTF-8: renamed to \(to)", [("HUIBAO_FILE", to)])
        }
        let names: [String]
        do { names = try FS.list(spool.inbox) } catch { return inboxUnusable("cannot be read: \(error)") }
        let present = Set(names)
        for name in candidates.keys where !present.contains(name) { candidates[name] = nil }
        for name in names where !Spool.isIgnored(name) { observe(name, delivered: candidates[name]?.delivered ?? false) }
    }

    /// Decides whether an inbox entry is ready to claim. A file is complete when it was renamed
    /// in, or when its change time (which every write and every metadata change moves, and no
    /// writer can set back) is at least SettleTime old.
    private func observe(_ name: String, delivered: Bool) {
        let path = spool.inbox + "/" + name
        let st: stat
        do { st = try FS.lstat(path) } catch {
            candidates[name] = nil
            // Gone already is normal; anything else (no permission) is the inbox's fault.
            if error.errno != ENOENT { inboxUnusable("cannot be read: \(error)") }
            return
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if warnedOnce.insert("dir:" + name).inserted {
                journal.log(.warning, .failed, "inbox holds a directory \(name); directories are not taken", [("HUIBAO_FILE", name)])
            }
            return
        }
        let settle = UInt64(config.daemon.settleTime * 1_000_000)
        let age = wallAgeMicros(st.st_ctim)
        let ready = delivered || (st.st_mode & S_IFMT) != S_IFREG || age >= settle
        candidates[name] = Candidate(ctime: st.st_ctim, size: Int(st.st_size), delivered: ready,
                                     readyAt: monotonicMicros() + (ready ? 0 : settle - age))
        if ready { readyQueueStale = true }
    }

    private func wallAgeMicros(_ t: timespec) -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nowMicros = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        let thenMicros = Int64(t.tv_sec) * 1_000_000 + Int64(t.tv_nsec) / 1000
        return nowMicros > thenMicros ? UInt64(nowMicros - thenMicros) : 0
    }

    // MARK: claiming and dispatching

    private func dispatchWork() {
        guard !stopping else { return }
        let now = monotonicMicros()
        // Retries first: they were claimed earlier.
        for (name, r) in retries.sorted(by: { $0.value.due < $1.value.due }) where r.due <= now {
            guard inFlight.count < config.daemon.maxInFlight else { return }
            start(name)
        }
        guard inFlight.count < config.daemon.maxInFlight else { return }
        // Oldest first, so a backlog drains in arrival order. The order is sorted again only
        // when files became ready, not on every turn of the loop (a backlog is one sort).
        if readyQueueStale {
            readyQueue = candidates.filter { $0.value.delivered }.sorted {
                ($0.value.ctime.tv_sec, $0.value.ctime.tv_nsec, $0.key) < ($1.value.ctime.tv_sec, $1.value.ctime.tv_nsec, $1.key)
            }.map(\.key)
            readyQueueHead = 0
            readyQueueStale = false
        }
        while readyQueueHead < readyQueue.count && inFlight.count < config.daemon.maxInFlight {
            let name = readyQueue[readyQueueHead]
            readyQueueHead += 1
            if candidates[name]?.delivered == true { claim(name) }
        }
    }

    /// Claims an inbox file by renaming it into work/. A name already in work/ waits its turn.
    private func claim(_ name: String) {
        candidates[name] = nil
        let target = spool.work + "/" + name
        if FS.exists(target) { return } // taken again by the next scan once work/ is free
        do {
            try FS.rename(spool.inbox + "/" + name, target)
        } catch {
            if error.errno != ENOENT {
                journal.log(.err, .retry, "cannot claim \(name): \(error)", [("HUIBAO_FILE", name)])
            }
            return
        }
        retries[name] = Retry(attempts: 0, due: 0)
        start(name)
    }

    private func start(_ name: String) {
        guard !inFlight.contains(name) else { return }
        inFlight.insert(name)
        let path = spool.work + "/" + name
        let maxFileSize = config.daemon.maxFileSize
        let results = self.results, wakeup = self.wakeup, slots = self.workerSlots
        let stops = resumed.removeValue(forKey: name), marker = startCountPath(name)
        workers.async {
            slots.wait()
            // Counted as the parse begins, not at start-up: a daemon killed before it got to
            // this file must not make the file look like what kills it.
            if let stops { try? FS.writeAtomically(marker, Array(String(stops + 1).utf8), mode: 0o600) }
            let outcome = processClaimed(path: path, name: name, maxFileSize: maxFileSize)
            slots.signal()
            results.push((name, outcome))
            wakeup.signal()
        }
    }

    // MARK: committing

    /// Everything the workers finished since the last turn is committed together: the new
    /// records with one write and one fsync, and only then are their files moved out of work/.
    private func commitResults() {
        let finished = results.takeAll()
        guard !finished.isEmpty else { return }
        var batch: [(name: String, record: Record, line: [UInt8], index: StoreIndex.Entry)] = []
        var batchSHAs: Set<String> = []
        for (name, outcome) in finished {
            inFlight.remove(name)
            guard case .parsed(let record, let line, let index) = outcome, !store.known.contains(record.sha256) else {
                commit(name, outcome)
                continue
            }
            if batchSHAs.contains(record.sha256) {
                // The same bytes twice in one turn: taken again next turn, as a duplicate then.
                retries[name] = Retry(attempts: retries[name]?.attempts ?? 0, due: 0)
                continue
            }
            batch.append((name, record, line, index))
            batchSHAs.insert(record.sha256)
        }
        guard !batch.isEmpty else { return }
        let firstSeq = store.count
        do {
            try store.append(batch.map { ($0.record.sha256, $0.line, $0.index) })
        } catch {
            for item in batch { retryLater(item.name, because: "store write failed: \(error)", storeError: true) }
            return
        }
        for (i, item) in batch.enumerated() { recorded(item.name, item.record, seq: firstSeq + i) }
        // A write went through: there may be room for the alerts that found none.
        catchUpAlerts()
    }

    /// A record is durable: its file leaves work/, the journal hears of it, the rules look at it.
    private func recorded(_ name: String, _ record: Record, seq: Int) {
        if storeProblem != nil {
            // Files that waited for the store need not sit out the rest of their back-off.
            storeProblem = nil
            for waiting in retries.keys where waiting != name { retries[waiting]?.due = 0 }
            journal.log(.notice, .storeError, "store writable again; processing resumed")
        }
        retries[name] = nil
        counts.processed += 1
        let moved = move(name, to: spool.processed)
        journal.log(.info, .processed,
                    "processed \(name): \(record.indicators.count) figures, \(record.sections.count) sections (\(record.encoding), \(record.bytes) bytes)",
                    [("HUIBAO_FILE", name), ("HUIBAO_SHA256", record.sha256), ("HUIBAO_ENCODING", record.encoding),
                     ("HUIBAO_FIGURES", String(record.indicators.count)), ("HUIBAO_ORGANIZATION", record.organization ?? ""),
                     ("HUIBAO_REPORT_YEAR", record.report_year.map(String.init) ?? ""), ("HUIBAO_MOVED_TO", moved ?? "")])
        evaluate(record, seq: seq)
    }

    private func commit(_ name: String, _ outcome: Outcome) {
        switch outcome {
        case .parsed(let record, _, _):
            // New records are committed in a batch; what reaches here is already stored.
            counts.duplicates += 1
            let moved = move(name, to: spool.processed)
            journal.log(.notice, .duplicate, "\(name) is a duplicate of a report already stored (sha256 \(record.sha256.prefix(12))…); moved to processed/\(moved ?? name) without a new record",
                        [("HUIBAO_FILE", name), ("HUIBAO_SHA256", record.sha256)])
            retries[name] = nil
        case .rejected(let reason, let sha256):
            fail(name, reason: reason, sha256: sha256)
        case .transient(let error):
            let attempts = (retries[name]?.attempts ?? 0) + 1
            if attempts >= config.daemon.maxAttempts {
                fail(name, reason: "gave up after \(attempts) attempts: \(error)", sha256: nil)
            } else {
                retryLater(name, because: "\(error)", storeError: false)
            }
        case .changed:
            // Still being written: back to the inbox (unless a newer file took the name) and wait.
            retries[name] = nil
            let back = spool.inbox + "/" + name
            if !FS.exists(back), (try? FS.rename(spool.work + "/" + name, back)) != nil {
                clearStartCount(name)
                journal.log(.notice, .retry, "\(name) changed while being read; put back to settle", [("HUIBAO_FILE", name)])
                observe(name, delivered: false)
            } else {
                retries[name] = Retry(attempts: 0, due: monotonicMicros() + UInt64(max(config.daemon.settleTime, 1) * 1_000_000))
            }
        }
    }

    private func retryLater(_ name: String, because reason: String, storeError: Bool) {
        var r = retries[name] ?? Retry(attempts: 0, due: 0)
        r.attempts += 1
        // 1 s, 2 s, 4 s … at most a minute between attempts (10 s while the store is full:
        // one file's success releases the others, so the probe can stay cheap and frequent).
        let delay = min(storeError ? 10.0 : 60.0, Double(1 << min(r.attempts - 1, 6)))
        r.due = monotonicMicros() + UInt64(delay * 1_000_000)
        retries[name] = r
        if storeError {
            if storeProblem == nil {
                journal.log(.err, .storeError, "cannot write the store: \(reason); files wait in work/ and are retried",
                            [("HUIBAO_FILE", name), ("HUIBAO_STORE", store.recordsPath)])
            }
            storeProblem = reason
        } else {
            journal.log(.warning, .retry, "\(name): \(reason); attempt \(r.attempts) of \(config.daemon.maxAttempts), next in \(Int(delay)) s",
                        [("HUIBAO_FILE", name), ("HUIBAO_ATTEMPT", String(r.attempts))])
        }
    }

    private func fail(_ name: String, reason: String, sha256: String?) {
        retries[name] = nil
        counts.failed += 1
        let target = Spool.freeName(in: spool.failed, for: name, companion: ".reason.tmp")
        var text = "file: \(Journal.printable(name))\nreason: \(reason)\ntime: \(isoTimestamp())\n"
        if let sha256 { text += "sha256: \(sha256)\n" }
        // The reason is written first: a file in failed/ always has its explanation beside it.
        try? FS.writeAtomically(spool.failed + "/" + target + ".reason", Array(text.utf8))
        do {
            try FS.rename(spool.work + "/" + name, spool.failed + "/" + target)
            clearStartCount(name)
        } catch {
            journal.log(.err, .failed, "cannot move \(name) to failed/: \(error)", [("HUIBAO_FILE", name)])
        }
        journal.log(.err, .failed, "failed \(name): \(reason); moved to failed/\(target)",
                    [("HUIBAO_FILE", name), ("HUIBAO_REASON", reason), ("HUIBAO_SHA256", sha256 ?? ""), ("HUIBAO_MOVED_TO", target)])
    }

    /// Moves a committed file out of work/; returns the name it got.
    private func move(_ name: String, to directory: String) -> String? {
        let target = Spool.freeName(in: directory, for: name)
        do {
            try FS.rename(spool.work + "/" + name, directory + "/" + target)
            clearStartCount(name)
            return target
        } catch {
            journal.log(.err, .failed, "cannot move \(name) out of work/: \(error)", [("HUIBAO_FILE", name)])
            return nil
        }
    }

    // MARK: reprocessing

    public static let reprocessRequestName = "reprocess.request"

    /// `huibao reprocess` leaves a request in the state directory (SHA-256s, one a line, or
    /// `all`); the daemon, the store's only writer, parses those reports again from their
    /// originals in processed/ and appends the new records, which supersede the old ones.
    private func takeReprocessRequest() {
        let path = store.directory + "/" + Daemon.reprocessRequestName
        guard FS.exists(path) else { return }
        let text: String
        do {
            text = String(decoding: try FS.read(path, limit: 16 << 20), as: UTF8.self)
        } catch {
            journal.log(.err, .storeError, "cannot read \(path): \(error)")
            return
        }
        _ = unlink(path)
        let lines = text.split(separator: "\n").map { String($0).trimmingCharactersNewline() }.filter { !$0.isEmpty }
        let wanted: Set<String>? = lines == ["all"] ? nil : Set(lines)
        var done: Set<String> = []
        var lastPing = monotonicMicros()
        for name in listOrEmpty(spool.processed).sorted() where !name.hasPrefix(".") && !name.hasSuffix(".reason") {
            guard case .bytes(let bytes) = ReportFile.read(spool.processed + "/" + name, limit: config.daemon.maxFileSize) else { continue }
            let sha = SHA256.hex(bytes)
            guard wanted?.contains(sha) ?? true, store.known.contains(sha), !done.contains(sha),
                  let record = try? ReportParser.parse(bytes: bytes, fileName: name) else { continue }
            do {
                try store.append(record)
            } catch {
                journal.log(.err, .storeError, "reprocessing stopped: cannot write the store: \(error)")
                break
            }
            done.insert(sha)
            evaluate(record, seq: store.count - 1)
            // A long reprocess must not look like a stuck loop to the watchdog.
            if let interval = watchdogInterval, monotonicMicros() - lastPing > interval {
                Notify.watchdog()
                lastPing = monotonicMicros()
            }
        }
        let missing = wanted.map { $0.subtracting(done).count } ?? 0
        journal.log(.info, .reprocessed, "reprocessed \(done.count) report(s) with this parser" + (missing > 0 ? "; \(missing) requested not found in processed/" : ""),
                    [("HUIBAO_REPROCESSED", String(done.count))])
    }

    // MARK: files left in work/

    /// Files a previous run left in work/ are taken again. Each time a parse of such a file
    /// begins it is counted beside it (`.NAME.starts`): a file being parsed at three stops in a
    /// row is taken to be what stops the daemon, and goes to failed/ instead of round four.
    private func resumeWork() {
        for name in listOrEmpty(spool.work) where !name.hasPrefix(".") {
            let stops = (try? FS.read(startCountPath(name), limit: 64)).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
            if stops >= 3 {
                fail(name, reason: "quarantined: huibaod stopped \(stops) times in a row while parsing this file", sha256: nil)
                continue
            }
            resumed[name] = stops
            retries[name] = Retry(attempts: 0, due: 0)
        }
    }

    private func startCountPath(_ name: String) -> String { spool.work + "/." + name + ".starts" }

    private func clearStartCount(_ name: String) {
        _ = unlink(startCountPath(name))
    }

    // MARK: reload, status, stop

    private func reload() {
        Notify.reloading()
        do {
            let fresh = try Daemon.loadConfig(configPath)
            if fresh.daemon.inbox != config.daemon.inbox || fresh.daemon.state != config.daemon.state {
                journal.log(.warning, .reloaded, "Inbox= and State= changes take effect at the next restart")
            }
            var applied = fresh
            applied.daemon.inbox = config.daemon.inbox
            applied.daemon.state = config.daemon.state
            let rulesChanged = applied.rules != config.rules
            config = applied
            if rulesChanged { startEvaluatingStore() }
            journal.log(.info, .reloaded, "configuration reloaded from \(configPath)", [("HUIBAO_CONFIG", configPath)])
        } catch {
            journal.log(.err, .reloadRefused, "configuration not reloaded, keeping the old one: \(error)", [("HUIBAO_CONFIG", configPath)])
        }
        Notify.send("READY=1\nSTATUS=\(statusLine())")
        lastStatus = ""
    }

    // MARK: alerts

    /// What a worker read of the store: the index entries of the records the index files
    /// lacked, then the rules' evaluation of the whole store.
    enum StoreReading: Sendable {
        /// Index entries for records `from…`; the worker waits for `appended` before it goes on.
        case indexed(from: Int, [StoreIndex.Entry], appended: DispatchSemaphore)
        case evaluated(AlertDesk.StoreEvaluation)
    }

    /// Reads the store on a worker: READY=1 does not wait for a large store. Records the index
    /// lacks (a crash, or a store never indexed) are indexed first, a chunk at a time that the
    /// loop appends; then the rules are evaluated over the first `store.count` records. Reports
    /// stored meanwhile wait in `pendingReports`.
    private func startEvaluatingStore() {
        alerts.suspend()
        guard !storeEvaluation.running else { storeEvaluation.wanted = true; return }
        storeEvaluation = (true, false)
        let directory = store.directory, count = store.count, rules = config.rules
        let from = store.indexed, offset = store.offset(of: store.indexed)
        let readings = storeReadings, wakeup = self.wakeup
        workers.async {
            try? StoreReader.indexEntries(inDirectory: directory, from: from, offset: offset, limit: count) { first, entries, _ in // a failure recurs below
                let appended = DispatchSemaphore(value: 0)
                readings.push(.indexed(from: first, entries, appended: appended))
                wakeup.signal()
                appended.wait()
            }
            readings.push(.evaluated(AlertDesk.evaluate(directory: directory, limit: count, rules: rules)))
            wakeup.signal()
        }
    }

    private func storeRead(_ reading: StoreReading) {
        switch reading {
        case .indexed(let from, let entries, let appended):
            store.appendIndex(entries, from: from)
            appended.signal()
        case .evaluated(let loaded):
            workSinceTrim = true // the evaluation's garbage is handed back once the loop is idle
            // The index catches up with the reports stored while the worker read.
            let unindexed = pendingReports.filter { $0.seq >= store.indexed }
            store.appendIndex(unindexed.map { StoreIndex.Entry($0.record) }, from: unindexed.first?.seq ?? 0)
            let again = storeEvaluation.wanted || loaded.rules != config.rules
            storeEvaluation = (false, false)
            if again { return startEvaluatingStore() } // the rules changed, or alerts went missing, meanwhile
            guard store.indexed == store.count else {
                // Retried after the next commit or rescan (catchUpAlerts).
                alertProblem = "the store's index is behind its records"
                return
            }
            do {
                let (changed, missed) = try alerts.adopt(loaded)
                if !changed.isEmpty {
                    journal.log(.info, .reloaded, "rules \(changed.joined(separator: ", ")) (re)started from the store as it stands: what they imply for reports already stored is not announced (see `huibao alerts --replay`)")
                }
                for event in missed { emit(event) }
            } catch {
                alertProblem = "alert stream write failed: \(error)"
                journal.log(.err, .storeError, "cannot write the alert stream: \(error)")
            }
            let waiting = pendingReports
            pendingReports = []
            for report in waiting { evaluate(report.record, seq: report.seq) }
        }
    }

    /// A stored report meets the rules, or waits for the facts of the reports before it.
    private func evaluate(_ record: Record, seq: Int) {
        // The rules read each issuer's history from the index: if it fell behind the records (a
        // full disk), the store is read again first, or a missing report would look resolved.
        if alerts.isReady && store.indexed <= seq { startEvaluatingStore() }
        guard alerts.isReady else { return pendingReports.append((seq, record)) }
        for event in alerts.add(record, seq: seq) { emit(event) }
    }

    /// Durable first, then journald, then the AlertCommand.
    private func emit(_ event: AlertEvent) {
        let record: AlertRecord
        do {
            record = try alerts.record(withEvidence(event))
        } catch {
            if alertProblem == nil {
                journal.log(.err, .storeError, "cannot write the alert stream: \(error); the alerts are derived again later")
            }
            alertProblem = "alert stream write failed: \(error)"
            return
        }
        send(record)
    }

    /// Alerts that could not be written (disk full) are derived again from the store, after
    /// each commit and each rescan, until the stream takes them.
    private func catchUpAlerts() {
        guard alertProblem != nil else { return }
        alertProblem = nil
        startEvaluatingStore()
    }

    /// The clause and section of the figure an alert is about, read back from its record: the
    /// rules hold only what they compare, not the text around it.
    private func withEvidence(_ event: AlertEvent) -> AlertEvent {
        var e = event
        guard e.instance.context.isEmpty, let seq = e.instance.seq, let index = e.instance.figureIndex,
              let line = store.line(at: seq), let record = StoreReader.record(line), index < record.indicators.count
        else { return e }
        let figure = record.indicators[index]
        e.instance.context = figure.context
        e.instance.section = figure.section.flatMap { $0 < record.sections.count ? record.sections[$0].heading : nil }
        return e
    }

    /// Tells journald and the AlertCommand of a stored alert, then marks it sent.
    private func send(_ record: AlertRecord) {
        counts.alerts = alerts.firedCount
        let event = AlertEvent(state: record.event == "firing" ? .firing : .resolved, instance: record.instance, reason: record.reason)
        let rule = config.rules.first { $0.name == record.rule }
        let firing = event.state == .firing
        let i = event.instance
        let value = i.value.map { JSONWriter.format($0) + (i.unit.isEmpty ? "" : " " + i.unit) } ?? "missing"
        let change = i.change.map { ", change \(JSONWriter.format(($0 * 10).rounded() / 10)) % on \(i.previousYear.map(String.init) ?? "?")" } ?? ""
        let issuer = i.organization ?? i.issuer
        let year = i.reportYear.map { " \($0)" } ?? ""
        var message = firing
            ? "alert \(record.rule): \(issuer)\(year) \(i.subject) \(value)\(change) (line: \(record.threshold ?? ""))"
            : "resolved \(record.rule): \(issuer)\(year) \(i.subject) \(value) — \(event.reason ?? "")"
        if i.value == nil && rule?.condition == .zeroEventMissing { message = "alert \(record.rule): \(issuer)\(year) no longer reports \(i.subject) as zero (it did in \(i.previousYear.map(String.init) ?? "?"))" }
        let priority = firing ? Priority(rawValue: rule?.severity.priority ?? 4) ?? .warning : .notice
        journal.log(priority, firing ? .alertFiring : .alertResolved, message, [
            ("HUIBAO_RULE", record.rule), ("HUIBAO_ALERT_ID", record.id), ("HUIBAO_ALERT_STATE", record.event),
            ("HUIBAO_SEVERITY", record.severity ?? ""), ("HUIBAO_SUBJECT", i.subject),
            ("HUIBAO_VALUE", i.value.map { JSONWriter.format($0) } ?? ""), ("HUIBAO_UNIT", i.unit),
            ("HUIBAO_THRESHOLD", record.threshold ?? ""), ("HUIBAO_CHANGE", i.change.map { JSONWriter.format($0) } ?? ""),
            ("HUIBAO_PREVIOUS_VALUE", i.previousValue.map { JSONWriter.format($0) } ?? ""),
            ("HUIBAO_PREVIOUS_YEAR", i.previousYear.map(String.init) ?? ""),
            ("HUIBAO_ORGANIZATION", issuer), ("HUIBAO_REPORT_YEAR", i.reportYear.map(String.init) ?? ""),
            ("HUIBAO_FILE", i.file), ("HUIBAO_SHA256", i.sha256), ("HUIBAO_SECTION", i.section ?? ""),
            ("HUIBAO_CONTEXT", i.context), ("HUIBAO_REASON", event.reason ?? ""),
        ])
        if !config.daemon.alertCommand.isEmpty {
            alertCommands.start(config.daemon.alertCommand, record: record, timeout: config.daemon.alertCommandTimeout, journal: journal)
        }
        if let n = record.n { alerts.markSent(n) }
    }

    /// After a burst, hand the freed heap back to the system: an idle daemon should be small.
    private func releaseMemoryWhenIdle() {
        if !inFlight.isEmpty || !retries.isEmpty { workSinceTrim = true; return }
        guard workSinceTrim, candidates.isEmpty else { return }
        workSinceTrim = false
        alerts.forgetRecentFacts()
        _ = malloc_trim(0)
    }

    private func statusLine() -> String {
        var s = "processed \(counts.processed), failed \(counts.failed), duplicates \(counts.duplicates), "
            + "queued \(candidates.count + retries.count - inFlight.count), in flight \(inFlight.count), alerts \(counts.alerts)"
        if counts.overflows > 0 { s += ", overflows \(counts.overflows)" }
        if inboxLost { s += "; inbox missing" }
        if let degraded { s += "; degraded: \(degraded)" }
        return s
    }

    private func publishStatus() {
        let s = statusLine()
        if s != lastStatus {
            Notify.status(s)
            lastStatus = s
            writeStatusFile(state: stopping ? "stopping" : "running")
        }
    }

    /// `status.json` in the state directory, for `huibao status`: replaced by rename, never
    /// fsynced (it is a view, not data), at most once a second unless the state changes.
    private func writeStatusFile(state: String, force: Bool = false) {
        let now = monotonicMicros()
        guard force || now >= lastStatusFileWrite + 1_000_000 else {
            statusFileDirty = true
            return
        }
        lastStatusFileWrite = now
        statusFileDirty = false
        var w = JSONWriter(capacity: 512)
        w.object { w in
            w.key("schema"); w.value(1)
            w.key("state"); w.value(state)
            w.key("pid"); w.value(Int(getpid()))
            w.key("started"); w.value(startedAt)
            w.key("updated"); w.value(isoTimestamp())
            w.key("inbox"); w.value(spool.inbox)
            w.key("store"); w.value(store.recordsPath)
            w.key("store_bytes"); w.value(store.bytes)
            w.key("reports"); w.value(store.count)
            w.key("processed"); w.value(counts.processed)
            w.key("failed"); w.value(counts.failed)
            w.key("duplicates"); w.value(counts.duplicates)
            w.key("queued"); w.value(candidates.count + retries.count - inFlight.count)
            w.key("in_flight"); w.value(inFlight.count)
            w.key("alerts"); w.value(counts.alerts)
            w.key("overflows"); w.value(counts.overflows)
            w.key("degraded"); w.value(degraded)
            w.key("inbox_missing"); w.value(inboxLost)
            w.key("last_error"); w.value(journal.lastError)
        }
        let tmp = store.directory + "/.status.json.tmp"
        if let fd = try? FD.open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o640) {
            let written = (try? fd.writeAll(w.bytes + [0x0A])) != nil
            fd.close()
            // On a full disk the last whole status stays, rather than a torn one.
            _ = written ? rename(tmp, store.directory + "/status.json") : unlink(tmp)
        }
    }

    private func announceEnvironment() {
        if let q = FilesystemFacts.maxQueuedEvents() {
            journal.log(.info, .environment, "inotify queue holds \(q) events (fs.inotify.max_queued_events); on overflow the inbox is rescanned in full, and it is rescanned every \(Int(config.daemon.rescanInterval)) s regardless",
                        [("HUIBAO_MAX_QUEUED_EVENTS", String(q))])
        }
        if let kind = FilesystemFacts.remoteKind(spool.inbox) {
            remoteInbox = kind
            journal.log(.warning, .environment, "inbox \(spool.inbox) is on \(kind): inotify cannot see files written by other machines; relying on the rescan every \(Int(config.daemon.rescanInterval)) s (lower RescanInterval= if that is too slow)",
                        [("HUIBAO_INBOX", spool.inbox), ("HUIBAO_FILESYSTEM", kind)])
        }
    }

    /// Graceful stop: take no new file, finish what workers hold (bounded), then exit 0.
    /// Anything not finished stays in work/ and is taken again at the next start.
    private func finishAndExit() -> Int32 {
        let deadline = monotonicMicros() + 10_000_000
        while !inFlight.isEmpty && monotonicMicros() < deadline {
            var fd = pollfd(fd: wakeup.readEnd.raw, events: Int16(POLLIN), revents: 0)
            _ = poll(&fd, 1, 200)
            wakeup.drain()
            commitResults()
        }
        journal.log(.info, .stopping, "huibaod stopped: \(statusLine())")
        writeStatusFile(state: "stopped", force: true)
        return 0
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
