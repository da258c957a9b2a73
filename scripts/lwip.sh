#!/bin/sh
# scripts/lwip.sh: fetch Debian's lwip source package into third_party/lwip.
#
# Debian's sources lists carry only binary entries, so this writes a private
# apt configuration (third_party/.apt) whose deb-src entries are the
# machine's own configured sources with the type changed; no mirror is named
# here.  apt-get source checks the files against the .dsc it fetched; the
# upstream tarball is also checked against the hash pinned below.
# Idempotent and silent when the tree is present.  Called by scripts/deps.sh.
set -e
VERSION="2.1.3+dfsg1-2"
ORIG="lwip_2.1.3+dfsg1.orig.tar.xz"
ORIG_SHA256="0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24"

top=$(cd "$(dirname "$0")/.." && pwd)
dst="$top/third_party/lwip"
stamp="$dst/.kiln-lwip"
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$VERSION $ORIG_SHA256" ] && exit 0

echo "deps: fetching lwip $VERSION source"
apt="$top/third_party/.apt"
rm -rf "$apt"
mkdir -p "$apt/etc/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/src"
: >"$apt/etc/sources.list"
# One-line format: "deb [opts] URI SUITE COMPONENTS" -> "deb-src ...".
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >>"$apt/etc/sources.list"
done
# deb822 format: the same stanzas with "Types: deb-src".
n=0
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	sed 's/^Types:.*/Types: deb-src/' "$f" >"$apt/etc/sources.list.d/src$n.sources"
done
set -- -o Dir::Etc::SourceList="$apt/etc/sources.list" \
	-o Dir::Etc::SourceParts="$apt/etc/sources.list.d" \
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root -qq
if ! apt-get "$@" update >"$apt/update.log" 2>&1; then
	cat "$apt/update.log" >&2
	echo "deps: apt-get update for the lwip source failed" >&2
	exit 1
fi
# apt-get source verifies every file against the .dsc and unpacks with
# dpkg-source (Debian's patches applied).
if ! (cd "$apt/src" && apt-get "$@" source "lwip=$VERSION") >"$apt/source.log" 2>&1; then
	cat "$apt/source.log" >&2
	echo "deps: apt-get source lwip=$VERSION failed (is dpkg-dev installed?)" >&2
	exit 1
fi
got=$(sha256sum "$apt/src/$ORIG" | cut -d' ' -f1)
if [ "$got" != "$ORIG_SHA256" ]; then
	echo "deps: $ORIG: sha256 $got, expected $ORIG_SHA256" >&2
	exit 1
fi
rm -rf "$dst"
mv "$apt/src/lwip-2.1.3+dfsg1" "$dst"
echo "$VERSION $ORIG_SHA256" >"$stamp"
rm -rf "$apt"
