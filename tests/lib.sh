# tests/lib.sh: sourced by the suite runners (tests/*/run.sh).
# shellcheck shell=bash
#
# Paths, engine choice and timeouts, running one program natively or under
# kiln with its output captured, comparing two such runs, recording one result
# per case, and the summary every suite ends with ("N passed, N failed").
#
# Environment:
#   KILN_VMM=kvm|qemu   engine passed to `kiln run --vmm` (default: kiln's own
#                       choice, KVM when usable, else QEMU)
#   KILN_TIMEOUT=SECS   per-VM-run timeout (default 30 on KVM, 120 on QEMU)
#   KILN_JOBS=N         cases run in parallel (default: number of CPUs)
#   KILN_TAG=NAME       suffix for result names, e.g. "qemu" for the TCG subset
#   KILN_VERBOSE=1      also list skipped cases and why

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KILN=$TOP/build/kiln
OUT=$TOP/build/tests
JOBS=${KILN_JOBS:-$(nproc 2>/dev/null || echo 2)}
# What the guest gets besides -e variables; native runs get the same.
GUEST_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
NATIVE_TIMEOUT=30

# /dev/kvm usable: it opens read-write and KVM_CREATE_VM (_IO(0xAE, 1)) works.
kvm_usable() {
	[ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	python3 -c 'import fcntl, os
fd = os.open("/dev/kvm", os.O_RDWR)
os.close(fcntl.ioctl(fd, 0xAE01, 0))' 2>/dev/null
}

if [ -z "${KILN_ENGINE_KVM:-}" ]; then
	# probe once; the parallel workers inherit the answer
	if kvm_usable; then KILN_ENGINE_KVM=1; else KILN_ENGINE_KVM=0; fi
	export KILN_ENGINE_KVM
fi
VMM_ARGS=()
if [ -n "${KILN_VMM:-}" ]; then
	VMM_ARGS=(--vmm "$KILN_VMM")
elif [ "$KILN_ENGINE_KVM" = 0 ]; then
	# ask for QEMU outright: kiln's own fallback would add its notice to stderr
	VMM_ARGS=(--vmm qemu)
fi
if [ -z "${KILN_TIMEOUT:-}" ]; then
	# without usable KVM kiln falls back to QEMU (TCG): give it more time
	if [ "${KILN_VMM:-}" != qemu ] && [ "$KILN_ENGINE_KVM" = 1 ]; then
		KILN_TIMEOUT=30
	else
		KILN_TIMEOUT=120
	fi
fi

# take_lock: one test run at a time per tree, as runs share build/tests (a
# second `make test` waits instead of deleting the first one's results).
take_lock() {
	[ -n "${KILN_TESTS_LOCKED:-}" ] && return 0
	mkdir -p "$OUT"
	exec 9>"$OUT/.lock"
	if ! flock -n 9; then
		echo "tests: waiting for another test run to finish ($OUT/.lock)" >&2
		flock 9
	fi
	export KILN_TESTS_LOCKED=1
}

# suite_begin SUITE: results of this suite (and tag) go to $RESULTS.
suite_begin() {
	SUITE=$1
	SUITE_ID=$SUITE${KILN_TAG:+-$KILN_TAG}
	RESULTS=$OUT/results/$SUITE_ID
	SUITE_T0=$(date +%s)
}

# result NAME pass|fail|skip [REASON [DETAIL-FILE]]: record one case.
# The first line is the reason; up to 20 lines of detail follow.
result() {
	local name=$1 verdict=$2 reason=${3:-} detail=${4:-}
	local f=$RESULTS/${name//\//_}.$verdict
	{
		printf '%s/%s: %s\n' "$SUITE${KILN_TAG:+[$KILN_TAG]}" "$name" "$reason"
		[ -n "$detail" ] && [ -s "$detail" ] && head -n 20 "$detail" | sed 's/^/    /'
	} >"$f"
}

# run_native DIR CMD...: run CMD in DIR (which it empties first) with only
# GUEST_PATH and $RUN_ENV in the environment, stdin at EOF, fds above 2 closed.
# Leaves DIR.out, DIR.err, DIR.status next to DIR.  RUN_MERGE=1 sends stderr
# into stdout; RUN_PREP names a command run in DIR first (e.g. to copy inputs).
run_native() {
	local dir=$1
	shift
	rm -rf "$dir" && mkdir -p "$dir"
	{ (
		cd "$dir" || exit 99
		for fd in /proc/self/fd/*; do
			fd=${fd##*/}
			[ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
		done
		umask 022
		if [ -n "${RUN_PREP:-}" ]; then "$RUN_PREP" || exit 99; fi
		if [ "${RUN_MERGE:-0}" = 1 ]; then exec 2>&1; fi
		exec timeout -k 5 "$NATIVE_TIMEOUT" env -i PATH="$GUEST_PATH" "${RUN_ENV[@]}" "$@" </dev/null
	) >"$dir.out" 2>"$dir.err"; } 2>/dev/null # no "Segmentation fault" from bash
	echo $? >"$dir.status"
}

# run_kiln DIR [KILN-RUN-ARGS...] PROGRAM [ARGS...]: the same under
# `kiln run`, from DIR as the host's cwd (so the guest cwd has its name).
run_kiln() {
	local dir=$1 e envargs=()
	shift
	for e in "${RUN_ENV[@]}"; do envargs+=(-e "$e"); done
	rm -rf "$dir" && mkdir -p "$dir"
	{ (
		cd "$dir" || exit 99
		if [ "${RUN_MERGE:-0}" = 1 ]; then exec 2>&1; fi
		exec timeout -k 5 "$KILN_TIMEOUT" "$KILN" run "${VMM_ARGS[@]}" "${envargs[@]}" "$@" </dev/null
	) >"$dir.out" 2>"$dir.err"; } 2>/dev/null
	echo $? >"$dir.status"
}

# save_run DIR TAG: keep a run's results as DIR.TAG.* so DIR can run again.
save_run() {
	local x
	for x in out err status; do mv "$1.$x" "$1.$2.$x"; done
}

# timed_out DIR: the run in DIR was stopped by timeout(1).
timed_out() {
	local s
	s=$(cat "$1.status")
	[ "$s" = 124 ] || [ "$s" = 137 ]
}

# compare NAME NATIVE-DIR KILN-DIR: record pass, or fail with the first
# difference (timeout, exit status, stdout, stderr) and a short diff.
compare() {
	local name=$1 n=$2 k=$3 d=$RESULTS/${1//\//_}.diff
	if timed_out "$k"; then
		result "$name" fail "timeout after ${KILN_TIMEOUT}s" "$k.err"
	elif timed_out "$n"; then
		result "$name" fail "native run timed out (broken test?)"
	elif ! cmp -s "$n.status" "$k.status"; then
		{
			diff -u --label native-stderr --label kiln-stderr "$n.err" "$k.err" | tail -n +3
			diff -u --label native-stdout --label kiln-stdout "$n.out" "$k.out" | tail -n +3
		} >"$d"
		result "$name" fail "exit status $(cat "$n.status") native, $(cat "$k.status") in kiln" "$d"
	elif ! cmp -s "$n.out" "$k.out"; then
		# kiln's stderr often says why ("unsupported syscall poll"): show it first
		{
			cmp -s "$n.err" "$k.err" ||
				diff -u --label native-stderr --label kiln-stderr "$n.err" "$k.err" | tail -n +3 | head -n 6
			diff -u --label native --label kiln "$n.out" "$k.out" | tail -n +3
		} >"$d"
		result "$name" fail "stdout differs$(cmp -s "$n.err" "$k.err" || echo " (and stderr)")" "$d"
	elif ! cmp -s "$n.err" "$k.err"; then
		diff -u --label native --label kiln "$n.err" "$k.err" | tail -n +3 >"$d"
		result "$name" fail "stderr differs" "$d"
	else
		result "$name" pass
	fi
}

# run_cases SCRIPT CASE...: run "SCRIPT --case CASE" for each, in parallel;
# a case that recorded no result (its runner died) counts as failed.
run_cases() {
	local script=$1 c f
	shift
	[ $# -gt 0 ] || return 0
	printf '%s\n' "$@" | xargs -P "$JOBS" -I{} "$script" --case {}
	for c in "$@"; do
		f=$RESULTS/${c//\//_}
		[ -e "$f.pass" ] || [ -e "$f.fail" ] || [ -e "$f.skip" ] ||
			result "$c" fail "the test runner recorded no result"
	done
}

# suite_main NAME PREPARE [CASE...]: the main of a suite whose cases are the
# words of $CASES.  With --case C it runs that one case (run_cases' workers
# call the script so); otherwise it takes the lock, starts afresh, runs
# PREPARE (which records its own failure or skip and returns non-zero to
# stop there), then the cases named, or all of them.
suite_main() {
	local name=$1 prepare=$2 names
	shift 2
	if [ "${1:-}" = --case ]; then
		suite_begin "$name"
		one_case "$2"
		exit
	fi
	take_lock
	suite_begin "$name"
	rm -rf "$RESULTS" "$WORK" && mkdir -p "$RESULTS" "$WORK"
	if "$prepare"; then
		if [ $# -gt 0 ]; then names=("$@"); else read -ra names <<<"$(echo $CASES)"; fi
		run_cases "$0" "${names[@]}"
	fi
	suite_end
}

# suite_end: print failures (reason and detail), then "N passed, N failed".
suite_end() {
	local pass fail skip
	pass=$(find "$RESULTS" -name '*.pass' | wc -l)
	fail=$(find "$RESULTS" -name '*.fail' | wc -l)
	skip=$(find "$RESULTS" -name '*.skip' | wc -l)
	if [ "$fail" -gt 0 ]; then
		find "$RESULTS" -name '*.fail' | sort | while read -r f; do
			printf 'FAIL '
			cat "$f"
		done
	fi
	if [ -n "${KILN_VERBOSE:-}" ] && [ "$skip" -gt 0 ]; then
		find "$RESULTS" -name '*.skip' | sort | while read -r f; do
			printf 'SKIP '
			cat "$f"
		done
	fi
	echo "$SUITE_ID: $((pass + fail + skip)) cases in $(($(date +%s) - SUITE_T0)) s" >&2
	printf '%d passed, %d failed' "$pass" "$fail"
	[ "$skip" -gt 0 ] && printf ', %d skipped' "$skip"
	printf '\n'
	[ "$fail" = 0 ]
}

# have_kiln: build/kiln exists (cases fail with "no build/kiln" otherwise).
have_kiln() {
	[ -x "$KILN" ]
}
