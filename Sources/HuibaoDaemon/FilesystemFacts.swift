import CLinux
import Glibc

/// Facts about the inbox's filesystem that change how much inotify can be trusted.
enum FilesystemFacts {
    /// NFS, CIFS/SMB and other network filesystems: inotify sees only local writers.
    static func remoteKind(_ path: String) -> String? {
        guard let st = try? FS.filesystem(path) else { return nil }
        switch UInt(bitPattern: Int(st.f_type)) {
        case 0x6969: return "NFS"
        case 0xFF534D42: return "CIFS"
        case 0xFE534D42: return "SMB2"
        case 0x517B: return "SMB"
        case 0x65735546: return "FUSE"
        case 0x564C: return "NCP"
        case 0x7461636f: return "OCFS2"
        default: return nil
        }
    }

    static func maxQueuedEvents() -> Int? {
        guard let bytes = try? FS.read("/proc/sys/fs/inotify/max_queued_events", limit: 32), !bytes.isEmpty else { return nil }
        return Int(String(decoding: bytes, as: UTF8.self).trimmingLineEnd())
    }
}

extension String {
    /// Without the line ends and blanks a file's last line leaves (a /proc value, a status file).
    public func trimmingLineEnd() -> String {
        var s = self
        while s.last == "\n" || s.last == " " { s.removeLast() }
        return s
    }
}
