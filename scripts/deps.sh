#!/bin/sh
# scripts/deps.sh: install what kiln needs to build and test, from Debian.
# Idempotent and silent when everything is present.
set -e
PKGS="gcc make binutils musl-tools qemu-system-x86 libelf-dev libarchive-dev \
libcmocka-dev busybox-static bash-static tmux cpio python3 golang-go dpkg-dev xz-utils \
libcapstone-dev lua5.4 gawk jq sqlite3 openssl git perl \
libslirp-dev wrk strace"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exec "$(dirname "$0")/lwip.sh"
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing >/dev/null
exec "$(dirname "$0")/lwip.sh"
