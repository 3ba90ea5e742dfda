import FoundationEssentials
import Glibc
import HuibaoCore
import HuibaoDaemon

enum StatusCommand {
    static let help = """
        usage: huibao status [--json] [--state DIR] [--config FILE]

        Whether huibaod runs, its inbox and counts, its last error and the store's size, from the
        status file it keeps in the state directory. Exit status: 0 running, 1 not running, 2 no state.

        """

    static func run(_ args: [String]) -> Int32 {
        let parsed = StoreQuery.parse(args, command: "status", options: [], help: help)
        guard case .success(let q) = parsed else { if case .failure(let c) = parsed { return c.code }; return 2 }
        let dir = q.locations.stateDirectory(q.config())
        let bytes: [UInt8]?
        do { bytes = try StoreReader.readIfPresent(dir + "/status.json", limit: 1 << 20) } catch {
            writeStderr("huibao status: \(error)\n")
            return 2
        }
        guard let text = bytes.map({ String(decoding: $0, as: UTF8.self) }), let status = StatusFile.decode(text) else {
            writeStderr("huibao status: no status in \(dir) (huibaod has not run with this state directory; use --state DIR)\n")
            return 2
        }
        let pid = status["pid"].flatMap { Int32($0) } ?? 0
        let alive = status["state"] != "stopped" && pid > 0 && processExists(pid)
        if q.json {
            print(text.trimmingLineEnd().dropLast() + ",\"running\":\(alive)}")
            return alive ? 0 : 1
        }
        var t = Table(headers: ["huibaod", alive ? "running (pid \(pid), since \(status["started"] ?? "?"))" : "not running (last state: \(status["state"] ?? "?"), \(status["updated"] ?? "?"))"])
        for key in ["inbox", "store", "store_bytes", "reports", "processed", "failed", "duplicates", "queued", "in_flight", "alerts", "overflows", "degraded", "last_error", "updated"] {
            t.add([key, status[key] ?? "—"])
        }
        t.print()
        return alive ? 0 : 1
    }
}

/// The status file is flat JSON written by huibaod: strings, numbers, booleans and nulls.
enum StatusFile {
    enum Scalar: Decodable {
        case text(String), number(Double), flag(Bool), none
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .none }
            else if let b = try? c.decode(Bool.self) { self = .flag(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .text(try c.decode(String.self)) }
        }
    }

    static func decode(_ text: String) -> [String: String]? {
        guard let object = try? JSONDecoder().decode([String: Scalar].self, from: Data(text.utf8)) else { return nil }
        return object.compactMapValues {
            switch $0 {
            case .text(let s): s
            case .number(let d): JSONWriter.format(d)
            case .flag(let b): String(b)
            case .none: nil
            }
        }
    }
}
