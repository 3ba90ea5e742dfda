import Glibc

/// A file mapped read-only for as long as its owner lives.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Nil when `path` does not exist.
    init?(_ path: String) throws(SysError) {
        let fd: FD
        do { fd = try FD.open(path, O_RDONLY) } catch where error.errno == ENOENT { return nil }
        defer { fd.close() }
        let size = Int(try fd.stat().st_size)
        bytes = size > 0 ? try fd.mapReadOnly(size: size) : UnsafeBufferPointer(start: nil, count: 0)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
