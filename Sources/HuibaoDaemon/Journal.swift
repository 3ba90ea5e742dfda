import CSystemd
import Glibc
import Synchronization

/// One MESSAGE_ID per kind of event: what operators filter on and what the catalog explains.
public enum Event: String, CaseIterable, Sendable {
    case started = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7081"
    case stopping = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7082"
    case reloaded = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7083"
    case reloadRefused = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7084"
    case processed = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7085"
    case duplicate = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7086"
    case failed = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7087"
    case retry = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7088"
    case overflow = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7089"
    case inboxLost = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f708a"
    case inboxBack = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f708b"
    case storeError = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f708c"
    case storeRepaired = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f708d"
    case environment = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f708e"
    case alertFiring = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7090"
    case alertResolved = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7091"
    case alertCommandFailed = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7092"
    case reprocessed = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7093"

    public var id: String { rawValue }
}

/// syslog priorities as journald takes them.
public enum Priority: Int, Sendable {
    case emerg = 0, alert, crit, err, warning, notice, info, debug
}

/// Structured logging to journald through sd_journal_sendv (the variadic sd_journal_send does
/// not import into Swift). Falls back to stderr when journald is not there, and mirrors to
/// stderr when it is a terminal (`make run`), where nobody reads the journal.
public final class Journal: Sendable {
    private struct State {
        var journalWorks = true
        var lastErrorText: String?
    }
    /// Workers log too: one entry at a time, and what the last one found.
    private let state = Mutex(State())
    private let mirrorToStderr: Bool

    /// The latest message at error priority or worse, with its time (for `huibao status`).
    public var lastError: String? { state.withLock { $0.lastErrorText } }

    static let socketPath = "/run/systemd/journal/socket"

    public init() {
        mirrorToStderr = isatty(2) == 1
    }

    public func log(_ priority: Priority, _ event: Event?, _ message: String, _ fields: [(String, String)] = [],
                    file: String = #fileID, line: Int = #line, function: String = #function) {
        // One clean line: a file name or a report's text may hold control characters (the
        // fields keep them exact, as data).
        let message = Journal.printable(message)
        var entries: [(String, String)] = [
            ("MESSAGE", message),
            ("PRIORITY", String(priority.rawValue)),
            ("SYSLOG_IDENTIFIER", "huibaod"),
            ("CODE_FILE", file), ("CODE_LINE", String(line)), ("CODE_FUNC", function),
        ]
        if let event { entries.append(("MESSAGE_ID", event.id)) }
        for (key, value) in fields where !value.isEmpty { entries.append((Journal.fieldName(key), value)) }

        state.withLock { state in
            if priority.rawValue <= Priority.err.rawValue { state.lastErrorText = isoTimestamp() + " " + message }
            // libsystemd drops entries silently when the socket is missing (ENOENT): look first.
            let rc = FS.exists(Journal.socketPath) ? Journal.send(entries) : -ENOENT
            if rc < 0 && state.journalWorks {
                state.journalWorks = false
                writeStderr("huibaod: journald not reachable (\(String(cString: strerror(-rc)))); logging to stderr\n")
            } else if rc >= 0 {
                state.journalWorks = true
            }
            if rc < 0 || mirrorToStderr {
                let extra = fields.filter { !$0.1.isEmpty }.map { "\($0.0)=\(Journal.printable($0.1))" }.joined(separator: " ")
                writeStderr("huibaod[\(priority)]: \(message)\(extra.isEmpty ? "" : " (" + extra + ")")\n")
            }
        }
    }

    /// Journal field names allow only [A-Z0-9_] and may not start with `_` or a digit;
    /// an invalid name is dropped silently by journald, so names are made valid here.
    static func fieldName(_ key: String) -> String {
        var out = ""
        for scalar in key.uppercased().unicodeScalars {
            switch scalar {
            case "A"..."Z", "0"..."9", "_": out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append("_")
            }
        }
        while out.hasPrefix("_") { out.removeFirst() }
        if out.isEmpty || out.first!.isNumber { out = "HUIBAO_" + out }
        return String(out.prefix(64))
    }

    /// Control characters (a file name may hold newlines) shown as escapes in text output.
    static func printable(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += (scalar.value < 0x10 ? "\\x0" : "\\x") + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Values pass as data: libsystemd switches to the binary field form for values with newlines.
    private static func send(_ entries: [(String, String)]) -> Int32 {
        let buffers: [[UInt8]] = entries.map { Array(($0.0 + "=").utf8) + Array($0.1.utf8) }
        var pointers: [UnsafeMutablePointer<UInt8>] = []
        defer { pointers.forEach { $0.deallocate() } }
        var iov: [iovec] = []
        for b in buffers {
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(b.count, 1))
            p.initialize(from: b, count: b.count)
            pointers.append(p)
            iov.append(iovec(iov_base: UnsafeMutableRawPointer(p), iov_len: b.count))
        }
        return sd_journal_sendv(&iov, Int32(iov.count))
    }
}
