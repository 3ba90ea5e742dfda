#!/bin/bash
# Packaging/check-deb.sh DEB: checks a built huibao package (run by `make deb-check`).
#
#  - unpacks it with dpkg -x into a temporary root: every expected file is there with its mode;
#  - the binaries need no Swift runtime (no libswift*/libFoundation* in NEEDED) and run:
#    `huibao check-config` accepts the shipped configuration;
#  - dpkg-deb -I shows the conffile, the maintainer scripts and the dependencies;
#  - the maintainer scripts work on an alternative root (DPKG_ROOT, as in a chroot): postinst
#    creates the group and the spool, postrm purge removes the store and keeps the spool;
#  - lintian reports no error (E:);
#  - man -l renders every page without a warning.
# Exit status 0 when all holds, 1 when something does not (each failure is printed), 2 on usage.
set -uo pipefail

deb=${1:-}
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
    echo "usage: Packaging/check-deb.sh DEB (e.g. .build-deb/huibao_0.1.0_amd64.deb; make deb builds it)" >&2
    exit 2
fi
deb=$(realpath "$deb")
tmp=$(mktemp -d /tmp/huibao-check-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok:   $*"; }

echo "== $deb"
dpkg-deb -x "$deb" "$root" || { echo "FAIL: dpkg-deb -x"; exit 1; }

# path mode
expected="
usr/bin/huibaod 755
usr/bin/huibao 755
usr/libexec/huibao/swift-backtrace-static 755
usr/lib/systemd/system/huibao.service 644
usr/lib/systemd/system/huibao-ship.service 644
usr/lib/systemd/system/huibao-ship.timer 644
usr/lib/sysusers.d/huibao.conf 644
usr/lib/tmpfiles.d/huibao.conf 644
usr/lib/systemd/catalog/huibao.catalog 644
usr/share/huibao/indicators.conf 644
etc/huibao/huibao.conf 644
usr/share/man/man1/huibao.1.gz 644
usr/share/man/man5/huibao.conf.5.gz 644
usr/share/man/man8/huibaod.8.gz 644
usr/share/doc/huibao/copyright 644
usr/share/doc/huibao/changelog.gz 644
usr/share/doc/huibao/examples/nginx-dashboard.conf 644
usr/share/doc/huibao/examples/journal-upload.conf 644
usr/share/doc/huibao/examples/journal-remote.conf 644
usr/share/doc/huibao/examples/postgres-queries.sql 644
"
echo "== files and modes"
while read -r path mode; do
    [ -n "$path" ] || continue
    if [ ! -f "$root/$path" ] || [ -L "$root/$path" ]; then
        fail "/$path missing (or not a regular file)"
        continue
    fi
    actual=$(stat -c %a "$root/$path")
    if [ "$actual" = "$mode" ]; then ok "/$path $mode"; else fail "/$path has mode $actual, expected $mode"; fi
done <<< "$expected"
while read -r line; do
    mode=${line%% *} path=${line#* }
    case "$mode" in drwxr-xr-x|-rwxr-xr-x|-rw-r--r--) ;; *) fail "$path has mode $mode" ;; esac
done < <(dpkg-deb -c "$deb" | awk '{print $1" "$6}')
if dpkg-deb -c "$deb" | awk '{print $2}' | grep -qv '^root/root$'; then fail "files not owned by root:root"; else ok "all files root:root"; fi
for page in usr/share/man/man1/huibao.1.gz usr/share/man/man5/huibao.conf.5.gz usr/share/man/man8/huibaod.8.gz usr/share/doc/huibao/changelog.gz; do
    [ -f "$root/$page" ] || continue
    gzip -t "$root/$page" 2>/dev/null || fail "/$page is not gzip"
    # gzip -n: no name and no time stamp in the header (reproducible).
    [ "$(od -An -tu4 -j4 -N4 "$root/$page" | tr -d ' ')" = 0 ] || fail "/$page has a time stamp (gzip -9n)"
done

