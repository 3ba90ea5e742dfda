// `huibao reprocess`: the request it leaves, and the daemon parsing stored reports again.

import Glibc
import HuibaoCore

extension Daemon {
    public static let reprocessRequestName = "reprocess.request"

    /// `huibao reprocess` leaves a request in the state directory (SHA-256s, one a line, or
    /// `all`); the daemon, the store's only writer, parses those reports again from their
    /// originals in processed/ and appends the new records, which supersede the old ones.
    func takeReprocessRequest() {
        let path = store.directory + "/" + Daemon.reprocessRequestName
        guard FS.exists(path) else { return }
        let text: String
        do {
            text = String(decoding: try FS.read(path, limit: 16 << 20), as: UTF8.self)
        } catch {
            journal.log(.err, .storeError, "cannot read \(path): \(error)")
            return
        }
        try? FS.unlink(path)
        let lines = text.split(separator: "\n").map { String($0).trimmingLineEnd() }.filter { !$0.isEmpty }
        let wanted: Set<String>? = lines == ["all"] ? nil : Set(lines)
        var done: Set<String> = []
        var lastPing = monotonicMicros()
        for name in listOrEmpty(spool.processed).sorted() where !name.hasPrefix(".") && !name.hasSuffix(".reason") {
            guard case .bytes(let bytes) = ReportFile.read(spool.processed + "/" + name, limit: config.daemon.maxFileSize) else { continue }
            let sha = SHA256.hex(bytes)
            guard wanted?.contains(sha) ?? true, store.known.contains(sha), !done.contains(sha),
                  let record = try? ReportParser.parse(bytes: bytes, fileName: name, catalogue: config.catalogue) else { continue }
            do {
                try store.append(record)
            } catch {
                journal.log(.err, .storeError, "reprocessing stopped: cannot write the store: \(error)")
                break
            }
            done.insert(sha)
            evaluate(record, seq: store.count - 1)
            // A long reprocess must not look like a stuck loop to the watchdog.
            if let interval = schedule.watchdogInterval, monotonicMicros() - lastPing > interval {
                Notify.watchdog()
                lastPing = monotonicMicros()
            }
        }
        let missing = wanted.map { $0.subtracting(done).count } ?? 0
        journal.log(.info, .reprocessed, "reprocessed \(done.count) report(s) with this parser" + (missing > 0 ? "; \(missing) requested not found in processed/" : ""),
                    [("HUIBAO_REPROCESSED", String(done.count))])
    }
}
