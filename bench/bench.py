#!/usr/bin/env python3
"""The benchmark suite of issue 6 (`make bench`; `make bench QUICK=1` for a short smoke run).

Measures, never asserts: prints a table of each figure against its target and writes
bench/results.json. Workloads are generated at run time from the sample reports
(../shared/corpus/*.txt and Tests/Fixtures/heldout*/) under .build-bench/work/ and removed after.

    python3 bench/bench.py [--quick] [--bin .build-bench/swift/release] [--only parse,latency,...]

Benchmarks: parse (in memory, huibao-bench), jionlp (side by side), backlog (+ memory), latency,
outside (latency seen by a client: `make run`'s daemon), idle (CPU), store (100,000 records) +
query + startup. Daemon runs use the release huibaod with --allow-root, a generated config, a
NOTIFY_SOCKET owned here and a private journald in a mount namespace (as
Tests/HuibaoDaemonTests/Harness.swift does); `outside` runs it as `make run` does instead.
"""
import argparse
import ctypes
import datetime
import hashlib
import json
import multiprocessing
import os
import platform
import re
import resource
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import workload  # noqa: E402

SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
SAMPLE_DIRS = [os.path.join(SHARED, "corpus"), os.path.join(ROOT, "Tests/Fixtures/heldout"),
               os.path.join(ROOT, "Tests/Fixtures/heldout2")]
ALERT_FIRING = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7090"
DAEMON_STARTED = "4d0c6a6b1f8e4e0f9a2b3c4d5e6f7081"
JIONLP_VERSION = "1.5.31"
SLOW_RUN_S = 30  # a query or start-up slower than this is measured once, not repeated (keeps make bench bounded)
JOURNALD_CONF = ("[Journal]\nStorage=volatile\nReadKMsg=no\nAudit=no\nForwardToSyslog=no\n"
                 "ForwardToWall=no\nRateLimitBurst=0\n")


def now():
    return time.monotonic()


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def fig(values):
    """median with min and max over runs."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def percentile(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def shipped_rules():
    """The [Rule ...] sections of Config/huibao.conf (the realistic rule set)."""
    text = open(os.path.join(ROOT, "Config/huibao.conf"), encoding="utf-8").read()
    i = text.find("\n[Rule ")
    return text[i + 1:] if i >= 0 else ""


# ---------------------------------------------------------------- machine

def machine_info(bin_dir):
    cpu = None
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def git(*a):
        try:
            return subprocess.run(["git", "-C", ROOT, *a], capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift")
    try:
        swift = subprocess.run(["swift", "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        swift = None
    mem = None
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        load = open("/proc/loadavg").read().split()[:3]
    except OSError:
        load = None
    return {"loadavg_at_start": load, "nproc": os.cpu_count(), "cpu_model": cpu, "kernel": platform.release(), "memory_bytes": mem,
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "git_commit": git("rev-parse", "HEAD"),
            "git_sources_modified": bool(dirty), "swift": swift, "binaries": bin_dir}


def binary_id(path):
    """Which build was measured: the binary's SHA-256 (first 16 hex digits) and its mtime."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return {"sha256": h.hexdigest()[:16],
            "mtime": datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.timezone.utc).isoformat(timespec="seconds")}


# ---------------------------------------------------------------- process facts

def proc_status(pid):
    out = {}
    try:
        for line in open(f"/proc/{pid}/status"):
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS"):
                out[k] = int(v.split()[0]) * 1024
    except OSError:
        pass
    return out


