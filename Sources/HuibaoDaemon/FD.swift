import CLinux
import Glibc

/// An errno value with the call that produced it, as a typed error.
public struct SysError: Error, CustomStringConvertible, Equatable, Sendable {
    public var errno: Int32
    public var call: String

    public init(_ errno: Int32, _ call: String) {
        self.errno = errno
        self.call = call
    }

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }

    /// Errors worth a retry later: the same call may well succeed once the condition passes.
    public var isTransient: Bool {
        [EAGAIN, EINTR, EIO, ENOSPC, EDQUOT, ENOMEM, EMFILE, ENFILE, EBUSY, ETXTBSY].contains(errno)
    }
}

/// Every syscall goes through here: retry on EINTR, turn -1/errno into a typed error.
@discardableResult
func sys<T: BinaryInteger>(_ call: String, retryOnInterrupt: Bool = true, _ body: () -> T) throws(SysError) -> T {
    while true {
        let r = body()
        if r != -1 { return r }
        let e = Glibc.errno
        if e == EINTR && retryOnInterrupt { continue }
        throw SysError(e, call)
    }
}

/// A file descriptor we own; closed explicitly (close is never retried: on Linux the fd is gone).
public struct FD: Sendable, Equatable {
    public let raw: Int32
    public init(_ raw: Int32) { self.raw = raw }

    public func close() { _ = Glibc.close(raw) }

    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws(SysError) -> FD {
        FD(try sys("open \(path)") { Glibc.open(path, flags | O_CLOEXEC, mode) })
    }

    public static func openAt(_ dir: FD, _ name: String, _ flags: Int32, mode: mode_t = 0o600) throws(SysError) -> FD {
        FD(try sys("open \(name)") { Glibc.openat(dir.raw, name, flags | O_CLOEXEC, mode) })
    }

    public func stat() throws(SysError) -> stat {
        var st = Glibc.stat()
        try sys("fstat") { fstat(raw, &st) }
        return st
    }

    public func fsync() throws(SysError) {
        try sys("fsync") { Glibc.fsync(raw) }
    }

