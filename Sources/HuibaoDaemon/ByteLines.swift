import CLinux
import Glibc

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
    public func lineRanges() -> [Range<Int>] { self[...].lineRanges() }
}

extension ArraySlice where Element == UInt8 {
    /// The ranges (indices of this slice) of the complete lines, without their newlines, found
    /// with memchr: a store of gigabytes is split at memory speed, not a byte at a time.
    public func lineRanges() -> [Range<Int>] {
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
