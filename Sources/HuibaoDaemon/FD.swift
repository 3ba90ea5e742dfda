import CLinux
import Glibc

/// A file descriptor we own; closed explicitly. Each method is one C call through `sys`.
public struct FD: Sendable, Equatable {
    public let raw: Int32
    public init(_ raw: Int32) { self.raw = raw }

    /// close(2), never retried: on Linux the fd is gone even when it reports EINTR.
    public func close() { _ = Glibc.close(raw) }

    /// open(2), always with O_CLOEXEC.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws(SysError) -> FD {
        FD(try sys("open \(path)") { Glibc.open(path, flags | O_CLOEXEC, mode) })
    }

    /// openat(2), always with O_CLOEXEC.
    public static func openAt(_ dir: FD, _ name: String, _ flags: Int32, mode: mode_t = 0o600) throws(SysError) -> FD {
        FD(try sys("open \(name)") { Glibc.openat(dir.raw, name, flags | O_CLOEXEC, mode) })
    }

    /// pipe(2), both ends close-on-exec (fcntl F_SETFD); `nonBlocking` sets O_NONBLOCK on both.
    /// poll(2) over `fds`, waiting at most `timeout` ms (-1: until one is ready); how many are.
    /// An interrupted wait returns 0, so the loop looks at its descriptors and waits again.
    static func poll(_ fds: inout [pollfd], timeout: Int32) throws(SysError) -> Int {
        do {
            return Int(try sys("poll", retryOnInterrupt: false) { Glibc.poll(&fds, nfds_t(fds.count), timeout) })
        } catch where error.errno == EINTR {
            return 0
        }
    }

    static func pipe(nonBlocking: Bool = false) throws(SysError) -> (read: FD, write: FD) {
        var fds: [Int32] = [0, 0]
        try sys("pipe") { Glibc.pipe(&fds) }
        let ends = (FD(fds[0]), FD(fds[1]))
        do {
            for end in [ends.0, ends.1] {
                try end.setCloseOnExec()
                if nonBlocking { try end.setNonBlocking() }
            }
        } catch {
            ends.0.close()
            ends.1.close()
            throw error
        }
        return ends
    }

    /// fcntl(2) F_SETFD FD_CLOEXEC.
    func setCloseOnExec() throws(SysError) {
        try sys("fcntl F_SETFD") { fcntl(raw, F_SETFD, FD_CLOEXEC) }
    }

    /// fcntl(2) F_GETFL, then F_SETFL with O_NONBLOCK added.
    func setNonBlocking() throws(SysError) {
        let flags = try sys("fcntl F_GETFL") { fcntl(raw, F_GETFL) }
        try sys("fcntl F_SETFL") { fcntl(raw, F_SETFL, flags | O_NONBLOCK) }
    }

    /// fstat(2).
    public func stat() throws(SysError) -> stat {
        var st = Glibc.stat()
        try sys("fstat") { fstat(raw, &st) }
        return st
    }

    /// fsync(2).
    public func fsync() throws(SysError) {
        try sys("fsync") { Glibc.fsync(raw) }
    }

    /// ftruncate(2): cuts the file to `size` bytes.
    func truncate(to size: Int) throws(SysError) {
        try sys("ftruncate") { ftruncate(raw, off_t(size)) }
    }

    /// lseek(2) to `offset` from the start.
    func seek(to offset: Int) throws(SysError) {
        try sys("lseek") { lseek(raw, off_t(offset), SEEK_SET) }
    }

    /// read(2) once into `buffer`: how many bytes came (0 at end of file). On a non-blocking
    /// fd with nothing to read this throws EAGAIN.
    func readSome(into buffer: UnsafeMutableRawBufferPointer) throws(SysError) -> Int {
        try sys("read") { Glibc.read(raw, buffer.baseAddress, buffer.count) }
    }

    /// write(2) once: how many bytes went (a pipe or a non-blocking fd may take fewer).
    func writeSome(_ bytes: UnsafeRawBufferPointer) throws(SysError) -> Int {
        try sys("write") { Glibc.write(raw, bytes.baseAddress, bytes.count) }
    }

    /// pread(2) into `buffer` from `offset`, looping over short reads: how many bytes came
    /// (fewer than the buffer holds only at end of file).
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(SysError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = try sys("pread") { pread(raw, base + done, buffer.count - done, off_t(offset + done)) }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Up to `count` bytes from `offset` into the start of `buffer`, which must hold them;
    /// returns how many (fewer only at end of file).
    func read(at offset: Int, into buffer: inout [UInt8], count: Int) throws(SysError) -> Int {
        precondition(count >= 0 && count <= buffer.count, "read of \(count) bytes into a buffer of \(buffer.count)")
        return try buffer.withUnsafeMutableBytes { all in
            Result { () throws(SysError) in try read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: all[0..<count])) }
        }.get()
    }

    /// Up to `count` bytes from `offset` (fewer only at end of file).
    public func read(at offset: Int, count: Int) throws(SysError) -> [UInt8] {
        guard count > 0 else { return [] }
        var failure: SysError?
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(SysError) { initialized = try read(at: offset, into: UnsafeMutableRawBufferPointer(buffer)) } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return out
    }

    /// The line of `length` bytes at `offset` (a span the store recorded), without its newline.
    func line(at offset: Int, length: Int) throws(SysError) -> [UInt8] {
        let bytes = try read(at: offset, count: length)
        return bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes
    }

    /// Reads until end of file, refusing more than `limit` bytes.
    public func readAll(limit: Int) throws(SysError) -> [UInt8] {
        // A regular file's size is known: one read into a buffer of that size, no regrowth.
        let size = Int(try stat().st_size)
        var out = size > 0 ? try read(at: 0, count: min(size, limit) + 1) : []
        if out.count > limit { throw SysError(EFBIG, "read") }
        if size > 0 { try seek(to: out.count) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { b in Result { () throws(SysError) in try readSome(into: b) } }.get()
            if n == 0 { return out }
            if out.count + n > limit { throw SysError(EFBIG, "read") }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Writes all of `bytes`, looping over short writes.
    public func writeAll(_ bytes: [UInt8]) throws(SysError) {
        try bytes.withUnsafeBytes { all in
            Result { () throws(SysError) in
                var done = 0
                while done < all.count { done += try writeSome(UnsafeRawBufferPointer(rebasing: all[done...])) }
            }
        }.get()
    }

    /// mmap(2) of the first `size` bytes, read-only and shared.
    func mapReadOnly(size: Int) throws(SysError) -> UnsafeBufferPointer<UInt8> {
        guard let map = mmap(nil, size, PROT_READ, MAP_SHARED, raw, 0), map != MAP_FAILED else { throw SysError(Glibc.errno, "mmap") }
        return UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self), count: size)
    }
}

/// Writes straight to fd 2 (Swift 6 rejects the global `stderr` as not concurrency-safe). A
/// failure has nowhere to be told.
public func writeStderr(_ s: String) {
    try? FD(2).writeAll(Array(s.utf8))
}
