import Glibc
import HuibaoCore

/// A report file read as the daemon takes one: a regular file (a link is never followed), no
/// larger than the limit, unchanged while it was read. The daemon's claimed files, its
/// reprocessing and `huibao parse` all read through here.
public enum ReportFile {
    public enum Reading: Sendable {
        case bytes([UInt8])
        /// Never worth another try.
        case refused(Refusal)
        /// May work later: I/O error, out of memory or descriptors.
        case transient(SysError)
        /// The file changed while it was read: a writer is still at it.
        case changed
    }

    public enum Refusal: Error, CustomStringConvertible, Sendable {
        /// What it is instead (a symbolic link, a FIFO…).
        case notRegular(String)
        /// Its size when it was known before reading.
        case tooLarge(size: Int?, limit: Int)
        case unreadable(SysError)

        /// As the daemon's reason files say it.
        public var description: String {
            switch self {
            case .notRegular(let what): what
            case .tooLarge(let size?, let limit): "too large: \(size) bytes, over MaxFileSize=\(limit)"
            case .tooLarge(nil, let limit): "too large: over MaxFileSize=\(limit)"
            case .unreadable(let e) where e.errno == EACCES || e.errno == EPERM: "no permission to read it (\(e))"
            case .unreadable(let e): "\(e)"
            }
        }
    }

    public static func read(_ path: String, limit: Int) -> Reading {
        let before: stat
        do { before = try FS.lstat(path) } catch { return error.isTransient ? .transient(error) : .refused(.unreadable(error)) }
        switch before.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: return .refused(.notRegular("a symbolic link, not a regular file (links are never followed)"))
        case S_IFIFO: return .refused(.notRegular("a FIFO, not a regular file"))
        case S_IFSOCK: return .refused(.notRegular("a socket, not a regular file"))
        case S_IFCHR, S_IFBLK: return .refused(.notRegular("a device node, not a regular file"))
        case S_IFDIR: return .refused(.notRegular("a directory, not a regular file"))
        default: return .refused(.notRegular("not a regular file"))
        }
        if Int(before.st_size) > limit { return .refused(.tooLarge(size: Int(before.st_size), limit: limit)) }
        let fd: FD
        do {
            fd = try FD.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        } catch {
            if error.errno == EACCES || error.errno == EPERM { return .refused(.unreadable(error)) }
            if error.errno == ELOOP { return .refused(.notRegular("a symbolic link, not a regular file")) }
            return error.isTransient ? .transient(error) : .refused(.unreadable(error))
        }
        defer { fd.close() }
        do {
            let opened = try fd.stat()
            guard opened.st_ino == before.st_ino, (opened.st_mode & S_IFMT) == S_IFREG else { return .changed }
            let bytes = try fd.readAll(limit: limit)
            let after = try fd.stat()
            if after.st_size != opened.st_size || after.st_mtim.tv_sec != opened.st_mtim.tv_sec
                || after.st_mtim.tv_nsec != opened.st_mtim.tv_nsec || bytes.count != Int(after.st_size) {
                return .changed
            }
            return .bytes(bytes)
        } catch {
            if error.errno == EFBIG { return .refused(.tooLarge(size: nil, limit: limit)) }
            if error.errno == EACCES || error.errno == EPERM { return .refused(.unreadable(error)) }
            return .transient(error)
        }
    }
}

/// What reading and parsing one claimed file came to.
enum Outcome: Sendable {
    case parsed(Record, line: [UInt8], index: StoreIndex.Entry)
    /// Never worth another try: not a regular file, too big, not decodable, no permission.
    case rejected(reason: String, sha256: String?)
    /// May work later: I/O error, out of memory or descriptors.
    case transient(SysError)
    /// The file changed while it was read: a writer is still at it.
    case changed
}

/// Reads and parses one file in `work/`. Runs on a worker thread: no shared state.
func processClaimed(path: String, name: String, maxFileSize: Int, catalogue: IndicatorCatalogue) -> Outcome {
    let bytes: [UInt8]
    switch ReportFile.read(path, limit: maxFileSize) {
    case .bytes(let read): bytes = read
    case .refused(let refusal): return .rejected(reason: refusal.description, sha256: nil)
    case .transient(let error): return .transient(error)
    case .changed: return .changed
    }
    do {
        let record = try ReportParser.parse(bytes: bytes, fileName: name, catalogue: catalogue)
        return .parsed(record, line: record.jsonBytes(), index: StoreIndex.Entry(record))
    } catch {
        return .rejected(reason: "cannot decode: \(error)", sha256: SHA256.hex(bytes))
    }
}
