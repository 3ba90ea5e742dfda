#!/bin/bash
# Packaging/build-deb.sh [OUTDIR]: builds huibao_<VERSION>_<arch>.deb (run by `make deb`).
#
# The release binaries are built with --static-swift-stdlib (no Swift runtime needed on the
# target) from a snapshot of the sources in .build-deb/src, with their own scratch path
# .build-deb/swift, so that edits or builds going on in the checkout do not disturb this one.
# The package tree is staged in .build-deb/root and built with dpkg-deb --root-owner-group.
set -euo pipefail
umask 022

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$(realpath -m "${1:-$top}")
SWIFT=${SWIFT:-swift}
version=$(tr -d ' \n' < VERSION)
arch=$(dpkg --print-architecture)
work=$top/.build-deb
root=$work/root
deb=$out/huibao_${version}_${arch}.deb
backtracer=${SWIFT_BACKTRACE_STATIC:-$(dirname "$(dirname "$(readlink -f "$(command -v "$SWIFT")")")")/libexec/swift/linux/swift-backtrace-static}

for tool in dpkg-deb dpkg-shlibdeps strip gzip; do
    command -v $tool >/dev/null || { echo "build-deb: $tool is missing (apt-get install dpkg-dev binutils)" >&2; exit 2; }
done
[ -f "$backtracer" ] || { echo "build-deb: no swift-backtrace-static at $backtracer (set SWIFT_BACKTRACE_STATIC)" >&2; exit 2; }

echo "== snapshot of the sources in $work/src"
mkdir -p "$work"
rm -rf "$work/src"
mkdir -p "$work/src"
cp -a Package.swift Sources Tests "$work/src/"

echo "== swift build -c release --static-swift-stdlib (scratch path $work/swift)"
build=("$SWIFT" build -c release --static-swift-stdlib -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now --package-path "$work/src" --scratch-path "$work/swift")
"${build[@]}"
bin=$("${build[@]}" --show-bin-path)

echo "== staging $root"
rm -rf "$root"
mkdir -p "$root/DEBIAN"
install -D -m 0755 "$bin/huibaod" "$root/usr/bin/huibaod"
install -D -m 0755 "$bin/huibao" "$root/usr/bin/huibao"
install -D -m 0755 "$backtracer" "$root/usr/libexec/huibao/swift-backtrace-static"
# Debian policy 10.1: binaries are shipped stripped (the symbols are not needed at run time).
strip --remove-section=.comment --remove-section=.note --strip-unneeded \
    "$root/usr/bin/huibaod" "$root/usr/bin/huibao" "$root/usr/libexec/huibao/swift-backtrace-static"
install -D -m 0644 Packaging/huibao.service "$root/usr/lib/systemd/system/huibao.service"
install -D -m 0644 Packaging/huibao-ship.service "$root/usr/lib/systemd/system/huibao-ship.service"
install -D -m 0644 Packaging/huibao-ship.timer "$root/usr/lib/systemd/system/huibao-ship.timer"
install -D -m 0644 Packaging/postgres-queries.sql "$root/usr/share/doc/huibao/examples/postgres-queries.sql"
install -D -m 0644 Packaging/huibao.sysusers "$root/usr/lib/sysusers.d/huibao.conf"
install -D -m 0644 Packaging/huibao.tmpfiles "$root/usr/lib/tmpfiles.d/huibao.conf"
install -D -m 0644 Packaging/huibao.catalog "$root/usr/lib/systemd/catalog/huibao.catalog"
install -D -m 0644 Packaging/huibao.conf "$root/etc/huibao/huibao.conf"
install -D -m 0644 Config/indicators.conf "$root/usr/share/huibao/indicators.conf"
for page in huibao.1 huibao.conf.5 huibaod.8; do
    section=${page##*.}
    install -D -m 0644 "Packaging/$page" "$root/usr/share/man/man$section/$page"
    gzip -9n "$root/usr/share/man/man$section/$page"
done
install -D -m 0644 Packaging/deb/copyright "$root/usr/share/doc/huibao/copyright"
install -m 0644 Packaging/deb/changelog "$root/usr/share/doc/huibao/changelog"
install -D -m 0644 Packaging/nginx-dashboard.conf "$root/usr/share/doc/huibao/examples/nginx-dashboard.conf"
install -D -m 0644 Packaging/journal-upload.conf "$root/usr/share/doc/huibao/examples/journal-upload.conf"
install -D -m 0644 Packaging/journal-remote.conf "$root/usr/share/doc/huibao/examples/journal-remote.conf"
gzip -9n "$root/usr/share/doc/huibao/changelog"

echo "== dependencies (dpkg-shlibdeps)"
# dpkg-shlibdeps wants a source tree: give it a minimal debian/control of its own.
shl=$work/shlibdeps
rm -rf "$shl"
mkdir -p "$shl/debian"
printf 'Source: huibao\n\nPackage: huibao\nArchitecture: any\n' > "$shl/debian/control"
depends=$(cd "$shl" && dpkg-shlibdeps -O -e"$root/usr/bin/huibaod" -e"$root/usr/bin/huibao" \
    -e"$root/usr/libexec/huibao/swift-backtrace-static" 2>"$shl/warnings" | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { cat "$shl/warnings" >&2; echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
echo "   Depends: $depends"

install -m 0755 Packaging/deb/postinst Packaging/deb/prerm Packaging/deb/postrm "$root/DEBIAN/"
echo /etc/huibao/huibao.conf > "$root/DEBIAN/conffiles"
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: huibao
Version: $version
Architecture: $arch
Maintainer: huibao maintainers <maintainers@users.noreply.h-seed-0f881f83.example>
Installed-Size: $installed_size
Depends: $depends
Recommends: postgresql-client
Suggests: systemd-journal-remote
Section: utils
Priority: optional
Description: parse Chinese government work reports dropped into a folder
 huibao takes the yearly work reports that local governments publish
 (工作总结 and 工作计划 of subdistricts, towns and districts) and turns each
 into a record: title, issuer, place, level, dates and years covered, the
 section tree with a topic per section, and every figure with its value,
 unit, qualifier, kind and subject.
 .
 huibaod runs as a sandboxed systemd service (huibao.service) with a dynamic
 user. It watches the drop folder /var/spool/huibao/inbox, appends each
 report's record to an append-only store in /var/lib/huibao, and sends
 alerts defined by rules in /etc/huibao/huibao.conf to the journal. The
 huibao command parses files by hand and queries and exports the store.
 .
 The package enables and starts nothing: systemctl enable --now huibao.
EOF
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

echo "== dpkg-deb --build --root-owner-group"
mkdir -p "$out"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
    dpkg-deb --build --root-owner-group -Zxz "$root" "$deb"
echo "== built $deb"
