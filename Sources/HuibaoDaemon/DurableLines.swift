import Glibc

/// An append-only file of lines, each appended whole and made durable (fsync of the file, and
/// of its directory when the file is new) before `append` returns. A failed append is cut
/// back, and a crash mid-append (a last line without its newline) is cut off when the file is
/// opened again; lines before it are never touched.
final class DurableLines {
    let path: String
    let fd: FD
    private(set) var size: Int
    /// What opening had to repair, for the log.
    private(set) var repair: String?
    /// A failed append could not be cut back: the next append cuts first, or fails.
    private var cutPending = false

    init(path: String) throws(SysError) {
        self.path = path
        let created = !FS.exists(path)
        fd = try FD.open(path, O_RDWR | O_APPEND | O_CREAT, mode: 0o600)
        if created { try FS.fsyncDirectory(FS.dirname(path)) }
        size = Int(try fd.stat().st_size)
        if size > 0, try fd.read(at: size - 1, count: 1).first != 0x0A {
            let keep = try endOfLastCompleteLine()
            try fd.truncate(to: keep)
            try fd.fsync()
            repair = "cut \(size - keep) bytes of a torn last line off \(FS.basename(path))"
            size = keep
        }
    }

    deinit { fd.close() }

    /// Appends `line` and a newline; returns the offset it starts at.
    @discardableResult
    func append(_ line: String) throws(SysError) -> Int {
        try append([Array(line.utf8)])[0]
    }

    /// Appends several lines with one write and one fsync (a group commit: the same promise,
    /// every line durable before this returns, at the cost of one flush); returns their offsets.
    /// Not `durable`: no fsync, for a line whose loss costs nothing that matters; the next
    /// durable append flushes it with its own.
    @discardableResult
    func append(_ lines: [[UInt8]], durable: Bool = true) throws(SysError) -> [Int] {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for line in lines {
            offsets.append(size + bytes.count)
            bytes += line
            bytes.append(0x0A)
        }
        if cutPending {
            try fd.truncate(to: size)
            cutPending = false
        }
        do {
            try fd.writeAll(bytes)
            if durable { try fd.fsync() }
        } catch {
            do { try fd.truncate(to: size) } catch { cutPending = true }
            throw error
        }
        size += bytes.count
        return offsets
    }

    /// Calls `body` with each complete line from `offset` on and where it starts.
    func forEachLine(from offset: Int = 0, _ body: (Int, ArraySlice<UInt8>) -> Void) throws(SysError) {
        try fd.forEachLine(from: offset, to: size) { body($0, $1); return true }
    }

    private func endOfLastCompleteLine() throws(SysError) -> Int {
        var end = size
        while end > 0 {
            let start = max(0, end - (1 << 16))
            if let i = try fd.read(at: start, count: end - start).lastIndex(of: 0x0A) { return start + i + 1 }
            end = start
        }
        return 0
    }
}
