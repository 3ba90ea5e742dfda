// The dashboard on disk: the pages Dashboard.render made, each written beside its place and
// renamed over it, so that a web server serving the directory never sends half a page. The
// site is derived data (the store can always make it again), so pages are not fsynced.

import Glibc
import HuibaoCore

public enum DashboardSite {
    /// The sub-directories the site's pages sit in (Dashboard.render's paths).
    static let folders = ["issuer", "indicator", "report"]

    /// Reads the store and the alert stream in `state`, renders the site and writes it into
    /// `directory`, removing pages of the site that it no longer has. Returns the page count.
    @discardableResult
    public static func refresh(state: String, catalogue: IndicatorCatalogue, into directory: String,
                               now: String) throws -> Int {
        let snapshot = try StoreSnapshot(directory: state, catalogue: catalogue)
        let alerts = try StoreReader.alerts(in: state).items
        let pages = Dashboard.render(snapshot.dashboard(alerts: alerts, generated: now))
        try write(pages, into: directory)
        return pages.count
    }

    public static func write(_ pages: [(path: String, html: String)], into directory: String) throws(SysError) {
        var kept: Set<String> = []
        var made: Set<String> = []
        for page in pages {
            let path = directory + "/" + page.path
            if made.insert(FS.dirname(path)).inserted {
                try FS.makeDirectories(FS.dirname(path), mode: 0o755)
                chmod(FS.dirname(path), 0o755) // a umask of 0077 made it 0700
            }
            try replace(path, Array(page.html.utf8))
            kept.insert(page.path)
        }
        // Pages of issuers, indicators or reports the store no longer has.
        for f in [""] + folders {
            let folder = f.isEmpty ? directory : directory + "/" + f
            for name in (try? FS.list(folder)) ?? [] where name.hasSuffix(".html") || name.hasSuffix(".css") || name.hasSuffix(".tmp") {
                let relative = f.isEmpty ? name : f + "/" + name
                if !kept.contains(relative) { try? FS.unlink(folder + "/" + name) }
            }
        }
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
