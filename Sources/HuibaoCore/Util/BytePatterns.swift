// Byte patterns in decoded or raw text: the one test of "these bytes stand here", shared by the
// HTML reader and the site-furniture filter, which both work on buffers of UTF-8 for speed.

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether `pattern` stands at `i`, wholly inside the buffer.
    @inline(__always)
    func has(_ pattern: some RandomAccessCollection<UInt8>, at i: Int) -> Bool {
        guard i >= 0, i + pattern.count <= count else { return false }
        var k = i
        for p in pattern {
            if self[k] != p { return false }
            k += 1
        }
        return true
    }

    /// The same for a literal (`"<!--"`).
    @inline(__always)
    func has(_ pattern: StaticString, at i: Int) -> Bool {
        has(UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount), at: i)
    }
}
