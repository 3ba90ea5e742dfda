import Glibc
import HuibaoCore

/// The spool: `inbox/` where users drop files, and beside it `work/` (claimed, being
/// processed), `processed/` and `failed/`. All four must be on one filesystem, so that every
/// move is an atomic rename.
struct Spool {
    let inbox: String
    let work: String
    let processed: String
    let failed: String

    init(inbox: String) {
        let inbox = FS.absolute(inbox)
        self.inbox = inbox
        let root = FS.dirname(inbox)
        work = root + "/work"
        processed = root + "/processed"
        failed = root + "/failed"
    }

    /// Creates what is missing and checks that one rename reaches every folder.
    func prepare() throws(SpoolError) {
        for dir in [inbox, work, processed, failed] {
            do { try FS.makeDirectories(dir) } catch { throw SpoolError("cannot create \(dir): \(error)") }
        }
        // Bind mounts (a unit's ReadWritePaths=) can split one filesystem so that a rename
        // fails with EXDEV although st_dev agrees: so try the very moves the daemon makes.
        Spool.removeStaleProbes(in: [inbox, work, processed, failed])
        let probe = Spool.probePrefix + "\(getpid())"
        var at = inbox + "/" + probe
        do {
            let fd = try FD.open(at, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
            fd.close()
            for dir in [work, processed, failed] {
                try FS.rename(at, dir + "/" + probe)
                at = dir + "/" + probe
            }
            try FS.unlink(at)
        } catch {
            try? FS.unlink(at) // the probe's own failure is the one to tell
            throw SpoolError("cannot move files between \(inbox), \(work), \(processed) and \(failed) by rename (they must be on one filesystem and one mount, writable): \(error)")
        }
    }

    static let probePrefix = ".huibao-probe-"

    /// A daemon killed between the probe's moves leaves it behind (in failed/, say): remove
    /// those whose process is gone. Our own pid's is stale too: we have not probed yet (a
    /// container restarts the daemon under the same pid).
    static func removeStaleProbes(in directories: [String]) {
        for dir in directories {
            for name in (try? FS.list(dir)) ?? [] where name.hasPrefix(probePrefix) {
                guard let pid = pid_t(name.dropFirst(probePrefix.count)) else { continue }
                if pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) { try? FS.unlink(dir + "/" + name) }
            }
        }
    }

    /// Names the daemon never takes: hidden files and the usual partial-upload suffixes.
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".part") || name.hasSuffix(".tmp")
            || name.hasSuffix(".crdownload") || name.hasSuffix("~") || name.isEmpty
    }

    /// A free name in `directory` for `name`: the name itself, else `name.N`. `companion` is the
    /// longest suffix written beside it (`.reason.tmp`): where name and suffix would pass NAME_MAX
    /// (a 255-byte name), the name is cut at a character boundary first.
    static func freeName(in directory: String, for name: String, companion: String = "") -> String {
        func fits(_ n: String) -> Bool { n.utf8.count + companion.utf8.count <= Int(NAME_MAX) }
        func taken(_ n: String) -> Bool { FS.exists(directory + "/" + n) || FS.exists(directory + "/" + n + ".reason") }
        if fits(name) && !taken(name) { return name }
        var base = name
        while !fits(base + ".99999") { base.unicodeScalars.removeLast() }
        var n = 1
        while taken(base + ".\(n)") { n += 1 }
        return base + ".\(n)"
    }

    /// Inbox names that are not UTF-8 (a GBK name from an old archive tool, say) cannot be
    /// reached through a String: each is renamed in place to its UTF-8 runs with every other
    /// byte as `%XX`. Returns the names given (old name escaped, new name).
    func renameUndecodableNames() -> [(from: String, to: String)] {
        var renamed: [(from: String, to: String)] = []
        for raw in (try? FS.listBytes(inbox)) ?? [] where String(validating: raw, as: UTF8.self) == nil {
            let escaped = Spool.escaped(raw)
            // An upload in progress keeps its name: its writer still has to rename it.
            guard !Spool.isIgnored(escaped) else { continue }
            let target = Spool.freeName(in: inbox, for: escaped)
            // One that cannot be renamed now is tried again at the next scan.
            if (try? FS.rename(bytes: Array(inbox.utf8) + [0x2F] + raw, to: inbox + "/" + target)) != nil { renamed.append((Journal.printable(String(decoding: raw, as: UTF8.self)), target)) }
        }
        return renamed
    }

    /// Valid UTF-8 kept, every byte that is not as `%XX`.
    static func escaped(_ raw: [UInt8]) -> String {
        var out = ""
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = raw.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                out.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                for b in raw[offset..<offset + length] { out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true) }
                offset += length
            case .emptyInput:
                return out
            }
        }
    }
}

struct SpoolError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
