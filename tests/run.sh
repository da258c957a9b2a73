#!/bin/bash
# tests/run.sh: `make test`.  Runs every suite this machine can run, prints
# one line per failure with its reason (and a short diff below it), and ends
# with exactly one line "N passed, N failed" (", N skipped" when any were).
# Exits non-zero on any failure.
#
# Suites: tests/unit/run.sh (when present), compat, apps, go, neg, cli, inspect,
# apps-dyn (dynamically linked Debian programs); then, when KVM
# is the engine, a representative subset again with --vmm qemu (TCG) so both
# engines stay green.  Each suite runs its cases in parallel and every VM run
# under a timeout; see tests/lib.sh for KILN_VMM, KILN_TIMEOUT, KILN_JOBS.
# Per-suite case counts and times go to stderr.
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
take_lock

# The subset that also runs under QEMU TCG: kernel paths that differ most
# between engines (faults, TLS, time, memory, long argv), the output path
# (QEMU relays the guest's stdout and stderr through its own serial ports),
# a few applets, and the fatal ends.
TCG_COMPAT="read_write_file_roundtrip getdents_lists_all_entries
mmap_anonymous_private_shared brk_sbrk_malloc_sizes tls_thread_locals_main
clock_gettime_monotonic_realtime efault_bad_user_pointers argv_tricky_args
stdout_large_over_64k stdout_stderr_interleave_fflush thread_mutex_condvar_barrier
futex_wait_wake_timeout signal_segv_recover_siglongjmp signal_ucontext_modify_resume
timer_create_thread_id_overrun vdso_symbols_clock_getcpu"
TCG_APPS="ls_long_fixed_mtimes sh_builtins_more awk_sum_csv sha256sum_files sort_alpha"
TCG_NEG="exit_42 crash_null_write not_elf_text"
TCG_CLI="segv_message_exact kernel_fault_panic_report strace_matches_host_strace_musl
unsupported_syscall_warned_once verbose_v_kernel_log_only_when_asked"
TCG_GO="goroutines_channels_waitgroup-p4 panic_recover_nil_deref-p2 timers_tickers_sleep-p4 os_signal_self-p2"
TCG_DYN="python3_version sqlite3_memory musl_dynamic_hello coreutils_sha256sum"
TCG_IO="vol_cp_a_tree vol_mv_dir vol_ln_hard vol_sed_i vol_ro_errnos big_volume_256m
bash_arithmetic_loops"

passed=0 failed=0 skipped=0
T0=$(date +%s)

# suite LABEL CMD...: run one suite, pass its failure lines through, add up
# its closing "N passed, N failed[, N skipped]" line.
suite() {
	local label=$1 log last re='^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$'
	shift
	log=$(mktemp)
	"$@" >"$log"
	last=$(tail -n 1 "$log")
	sed '$d' "$log"
	rm -f "$log"
	if [[ $last =~ $re ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		skipped=$((skipped + ${BASH_REMATCH[4]:-0}))
	else
		[ -n "$last" ] && echo "$last"
		echo "FAIL $label: suite ended without an \"N passed, N failed\" line"
		failed=$((failed + 1))
	fi
}

if [ -f tests/unit/run.sh ]; then
	suite unit bash tests/unit/run.sh
fi
suite compat tests/compat/run.sh
suite apps tests/apps/run.sh
suite go tests/apps/go/run.sh
suite shell tests/apps/shell/run.sh
suite suite tests/suite/test.sh
suite tty tests/apps/tty/run.sh
suite neg tests/neg/run.sh
suite cli tests/cli/run.sh
suite inspect tests/inspect/run.sh
suite apps-dyn tests/apps/dyn/run.sh
suite net tests/net/run.sh
suite io tests/apps/io.sh

if [ "${KILN_VMM:-kvm}" = kvm ] && [ "$KILN_ENGINE_KVM" = 1 ]; then
	export KILN_VMM=qemu KILN_TAG=qemu
	# shellcheck disable=SC2086 # the lists are words
	suite compat-qemu tests/compat/run.sh $TCG_COMPAT
	# shellcheck disable=SC2086
	suite apps-qemu tests/apps/run.sh $TCG_APPS
	# shellcheck disable=SC2086
	suite neg-qemu tests/neg/run.sh $TCG_NEG
	# shellcheck disable=SC2086
	suite cli-qemu tests/cli/run.sh $TCG_CLI
	# shellcheck disable=SC2086
	suite go-qemu tests/apps/go/run.sh $TCG_GO
	# shellcheck disable=SC2086
	suite apps-dyn-qemu tests/apps/dyn/run.sh $TCG_DYN
	suite net-qemu tests/net/run.sh # every case: QEMU's own slirp and tap
	# shellcheck disable=SC2086
	suite io-qemu tests/apps/io.sh $TCG_IO
	unset KILN_VMM KILN_TAG
elif [ "$KILN_ENGINE_KVM" = 0 ]; then
	echo "tests: /dev/kvm is not usable; everything ran under QEMU" >&2
fi

echo "tests: $(($(date +%s) - T0)) s in all" >&2
printf '%d passed, %d failed' "$passed" "$failed"
[ "$skipped" -gt 0 ] && printf ', %d skipped' "$skipped"
printf '\n'
[ "$failed" = 0 ]
