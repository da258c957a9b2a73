#!/bin/bash
# tests/apps/io.sh: files and I/O with real programs, against the host:
#   vol_*    busybox on a host directory shared with -v (volume_cases.txt):
#            output and the directory afterwards, compared with the same
#            command run natively in a copy (ro: a read-only bind mount)
#   big_*    md5sum of a 64 MB file, sort -u of a 10 MB file, a 256 MiB file
#            through a volume, 100 MB of stdin through a guest cat
#   bash_*   Debian's bash-static running tests/apps/bash/*.sh (no fork)
#
#   tests/apps/io.sh [CASE...]
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
BUSYBOX=/bin/busybox
BASH_STATIC=/bin/bash-static
VCASES=$TOP/tests/apps/volume_cases.txt
STAGE=$OUT/io/stage
WORK=$OUT/io/work${KILN_TAG:+-$KILN_TAG}
BIG_CASES="big_md5sum_64m big_sort_u_10m big_volume_256m big_stdin_100m"
# the big cases move tens of MB through the guest kernel, which this
# machine's KVM emulates (~5 MiB/s): more time, above all on a loaded host
BIG_TIMEOUT=$((KILN_TIMEOUT * 6))

# stage: the volume seed (tests/apps/tree with fixed modes and mtimes, a
# symlink, an empty directory, a tar and a gzip file), the big inputs and
# the helper programs.  Once per run, before the parallel cases.
stage() {
	local s=$STAGE/seed t='2021-03-04 05:06:07 UTC'
	rm -rf "$STAGE" && mkdir -p "$s" "$STAGE/bin" || return 1
	cp -R "$TOP/tests/apps/tree" "$s/tree" && mkdir "$s/emptydir" "$s/out" || return 1
	ln -s words.txt "$s/tree/link-to-words" && printf 'zipped\n' >"$s/seed.txt" &&
		gzip -n "$s/seed.txt" && (cd "$s" && tar -cf seed.tar tree/deep) || return 1
	find "$s" -type d -exec chmod 755 {} + && find "$s" -type f -exec chmod 644 {} + &&
		chmod 755 "$s/tree/data/run.sh" && find "$s" -depth -exec touch -h -d "$t" {} + ||
		return 1
	musl-gcc -static -O2 -o "$STAGE/bin/volume_ro_errnos" "$TOP/tests/apps/volume_ro_errnos.c" ||
		return 1
	# ro-run DIR CMD...: CMD in DIR, made a read-only bind mount in a new mount namespace
	cat >"$STAGE/bin/ro-run" <<-'EOF'
		#!/bin/sh
		exec unshare -m sh -c 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" &&
			cd "$0" && exec "$@"' "$@"
	EOF
	chmod 755 "$STAGE/bin/ro-run"
	mkdir -p "$STAGE/big" && head -c 64M /dev/urandom >"$STAGE/big/r64m" &&
		awk 'BEGIN { for (i = 0; i < 1200000; i++) printf "%07d\n", (i * 7919) % 700001 }' \
			>"$STAGE/big/sort10m" && head -c 100M /dev/urandom >"$STAGE/big/stdin100m"
}

# listing DIR START: one line per entry of DIR: type, mode, links, size,
# mtime (when older than START, else "new"), name, symlink target, md5.
listing() {
	(cd "$1" && find . -mindepth 1 -printf '%y %m %n %s %T@ %p %l\n' | sort -k6) |
		while read -r y m n s t p l; do
			[ "${t%.*}" -ge "$2" ] && t=new
			sum=
			[ "$y" = f ] && sum=$(md5sum <"$1/$p" | cut -c1-32)
			[ "$y" = d ] && s=-
			echo "$y $m $n $s $t $p $l $sum"
		done
}


vol_case() {
	local name=$1 w=$WORK/$1 line mode start prog ro=
	line=$(grep -E "^$name[[:space:]]" "$VCASES") || {
		result "$name" fail "no such case in volume_cases.txt"
		return
	}
	eval "ARGS=(${line#"$name"})"
	mode=${ARGS[0]}
	ARGS=("${ARGS[@]:1}")
	prog=$BUSYBOX
	if [ "${ARGS[0]:0:1}" = @ ]; then
		prog=$STAGE/bin/${ARGS[0]:1}
		ARGS=("${ARGS[@]:1}")
	fi
	if [ "$mode" = ro ]; then
		if ! unshare -m true 2>/dev/null; then
			result "$name" skip "no read-only bind mount natively (needs unshare -m)"
			return
		fi
		ro=:ro
	fi
	start=$(date +%s)
	RUN_ENV=(TZ=UTC0)
	mkdir -p "$w"
	rm -rf "$w/native-vol" && cp -a "$STAGE/seed" "$w/native-vol" || return
	if [ -n "$ro" ]; then
		run_native "$w/n" "$STAGE/bin/ro-run" "$w/native-vol" "$prog" "${ARGS[@]}"
	else
		run_native "$w/n" sh -c 'cd "$0" && exec "$@"' "$w/native-vol" "$prog" "${ARGS[@]}"
	fi
	rm -rf "$w/vol" && cp -a "$STAGE/seed" "$w/vol" || return
	run_kiln "$w/k" -v "$w/vol:/vol$ro" -w /vol "$prog" "${ARGS[@]}"
	listing "$w/native-vol" "$start" >"$w/native.tree"
	listing "$w/vol" "$start" >"$w/kiln.tree"
	compare "$name" "$w/n" "$w/k"
	if [ -e "$RESULTS/$name.pass" ] && ! cmp -s "$w/native.tree" "$w/kiln.tree"; then
		rm -f "$RESULTS/$name.pass"
		diff -u --label native --label kiln "$w/native.tree" "$w/kiln.tree" >"$w/tree.diff"
		result "$name" fail "the directory differs after the run" "$w/tree.diff"
	fi
}

