import CSystemd

/// sd_notify: a no-op without $NOTIFY_SOCKET.
public enum Notify {
    public static func send(_ state: String) {
        _ = sd_notify(0, state)
    }

    public static func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    public static func status(_ status: String) { send("STATUS=\(status)") }
    public static func watchdog() { send("WATCHDOG=1") }
    public static func stopping() { send("STOPPING=1\nSTATUS=stopping") }
    public static func reloading() { send("RELOADING=1\nMONOTONIC_USEC=\(monotonicMicros())\nSTATUS=reloading") }

    /// The watchdog interval systemd expects pings at, if it is on for us.
    public static func watchdogInterval() -> UInt64? {
        var usec: UInt64 = 0
        return sd_watchdog_enabled(0, &usec) > 0 && usec > 0 ? usec : nil
    }
}