def cpu_ns(pid):
    """CPU time of all threads of pid in ns (schedstat: exact, unlike the 10 ms ticks of stat)."""
    total = 0
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                total += int(open(f"/proc/{pid}/task/{t}/schedstat").read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
    except OSError:
        return None
    return total


def cpu_ticks_s(pid):
    """utime + stime from /proc/PID/stat, in seconds (10 ms resolution)."""
    try:
        s = open(f"/proc/{pid}/stat").read()
        f = s[s.rindex(")") + 2:].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


# ---------------------------------------------------------------- inotify (ctypes; stdlib has none)

_libc = ctypes.CDLL(None, use_errno=True)
IN_MODIFY, IN_MOVED_TO, IN_CREATE = 0x2, 0x80, 0x100


class Inotify:
    def __init__(self):
        self.fd = _libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.wds = {}

    def watch(self, path, mask):
        wd = _libc.inotify_add_watch(self.fd, path.encode(), mask)
        if wd < 0:
            raise OSError(ctypes.get_errno(), "inotify_add_watch " + path)
        self.wds[wd] = path

    def read(self, timeout):
        """[(dir, name)] of the events that arrive within timeout seconds."""
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return []
        try:
            buf = os.read(self.fd, 65536)
        except BlockingIOError:
            return []
        out, i = [], 0
        while i + 16 <= len(buf):
            wd, mask, cookie, n = struct.unpack_from("iIII", buf, i)
            name = buf[i + 16:i + 16 + n].rstrip(b"\0").decode(errors="replace")
            out.append((self.wds.get(wd), name))
            i += 16 + n
        return out

    def close(self):
        os.close(self.fd)


class StoreWatcher(threading.Thread):
    """Follows reports.jsonl (and processed/) with inotify: the time each record line appears
    (by sha256, when track is set) and the number of complete lines."""

    SHA = re.compile(rb'"sha256":"([0-9a-f]{64})"')

    def __init__(self, state, processed=None, track=False):
        super().__init__(daemon=True)
        self.path = os.path.join(state, "reports.jsonl")
        self.processed = processed
        self.track = track
        self.lines = 0
        self.line_time = {}
        self.processed_time = {}
        self.last_line_at = None
        self.stop_flag = False
        self.ino = Inotify()
        self.ino.watch(state, IN_MODIFY | IN_CREATE | IN_MOVED_TO)
        if processed:
            os.makedirs(processed, exist_ok=True)
            self.ino.watch(processed, IN_MOVED_TO | IN_CREATE)

    def run(self):
        fh, pending = None, b""
        while not self.stop_flag:
            events = self.ino.read(0.05)
            t = now()
            for d, name in events:
                if d == self.processed and name not in self.processed_time:
                    self.processed_time[name] = t
            if fh is None:
                try:
                    fh = open(self.path, "rb", buffering=0)
                except FileNotFoundError:
                    continue
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                n = chunk.count(b"\n")
                if n:
                    self.last_line_at = t
                if self.track:
                    pending += chunk
                    *complete, pending = pending.split(b"\n")
                    for line in complete:
                        m = self.SHA.search(line, 0, 400)
                        if m:
                            self.line_time.setdefault(m.group(1).decode(), t)
                self.lines += n
        if fh:
            fh.close()
        self.ino.close()

    def stop(self):
        self.stop_flag = True
        self.join(2)


class JournalWatcher(threading.Thread):
    """Reads the private journald's files with sd-journal (libsystemd through ctypes): the time
    each report's first firing alert becomes readable, by HUIBAO_SHA256. Polls every 1 ms."""

    def __init__(self, directory):
        super().__init__(daemon=True)
        self.directory = directory
        self.first_alert = {}
        self.alerts = 0
        self.stop_flag = False
        self.error = None

    def run(self):
        try:
            lib = ctypes.CDLL("libsystemd.so.0")
        except OSError as e:
            self.error = str(e)
            return
        lib.sd_journal_wait.argtypes = [ctypes.c_void_p, ctypes.c_uint64]
        j = ctypes.c_void_p()
        end = now() + 10
        while not os.path.isdir(self.directory) or not os.listdir(self.directory):
            if now() > end:
                self.error = "no journal files in " + self.directory
                return
            time.sleep(0.01)
        if lib.sd_journal_open_directory(ctypes.byref(j), self.directory.encode(), 0) < 0:
            self.error = "sd_journal_open_directory failed"
            return
        lib.sd_journal_add_match(j, f"MESSAGE_ID={ALERT_FIRING}".encode(), ctypes.c_size_t(0))
        data, length = ctypes.c_void_p(), ctypes.c_size_t()
        while not self.stop_flag:
            while lib.sd_journal_next(j) > 0:
                t = now()
                self.alerts += 1
                if lib.sd_journal_get_data(j, b"HUIBAO_SHA256", ctypes.byref(data), ctypes.byref(length)) == 0:
                    sha = ctypes.string_at(data, length.value).split(b"=", 1)[1].decode()
                    self.first_alert.setdefault(sha, t)
            lib.sd_journal_wait(j, ctypes.c_uint64(1000))
        lib.sd_journal_close(j)

    def stop(self):
        self.stop_flag = True
        self.join(2)


def outside_client(conn, state, processed, journal_base, poll_s, quiet_s):
    """The client of `outside`, in a process of its own (no GIL shared with the renames): one
    loop that wakes on inotify of the state folder (IN_MODIFY of reports.jsonl) and processed/
    (IN_MOVED_TO), and reads the journal files with sd-journal every poll_s. journald writes
    entries through mmap and tells inotify readers only with a ftruncate it delays (250 ms in
    systemd 252), so `journalctl -f` would time journald's timer: readable means sd_journal_next
    returns it. Times are CLOCK_MONOTONIC, the parent's clock too. Sends "ready" once the
    daemon's start-up entry is read and the watches are set, then, after the parent's "done",
    the times (until every record is in and no alert came for quiet_s)."""
    lib = ctypes.CDLL("libsystemd.so.0")
    lib.sd_journal_get_monotonic_usec.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint64), ctypes.c_void_p]
    j = ctypes.c_void_p()
    end = now() + 20
    while not (os.path.isdir(journal_base) and any(os.listdir(os.path.join(journal_base, m)) for m in os.listdir(journal_base))):
        if now() > end:
            conn.send({"error": "no journal files in " + journal_base})
            return
        time.sleep(0.005)
    if lib.sd_journal_open_directory(ctypes.byref(j), os.path.join(journal_base, os.listdir(journal_base)[0]).encode(), 0) < 0:
        conn.send({"error": "sd_journal_open_directory failed"})
        return
    for mid in (ALERT_FIRING, DAEMON_STARTED):  # one field twice: either
        lib.sd_journal_add_match(j, f"MESSAGE_ID={mid}".encode(), ctypes.c_size_t(0))
    jfd = lib.sd_journal_get_fd(j)  # its inotify: new journal files
    data, length, mono, boot = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_uint64(), ctypes.create_string_buffer(16)

    def field(name):
        if lib.sd_journal_get_data(j, name, ctypes.byref(data), ctypes.byref(length)) < 0:
            return None
        return ctypes.string_at(data, length.value).split(b"=", 1)[1].decode(errors="replace")

    ino, fh, pending = None, None, b""
    sha_re = re.compile(rb'"sha256":"([0-9a-f]{64})"')
    store_t, processed_t, alert_t, alert_sent = {}, {}, {}, {}
    alerts, last_alert, done_at, expected = 0, now(), None, 0
    while True:
        r, _, _ = select.select([fd for fd in (conn.fileno(), jfd, ino.fd if ino else None) if fd is not None and fd >= 0],
                                [], [], poll_s)
        t = now()
        if ino and ino.fd in r:
            store_changed = False
            for d, name in ino.read(0):
                if d == processed:
                    processed_t.setdefault(name, t)
                elif name == "reports.jsonl":
                    store_changed = True
            if store_changed:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    pending += chunk
                    *complete, pending = pending.split(b"\n")
                    for line in complete:
                        m = sha_re.search(line, 0, 400)
                        if m:
                            store_t.setdefault(m.group(1).decode(), t)
        if jfd in r:
            lib.sd_journal_process(j)
        while lib.sd_journal_next(j) > 0:
            if field(b"MESSAGE_ID") == DAEMON_STARTED:
                if ino is None:  # the daemon has made its folders: watch, then tell the parent
                    ino = Inotify()
                    ino.watch(state, IN_MODIFY)
                    ino.watch(processed, IN_MOVED_TO)
                    fh = open(os.path.join(state, "reports.jsonl"), "rb", buffering=0)
                    fh.seek(0, os.SEEK_END)
                    conn.send("ready")
                continue
            alerts += 1
            last_alert = t
            sha = field(b"HUIBAO_SHA256")
            if sha and sha not in alert_t:
                alert_t[sha] = t
                lib.sd_journal_get_monotonic_usec(j, ctypes.byref(mono), boot)
                alert_sent[sha] = mono.value / 1e6
        if conn.fileno() in r:
            msg = conn.recv()
            done_at = t
            expected = msg["stored"]
        if done_at is not None and ((len(store_t) >= expected and t - last_alert >= quiet_s) or t - done_at > 30):
            break
    ru = resource.getrusage(resource.RUSAGE_SELF)
    conn.send({"store": store_t, "processed": processed_t, "alert": alert_t, "alert_sent": alert_sent,
               "alert_entries": alerts, "client_cpu_s": ru.ru_utime + ru.ru_stime})


# ---------------------------------------------------------------- the daemon under measurement

class Site:
    """A spool, state directory, config and /run for one daemon."""

    def __init__(self, root, config_extra="", daemon_conf=None):
        self._lay_out(root, "spool/inbox", "spool/processed", "state")
        self.config = os.path.join(root, "huibao.conf")
        for d in (self.processed, self.state):
            os.makedirs(d, exist_ok=True)
        # The checkout's catalogue, as `make run` reads it (the installed one may not exist).
        conf = {"Inbox": self.inbox, "State": self.state, "SettleTime": "200ms", "RescanInterval": "60s",
                "Indicators": os.path.join(ROOT, "Config/indicators.conf"),
                "IndicatorsDirectory": os.path.join(root, "indicators.d")}
        conf.update(daemon_conf or {})
        with open(self.config, "w", encoding="utf-8") as fh:
            fh.write("[Daemon]\n" + "".join(f"{k}={v}\n" for k, v in conf.items()) + "\n" + config_extra)

    def _lay_out(self, root, inbox, processed, state):
        """A fresh `root` with the inbox and /run made; the other folders named."""
        self.root = root
        shutil.rmtree(root, ignore_errors=True)
        self.inbox, self.processed, self.state = (os.path.join(root, d) for d in (inbox, processed, state))
        self.run_dir = os.path.join(root, "run")
        for d in (self.inbox, self.run_dir):
            os.makedirs(d, exist_ok=True)

    @property
    def journal_dir(self):
        base = os.path.join(self.run_dir, "log/journal")
        try:
            machine = sorted(os.listdir(base))[0]
        except (OSError, IndexError):
            machine = open("/etc/machine-id").read().strip() if os.path.exists("/etc/machine-id") else ""
        return os.path.join(base, machine)

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


class MakeRunSite(Site):
    """`make run`'s layout in a folder of its own: Config/ (the checkout's, linked) and var/inbox;
    huibaod started there on Config/huibao.conf reads its relative paths from it (var/inbox,
    var/lib, var/dashboard, Config/indicators.conf), as it does in the checkout."""

    def __init__(self, root):
        self._lay_out(root, "var/inbox", "var/processed", "var/lib")
        self.config = "Config/huibao.conf"
        os.symlink(os.path.join(ROOT, "Config"), os.path.join(root, "Config"))