    /// Reads until end of file, refusing more than `limit` bytes.
    public func readAll(limit: Int) throws(SysError) -> [UInt8] {
        // A regular file's size is known: one read into a buffer of that size, no regrowth.
        let size = Int(try stat().st_size)
        var out = size > 0 ? try read(at: 0, count: min(size, limit) + 1) : []
        if out.count > limit { throw SysError(EFBIG, "read") }
        if size > 0 && lseek(raw, off_t(out.count), SEEK_SET) < 0 { throw SysError(errno, "lseek") }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try sys("read") { chunk.withUnsafeMutableBytes { Glibc.read(raw, $0.baseAddress, $0.count) } }
            if n == 0 { return out }
            if out.count + n > limit { throw SysError(EFBIG, "read") }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Up to `count` bytes from `offset` into the start of `buffer`; returns how many (fewer only
    /// at end of file).
    func read(at offset: Int, into buffer: inout [UInt8], count: Int) throws(SysError) -> Int {
        var done = 0
        while done < count {
            let n = try sys("pread") { buffer.withUnsafeMutableBytes { pread(raw, $0.baseAddress! + done, count - done, off_t(offset + done)) } }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Up to `count` bytes from `offset`, looping over short reads (fewer only at end of file).
    public func read(at offset: Int, count: Int) throws(SysError) -> [UInt8] {
        guard count > 0 else { return [] }
        var failure: SysError?
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(raw, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = SysError(errno, "pread")
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if let failure { throw failure }
        return out
    }

    /// Writes all of `bytes`, looping over short writes.
    public func writeAll(_ bytes: [UInt8]) throws(SysError) {
        var done = 0
        while done < bytes.count {
            let n = try sys("write") { bytes.withUnsafeBytes { Glibc.write(raw, $0.baseAddress! + done, $0.count - done) } }
            done += n
        }
    }
}

public enum FS {
    public static func lstat(_ path: String) throws(SysError) -> stat {
        var st = Glibc.stat()
        try sys("lstat \(path)") { Glibc.lstat(path, &st) }
        return st
    }

    public static func exists(_ path: String) -> Bool {
        var st = Glibc.stat()
        return Glibc.lstat(path, &st) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = Glibc.stat()
        return fstatat(AT_FDCWD, path, &st, 0) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func rename(_ from: String, _ to: String) throws(SysError) {
        try sys("rename \(from) -> \(to)") { Glibc.rename(from, to) }
    }

    /// A whole file, refused past `limit` bytes. `extraFlags` such as O_NOFOLLOW|O_NONBLOCK.
    public static func read(_ path: String, limit: Int = .max, extraFlags: Int32 = 0) throws(SysError) -> [UInt8] {
        let fd = try FD.open(path, O_RDONLY | extraFlags)
        defer { fd.close() }
        return try fd.readAll(limit: limit)
    }

    public static func unlink(_ path: String) throws(SysError) {
        try sys("unlink \(path)") { Glibc.unlink(path) }
    }

    /// Creates `path` and its missing parents.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o750) throws(SysError) {
        if isDirectory(path) { return }
        let parent = dirname(path)
        if parent != path && !parent.isEmpty { try makeDirectories(parent, mode: mode) }
        if Glibc.mkdir(path, mode) != 0 && Glibc.errno != EEXIST { throw SysError(Glibc.errno, "mkdir \(path)") }
    }

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

    /// The names in a directory as the bytes they are, without `.` and `..`.
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
            _ = Glibc.unlink(tmp)
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

/// CLOCK_MONOTONIC in microseconds: deadlines and MONOTONIC_USEC for systemd.
public func monotonicMicros() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
}

/// Wall-clock time as ISO 8601 UTC, for reason files and status.
public func isoTimestamp() -> String {
    var t = time(nil)
    var tmv = tm()
    gmtime_r(&t, &tmv)
    var buf = [CChar](repeating: 0, count: 32)
    strftime(&buf, buf.count, "%Y-%m-%dT%H:%M:%SZ", &tmv)
    return buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// Writes straight to fd 2 (Swift 6 rejects the global `stderr` as not concurrency-safe).
public func writeStderr(_ s: String) {
    var s = s
    s.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress, buf.count) }
}

extension FD {
    /// Calls `body` with the bytes between `offset` and `end` in pieces of about 32 MiB that
    /// end at a line end, and where each starts: a file of gigabytes is never held whole. A
    /// last part without a newline is not a line yet and is left out. `body` returns false to stop.
    func forEachPiece(from offset: Int, to end: Int, _ body: (Int, ArraySlice<UInt8>) -> Bool) throws(SysError) {
        var at = offset
        var pieceSize = 32 << 20
        // One buffer for all pieces: fresh memory for each would be paged in again and again.
        var buffer = [UInt8](repeating: 0, count: min(pieceSize, max(0, end - offset)))
        while at < end {
            let want = min(pieceSize, end - at)
            if buffer.count < want { buffer = [UInt8](repeating: 0, count: want) }
            let count = try read(at: at, into: &buffer, count: want)
            guard count > 0 else { return }
            let piece = buffer[..<count]
            guard let lastNewline = piece.withUnsafeBufferPointer({ buf in
                memrchr(buf.baseAddress!, 0x0A, buf.count).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - buf.baseAddress! }
            }) else {
                if piece.count == end - at { return } // no newline up to the end: not a line yet
                pieceSize *= 2 // one line longer than a piece
                continue
            }
            guard body(at, piece[...lastNewline]) else { return }
            at += lastNewline + 1
        }
    }

    /// Calls `body` with each complete line between `offset` and `end` (without its newline)
    /// and where it starts. `body` returns false to stop.
    func forEachLine(from offset: Int, to end: Int, _ body: (Int, ArraySlice<UInt8>) -> Bool) throws(SysError) {
        try forEachPiece(from: offset, to: end) { at, piece in
            for line in piece.lineRanges() where !body(at + line.lowerBound - piece.startIndex, piece[line]) { return false }
            return true
        }
    }
}

extension Array where Element == UInt8 {
    /// The ranges of the complete lines (without their newlines).
    func lineRanges() -> [Range<Int>] { self[...].lineRanges() }
}

extension ArraySlice where Element == UInt8 {
    /// The ranges (indices of this slice) of the complete lines, without their newlines, found
    /// with memchr: a store of gigabytes is split at memory speed, not a byte at a time.
    func lineRanges() -> [Range<Int>] {
        withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return [] }
            var out: [Range<Int>] = []
            var start = 0
            while start < buf.count, let nl = memchr(base + start, 0x0A, buf.count - start) {
                let end = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - base
                out.append(startIndex + start..<startIndex + end)
                start = end + 1
            }
            return out
        }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Where `needle` first occurs at or after `from`: memchr (vectorised) for its second byte,
    /// in CJK text a continuation byte and so rarer than a lead byte, then a compare. glibc's
    /// memmem reads a byte at a time.
    func firstIndex(of needle: [UInt8], from: Int = 0) -> Int? {
        guard let base = baseAddress, !needle.isEmpty else { return needle.isEmpty ? from : nil }
        let k = needle.count > 1 ? 1 : 0
        var i = from + k
        while i < count, let p = memchr(base + i, Int32(needle[k]), count - i) {
            let at = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - base - k
            if at + needle.count <= count && needle.withUnsafeBytes({ memcmp(base + at, $0.baseAddress!, needle.count) }) == 0 {
                return at
            }
            i = at + k + 1
        }
        return nil
    }
}

extension ArraySlice where Element == UInt8 {
    /// Where `needle` first occurs (an index of this slice).
    func firstIndex(of needle: [UInt8]) -> Int? {
        withUnsafeBufferPointer { $0.firstIndex(of: needle) }.map { startIndex + $0 }
    }
}
