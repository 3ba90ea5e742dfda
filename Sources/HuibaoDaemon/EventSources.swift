import CLinux
import Glibc

/// One decoded inotify event.
public struct InotifyEvent: Equatable, Sendable {
    public var wd: Int32
    public var mask: UInt32
    public var cookie: UInt32
    public var name: String

    public var isOverflow: Bool { mask & UInt32(IN_Q_OVERFLOW) != 0 }
    /// The watched directory itself went away (deleted, moved, unmounted) or the watch died.
    public var watchLost: Bool {
        mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED) != 0
    }
}

/// Walks a buffer of `struct inotify_event`s: a fixed header of 16 bytes, then `len` bytes of
/// NUL-padded name. A truncated or inconsistent record ends the walk instead of over-reading.
public func decodeInotifyEvents(_ buffer: UnsafeRawBufferPointer) -> [InotifyEvent] {
    let header = MemoryLayout<inotify_event>.size
    var events: [InotifyEvent] = []
    var offset = 0
    while offset + header <= buffer.count {
        let wd = buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self)
        let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
        let cookie = buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
        let len = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
        guard offset + header + len <= buffer.count else { break }
        let nameBytes = UnsafeRawBufferPointer(rebasing: buffer[(offset + header)..<(offset + header + len)])
        let name = String(decoding: nameBytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        events.append(InotifyEvent(wd: wd, mask: mask, cookie: cookie, name: name))
        offset += header + len
    }
    return events
}

/// The inbox watch. Events are hints: the caller rescans the directory for the truth.
final class InboxWatch {
    let fd: FD
    private(set) var wd: Int32 = -1
    private let buffer: UnsafeMutableRawBufferPointer

    // IN_CREATE too: a hard link or a mkfifo gives nothing else (it only starts the settle clock).
    // IN_DONT_FOLLOW: an inbox replaced by a symlink is not watched (it would lead anywhere).
    static let mask = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK)

    init() throws(SysError) {
        fd = FD(try sys("inotify_init1") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) })
        // Room for many events per read; aligned for inotify_event as read(2) requires.
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: MemoryLayout<inotify_event>.alignment)
    }

    deinit {
        buffer.deallocate()
        fd.close()
    }

    var isWatching: Bool { wd >= 0 }

    func watch(_ path: String) throws(SysError) {
        wd = try sys("inotify_add_watch \(path)") { inotify_add_watch(fd.raw, path, InboxWatch.mask) }
    }

    /// inotify_rm_watch(2); EINVAL means the kernel dropped the watch already (IN_IGNORED).
    func unwatch() {
        if wd >= 0 { _ = try? sys("inotify_rm_watch") { inotify_rm_watch(fd.raw, wd) } }
        wd = -1
    }

    /// Everything queued now; empty when nothing is (EAGAIN ends the reads).
    func drain() -> [InotifyEvent] {
        var all: [InotifyEvent] = []
        while let n = try? fd.readSome(into: buffer), n > 0 {
            all += decodeInotifyEvents(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return all
    }
}

/// SIGTERM, SIGINT and SIGHUP as a readable fd. The signals must be blocked (in every thread)
/// before anything starts a thread: `blockDaemonSignals()` first thing in main.
final class SignalSource {
    let fd: FD

    static var handled: [Int32] { [SIGTERM, SIGINT, SIGHUP] }

    init() throws(SysError) {
        var set = sigset_t()
        sigemptyset(&set)
        for s in SignalSource.handled { sigaddset(&set, s) }
        fd = FD(try sys("signalfd") { signalfd(-1, &set, Int32(SFD_NONBLOCK | SFD_CLOEXEC)) })
    }

    deinit { fd.close() }

    /// The next pending signal, nil when none is (EAGAIN).
    func next() -> Int32? {
        var info = signalfd_siginfo()
        let n = withUnsafeMutableBytes(of: &info) { try? fd.readSome(into: $0) }
        return n == MemoryLayout<signalfd_siginfo>.size ? Int32(info.ssi_signo) : nil
    }
}

/// Before any thread starts: the handled signals blocked (signalfd reads them) and SIGPIPE
/// ignored (a closed pipe is an EPIPE error, not a death). Both fail only on a bad signal number,
/// which these are not.
public func blockDaemonSignals() {
    var set = sigset_t()
    sigemptyset(&set)
    for s in SignalSource.handled { sigaddset(&set, s) }
    _ = try? sysReturning("pthread_sigmask") { pthread_sigmask(SIG_BLOCK, &set, nil) }
    signal(SIGPIPE, SIG_IGN)
}

/// One timerfd armed for the earliest deadline of the loop (watchdog, settle, rescan, retry).
final class Timer {
    let fd: FD

    init() throws(SysError) {
        fd = FD(try sys("timerfd_create") { timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC)) })
    }

    deinit { fd.close() }

    /// Arms the timer for an absolute CLOCK_MONOTONIC time in microseconds (timerfd_settime(2)).
    /// It fails only for a bad fd or value, a bug: a loop without its timer would stall unseen.
    func arm(at micros: UInt64) {
        let at = max(micros, 1)
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(at / 1_000_000)
        spec.it_value.tv_nsec = Int(at % 1_000_000) * 1000
        do { try sys("timerfd_settime") { timerfd_settime(fd.raw, Int32(TFD_TIMER_ABSTIME), &spec, nil) } } catch {
            fatalError("\(error)")
        }
    }

    /// Reads the expiration count; EAGAIN when the timer has not fired is fine.
    func acknowledge() {
        var expirations: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &expirations) { try? fd.readSome(into: $0) }
    }
}

/// A pipe that worker threads write a byte to, so the poll loop wakes for their results.
final class Wakeup: @unchecked Sendable {
    let readEnd: FD
    let writeEnd: FD

    init() throws(SysError) {
        (readEnd, writeEnd) = try FD.pipe(nonBlocking: true)
    }

    deinit {
        readEnd.close()
        writeEnd.close()
    }

    /// A full pipe (EAGAIN) already holds a wake-up: nothing is lost.
    func signal() {
        var byte: UInt8 = 1
        _ = withUnsafeBytes(of: &byte) { try? writeEnd.writeSome($0) }
    }

    func drain() {
        var buf = [UInt8](repeating: 0, count: 256)
        while let n = buf.withUnsafeMutableBytes({ try? readEnd.readSome(into: $0) }), n > 0 {}
    }
}
