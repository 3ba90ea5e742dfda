import Glibc

/// Child processes: posix_spawn(3) of a program and its arguments, never a shell, so nothing
/// taken from a report or a config can become a command.
public enum Spawn {
    /// `argv` with `stdin` as fd 0 and `stdout` as fd 1 (nil: /dev/null); fd 2 is inherited.
    /// The signal mask and SIGPIPE's disposition are reset: the daemon blocks SIGTERM, SIGINT
    /// and SIGHUP for its signalfd and ignores SIGPIPE, and a child must inherit neither.
    public static func child(_ argv: [String], environment: [String], stdin: FD, stdout: FD? = nil) throws(SysError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        try sysReturning("posix_spawn_file_actions_init") { posix_spawn_file_actions_init(&actions) }
        defer { posix_spawn_file_actions_destroy(&actions) }
        try sysReturning("posix_spawn_file_actions_adddup2") { posix_spawn_file_actions_adddup2(&actions, stdin.raw, 0) }
        if let stdout {
            try sysReturning("posix_spawn_file_actions_adddup2") { posix_spawn_file_actions_adddup2(&actions, stdout.raw, 1) }
        } else {
            try sysReturning("posix_spawn_file_actions_addopen") { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
        }
        var attributes = posix_spawnattr_t()
        try sysReturning("posix_spawnattr_init") { posix_spawnattr_init(&attributes) }
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        try sysReturning("posix_spawnattr_setsigmask") { posix_spawnattr_setsigmask(&attributes, &empty) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        try sysReturning("posix_spawnattr_setsigdefault") { posix_spawnattr_setsigdefault(&attributes, &defaults) }
        try sysReturning("posix_spawnattr_setflags") { posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) }

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        try sysReturning("posix_spawn \(argv[0])") { posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv) }
        return pid
    }

    /// Waits for `pid`; its exit status, or 128 + the signal that killed it.
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
