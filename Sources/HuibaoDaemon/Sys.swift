import Glibc

// Every syscall of the shell goes through `sys` (or, for the posix_* calls that return their
// error instead of setting errno, `sysReturning`): the two small layers of swift-system are this
// helper and the wrappers in FD.swift and FS.swift, each naming the C call it makes.

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

/// A file that could not be read, as a person is told of it: `path: strerror`.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var errno: Int32

    public init(_ path: String, _ error: SysError) {
        self.path = path
        self.errno = error.errno
    }

    public var description: String { "\(path): \(String(cString: strerror(errno)))" }
}

/// The one retry helper: calls `body` again while it fails with EINTR, and turns -1/errno into
/// a typed error. `close` is never passed here (on Linux its fd is gone even after EINTR).
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

/// For the posix_spawn family, which returns its error number (0 for success) and never EINTR.
func sysReturning(_ call: String, _ body: () -> Int32) throws(SysError) {
    let r = body()
    if r != 0 { throw SysError(r, call) }
}

/// kill(2) with signal 0: whether process `pid` exists (EPERM: it does, but is someone else's).
public func processExists(_ pid: pid_t) -> Bool {
    do throws(SysError) {
        try sys("kill") { kill(pid, 0) }
        return true
    } catch {
        return error.errno == EPERM
    }
}
