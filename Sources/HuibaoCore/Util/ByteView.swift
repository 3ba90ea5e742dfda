import Glibc

// The one home of the core's unsafe reads of bytes. The scanners (decoding, HTML, normalising,
// site furniture, hashing, JSON escaping) read UTF-8 and raw bytes through raw pointers for
// speed; here that is done once, behind bounds the view itself checks.
//
// A view is made only by `withByteView`, for the length of its closure, over storage that
// outlives the closure; it must not be stored or returned from it. Every read is checked:
// the subscript traps outside 0..<count, and the operations that read several bytes (a
// pattern, a word, a copy, a sub-view) check their whole range once and then read unchecked.

struct ByteView {
    /// Valid only inside the `withByteView` closure that made the view.
    private let buffer: UnsafeBufferPointer<UInt8>

    fileprivate init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    var count: Int { buffer.count }

    var isEmpty: Bool { buffer.isEmpty }

    @inline(__always)
    subscript(i: Int) -> UInt8 {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: buffer.count), "ByteView index out of range")
        return unchecked(i)
    }

    /// The bytes of `range` as a view of their own, indexed from 0.
    @inline(__always)
    subscript(rebasing range: Range<Int>) -> ByteView {
        precondition(range.lowerBound >= 0 && range.upperBound <= buffer.count, "ByteView range out of bounds")
        return ByteView(UnsafeBufferPointer(rebasing: buffer[range]))
    }

    /// The first `n` bytes (`n` at most `count`).
    @inline(__always)
    func prefix(_ n: Int) -> ByteView { self[rebasing: 0..<n] }

    /// Only after the caller here has checked `i` against `count`.
    @inline(__always)
    private func unchecked(_ i: Int) -> UInt8 { buffer.baseAddress.unsafelyUnwrapped[i] }

    // MARK: Patterns

    /// Whether `pattern` stands at `i`, wholly inside the view.
    @inline(__always)
    func has(_ pattern: some RandomAccessCollection<UInt8>, at i: Int) -> Bool {
        guard i >= 0, i <= buffer.count - pattern.count else { return false }
        var k = i
        for p in pattern {
            if unchecked(k) != p { return false }
            k += 1
        }
        return true
    }

    /// The same for a literal (`"<!--"`).
    @inline(__always)
    func has(_ pattern: StaticString, at i: Int) -> Bool {
        has(UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount), at: i)
    }

    /// Whether `pattern`, which is lower case, stands at `i` with ASCII letters in any case.
    @inline(__always)
    func hasIgnoringCase(_ pattern: some RandomAccessCollection<UInt8>, at i: Int) -> Bool {
        guard i >= 0, i <= buffer.count - pattern.count else { return false }
        var k = i
        for p in pattern {
            let b = unchecked(k)
            if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != p { return false }
            k += 1
        }
        return true
    }

    /// The same for a literal (`"<html"`).
    @inline(__always)
    func hasIgnoringCase(_ pattern: StaticString, at i: Int) -> Bool {
        hasIgnoringCase(UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount), at: i)
    }

    /// The first index of `byte` in `range` (clamped to the view), found by memchr.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        let lower = max(range.lowerBound, 0), upper = min(range.upperBound, buffer.count)
        guard lower < upper, let base = buffer.baseAddress,
              let found = memchr(base + lower, Int32(byte), upper - lower) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    // MARK: Scalars

    /// The value and length of the UTF-8 sequence starting at `i` (by its lead byte alone: for
    /// valid UTF-8), or nil when `i` is at the end or the sequence is cut short by it.
    @inline(__always)
    func scalarValue(at i: Int) -> (value: UInt32, length: Int)? {
        guard i >= 0, i < buffer.count else { return nil }
        let b0 = UInt32(unchecked(i))
        if b0 < 0x80 { return (b0, 1) }
        let length = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4
        guard length <= buffer.count - i else { return nil }
        return (scalarValue(at: i, length: length), length)
    }

    /// The value of the `length`-byte UTF-8 sequence (2 to 4) at `i`.
    @inline(__always)
    func scalarValue(at i: Int, length: Int) -> UInt32 {
        precondition(i >= 0 && length <= buffer.count - i, "ByteView scalar out of range")
        let b = UInt32(unchecked(i))
        switch length {
        case 2: return (b & 0x1F) << 6 | UInt32(unchecked(i + 1) & 0x3F)
        case 3: return (b & 0x0F) << 12 | UInt32(unchecked(i + 1) & 0x3F) << 6 | UInt32(unchecked(i + 2) & 0x3F)
        default:
            return (b & 0x07) << 18 | UInt32(unchecked(i + 1) & 0x3F) << 12
                | UInt32(unchecked(i + 2) & 0x3F) << 6 | UInt32(unchecked(i + 3) & 0x3F)
        }
    }

    // MARK: Words

    /// The eight bytes at `i` as a little-endian word (the first byte lowest).
    @inline(__always)
    func word64(at i: Int) -> UInt64 {
        precondition(i >= 0 && i <= buffer.count - 8, "ByteView word out of range")
        return UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress.unsafelyUnwrapped).loadUnaligned(fromByteOffset: i, as: UInt64.self))
    }

    /// The `n` four-byte words from `i` as big-endian values into `words`, which has room for `n`
    /// (a hasher's own schedule, whose bounds vouch for the room).
    @inline(__always)
    func loadBigEndianWords32(at i: Int, _ n: Int, into words: UnsafeMutablePointer<UInt32>) {
        precondition(i >= 0 && n >= 0 && n * 4 <= buffer.count - i, "ByteView words out of range")
        let raw = UnsafeRawPointer(buffer.baseAddress.unsafelyUnwrapped) + i
        for k in 0..<n { words[k] = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: k &* 4, as: UInt32.self)) }
    }

    /// The address of the first byte of `range`, which must be non-empty and inside the view
    /// (checked here), for a C routine that reads those bytes and no others, within `body`
    /// only: SHA-256's accelerated blocks.
    @inline(__always)
    func withUnsafeStart<R>(of range: Range<Int>, _ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        precondition(range.lowerBound >= 0 && range.lowerBound < range.upperBound && range.upperBound <= buffer.count,
                     "ByteView range out of bounds")
        return try body(buffer.baseAddress.unsafelyUnwrapped + range.lowerBound)
    }

    // MARK: Copies

    /// Appends the bytes of `range` to `out`.
    @inline(__always)
    func append(_ range: Range<Int>, to out: inout [UInt8]) {
        out.append(contentsOf: self[rebasing: range].buffer)
    }

    /// The view's bytes as an array.
    var array: [UInt8] { Array(buffer) }

    /// The view's bytes as a String, bad UTF-8 repaired.
    var string: String { String(decoding: buffer, as: UTF8.self) }

    /// Copies the view's bytes to `destination`, which has room for `count` bytes: for a
    /// writer that owns its storage (JSONWriter), whose own bounds vouch for the room.
    @inline(__always)
    func copy(to destination: UnsafeMutablePointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        destination.initialize(from: base, count: buffer.count)
    }

    // MARK: iconv

    /// The view's bytes converted by `cd` (opened to UTF-8; a pure conversion, no state kept).
    func converted(by cd: iconv_t) -> Result<[UInt8], ByteDecoding.IconvFailure> {
        // GB18030 and Big5 grow by at most 3/2 into UTF-8; E2BIG still handled below.
        var out = [UInt8](repeating: 0, count: count + count / 2 + 16)
        var written = 0
        let total = count
        // iconv's prototype takes `char **` but never writes through the input.
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self))
        var inLeft = total
        while inLeft > 0 {
            // Unsafe because iconv writes through a pointer: it writes at most `outLeft` bytes,
            // the room left in `out` after `written`.
            let status: Int32 = out.withUnsafeMutableBytes { outRaw in
                var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress.unsafelyUnwrapped.advanced(by: written).assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count - written
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                written = outRaw.count - outLeft
                return r == -1 ? errno : 0
            }
            switch status {
            case 0: continue
            case E2BIG: out.append(contentsOf: repeatElement(0, count: out.count / 2 + 16))
            case EINVAL: return .failure(.truncated(total - inLeft))
            default: return .failure(.illegal(total - inLeft))
            }
        }
        out.removeSubrange(written...)
        return .success(out)
    }
}

extension String {
    /// Runs `body` with a view of the string's UTF-8 (made contiguous first if it is not).
    @inline(__always)
    mutating func withByteView<R>(_ body: (ByteView) throws -> R) rethrows -> R {
        try withUTF8 { try body(ByteView($0)) }
    }
}

extension Sequence<UInt8> {
    /// Runs `body` with a view of these bytes: in place when they are contiguous (an array,
    /// a slice of one, a native String's UTF-8), else over a copy.
    @inline(__always)
    func withByteView<R>(_ body: (ByteView) throws -> R) rethrows -> R {
        if let result = try withContiguousStorageIfAvailable({ try body(ByteView($0)) }) { return result }
        return try Array(self).withUnsafeBufferPointer { try body(ByteView($0)) }
    }
}
