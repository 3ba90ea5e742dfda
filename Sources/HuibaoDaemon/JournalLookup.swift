// Which alerts journald already holds: an alert written to the stream and sent, but not yet
// marked sent when the daemon was killed, must not be sent again at the next start. Each alert
// entry carries HUIBAO_ALERT_KEY (the store's identity and the alert's number); before resending,
// the journal is read for those keys.

import CSystemd
import Glibc
import HuibaoCore

enum JournalLookup {
    /// The keys among `keys` that some journal entry carries, or nil when the journal cannot be
    /// read (no permission, no journald): then the caller sends again, at least once rather than
    /// never. `sync` is the marker entry's value, sent first: journald takes datagrams in order,
    /// so once the marker can be read, so can every entry a killed daemon sent before it.
    static func sentKeys(_ keys: [String], sync: String, journal: Journal, timeout: Double = 3) -> Set<String>? {
        guard !keys.isEmpty else { return [] }
        var j: OpaquePointer?
        guard sd_journal_open(&j, Int32(SD_JOURNAL_LOCAL_ONLY)) >= 0, let j else { return nil }
        defer { sd_journal_close(j) }
        journal.log(.info, nil, "looking in the journal for \(keys.count) alerts sent before a restart", [("HUIBAO_SYNC", sync)])
        guard waitFor(match: "HUIBAO_SYNC=" + sync, in: j, timeout: timeout) else { return nil }

        sd_journal_flush_matches(j)
        for key in keys { _ = add(match: "HUIBAO_ALERT_KEY=" + key, to: j) }
        guard sd_journal_seek_head(j) >= 0 else { return nil }
        var found: Set<String> = []
        while sd_journal_next(j) > 0 {
            var data: UnsafeRawPointer?
            var length = 0
            guard sd_journal_get_data(j, "HUIBAO_ALERT_KEY", &data, &length) >= 0, let data else { continue }
            let field = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            found.insert(String(field.dropFirst("HUIBAO_ALERT_KEY=".count)))
        }
        return found
    }

    private static func add(match: String, to j: OpaquePointer) -> Bool {
        let bytes = Array(match.utf8)
        return bytes.withUnsafeBytes { sd_journal_add_match(j, $0.baseAddress, $0.count) } >= 0
    }

    /// Whether an entry with `match` appears within `timeout` seconds.
    private static func waitFor(match: String, in j: OpaquePointer, timeout: Double) -> Bool {
        guard add(match: match, to: j) else { return false }
        let deadline = monotonicMicros() + UInt64(timeout * 1_000_000)
        while true {
            guard sd_journal_seek_head(j) >= 0 else { return false }
            if sd_journal_next(j) > 0 { return true }
            let now = monotonicMicros()
            guard now < deadline else { return false }
            // Woken when the journal files change; the bound keeps a missed wake-up harmless.
            _ = sd_journal_wait(j, min(deadline - now, 100_000))
        }
    }
}
