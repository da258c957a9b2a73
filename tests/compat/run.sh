#!/bin/bash
# tests/compat/run.sh: differential tests.  Each tests/compat/NAME.c is built
# five ways (musl static, glibc static, glibc static-PIE, and dynamically
# linked: glibc "dyn", musl "musldyn"), run natively and
# under `kiln run` from the same (fresh, empty) directory, and exit status,
# stdout and stderr must match byte for byte.
#
#   tests/compat/run.sh [NAME[-musl|-glibc|-pie|-dyn|-musldyn]...]
#                                                      all, or some cases
#   tests/compat/run.sh --native [NAME...]             no kiln: run each binary
#                                                      natively twice and compare
#                                                      (checks a test is deterministic)
#
# Programs under tests/compat/pending/ (waiting on kernel work) are not part
# of a full run; name them as pending/NAME, or "pending" for all of them.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
SRC=$TOP/tests/compat
BIN=$OUT/compat/bin
WORK=$OUT/compat/work${KILN_TAG:+-$KILN_TAG}
VARIANTS="musl glibc pie dyn musldyn"

# spec NAME: per-program arguments, environment and stream merging.
spec() {
	ARGS=() RUN_ENV=() RUN_MERGE=0 NEEDS_ROOT=0 NO_DYN= RUN_TCG=0
	case ${1#pending/} in
	argv_tricky_args)
		ARGS=('two words' '"double"' "'single'" '' 'back\slash\\' '-v' '--' '*.c'
			'$HOME' "tab	here" $'new\nline' 'héllo wörld ✓' ' ' '=') ;;
	env_getenv_from_cli)
		RUN_ENV=('KILN_GREETING=hello world' 'KILN_EQUALS=a=b=c' 'KILN_EMPTY='
			'KILN_UTF8=grüße') ;;
	stdout_stderr_interleave_fflush) RUN_MERGE=1 ;;
	uid_gid_groups_root | access_faccessat_modes | auxv_initial_state | stat_fstat_lstat_types | \
	socket_raw_icmp_echo_loopback)
		NEEDS_ROOT=1 ;;
	brk_sbrk_malloc_sizes)
		# it moves the break under malloc's feet: a dynamic glibc build keeps
		# its arena there and dies of SIGSEGV natively too
		NO_DYN="malloc's arena lies at the initial break" ;;
	# kernel-heavy: under QEMU TCG, where ring 0 is not emulated instruction
	# by instruction as on a software-virtualized KVM
	fork_storm_10000) RUN_TCG=1 NO_DYN="kernel-heavy: the static builds cover it" ;;
	socket_tcp_bulk_64m_1000_conns) RUN_TCG=1 NO_DYN="kernel-heavy: the static builds cover it" ;;
	# the XSAVE path (AVX state in switches and signal frames): kiln turns
	# XSAVE on under TCG only (kiln run --fpu); the other engines keep FXSAVE
	fpu_avx_state_threads_signals) RUN_TCG=1 ;;
	esac
}

# build: compile every (program, variant) that is missing or stale, in parallel.
build() {
	local name v todo=()
	mkdir -p "$BIN" "$OUT/compat/log"
	for name in "$@"; do
		for v in $VARIANTS; do
			[ "$BIN/$name-$v" -nt "$SRC/$name.c" ] && [ "$BIN/$name-$v" -nt "$SRC/common.h" ] ||
				todo+=("$name-$v")
		done
	done
	[ ${#todo[@]} -gt 0 ] || return 0
	printf '%s\n' "${todo[@]}" | xargs -P "$JOBS" -I{} "$0" --build {}
}

build_one() {
	local nv=$1 name=${1%-*} v=${1##*-} cc
	mkdir -p "$(dirname "$BIN/$nv")" "$(dirname "$OUT/compat/log/$nv")"
	case $v in
	musl) cc=(musl-gcc -static) ;;
	glibc) cc=(gcc -static) ;;
	pie) cc=(gcc -static-pie -fPIE) ;;
	dyn) cc=(gcc) ;;
	musldyn) cc=(musl-gcc) ;;
	esac
	"${cc[@]}" -O2 -Wall -o "$BIN/$nv" "$SRC/$name.c" >"$OUT/compat/log/$nv.log" 2>&1 ||
		rm -f "$BIN/$nv"
}

# one_case NAME-VARIANT
one_case() {
	local nv=$1 name=${1%-*} w=$WORK/$1
	spec "$name"
	if [ ! -x "$BIN/$nv" ]; then
		result "$nv" fail "build failed" "$OUT/compat/log/$nv.log"
		return
	fi
	if [ -n "$NO_DYN" ] && [ "${nv##*-}" = dyn ]; then
		result "$nv" skip "not a dynamic test: $NO_DYN"
		return
	fi
	if [ "$NEEDS_ROOT" = 1 ] && [ "$(id -u)" != 0 ]; then
		result "$nv" skip "needs root (the guest runs as root)"
		return
	fi
	run_native "$w" "$BIN/$nv" "${ARGS[@]}"
	save_run "$w" native
	if [ -n "${NATIVE_ONLY:-}" ]; then
		run_native "$w" "$BIN/$nv" "${ARGS[@]}"
	elif ! have_kiln; then
		result "$nv" fail "no build/kiln"
		return
	elif [ "$RUN_TCG" = 1 ]; then
		local VMM_ARGS=(--vmm tcg)
		run_kiln "$w" "$BIN/$nv" "${ARGS[@]}"
	else
		run_kiln "$w" "$BIN/$nv" "${ARGS[@]}"
	fi
	compare "$nv" "$w.native" "$w"
}

case ${1:-} in
--build) build_one "$2"; exit ;;
--case) suite_begin compat; one_case "$2"; exit ;;
--native) export NATIVE_ONLY=1; shift ;;
esac

take_lock
suite_begin compat
rm -rf "$RESULTS" "$WORK" && mkdir -p "$RESULTS" "$WORK"
names=() cases=()
if [ $# -eq 0 ]; then
	for f in "$SRC"/*.c; do names+=("$(basename "$f" .c)"); done
	for n in "${names[@]}"; do for v in $VARIANTS; do cases+=("$n-$v"); done; done
else
	for a in "$@"; do
		case $a in
		pending)
			for f in "$SRC"/pending/*.c; do
				[ -e "$f" ] || continue # none pending
				n=pending/$(basename "$f" .c)
				names+=("$n")
				for v in $VARIANTS; do cases+=("$n-$v"); done
			done ;;
		*-musl | *-glibc | *-pie | *-dyn | *-musldyn) names+=("${a%-*}") cases+=("$a") ;;
		*) names+=("$a"); for v in $VARIANTS; do cases+=("$a-$v"); done ;;
		esac
	done
fi
build "${names[@]}"
run_cases "$0" "${cases[@]}"
suite_end
