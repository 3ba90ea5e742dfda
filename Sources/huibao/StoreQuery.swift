import HuibaoCore
import HuibaoDaemon

/// How a command ends early: help shown (0) or a usage error (2).
struct ExitCode: Error {
    let code: Int32
}

/// Options every store command takes, and the store they point at.
struct StoreQuery {
    var locations = Locations()
    var json = false
    var options: [String: String] = [:]
    var flags: Set<String> = []
    var positional: [String] = []

    /// Parses `args` against the options and flags a command knows.
    static func parse(_ args: [String], command: String, options known: Set<String>, flags knownFlags: Set<String> = [], help: String) -> Result<StoreQuery, ExitCode> {
        var q = StoreQuery()
        let rest: [String]
        switch q.locations.take(args) {
        case .failure(let e): writeStderr("huibao \(command): \(e)\n"); return .failure(ExitCode(code: 2))
        case .success(let r): rest = r
        }
        var it = rest[...]
        while let a = it.popFirst() {
            if a == "--help" || a == "-h" { print(help, terminator: ""); return .failure(ExitCode(code: 0)) }
            if a == "--json" { q.json = true; continue }
            if knownFlags.contains(a) { q.flags.insert(a); continue }
            if known.contains(a) {
                guard let v = it.popFirst() else { writeStderr("huibao \(command): \(a) needs a value\n"); return .failure(ExitCode(code: 2)) }
                q.options[a] = v
                continue
            }
            if a.hasPrefix("-") { writeStderr("huibao \(command): unknown option \(a)\n" + help); return .failure(ExitCode(code: 2)) }
            q.positional.append(a)
        }
        return .success(q)
    }

    func config() -> Configuration? { try? Daemon.loadConfig(locations.configPath) }

    /// The state directory, checked to hold a store.
    func stateDirectory(_ command: String) -> String? {
        let dir = locations.stateDirectory(config())
        guard FS.exists(dir + "/" + Store.recordsName) else {
            writeStderr("huibao \(command): no store at \(dir) (use --state DIR or HUIBAO_STATE; `make run` keeps it in ./var/lib)\n")
            return nil
        }
        return dir
    }

    /// The literal every matching report line of the index holds: the issuer asked for.
    var issuerNeedle: String? { options["--org"].flatMap(Self.literal) }

    /// The literal every matching figure line holds: the longest wildcard-free piece of a
    /// subject pattern (none for alternatives).
    var subjectNeedle: String? {
        guard let subject = options["--subject"], !subject.contains("|") else { return nil }
        let pieces = subject.split(whereSeparator: { (c: Character) in c == "*" || c == "?" })
        return pieces.max(by: { $0.count < $1.count }).flatMap { Self.literal(String($0)) }
    }

    /// A text as the index holds it byte for byte (the index escapes backslashes and controls).
    static func literal(_ s: String) -> String? {
        s.isEmpty || s.utf8.contains(where: { $0 < 0x20 || $0 == 0x5C }) ? nil : s
    }

    func matchesIssuer(_ r: Record) -> Bool {
        guard let org = options["--org"] else { return true }
        // The issuer by its name or a place, and the page's 信息来源, which often names it too.
        return Issuer(r).isNamed(by: org) || (r.source?.contains(org) ?? false)
    }

    func matchesYear(_ r: Record) -> Bool {
        guard let y = options["--year"] else { return true }
        return r.report_year.map(String.init) == y
    }
}