echo "== binaries"
for b in usr/bin/huibaod usr/bin/huibao usr/libexec/huibao/swift-backtrace-static; do
    [ -f "$root/$b" ] || continue
    needed=$(readelf -d "$root/$b" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
    if grep -qE 'libswift|libFoundation|libdispatch|libBlocksRuntime' <<< "$needed"; then
        fail "/$b needs the Swift runtime: $needed"
    else
        ok "/$b needs only: $needed"
    fi
    if file "$root/$b" | grep -q 'not stripped'; then fail "/$b is not stripped"; fi
done
# Run with nothing of the toolchain in reach.
# The config names the catalogue at its installed path: checked here against the package's own copy.
sed "s#^Indicators=/usr/share/#Indicators=$root/usr/share/#; s#^IndicatorsDirectory=/etc/#IndicatorsDirectory=$root/etc/#" \
    "$root/etc/huibao/huibao.conf" > "$tmp/check-config.conf"
if out=$(env -i PATH=/usr/bin:/bin "$root/usr/bin/huibao" check-config "$tmp/check-config.conf" 2>&1); then
    ok "huibao check-config /etc/huibao/huibao.conf: $out"
else
    fail "huibao check-config on the shipped configuration: $out"
fi
if env -i PATH=/usr/bin:/bin "$root/usr/bin/huibaod" --help >/dev/null 2>&1; then ok "huibaod --help"; else fail "huibaod --help"; fi
grep -q '^ExecStart=/usr/bin/huibaod$' "$root/usr/lib/systemd/system/huibao.service" || fail "the unit's ExecStart= is not /usr/bin/huibaod"
grep -q 'swift-backtrace=/usr/libexec/huibao/swift-backtrace-static' "$root/usr/lib/systemd/system/huibao.service" \
    || fail "the unit's SWIFT_BACKTRACE does not point at /usr/libexec/huibao/swift-backtrace-static"

echo "== control data (dpkg-deb -I)"
info=$(dpkg-deb -I "$deb")
for member in control conffiles md5sums postinst prerm postrm; do
    if grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\*? *$member( |$)" <<< "$info"; then ok "control member $member"; else fail "no control member $member"; fi
done
for script in postinst prerm postrm; do
    grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$script " <<< "$info" || fail "$script is not executable"
    dpkg-deb -I "$deb" "$script" | grep -q '^set -e$' || fail "$script does not set -e"
done
if [ "$(dpkg-deb -I "$deb" conffiles)" = /etc/huibao/huibao.conf ]; then ok "conffiles: /etc/huibao/huibao.conf"; else fail "conffiles is not /etc/huibao/huibao.conf"; fi
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libsystemd0; do
    grep -q "$lib" <<< "$depends" && ok "Depends has $lib" || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Version)" = "$(tr -d ' \n' < "$(dirname "$0")/../VERSION")" ] || fail "Version is not the VERSION file's"

echo "== maintainer scripts on an alternative root (DPKG_ROOT)"
scripts=$tmp/scripts
dpkg-deb -e "$deb" "$scripts"
if command -v systemd-sysusers >/dev/null && command -v systemd-tmpfiles >/dev/null; then
    mkdir -p "$root/var/lib/private/huibao" "$root/var/spool/huibao/processed"
    : > "$root/etc/passwd"; : > "$root/etc/group"
    if DPKG_ROOT=$root sh "$scripts/postinst" configure; then ok "postinst configure"; else fail "postinst configure on DPKG_ROOT"; fi
    grep -q '^huibao-drop:' "$root/etc/group" && ok "group huibao-drop created" || fail "postinst did not create the group huibao-drop"
    if [ -d "$root/var/spool/huibao/inbox" ] && [ "$(stat -c %a "$root/var/spool/huibao/inbox")" = 2770 ]; then
        ok "/var/spool/huibao/inbox created, mode 2770"
    else
        fail "postinst did not create /var/spool/huibao/inbox with mode 2770"
    fi
    echo '{}' > "$root/var/lib/private/huibao/reports.jsonl"
    ln -sfn private/huibao "$root/var/lib/huibao"
    echo report > "$root/var/spool/huibao/processed/report.txt"
    if DPKG_ROOT=$root sh "$scripts/postrm" purge; then ok "postrm purge"; else fail "postrm purge on DPKG_ROOT"; fi
    [ ! -e "$root/var/lib/private/huibao" ] && [ ! -L "$root/var/lib/huibao" ] && ok "purge removed the store" || fail "purge left the store"
    [ -f "$root/var/spool/huibao/processed/report.txt" ] && ok "purge kept the reports in /var/spool/huibao" || fail "purge removed users' reports"
    if DPKG_ROOT=$root sh "$scripts/prerm" remove; then ok "prerm remove"; else fail "prerm remove"; fi
else
    echo "skip: systemd-sysusers or systemd-tmpfiles missing"
fi

echo "== lintian"
lint=$(lintian --pedantic "$deb" 2>&1 | grep -v 'running with root privileges')
grep -v '^[IPX]: .*spelling-error-in-binary' <<< "$lint" | sed 's/^/   /'
errors=$(grep -c '^E:' <<< "$lint")
if [ "$errors" -eq 0 ]; then ok "lintian: no errors ($(grep -c '^W:' <<< "$lint") warnings)"; else fail "lintian: $errors errors"; fi

echo "== manual pages (man -l)"
for page in usr/share/man/man1/huibao.1.gz usr/share/man/man5/huibao.conf.5.gz usr/share/man/man8/huibaod.8.gz; do
    [ -f "$root/$page" ] || continue
    out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$root/$page" 2>"$tmp/man.err")
    status=$?
    lines=$(wc -l <<< "$out")
    if [ $status -ne 0 ] || [ "$lines" -lt 20 ]; then
        fail "man -l /$page (status $status, $lines lines)"
    elif [ -s "$tmp/man.err" ]; then
        fail "man -l /$page warns: $(head -5 "$tmp/man.err")"
    else
        ok "man -l /$page: $lines lines, no warnings"
    fi
done

echo
if [ "$failures" -eq 0 ]; then
    echo "check-deb: $(basename "$deb") is fine"
    exit 0
fi
echo "check-deb: $failures check(s) failed"
exit 1
