import Glibc
import HuibaoCore
import HuibaoDaemon

/// `huibao reprocess`: asks huibaod, the store's only writer, to parse reports again.
enum ReprocessCommand {
    static let help = """
        usage: huibao reprocess (--all | SHA256...) [--state DIR] [--config FILE]

        Asks huibaod to parse stored reports again from their originals in processed/ (after
        an upgrade of the parser). The new records are appended and supersede the old ones;
        the store keeps its history, queries show the latest. huibaod takes the request at its
        next rescan, or at once on `systemctl reload huibao` (SIGHUP).
        Exit status: 0 requested, 1 a SHA-256 is not in the store, 2 usage or I/O error.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "reprocess", options: [], flags: ["--all"], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        let all = q.flags.contains("--all")
        guard all != !q.positional.isEmpty else {
            writeStderr("huibao reprocess: give --all or SHA-256s, not both\n" + help)
            return 2
        }
        guard let dir = q.stateDirectory("reprocess") else { return 2 }
        if !all {
            let index: IndexedStore
            do { index = try IndexedStore(in: dir) } catch {
                writeStderr("huibao reprocess: \(error)\n")
                return 2
            }
            let stored = Set(index.latestSeqs(containing: nil).compactMap { index.record($0)?.sha256 })
            let unknown = q.positional.filter { !stored.contains($0.lowercased()) }
            if !unknown.isEmpty {
                writeStderr("huibao reprocess: not in the store: \(unknown.joined(separator: ", "))\n")
                return 1
            }
        }
        let request = all ? "all\n" : q.positional.map { $0.lowercased() + "\n" }.joined()
        do {
            try FS.writeAtomically(dir + "/" + Daemon.reprocessRequestName, Array(request.utf8), mode: 0o600)
        } catch {
            writeStderr("huibao reprocess: cannot write the request in \(dir): \(error)\n")
            return 2
        }
        print("requested: huibaod parses \(all ? "every stored report" : "\(q.positional.count) report(s)") again at its next rescan, or now on `systemctl reload huibao`")
        return 0
    }
}