big_case() {
	local name=$1 w=$WORK/$1 b=$STAGE/big
	RUN_ENV=(TZ=UTC0)
	case $name in
	big_md5sum_64m)
		run_native "$w.n" "$BUSYBOX" md5sum "$b/r64m"
		KILN_TIMEOUT=$BIG_TIMEOUT run_kiln "$w.k" -m 512M --file "$b/r64m:$b/r64m" "$BUSYBOX" md5sum "$b/r64m"
		compare "$name" "$w.n" "$w.k"
		;;
	big_sort_u_10m)
		run_native "$w.n" "$BUSYBOX" sort -u "$b/sort10m"
		KILN_TIMEOUT=$BIG_TIMEOUT run_kiln "$w.k" -m 512M --file "$b/sort10m:$b/sort10m" "$BUSYBOX" sort -u "$b/sort10m"
		compare "$name" "$w.n" "$w.k"
		;;
	big_volume_256m)
		# append to a 256 MiB file in a volume and rename it: the whole
		# file comes back (copy-in and copy-back, not the guest, move the data)
		rm -rf "$w.vol" && mkdir -p "$w.vol" && head -c 256M /dev/urandom >"$w.vol/in" &&
			cp "$w.vol/in" "$w.want" && echo tail >>"$w.want" || return
		KILN_TIMEOUT=$BIG_TIMEOUT run_kiln "$w.k" -m 1G -v "$w.vol:/vol" -w /vol "$BUSYBOX" sh -c 'echo tail >> in; mv in out'
		if [ "$(cat "$w.k.status")" != 0 ]; then
			result "$name" fail "kiln run failed (status $(cat "$w.k.status"))" "$w.k.err"
		elif [ -e "$w.vol/in" ] || ! cmp -s "$w.want" "$w.vol/out"; then
			result "$name" fail "the 256 MiB file is not what it should be on the host"
		else
			result "$name" pass
		fi
		rm -rf "$w.vol" "$w.want"
		;;
	big_stdin_100m)
		if [ "${KILN_VMM:-}" = qemu ] || [ "$KILN_ENGINE_KVM" = 0 ]; then
			result "$name" skip "stdin is end of input under QEMU"
			return
		fi
		local want got
		want=$(sha256sum <"$b/stdin100m")
		got=$(timeout "$BIG_TIMEOUT" "$KILN" run "${VMM_ARGS[@]}" "$BUSYBOX" cat \
			<"$b/stdin100m" | sha256sum)
		if [ "$want" = "$got" ]; then
			result "$name" pass
		else
			result "$name" fail "sha256 of 100 MB through the guest's cat differs"
		fi
		;;
	esac
}

bash_case() {
	local name=$1 w=$WORK/$1 script=$TOP/tests/apps/bash/${1#bash_}.sh
	if [ ! -x "$BASH_STATIC" ]; then
		result "$name" skip "$BASH_STATIC missing (Debian bash-static)"
		return
	fi
	RUN_ENV=(TZ=UTC0)
	run_native "$w.n" sh -c 'exec "$0" "$1" <"$1"' "$BASH_STATIC" "$script"
	# stdin: the script itself, so `read` has lines to read (kiln's monitor)
	mkdir -p "$w.k"
	(cd "$w.k" && timeout -k 5 "$KILN_TIMEOUT" "$KILN" run "${VMM_ARGS[@]}" -e TZ=UTC0 \
		--file "$script:$script" "$BASH_STATIC" "$script" <"$script" >"$w.k.out" 2>"$w.k.err")
	echo $? >"$w.k.status"
	if [ "${KILN_VMM:-}" = qemu ] || [ "$KILN_ENGINE_KVM" = 0 ]; then
		# stdin is end of input under QEMU: run natively that way too
		run_native "$w.n" "$BASH_STATIC" "$script"
	fi
	compare "$name" "$w.n" "$w.k"
}

one_case() {
	case $1 in
	vol_*) vol_case "$1" ;;
	big_*) big_case "$1" ;;
	bash_*) bash_case "$1" ;;
	*) result "$1" fail "unknown case" ;;
	esac
}

case ${1:-} in
--case)
	suite_begin io
	one_case "$2"
	exit
	;;
esac

take_lock
suite_begin io
rm -rf "$RESULTS" "$WORK" && mkdir -p "$RESULTS" "$WORK"
if [ ! -x "$BUSYBOX" ]; then
	result busybox skip "$BUSYBOX missing (Debian busybox-static)"
	suite_end
	exit
fi
if ! stage; then
	result stage fail "could not stage the inputs into $STAGE"
	suite_end
	exit
fi
if [ $# -gt 0 ]; then
	names=("$@")
else
	mapfile -t names < <(grep -Ev '^[[:space:]]*(#|$)' "$VCASES" | awk '{ print $1 }')
	# shellcheck disable=SC2206 # a list of words
	names+=($BIG_CASES)
	for s in "$TOP"/tests/apps/bash/*.sh; do
		[ -e "$s" ] && names+=("bash_$(basename "$s" .sh)")
	done
fi
run_cases "$0" "${names[@]}"
suite_end
