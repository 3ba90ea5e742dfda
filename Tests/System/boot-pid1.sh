#!/bin/bash
# Boots systemd as PID 1 in new pid, mount, net, uts, ipc and cgroup namespaces, for the tests
# of the package under a real systemd. Nothing persists on the host: /etc, /var and /usr are
# overlays whose upper layers live in DIR, /run and /tmp are tmpfs, /proc and /sys are fresh.
#   boot-pid1.sh DIR   prints the host PID of the new PID 1 and returns once it runs
# Stop it with `kill -RTMIN+4 PID` (systemd's poweroff), then `rmdir` DIR/cgroup.
set -euo pipefail
dir=$(realpath "$1")
mkdir -p "$dir"
# The cgroup namespace is rooted in a cgroup of its own, on the cgroup2 hierarchy (hybrid or unified).
if [ -e /sys/fs/cgroup/unified/cgroup.procs ]; then cg=/sys/fs/cgroup/unified/huibao-pid1-$$; else cg=/sys/fs/cgroup/huibao-pid1-$$; fi
mkdir -p "$cg"
echo "$cg" > "$dir/cgroup"

# The part that runs inside the namespaces, before systemd replaces it.
cat > "$dir/inside.sh" <<'INSIDE'
#!/bin/bash
set -euo pipefail
dir=$1
mount --make-rprivate /
for d in etc var usr; do
  mkdir -p "$dir/upper/$d" "$dir/work/$d"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$dir/upper/$d,workdir=$dir/work/$d" "/$d"
done
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t proc proc /proc
mount -o remount,bind,ro /proc/sys 2>/dev/null || mount --bind -o ro /proc/sys /proc/sys
mount -t sysfs -o ro sysfs /sys
mount -t cgroup2 cgroup2 /sys/fs/cgroup
# A /dev of its own: the few nodes services use, and a pty instance (PrivateDevices= needs ptmx).
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
  IFS=: read -r name major minor <<< "$n"
  mknod -m 666 "/dev/$name" c "$major" "$minor"
done
mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts /dev/pts
ln -s pts/ptmx /dev/ptmx
ln -s /proc/self/fd /dev/fd
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
# Units that would touch the host's kernel or clock, or wait for hardware, are masked.
for u in systemd-modules-load.service systemd-sysctl.service systemd-timesyncd.service systemd-remount-fs.service \
         systemd-random-seed.service proc-sys-fs-binfmt_misc.automount systemd-binfmt.service timers.target \
         systemd-udevd.service systemd-udev-trigger.service systemd-udev-settle.service getty.target console-getty.service \
         systemd-firstboot.service systemd-networkd.service systemd-resolved.service cron.service apt-daily.timer \
         e2scrub_reap.service systemd-journald-audit.socket postgresql.service nginx.service; do
  ln -sf /dev/null "/etc/systemd/system/$u"
done
cat > /etc/systemd/system/huibao-test.target <<'T'
[Unit]
Description=huibao's tests
Requires=basic.target sysinit.target
After=basic.target
AllowIsolate=yes
T
echo huibao-pid1 > /etc/hostname
hostname huibao-pid1
export container=huibao-test
exec /lib/systemd/systemd --system --unit=huibao-test.target --log-target=journal
INSIDE
chmod +x "$dir/inside.sh"

# The launcher enters the new cgroup first, so that the cgroup namespace is rooted there.
setsid bash -c "echo \$\$ > '$cg/cgroup.procs'; exec unshare --pid --mount --net --uts --ipc --cgroup --fork '$dir/inside.sh' '$dir'" \
  > "$dir/boot.log" 2>&1 < /dev/null &
launcher=$!
# PID 1 of the namespace is the launcher's child.
for _ in $(seq 1 100); do
  pid=$(pgrep -P "$(pgrep -P $launcher -x unshare || echo $launcher)" 2>/dev/null | head -1 || true)
  [ -z "$pid" ] && pid=$(pgrep -P $launcher | head -1 || true)
  if [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null)" = systemd ]; then echo "$pid"; exit 0; fi
  sleep 0.05
done
echo "boot-pid1: systemd did not start; see $dir/boot.log" >&2
cat "$dir/boot.log" >&2
exit 1
