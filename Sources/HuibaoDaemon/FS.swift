import CLinux
import Glibc

/// Paths: each function one C call through `sys` (or a few, said in its comment).
public enum FS {
    /// lstat(2).
    public static func lstat(_ path: String) throws(SysError) -> stat {
        var st = Glibc.stat()
        try sys("lstat \(path)") { Glibc.lstat(path, &st) }
        return st
    }

    /// stat(2), following links.
    public static func stat(_ path: String) throws(SysError) -> stat {
        var st = Glibc.stat()
        try sys("stat \(path)") { fstatat(AT_FDCWD, path, &st, 0) }
        return st
    }

    /// Whether `path` names anything (lstat(2): a dangling link exists).
    public static func exists(_ path: String) -> Bool {
        (try? lstat(path)) != nil
    }

    /// Whether `path` is a directory or a link to one (stat(2)).
    public static func isDirectory(_ path: String) -> Bool {
        (try? stat(path)).map { ($0.st_mode & S_IFMT) == S_IFDIR } ?? false
    }

    /// rename(2).
    public static func rename(_ from: String, _ to: String) throws(SysError) {
        try sys("rename \(from) -> \(to)") { Glibc.rename(from, to) }
    }

    /// rename(2) from a path given as bytes (a name that is not UTF-8 has no String).
    static func rename(bytes from: [UInt8], to: String) throws(SysError) {
        let from = from + [0]
        try sys("rename") {
            from.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { Glibc.rename($0.baseAddress!, to) } }
        }
    }

    /// statfs(2): the filesystem `path` is on.
    static func filesystem(_ path: String) throws(SysError) -> statfs {
        var st = statfs()
        try sys("statfs \(path)") { statfs(path, &st) }
        return st
    }

    /// A whole file, refused past `limit` bytes (EFBIG). A report is read by `ReportFile`.
    public static func read(_ path: String, limit: Int = .max) throws(SysError) -> [UInt8] {
        let fd = try FD.open(path, O_RDONLY)
        defer { fd.close() }
        return try fd.readAll(limit: limit)
    }

    /// unlink(2).
    public static func unlink(_ path: String) throws(SysError) {
        try sys("unlink \(path)") { Glibc.unlink(path) }
    }

    /// Creates `path` and its missing parents (mkdir(2) each; one made meanwhile is fine).
    public static func makeDirectories(_ path: String, mode: mode_t = 0o750) throws(SysError) {
        if isDirectory(path) { return }
        let parent = dirname(path)
        if parent != path && !parent.isEmpty { try makeDirectories(parent, mode: mode) }
        do { try sys("mkdir \(path)") { Glibc.mkdir(path, mode) } } catch where error.errno == EEXIST {}
    }

    /// open(2) and fsync(2) of a directory: makes its entries durable.
    public static func fsyncDirectory(_ path: String) throws(SysError) {
        let fd = try FD.open(path, O_RDONLY | O_DIRECTORY)
        defer { fd.close() }
        try fd.fsync()
    }

    /// The names in a directory, without `.` and `..`. A name that is not UTF-8 comes out
    /// repaired (U+FFFD) and so cannot be opened by it: `listBytes` gives it as it is.
    public static func list(_ path: String) throws(SysError) -> [String] {
        try listBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The names in a directory as the bytes they are, without `.` and `..` (opendir(3),
    /// readdir(3), which give NULL rather than -1).
    public static func listBytes(_ path: String) throws(SysError) -> [[UInt8]] {
        guard let dir = opendir(path) else { throw SysError(Glibc.errno, "opendir \(path)") }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        return names
    }

    /// Writes a small file whole and durably: temp file, fsync, rename.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o640) throws(SysError) {
        let tmp = path + ".tmp"
        let fd = try FD.open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        do {
            try fd.writeAll(bytes)
            try fd.fsync()
        } catch {
            fd.close()
            try? unlink(tmp) // the error worth telling is the one above
            throw error
        }
        fd.close()
        try rename(tmp, path)
    }

    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard getcwd(&buf, buf.count) != nil else { return path }
        let cwd = buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var rel = Substring(path)
        while rel.hasPrefix("./") { rel = rel.dropFirst(2) }
        return rel.isEmpty || rel == "." ? cwd : cwd + "/" + rel
    }
}

