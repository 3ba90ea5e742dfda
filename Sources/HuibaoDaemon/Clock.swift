import Glibc

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
