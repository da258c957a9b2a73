#!/bin/sh
# scripts/linux-guest.sh: a Debian cloud kernel for the Linux guest that
# bench/icount/run compares kiln against (issue 8).
#
#   scripts/linux-guest.sh [DIR]      (DIR defaults to build/linux-guest)
#
# Fetches the package that linux-image-cloud-amd64 depends on with
# `apt-get download` (the configured Debian sources; nothing committed),
# extracts its vmlinuz to DIR/vmlinuz (and its config to DIR/config).
# Idempotent; prints nothing unless something fails.
set -e
cd "$(dirname "$0")/.."
dir=${1:-build/linux-guest}
out=$dir/vmlinuz
[ -s "$out" ] && exit 0
for t in apt-get apt-cache dpkg-deb; do
	command -v $t >/dev/null || { echo "linux-guest: $t missing (scripts/deps.sh)" >&2; exit 1; }
done
# the meta package depends on the versioned image package
pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
	awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
if [ -z "$pkg" ]; then
	echo "linux-guest: apt-cache knows no linux-image-cloud-amd64 (apt-get update?)" >&2
	exit 1
fi
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.dl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# apt-get download writes into the current directory; as root it warns that
# _apt cannot write there unless the directory is world-writable
chmod 777 "$tmp"
(cd "$tmp" && apt-get download -qq "$pkg" >/dev/null 2>&1) || {
	echo "linux-guest: apt-get download $pkg failed" >&2
	exit 1
}
dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' './boot/config-*'
mv "$tmp"/boot/config-* "$dir/config"
echo "$pkg" >"$dir/package"
mv "$tmp"/boot/vmlinuz-* "$out"
