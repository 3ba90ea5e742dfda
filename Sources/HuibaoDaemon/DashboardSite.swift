// The dashboard on disk: the pages Dashboard.render makes, each written beside its place and
// renamed over it, so that a web server serving the directory never sends half a page. The
// site is derived data (the store can always make it again), so pages are not fsynced.

import Dispatch
import CLinux
import Glibc
import HuibaoCore

public enum DashboardSite {
    /// The sub-directories the site's pages sit in (Dashboard.render's paths).
    static let folders = ["issuer", "indicator", "report"]

    /// Reads the store and the alert stream in `state`, renders the site and writes it into
    /// `directory`, removing pages of the site that it no longer has. Returns the page count.
    @discardableResult
    public static func refresh(state: String, catalogue: IndicatorCatalogue, into directory: String,
                               now: String, shares: Int? = nil) throws -> Int {
        let snapshot = try StoreSnapshot(directory: state, catalogue: catalogue, shares: shares)
        let alerts = try StoreReader.alerts(in: state).items
        return try write(snapshot.dashboard(alerts: alerts, generated: now), into: directory, shares: shares)
    }

    /// Renders `data`'s pages and writes them, one share of the page groups per core (or
    /// `shares`), each page written as it is made (a store's site is gigabytes of HTML: it is
    /// never held whole). Returns the page count.
    public static func write(_ data: DashboardData, into directory: String, shares: Int? = nil) throws(SysError) -> Int {
        for folder in [directory] + folders.map({ directory + "/" + $0 }) {
            try FS.makeDirectories(folder, mode: 0o755)
            chmod(folder, 0o755) // a umask of 0077 made it 0700
        }
        let groups = Dashboard.groupCount(data)
        let shares = max(1, min(shares ?? min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))), groups))
        var written = [[String]](repeating: [], count: shares)
        var failed = [SysError?](repeating: nil, count: shares)
        written.withUnsafeMutableBufferPointer { written in
            failed.withUnsafeMutableBufferPointer { failed in
                nonisolated(unsafe) let written = written, failed = failed
                DispatchQueue.concurrentPerform(iterations: shares) { k in
                    for group in stride(from: k, to: groups, by: shares) {
                        for page in Dashboard.render(data, group: group) {
                            do throws(SysError) { try replace(directory + "/" + page.path, Array(page.html.utf8)) } catch {
                                failed[k] = error
                                return
                            }
                            written[k].append(page.path)
                        }
                    }
                }
            }
        }
        if let error = failed.lazy.compactMap({ $0 }).first { throw error }
        // Pages of issuers, indicators or reports the store no longer has.
        let kept = Set(written.joined())
        for f in [""] + folders {
            let folder = f.isEmpty ? directory : directory + "/" + f
            for name in (try? FS.list(folder)) ?? [] where name.hasSuffix(".html") || name.hasSuffix(".css") || name.hasSuffix(".tmp") {
                let relative = f.isEmpty ? name : f + "/" + name
                if !kept.contains(relative) { try? FS.unlink(folder + "/" + name) }
            }
        }
        return kept.count
    }

    /// Writes `bytes` to a hidden file beside `path` and renames it over `path`.
    static func replace(_ path: String, _ bytes: [UInt8]) throws(SysError) {
        let tmp = FS.dirname(path) + "/." + FS.basename(path) + ".tmp"
        let fd = try FD.open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
        // Readable by the web server whatever huibaod's umask (the unit's is 0077).
        fchmod(fd.raw, 0o644)
        do { try fd.writeAll(bytes) } catch {
            fd.close()
            try? FS.unlink(tmp)
            throw error
        }
        fd.close()
        try FS.rename(tmp, path)
    }
}