class Daemon:
    """huibaod in a private mount namespace whose /run holds its own journald. The shell waits
    on a FIFO after journald is up, so `start()` times from the exec of huibaod, not journald."""

    def __init__(self, site, huibaod, watchdog_usec=None, cwd=None, notify=True):
        self.site, self.huibaod, self.watchdog_usec = site, huibaod, watchdog_usec
        self.cwd, self.notify = cwd, notify
        self.messages = []
        self.sock = None
        self.proc = None
        self.journald_pid = None
        self.t_start = None
        self._closed = False

    def _listen(self):
        while not self._closed:
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            self.messages.append((now(), data.decode(errors="replace")))

    def start(self):
        s = self.site
        if self.notify:
            self.notify_path = os.path.join(s.root, "notify.sock")
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self.sock.bind(self.notify_path)
            self.sock.settimeout(0.1)
            threading.Thread(target=self._listen, daemon=True).start()
        fifo = os.path.join(s.root, "go.fifo")
        ready = os.path.join(s.root, "journald.ready")
        for p in (fifo, ready):
            if os.path.exists(p):
                os.unlink(p)
        os.mkfifo(fifo)
        conf = JOURNALD_CONF.replace("\n", "\\n")
        script = f"""set -e
mount --bind '{s.run_dir}' /run
if [ ! -S /run/systemd/journal/socket ]; then
  mkdir -p /run/systemd/journald.conf.d
  printf '{conf}' > /run/systemd/journald.conf.d/90-bench.conf
  env -u NOTIFY_SOCKET -u WATCHDOG_USEC -u WATCHDOG_PID /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 &
  echo $! > '{s.root}/journald.pid'
  i=0; while [ ! -S /run/systemd/journal/socket ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done
fi
echo ok > '{ready}'
read go < '{fifo}'
exec '{self.huibaod}' --config '{s.config}' --allow-root 2>>'{s.root}/huibaod.stderr'
"""
        env = dict(os.environ)
        for k in ("WATCHDOG_USEC", "WATCHDOG_PID", "STATE_DIRECTORY", "HUIBAO_STATE", "NOTIFY_SOCKET"):
            env.pop(k, None)
        if self.notify:
            env["NOTIFY_SOCKET"] = self.notify_path
        if self.watchdog_usec:
            env["WATCHDOG_USEC"] = str(self.watchdog_usec)
        self.proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script],
                                     env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     start_new_session=True, cwd=self.cwd)
        end = now() + 15
        while not os.path.exists(ready):
            if self.proc.poll() is not None or now() > end:
                raise RuntimeError("bench: the namespace for huibaod did not come up (root and unshare are needed)")
            time.sleep(0.005)
        try:
            self.journald_pid = int(open(os.path.join(s.root, "journald.pid")).read())
        except (OSError, ValueError):
            pass
        with open(fifo, "w") as fh:
            self.t_start = now()
            fh.write("go\n")
        return self.t_start

    @property
    def pid(self):
        return self.proc.pid  # unshare and sh exec: the same pid becomes huibaod's

    def wait_ready(self, timeout=120):
        end = now() + timeout
        while now() < end:
            for t, m in list(self.messages):
                if "READY=1" in m.split("\n"):
                    return t
            if self.proc.poll() is not None:
                raise RuntimeError("bench: huibaod exited before READY=1: " + self.stderr_tail())
            time.sleep(0.001)
        raise RuntimeError("bench: no READY=1 within %ss" % timeout)

    def stderr_tail(self):
        try:
            return open(os.path.join(self.site.root, "huibaod.stderr"), errors="replace").read()[-2000:]
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.journald_pid:
            try:
                os.kill(self.journald_pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self.journald_pid = None
        self._closed = True
        if self.sock:
            self.sock.close()


# ---------------------------------------------------------------- benchmarks

class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.bin = os.path.abspath(args.bin)
        self.work = os.path.abspath(args.work)
        os.makedirs(self.work, exist_ok=True)
        self.samples = workload.load_samples(SAMPLE_DIRS)
        self.results = {}
        self.n = dict(parse_mb=5 if self.quick else 50, backlog=1000 if self.quick else 10000,
                      latency=200 if self.quick else 1000, idle_s=10 if self.quick else 60,
                      store=10000 if self.quick else 100000, fast_runs=3 if self.quick else 5,
                      slow_runs=2 if self.quick else 3)

    def exe(self, name):
        return os.path.join(self.bin, name)

    # -- parse ---------------------------------------------------------------
    def parse_corpus(self):
        d = os.path.join(self.work, "parse")
        if not os.path.isdir(d) or not os.listdir(d):
            log(f"generating {self.n['parse_mb']} MB of reports for the parse benchmark")
            made = workload.generate(self.samples, d, target_bytes=self.n["parse_mb"] * 1_000_000, seed=6)
            enc = {}
            for _, _, size, e in made:
                enc[e] = enc.get(e, 0) + size
            self.parse_mix = {"files": len(made), "bytes": sum(m[2] for m in made), "bytes_by_encoding": enc}
        return d

    def bench_parse(self):
        d = self.parse_corpus()
        runs = self.n["fast_runs"]
        log(f"parse: huibao-bench over {self.parse_mix['bytes'] / 1e6:.1f} MB, {runs} runs, 1 and {os.cpu_count()} threads")
        catalogue = os.path.join(ROOT, "Config/indicators.conf")
        out = subprocess.run([self.exe("huibao-bench"), "--runs", str(runs), "--threads", str(os.cpu_count()),
                              "--indicators", catalogue, d],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        single, multi = fig(r["single_mb_per_s"]), fig(r["multi_mb_per_s"])
        scaling = fig([m / s for m, s in zip(r["multi_mb_per_s"], r["single_mb_per_s"])])
        self.results["parse"] = {"workload": self.parse_mix, "raw": r, "single_thread_mb_per_s": single,
                                 "all_cores_mb_per_s": multi, "threads": r["threads"],
                                 "scaling": scaling, "scaling_of_medians": multi["median"] / single["median"]}

    # -- jionlp --------------------------------------------------------------
    def jionlp_python(self):
        venv = os.path.join(HERE, "venv")
        py = os.path.join(venv, "bin/python")
        check = [py, "-c", f"import io,contextlib\nwith contextlib.redirect_stdout(io.StringIO()): import jionlp\nassert jionlp.__version__=='{JIONLP_VERSION}'"]
        if os.path.exists(py) and subprocess.run(check, capture_output=True).returncode == 0:
            return py, None
        if not os.path.exists(py):
            log("jionlp: creating bench/venv")
            r = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True)
            if r.returncode != 0 and shutil.which("apt-get"):
                log("jionlp: installing python3-venv from Debian's packages")
                subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv",
                               shell=True, capture_output=True)
                shutil.rmtree(venv, ignore_errors=True)
                r = subprocess.run(["python3", "-m", "venv", venv], capture_output=True, text=True)
            if r.returncode != 0:
                return None, "cannot create a virtualenv: " + (r.stderr or r.stdout).strip()[-500:]
        log(f"jionlp: pip install jionlp=={JIONLP_VERSION} into bench/venv")
        r = subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", f"jionlp=={JIONLP_VERSION}"],
                           capture_output=True, text=True, timeout=900)
        if r.returncode != 0 or subprocess.run(check, capture_output=True).returncode != 0:
            return None, "pip install jionlp==%s failed: %s" % (JIONLP_VERSION, (r.stderr or r.stdout).strip()[-800:])
        return py, None

    def bench_jionlp(self):
        py, why = self.jionlp_python()
        res = {"version": JIONLP_VERSION, "installed": py is not None}
        self.results["jionlp"] = res
        if py is None:
            res["error"] = why
            log("jionlp: NOT INSTALLED: " + why)
            return
        d = self.parse_corpus()
        files = [os.path.join(d, f) for f in sorted(os.listdir(d))]
        runs = self.n["slow_runs"]
        log(f"jionlp: extract_money over the same {len(files)} files, {runs} runs")
        out = subprocess.run([py, os.path.join(HERE, "jionlp_run.py"), "time", "--runs", str(runs), *files],
                             capture_output=True, text=True)
        if out.returncode != 0:
            res["error"] = "jionlp run failed: " + out.stderr[-800:]
            return
        r = json.loads(out.stdout.strip().splitlines()[-1])
        res["raw"] = r
        res["mb_per_s"] = fig(r["mb_per_s"])
        if "parse" in self.results:
            h = self.results["parse"]["single_thread_mb_per_s"]["median"]
            res["huibao_over_jionlp"] = h / res["mb_per_s"]["median"]

    # -- quality on the gold samples (score.py) -------------------------------
    def bench_quality(self):
        score = os.path.join(SHARED, "eval/score.py")
        sets = [(os.path.join(SHARED, "corpus"), os.path.join(SHARED, "eval/gold"), "shared/corpus")]
        for h in ("heldout", "heldout2"):
            sets.append((os.path.join(ROOT, "Tests/Fixtures", h), os.path.join(ROOT, "Tests/Fixtures", h, "gold"), "Tests/Fixtures/" + h))
        res = {}
        self.results["quality"] = res
        if not os.path.exists(score):
            res["error"] = "../shared/eval/score.py not present"
            return
        py = None
        if self.results.get("jionlp", {}).get("installed"):
            py = os.path.join(HERE, "venv/bin/python")
        for texts, gold, label in sets:
            if not os.path.isdir(gold) or not os.path.isdir(texts):
                continue
            files = [os.path.join(texts, f) for f in sorted(os.listdir(texts)) if f.endswith((".txt", ".html"))]
            entry = {}
            parsed = subprocess.run([self.exe("huibao"), "parse", "--json", "--indicators",
                                     os.path.join(ROOT, "Config/indicators.conf"), *files], capture_output=True, text=True)
            entry["huibao"] = self._score(score, gold, parsed.stdout)
            if py:
                recs = subprocess.run([py, os.path.join(HERE, "jionlp_run.py"), "records", *files], capture_output=True, text=True)
                entry["jionlp"] = self._score(score, gold, recs.stdout) if recs.returncode == 0 else {"error": recs.stderr[-500:]}
            res[label] = entry
        log("quality: " + "; ".join(f"{k}: huibao {v['huibao'].get('line', '')[:60]}" for k, v in res.items()))

    @staticmethod
    def _score(score, gold, records):
        r = subprocess.run([sys.executable, score, "--gold", gold], input=records, capture_output=True, text=True)
        lines = r.stdout.strip().splitlines()
        total = lines[-1] if lines else ""
        vals = dict(kv.split("=") for kv in total.split()[1:] if "=" in kv)
        return {"line": total, **{k: float(v) for k, v in vals.items()}}

    # -- backlog + memory -----------------------------------------------------
    def bench_backlog(self):
        n = self.n["backlog"]
        pool = os.path.join(self.work, "backlog-pool")
        if not os.path.isdir(pool) or len(os.listdir(pool)) != n:
            shutil.rmtree(pool, ignore_errors=True)
            log(f"backlog: generating {n} reports")
            made = workload.generate(self.samples, pool, count=n, seed=16)
            self.backlog_bytes = sum(m[2] for m in made)
        names = sorted(os.listdir(pool))
        runs = self.n["slow_runs"]
        rates, from_ready, peak, idle, idle_later, cpu, ready_s = [], [], [], [], [], [], []
        for run in range(runs):
            site = Site(os.path.join(self.work, "backlog"), shipped_rules())
            for f in names:
                os.link(os.path.join(pool, f), os.path.join(site.inbox, f))
            watcher = StoreWatcher(site.state)
            watcher.start()
            d = Daemon(site, self.exe("huibaod"), watchdog_usec=30_000_000)
            t0 = d.start()
            t_ready = d.wait_ready()
            end = now() + max(120, n / 20)
            hwm = 0
            while watcher.lines < n and now() < end and d.proc.poll() is None:
                time.sleep(0.01)
                hwm = max(hwm, proc_status(d.pid).get("VmHWM", 0))
            t_done = watcher.last_line_at if watcher.lines >= n else None
            st = proc_status(d.pid)
            hwm = max(hwm, st.get("VmHWM", 0))
            cpu.append(cpu_ns(d.pid) / 1e9 if cpu_ns(d.pid) is not None else None)
            time.sleep(5 if not self.quick else 2)
            idle.append(proc_status(d.pid).get("VmRSS"))
            time.sleep(10 if not self.quick else 2)
            idle_later.append(proc_status(d.pid).get("VmRSS"))
            failed = len(os.listdir(os.path.join(site.root, "spool/failed"))) if os.path.isdir(os.path.join(site.root, "spool/failed")) else 0
            d.stop()
            watcher.stop()
            if t_done is None:
                log(f"backlog run {run + 1}: only {watcher.lines}/{n} records ({failed} files in failed/)")
                rates.append(None)
            else:
                rates.append(n / (t_done - t0))
                from_ready.append(n / (t_done - t_ready))
                log(f"backlog run {run + 1}: {n} reports in {t_done - t0:.2f} s = {n / (t_done - t0):.0f}/s, "
                    f"peak RSS {hwm / 2**20:.1f} MB, idle RSS {idle[-1] / 2**20:.1f} MB")
            ready_s.append(t_ready - t0)
            peak.append(hwm)
            site.remove()
        self.results["backlog"] = {"reports": n, "bytes": getattr(self, "backlog_bytes", None),
                                   "reports_per_s": fig(rates), "reports_per_s_from_ready": fig(from_ready),
                                   "ready_s": fig(ready_s), "daemon_cpu_s": fig(cpu),
                                   "rule_set": "Config/huibao.conf rules", "workers": "0 (one per core)"}
        self.results["memory"] = {"peak_rss_bytes": fig(peak), "idle_rss_bytes_5s_after": fig(idle),
                                  "idle_rss_bytes_15s_after": fig(idle_later)}

    # -- latency ---------------------------------------------------------------
    def latency_samples(self):
        """Samples whose issuer the generator renames (so every report has its own issuer, and
        no alert identity repeats): checked by parsing one variant of each."""
        probe = os.path.join(self.work, "probe")
        shutil.rmtree(probe, ignore_errors=True)
        keep = []
        for k, s in enumerate(self.samples):
            if not workload.issuer_name(s[2]):
                continue
            made = workload.generate([s], probe, count=1, seed=k, start_index=1234 + k)
            out = subprocess.run([self.exe("huibao"), "parse", "--json", "--indicators", os.path.join(ROOT, "Config/indicators.conf"),
                                  os.path.join(probe, made[0][0])],
                                 capture_output=True, text=True)
            try:
                org = json.loads(out.stdout.splitlines()[0]).get("organization") or ""
            except (ValueError, IndexError):
                continue
            if workload.unique_name(1234 + k) in org:
                keep.append(s)
        shutil.rmtree(probe, ignore_errors=True)
        return keep or self.samples

    def bench_latency(self):
        n = self.n["latency"]
        samples = self.latency_samples()
        runs = self.n["slow_runs"]
        per_run = []
        for run in range(runs):
            site = Site(os.path.join(self.work, "latency"), "[Rule any]\nKind=money\nAbove=0\n")
            stage = os.path.join(site.root, "spool/stage")
            made = workload.generate(samples, stage, count=n, seed=100 + run)
            watcher = StoreWatcher(site.state, site.processed, track=True)
            watcher.start()
            d = Daemon(site, self.exe("huibaod"), watchdog_usec=30_000_000)
            d.start()
            d.wait_ready()
            jw = JournalWatcher(site.journal_dir)
            jw.start()
            time.sleep(0.5)
            renamed = {}
            t_begin = now() + 0.05
            for i, (name, sha, _, _) in enumerate(made):
                delay = t_begin + i * 0.02 - now()
                if delay > 0:
                    time.sleep(delay)
                t = now()
                os.rename(os.path.join(stage, name), os.path.join(site.inbox, name))
                renamed[sha] = (name, t)
            # Until every record is stored and no alert has come for 2 s (a report without a money
            # figure in its achievements part has none), at most 30 s after the last rename.
            end, last, seen = now() + 30, now(), -1
            while now() < end and (len(watcher.line_time) < n or now() - last < 2):
                if jw.alerts != seen:
                    seen, last = jw.alerts, now()
                time.sleep(0.05)
            time.sleep(0.2)
            d.stop()
            watcher.stop()
            jw.stop()
            store = [(watcher.line_time[s] - t) * 1000 for s, (_, t) in renamed.items() if s in watcher.line_time]
            moved = [(watcher.processed_time[nm] - t) * 1000 for s, (nm, t) in renamed.items() if nm in watcher.processed_time]
            alert = [(jw.first_alert[s] - t) * 1000 for s, (_, t) in renamed.items() if s in jw.first_alert]
            r = {"reports": n, "stored": len(store), "alerted": len(alert), "alert_entries": jw.alerts,
                 "journal_error": jw.error,
                 "store_ms": {"p50": percentile(store, 50), "p99": percentile(store, 99), "max": max(store, default=None)},
                 "processed_ms": {"p50": percentile(moved, 50), "p99": percentile(moved, 99), "max": max(moved, default=None)},
                 "alert_ms": {"p50": percentile(alert, 50), "p99": percentile(alert, 99), "max": max(alert, default=None)}}
            per_run.append(r)
            log(f"latency run {run + 1}: store p50 {r['store_ms']['p50']:.2f} p99 {r['store_ms']['p99']:.2f} ms; "
                f"alert p50 {r['alert_ms']['p50'] or float('nan'):.2f} p99 {r['alert_ms']['p99'] or float('nan'):.2f} ms "
                f"({len(store)} stored, {len(alert)} alerted of {n})")
            site.remove()
        res = {"reports_per_run": n, "interval_ms": 20, "runs": per_run,
               "rule": "[Rule any] Kind=money Above=0 (fires on every report)",
               "durable_means": "the record's line is in reports.jsonl (processed_ms: the file reached processed/, after the fsync)"}
        for what in ("store_ms", "alert_ms", "processed_ms"):
            for p in ("p50", "p99"):
                res[f"{what}_{p}"] = fig([r[what][p] for r in per_run])
        self.results["latency"] = res

    # -- latency from outside: `make run`'s daemon, a client watching ---------------------
    def own_issuers(self, stage, n, seed):
        """n generated reports in stage whose issuer (issuer_key, as `huibao parse` reads it) no
        other of them has: each alert is then about the report whose arrival fired it. (A
        second report of an issuer fires on the first one's figures too, worse-than-last-year
        for one, and the generator cannot rename every issuer: 湖镇镇, a county.)"""
        made = workload.generate(self.samples, stage, count=2 * n, seed=seed)
        out = subprocess.run([self.exe("huibao"), "parse", "--json", "--indicators", os.path.join(ROOT, "Config/indicators.conf"),
                              *[os.path.join(stage, m[0]) for m in made]], capture_output=True, check=True)
        key_re = re.compile(rb'"file":("(?:[^"\\]|\\.)*").*?"issuer_key":("(?:[^"\\]|\\.)*"|null)')
        keys = {}
        for line in out.stdout.splitlines():
            m = key_re.search(line)
            if m:
                keys[json.loads(m.group(1))] = json.loads(m.group(2))
        count = {}
        for k in keys.values():
            count[k] = count.get(k, 0) + 1
        keep = [m for m in made if keys.get(m[0]) and count[keys[m[0]]] == 1][:n]
        for m in set(made) - set(keep):
            os.unlink(os.path.join(stage, m[0]))
        if len(keep) < n:
            raise RuntimeError(f"outside: only {len(keep)} of {2 * n} generated reports have an issuer of their own")
        return keep

    def bench_outside(self):
        """What a user of `make run` sees: the daemon started as the Makefile starts it
        (Config/huibao.conf, its shipped rules and Dashboard=, relative paths, no NOTIFY_SOCKET
        or watchdog) in a folder of its own, with journald of its own; generated reports renamed
        into var/inbox one by one, 20 ms apart; a client process times each from the rename to
        its record in var/lib/reports.jsonl and to its first firing alert readable in the journal."""
        n, interval, poll_s = self.n["latency"], 0.02, 0.00025
        site = MakeRunSite(os.path.join(self.work, "outside"))
        stage = os.path.join(site.root, "stage")  # same filesystem as the inbox: rename(2) moves it in
        made = self.own_issuers(stage, n, seed=400)
        d = Daemon(site, self.exe("huibaod"), cwd=site.root, notify=False)
        ctx = multiprocessing.get_context("fork")
        ours, theirs = ctx.Pipe()
        client = None
        try:
            d.start()
            client = ctx.Process(target=outside_client, daemon=True,
                                 args=(theirs, site.state, site.processed, os.path.join(site.run_dir, "log/journal"), poll_s, 2.0))
            client.start()
            if not ours.poll(30):
                raise RuntimeError("outside: no start-up entry of huibaod in the journal within 30 s: " + d.stderr_tail())
            msg = ours.recv()
            if msg != "ready":
                raise RuntimeError("outside: " + str(msg))
            time.sleep(1.0)  # past the start-up's own work (the first dashboard)
            cpu0, load0 = cpu_ns(d.pid), open("/proc/loadavg").read().split()[:3]
            renamed = []
            t_begin = now() + 0.05
            for i, (name, sha, _, _) in enumerate(made):
                delay = t_begin + i * interval - now()
                if delay > 0:
                    time.sleep(delay)
                t = now()
                os.rename(os.path.join(stage, name), os.path.join(site.inbox, name))
                renamed.append((name, sha, t))
            ours.send({"stored": n})
            if not ours.poll(60):
                raise RuntimeError("outside: the client did not finish")
            got = ours.recv()
            cpu = (cpu_ns(d.pid) - cpu0) / 1e9 if cpu0 is not None else None
            failed = os.listdir(os.path.join(site.root, "var/failed")) if os.path.isdir(os.path.join(site.root, "var/failed")) else []
        finally:
            if client is not None:
                client.join(5)
                if client.is_alive():
                    client.kill()
            d.stop()
        if "error" in got:
            raise RuntimeError("outside: " + got["error"])

        def summary(ms):
            return {"n": len(ms), "p50": percentile(ms, 50), "p99": percentile(ms, 99), "max": max(ms, default=None)}
        store, durable, alert, sent, lag, per = [], [], [], [], [], []
        for name, sha, t in renamed:
            row = {"file": name}
            if sha in got["store"]:
                row["store_ms"] = (got["store"][sha] - t) * 1000
                store.append(row["store_ms"])
            if name in got["processed"]:
                durable.append((got["processed"][name] - t) * 1000)
            if sha in got["alert"]:
                row["alert_ms"] = (got["alert"][sha] - t) * 1000
                row["alert_sent_ms"] = (got["alert_sent"][sha] - t) * 1000
                alert.append(row["alert_ms"])
                sent.append(row["alert_sent_ms"])
                lag.append(row["alert_ms"] - row["alert_sent_ms"])
            per.append(row)
        slowest = sorted(per, key=lambda r: -max(r.get("store_ms", 0), r.get("alert_ms", 0)))[:10]
        res = {"reports": n, "interval_ms": interval * 1000, "stored": len(store), "alerted": len(alert),
               "alert_entries": got["alert_entries"], "failed": len(failed),
               "store_ms": summary(store), "alert_ms": summary(alert),
               "processed_ms": summary(durable), "alert_sent_ms": summary(sent), "journald_ms": summary(lag),
               "daemon_cpu_s": cpu, "client_cpu_s": got["client_cpu_s"], "journal_poll_ms": poll_s * 1000,
               "loadavg_before": load0, "slowest": slowest, "huibaod": binary_id(self.exe("huibaod")),
               "config": "Config/huibao.conf as `make run` reads it (shipped rules, Dashboard=var/dashboard)",
               "means": {"store_ms": "rename → the client reads the record's line in var/lib/reports.jsonl (woken by IN_MODIFY; written, not yet fsynced)",
                         "processed_ms": "rename → the file reaches var/processed/ (after the fsync)",
                         "alert_ms": "rename → the report's first firing alert is readable in the journal (sd-journal, polled every 0.25 ms)",
                         "alert_sent_ms": "rename → the alert entry's __MONOTONIC_TIMESTAMP (journald's receive time)",
                         "journald_ms": "alert_ms − alert_sent_ms: from journald's receive time to readable"}}
        self.results["outside"] = res
        f = lambda x: float("nan") if x is None else x  # noqa: E731
        log(f"outside: {len(store)} of {n} stored, {len(alert)} alerted ({got['alert_entries']} alert entries, {len(failed)} failed); "
            f"store p50/p99/max {f(res['store_ms']['p50']):.2f} / {f(res['store_ms']['p99']):.2f} / {f(res['store_ms']['max']):.2f} ms; "
            f"alert {f(res['alert_ms']['p50']):.2f} / {f(res['alert_ms']['p99']):.2f} / {f(res['alert_ms']['max']):.2f} ms; "
            f"daemon CPU {f(cpu):.2f} s, client {got['client_cpu_s']:.2f} s")
        site.remove()

    # -- idle CPU ---------------------------------------------------------------
    def bench_idle(self):
        secs = self.n["idle_s"]
        runs = self.n["slow_runs"]
        log(f"idle: {runs} daemons side by side, {secs} s each with nothing to do, WATCHDOG_USEC=30s")
        daemons = []
        for k in range(runs):
            site = Site(os.path.join(self.work, f"idle{k}"), shipped_rules())
            d = Daemon(site, self.exe("huibaod"), watchdog_usec=30_000_000)
            d.start()
            d.wait_ready()
            daemons.append(d)
        time.sleep(2)
        before = [(cpu_ns(d.pid), cpu_ticks_s(d.pid)) for d in daemons]
        wd_before = [sum("WATCHDOG=1" in m for _, m in d.messages) for d in daemons]
        time.sleep(secs)
        after = [(cpu_ns(d.pid), cpu_ticks_s(d.pid)) for d in daemons]
        wd = [sum("WATCHDOG=1" in m for _, m in d.messages) - w for d, w in zip(daemons, wd_before)]
        for d in daemons:
            d.stop()
            d.site.remove()
        ms = [(a[0] - b[0]) / 1e6 * (60 / secs) for a, b in zip(after, before)]
        ticks = [(a[1] - b[1]) * 1000 * (60 / secs) for a, b in zip(after, before)]
        self.results["idle_cpu"] = {"window_s": secs, "scaled_to_60s": secs != 60, "cpu_ms_per_60s": fig(ms),
                                    "cpu_ms_per_60s_from_ticks": fig(ticks), "watchdog_pings": wd,
                                    "watchdog_usec": 30_000_000}
        log("idle: CPU ms per 60 s: " + ", ".join(f"{x:.2f}" for x in ms))

    # -- the 100,000-record store: query and start-up ----------------------------
    def build_store(self):
        n = self.n["store"]
        site = Site(os.path.join(self.work, "store"), shipped_rules())
        base_dir = os.path.join(self.work, "store-base")
        shutil.rmtree(base_dir, ignore_errors=True)
        nbase = 100 if self.quick else 300
        log(f"store: parsing {nbase} generated reports, writing {n} records")
        made = workload.generate(self.samples, base_dir, count=nbase, seed=60)
        out = subprocess.run([self.exe("huibao"), "parse", "--json", *[os.path.join(base_dir, m[0]) for m in made]],
                             capture_output=True, text=True, check=True)
        bases = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
        shutil.rmtree(base_dir, ignore_errors=True)
        head_re = re.compile(r'^(\{"schema":\d+,"file":)("(?:[^"\\]|\\.)*")(,"sha256":)"[0-9a-f]{64}"')
        org_re = re.compile(r'("organization":)("(?:[^"\\]|\\.)*"|null)')
        year_re = re.compile(r'("report_year":)(-?\d+|null)(,"plan_year":)(-?\d+|null)')
        path = os.path.join(site.state, "reports.jsonl")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", buffering=1 << 22) as fh:
            for k in range(n):
                line = bases[k % len(bases)]
                cut = line.find('"sections":')
                head, tail = line[:cut], line[cut:]
                fname = json.dumps(f"{k:06d}_{json.loads(head_re.match(head).group(2))}", ensure_ascii=False)
                sha = hashlib.sha256(b"huibao-bench-%d" % k).hexdigest()
                head = head_re.sub(lambda m: m.group(1) + fname + m.group(3) + '"' + sha + '"', head, count=1)
                name = workload.unique_name(k % 3600)

                def org_sub(m):
                    if m.group(2) == "null":
                        return m.group(0)
                    org = json.loads(m.group(2))
                    return m.group(1) + json.dumps(name + org[2:] if len(org) > 4 else org, ensure_ascii=False)
                head = org_re.sub(org_sub, head, count=1)
                year = 1990 + (k // 3600) % 36

                def year_sub(m):
                    py = "null" if m.group(4) == "null" else str(year + 1)
                    return m.group(1) + str(year) + m.group(3) + py
                head = year_re.sub(year_sub, head, count=1)
                fh.write(head)
                fh.write(tail)
                fh.write("\n")
        size = os.path.getsize(path)
        # The issuer for `reports --org`: the one of record 7 (it recurs every 3,600 records).
        first = None
        with open(path, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i == 7:
                    first = json.loads(line).get("organization")
                    break
        self.store_site, self.store_org = site, first
        self.results["store"] = {"records": n, "bytes": size, "base_reports": len(bases)}
        log(f"store: {n} records, {size / 1e9:.2f} GB")
        return site

    def bench_query(self):
        site = self.store_site
        runs = self.n["slow_runs"]
        res = {}
        for label, argv in (("figures --subject 增长", ["figures", "--subject", "增长"]),
                            (f"reports --org {self.store_org}", ["reports", "--org", self.store_org])):
            times, lines, status = [], None, None
            for _ in range(runs):
                outp = os.path.join(self.work, "query.out")
                with open(outp, "wb") as fh:
                    t0 = now()
                    r = subprocess.run([self.exe("huibao"), *argv, "--state", site.state], stdout=fh, stderr=subprocess.PIPE)
                    times.append(now() - t0)
                status = r.returncode
                with open(outp, "rb") as fh:
                    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
                os.unlink(outp)
                if times[-1] > SLOW_RUN_S:
                    break
            res[argv[0]] = {"command": "huibao " + label, "seconds": fig(times), "output_lines": lines, "exit": status}
            log(f"query: huibao {label}: {statistics.median(times):.2f} s ({lines} lines, exit {status})")
        self.results["query"] = res

    def bench_ship(self):
        """`huibao ship --postgres` of the bench store into a throw-away PostgreSQL 15 (issue 15:
        under 60 s for 100,000 reports), then the analyst's queries in psql beside the command
        line's answers to the same questions."""
        pgbin = "/usr/lib/postgresql/15/bin"
        if os.getuid() != 0 or not os.access(pgbin + "/initdb", os.X_OK) or not shutil.which("psql"):
            raise RuntimeError("needs root, postgresql-15 and psql (make test installs them)")
        site = self.store_site
        root = os.path.join(self.work, "postgres")
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root + "/socket")
        for d in (root, root + "/socket"):
            shutil.chown(d, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
        subprocess.run(run_as + [pgbin + "/initdb", "-D", root + "/data", "--auth=trust", "-U", "postgres", "-E", "UTF8",
                                 "--locale=C.UTF-8"], check=True, capture_output=True)
        subprocess.run(run_as + [pgbin + "/pg_ctl", "-D", root + "/data", "-w", "-l", root + "/log",
                                 "-o", f"-k {root}/socket -c listen_addresses=", "start"], check=True, capture_output=True)
        conninfo = f"host={root}/socket user=postgres dbname=postgres"
        try:
            res = {}
            for label in ("first", "again"):
                t0 = now()
                r = subprocess.run([self.exe("huibao"), "ship", "--postgres", conninfo, "--state", site.state, "--config", site.config],
                                   capture_output=True, text=True)
                res[label] = {"seconds": now() - t0, "output": r.stdout.strip(), "exit": r.returncode}
                if r.returncode != 0:
                    raise RuntimeError("huibao ship failed: " + r.stderr[-400:])
                log(f"ship ({label}): {res[label]['seconds']:.1f} s ({r.stdout.strip()})")
            queries = [q for q in (
                "\n".join(l for l in part.splitlines() if not l.startswith("--")).strip()
                for part in open(os.path.join(ROOT, "Packaging/postgres-queries.sql"), encoding="utf-8").read().split(";\n"))
                if q]
            res["queries"] = []
            for i, q in enumerate(queries, 1):
                times, rows = [], 0
                for _ in range(3):
                    t0 = now()
                    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-d", conninfo, "-c", q], capture_output=True, text=True)
                    times.append(now() - t0)
                    rows = r.stdout.count("\n")
                res["queries"].append({"query": i, "seconds": fig(times), "rows": rows})
                log(f"ship: query {i} in psql: {statistics.median(times):.2f} s ({rows} rows)")
            for label, argv in (("targets --missed", ["targets", "--missed"]), ("figures --indicator 固定资产投资", ["figures", "--indicator", "固定资产投资"])):
                t0 = now()
                r = subprocess.run([self.exe("huibao"), *argv, "--state", site.state, "--config", site.config], capture_output=True)
                res.setdefault("cli", []).append({"command": "huibao " + label, "seconds": now() - t0, "lines": r.stdout.count(b"\n")})
                log(f"ship: huibao {label}: {now() - t0:.2f} s")
            self.results["ship"] = res
        finally:
            subprocess.run(run_as + [pgbin + "/pg_ctl", "-D", root + "/data", "-m", "immediate", "stop"], capture_output=True)
            shutil.rmtree(root, ignore_errors=True)

    def bench_dashboard(self):
        """`huibao dashboard` over the bench store (issue 14: under 30 s for 100,000 reports):
        written once into a fresh folder, then again over it, as huibaod rewrites it."""
        site = self.store_site
        out = os.path.join(self.work, "dashboard")
        shutil.rmtree(out, ignore_errors=True)
        times, pages = [], None
        for _ in range(2):
            t0 = now()
            r = subprocess.run([self.exe("huibao"), "dashboard", "--out", out, "--state", site.state, "--config", site.config],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            times.append(now() - t0)
            if r.returncode != 0:
                raise RuntimeError("huibao dashboard failed: " + r.stderr.decode(errors="replace"))
            pages = r.stdout.decode().strip()
        self.results["dashboard"] = {"seconds_fresh": times[0], "seconds_over": times[1], "output": pages}
        log(f"dashboard: {times[0]:.1f} s fresh, {times[1]:.1f} s over the old one ({pages})")

    def bench_index(self):
        """The bench store was written directly, not by huibaod, so it has no index files: the
        daemon builds them after READY=1 (on a worker) before the queries read them."""
        site, n = self.store_site, self.n["store"]
        index = os.path.join(site.state, "reports.index")
        shutil.rmtree(site.run_dir, ignore_errors=True)
        os.makedirs(site.run_dir)
        notify = os.path.join(site.root, "notify.sock")
        if os.path.exists(notify):
            os.unlink(notify)
        d = Daemon(site, self.exe("huibaod"))
        t0 = d.start()
        try:
            d.wait_ready(timeout=900)
            lines = 0
            while lines < n:
                if now() - t0 > 3600:
                    raise RuntimeError(f"bench: the index covers {lines} of {n} records after an hour")
                time.sleep(0.5)
                with open(index, "rb") as fh:
                    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
            seconds = now() - t0
            peak = proc_status(d.pid).get("VmHWM")
        finally:
            d.stop()
        sizes = {f: os.path.getsize(os.path.join(site.state, f)) for f in ("reports.index", "figures.index")}
        self.results["index"] = {"records": n, "seconds": seconds, "peak_rss_bytes": peak, "bytes": sizes}
        log(f"index: {n} records indexed {seconds:.1f} s after start (peak RSS {peak / 1e6:.0f} MB), "
            f"{sizes['reports.index'] / 1e6:.0f} + {sizes['figures.index'] / 1e6:.0f} MB")

    def bench_startup(self):
        site = self.store_site
        runs = self.n["slow_runs"]
        res = {}
        for kind in ("first", "second"):
            times, rss = [], []
            for _ in range(runs):
                if kind == "first":
                    for f in os.listdir(site.state):
                        if f != "reports.jsonl":
                            p = os.path.join(site.state, f)
                            shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)
                for f in ("notify.sock",):
                    p = os.path.join(site.root, f)
                    if os.path.exists(p):
                        os.unlink(p)
                shutil.rmtree(site.run_dir, ignore_errors=True)
                os.makedirs(site.run_dir)
                d = Daemon(site, self.exe("huibaod"), watchdog_usec=30_000_000)
                t0 = d.start()
                try:
                    t = d.wait_ready(timeout=900)
                    times.append(t - t0)
                    rss.append(proc_status(d.pid).get("VmHWM"))
                finally:
                    d.stop()
                if times and times[-1] > SLOW_RUN_S:
                    break
            res[kind] = {"seconds": fig(times), "peak_rss_bytes_at_ready": fig(rss),
                         "state_files": sorted(os.listdir(site.state))}
            log(f"startup ({kind} start, {'no' if kind == 'first' else 'with'} ledger): "
                f"{statistics.median(times):.3f} s to READY=1")
        self.results["startup"] = res


# ---------------------------------------------------------------- report

def table(results, machine, quick):
    rows = []

    def get(path):
        cur = results
        for p in path:
            if not isinstance(cur, dict) or p not in cur or cur[p] is None:
                return None
            cur = cur[p]
        return cur

    def row(name, f, unit, target, ok, scale=1.0, fmt="{:.1f}"):
        if f is None:
            rows.append({"benchmark": name, "measured": None, "target": target, "met": None, "text": "not measured"})
            return
        if isinstance(f, dict):
            m, lo, hi = f["median"] * scale, f["min"] * scale, f["max"] * scale
            text = f"{fmt.format(m)} {unit} ({fmt.format(lo)}–{fmt.format(hi)})"
        else:
            m = f * scale
            text = f"{fmt.format(m)} {unit}"
        rows.append({"benchmark": name, "measured": m, "unit": unit, "target": target,
                     "met": None if ok is None else bool(ok(m)), "text": text})

    row("parse, 1 thread", get(["parse", "single_thread_mb_per_s"]), "MB/s", "≥ 50 MB/s per core", lambda v: v >= 50)
    row(f"parse, {machine['nproc']} threads", get(["parse", "all_cores_mb_per_s"]), "MB/s", "(informative)", None)
    row("parse scaling (all / one)", get(["parse", "scaling"]), "×", "≥ 1.8×", lambda v: v >= 1.8, fmt="{:.2f}")
    j = results.get("jionlp", {})
    if not j:
        rows.append({"benchmark": "huibao / JioNLP throughput", "measured": None, "target": "≥ 15×", "met": None,
                     "text": "not measured"})
    elif j.get("installed") and j.get("mb_per_s"):
        row("JioNLP extract_money, 1 thread", j["mb_per_s"], "MB/s", "(reference)", None, fmt="{:.2f}")
        row("huibao / JioNLP throughput", j.get("huibao_over_jionlp"), "×", "≥ 15×", lambda v: v >= 15, fmt="{:.1f}")
    else:
        rows.append({"benchmark": "huibao / JioNLP throughput", "measured": None, "target": "≥ 15×", "met": None,
                     "text": "JioNLP not installed: " + str(j.get("error", ""))[:80]})
    row("backlog", get(["backlog", "reports_per_s"]), "reports/s", "≥ 1,000 reports/s", lambda v: v >= 1000, fmt="{:.0f}")
    for what, label in (("store_ms", "to store"), ("alert_ms", "to journald alert")):
        row(f"latency {label} p50", get(["latency", f"{what}_p50"]), "ms", "p50 ≤ 5 ms", lambda v: v <= 5, fmt="{:.2f}")
        row(f"latency {label} p99", get(["latency", f"{what}_p99"]), "ms", "p99 ≤ 20 ms", lambda v: v <= 20, fmt="{:.2f}")
    for what, label, target in (("store_ms", "record in store", 5), ("alert_ms", "alert in journald", 10)):
        o = get(["outside", what])
        if o and o.get("p99") is not None:
            rows.append({"benchmark": f"outside: rename → {label}", "measured": o["p99"], "unit": "ms",
                         "target": f"p99 ≤ {target} ms", "met": o["p99"] <= target,
                         "text": f"{o['p50']:.2f} / {o['p99']:.2f} / {o['max']:.2f} ms p50/p99/max"})
        else:
            rows.append({"benchmark": f"outside: rename → {label}", "measured": None, "target": f"p99 ≤ {target} ms",
                         "met": None, "text": "not measured"})
    row("peak RSS over backlog", get(["memory", "peak_rss_bytes"]), "MB", "≤ 60 MB", lambda v: v <= 60, scale=1 / 2**20)
    row("idle RSS after backlog", get(["memory", "idle_rss_bytes_5s_after"]), "MB", "≤ 25 MB", lambda v: v <= 25, scale=1 / 2**20)
    row("idle CPU per 60 s", get(["idle_cpu", "cpu_ms_per_60s"]), "ms", "≤ 10 ms", lambda v: v <= 10, fmt="{:.2f}")
    row("index a directly written store (once)", get(["index", "seconds"]), "s", "(no target)", None, fmt="{:.1f}")
    q = results.get("query", {})
    for k, v in q.items():
        row(v["command"][:40], v["seconds"], "s", "≤ 1 s", lambda x: x <= 1, fmt="{:.2f}")
    row("dashboard of the store, fresh", get(["dashboard", "seconds_fresh"]), "s", "≤ 30 s", lambda v: v <= 30, fmt="{:.1f}")
    row("dashboard of the store, rewritten", get(["dashboard", "seconds_over"]), "s", "≤ 30 s", lambda v: v <= 30, fmt="{:.1f}")
    row("ship the store into PostgreSQL", get(["ship", "first", "seconds"]), "s", "≤ 60 s", lambda v: v <= 60, fmt="{:.1f}")
    row("ship again (nothing new)", get(["ship", "again", "seconds"]), "s", "(no target)", None, fmt="{:.1f}")
    for q in (get(["ship", "queries"]) or []):
        row(f"analyst query {q['query']} in psql", q["seconds"], "s", "(informative)", None, fmt="{:.2f}")
    for c in (get(["ship", "cli"]) or []):
        row(c["command"][:40], c["seconds"], "s", "(beside psql)", None, fmt="{:.2f}")
    row("start-up to READY=1 (no ledger)", get(["startup", "first", "seconds"]), "s", "≤ 1 s", lambda v: v <= 1, fmt="{:.3f}")
    row("start-up to READY=1 (ledger)", get(["startup", "second", "seconds"]), "s", "≤ 1 s", lambda v: v <= 1, fmt="{:.3f}")
    return rows


def print_table(rows, results, machine, quick):
    print()
    print(f"huibao benchmarks{' (QUICK: smaller sizes, not the issue-6 workload)' if quick else ''} — "
          f"{machine['nproc']} × {machine['cpu_model']}, kernel {machine['kernel']}, commit {str(machine['git_commit'])[:10]}"
          f"{' + uncommitted source changes' if machine.get('git_sources_modified') else ''}")
    print("median (min–max) over runs")
    w = max(len(r["benchmark"]) for r in rows) + 2
    tw = max(34, max(len(r["text"]) for r in rows) + 2)
    print(f"{'benchmark':<{w}}{'measured':<{tw}}{'target':<22}met")
    for r in rows:
        met = {True: "yes", False: "NO", None: "—"}[r["met"]]
        print(f"{r['benchmark']:<{w}}{r['text']:<{tw}}{r['target']:<22}{met}")
    qual = results.get("quality", {})
    if qual.get("error"):
        print(f"\nquality: {qual['error']}")
    for label, e in qual.items():
        if not isinstance(e, dict) or "huibao" not in e:
            continue
        print(f"\nfound on {label} (score.py against gold):")
        for who in ("huibao", "jionlp"):
            if who in e:
                s = e[who]
                if "recall" in s:
                    print(f"  {who:<7} precision {s['precision']:.3f}  recall {s['recall']:.3f}  f1 {s['f1']:.3f}  "
                          f"(tp {int(s['tp'])}, fp {int(s['fp'])}, fn {int(s['fn'])})")
                else:
                    print(f"  {who:<7} {s}")
    if not results.get("jionlp", {}).get("installed", True):
        print("\nJioNLP could not be installed: " + str(results["jionlp"].get("error")))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs (a smoke run)")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build-bench/swift/release"))
    ap.add_argument("--work", default=os.path.join(ROOT, ".build-bench/work"))
    ap.add_argument("--out", default=os.path.join(HERE, "results.json"))
    ap.add_argument("--only", help="comma-separated: parse,jionlp,quality,backlog,latency,outside,idle,query,startup,dashboard,ship")
    ap.add_argument("--keep", action="store_true", help="keep the generated workloads in --work")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("bench: the daemon benchmarks need root (a private mount namespace for journald)", file=sys.stderr)
    for exe in ("huibaod", "huibao", "huibao-bench"):
        if not os.access(os.path.join(args.bin, exe), os.X_OK):
            sys.exit(f"bench: {args.bin}/{exe} missing: build with swift build -c release --scratch-path .build-bench/swift")
    only = set(args.only.split(",")) if args.only else None
    b = Bench(args)
    machine = machine_info(os.path.relpath(b.bin, ROOT))
    started = time.time()
    steps = [("parse", b.bench_parse), ("jionlp", b.bench_jionlp), ("quality", b.bench_quality),
             ("backlog", b.bench_backlog), ("latency", b.bench_latency),
             ("outside", b.bench_outside), ("idle", b.bench_idle)]
    if not only or only & {"query", "startup", "dashboard", "ship"}:
        steps.append(("store", b.build_store))
    # Start-up first (it measures a store without derived files), then the daemon indexes the
    # store once, as it would have while writing it, and the queries run on the index.
    steps += [("startup", b.bench_startup), ("index", b.bench_index), ("query", b.bench_query),
              ("dashboard", b.bench_dashboard), ("ship", b.bench_ship)]
    errors = {}
    try:
        for name, fn in steps:
            needed = {"store": {"query", "startup", "dashboard", "ship"}, "index": {"query", "dashboard", "ship"}}.get(name, {name})
            if only and not (only & needed):
                continue
            try:
                fn()
            except Exception as e:  # a failed benchmark is reported, the others still run
                errors[name] = f"{type(e).__name__}: {e}"
                log(f"{name}: FAILED: {errors[name]}")
    finally:
        if not args.keep:
            shutil.rmtree(b.work, ignore_errors=True)
    rows = table(b.results, machine, args.quick)
    try:
        machine["loadavg_at_end"] = open("/proc/loadavg").read().split()[:3]
    except OSError:
        pass
    doc = {"machine": machine, "quick": args.quick, "sizes": b.n, "seconds": round(time.time() - started, 1),
           "table": rows, "errors": errors, "results": b.results}
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print_table(rows, b.results, machine, args.quick)
    for k, v in errors.items():
        print(f"\n{k}: FAILED: {v}")
    print(f"\nwritten: {os.path.relpath(args.out)} ({doc['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
