#!/bin/bash
# tests/neg/run.sh: negative tests of `kiln run`.  Bad programs (not ELF,
# wrong class, machine or byte order, broken program headers, missing, not
# executable) must be refused with a clear message and
# exit 126/127; programs that crash must end as Linux reports them
# (128 + signal) with kiln naming a segmentation fault; none may hang.
#
#   tests/neg/run.sh [CASE...]
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
SRC=$TOP/tests/neg
BIN=$OUT/neg/bin
WORK=$OUT/neg/work${KILN_TAG:+-$KILN_TAG}
CASES="not_elf_text empty_file elf32_i386 elf_aarch64 elf_big_endian
elf_truncated_phdrs elf_overlapping_segments elf_segment_in_kernel_half
elf_relocatable_object missing_program no_exec_permission dynamic_bin_true
exit_42 crash_null_write crash_kernel_write crash_kernel_exec crash_nx_data_exec
crash_privileged_hlt crash_illegal_ud2 crash_divide_by_zero crash_stack_overflow
oom_killed_with_message fork_1g_in_2g fork_child_oom_killed stdin_passthrough
script_with_interpreter"

# build: the crash program and every bad file derived from it.
build() {
	mkdir -p "$BIN"
	[ "$BIN/crash" -nt "$SRC/crash.c" ] && [ "$BIN/elf-overlap" -nt "$SRC/mkelf.py" ] && return 0
	musl-gcc -static -O2 -Wall -o "$BIN/crash" "$SRC/crash.c" &&
		gcc -c -o "$BIN/relocatable.o" "$SRC/crash.c" &&
		chmod +x "$BIN/relocatable.o" &&
		printf 'this is a text file, not a program\n' >"$BIN/text" &&
		: >"$BIN/empty" && chmod +x "$BIN/text" "$BIN/empty" &&
		cp "$BIN/crash" "$BIN/no-exec" && chmod 644 "$BIN/no-exec" || return 1
	local k
	for k in elf32 aarch64 big-endian truncated-phdrs overlap kernel-half; do
		python3 "$SRC/mkelf.py" "$k" "$BIN/crash" "$BIN/elf-$k" && chmod +x "$BIN/elf-$k" || return 1
	done
}

# expect NAME: PROG ARGS, wanted STATUS, stderr fragments ERR (none: stderr
# must be empty), exact stdout WANT_OUT (refused programs: empty).
expect() {
	PROG=$BIN/crash ARGS=() OPTS=() STATUS=126 ERR=() WANT_OUT= EXACT_ERR=
	case $1 in
	not_elf_text) PROG=$BIN/text ERR=("not an ELF file") ;;
	empty_file) PROG=$BIN/empty ERR=("not an ELF file") ;;
	elf32_i386) PROG=$BIN/elf-elf32 ERR=("32-bit ELF is not supported") ;;
	elf_aarch64) PROG=$BIN/elf-aarch64 ERR=("machine is AArch64, not x86-64") ;;
	elf_big_endian) PROG=$BIN/elf-big-endian ERR=("big-endian ELF is not supported") ;;
	elf_truncated_phdrs) PROG=$BIN/elf-truncated-phdrs ERR=("truncated program header table") ;;
	elf_overlapping_segments) PROG=$BIN/elf-overlap ERR=("segment 2 overlaps segment 1") ;;
	elf_segment_in_kernel_half) PROG=$BIN/elf-kernel-half ERR=("segment 3 lies outside user space") ;;
	elf_relocatable_object) PROG=$BIN/relocatable.o ERR=("not an executable (ELF type 1)") ;;
	missing_program)
		PROG=$BIN/does-not-exist STATUS=127
		ERR=("kiln: $BIN/does-not-exist: No such file or directory") EXACT_ERR=${ERR[0]} ;;
	no_exec_permission) PROG=$BIN/no-exec ERR=("Permission denied") ;;
	dynamic_bin_true) PROG=/bin/true STATUS=0 ;; # runs: interpreter and libc are packed
	exit_42) ARGS=(exit42) STATUS=42 WANT_OUT=$'before\nbye' ;;
	crash_null_write) ARGS=(null-write) STATUS=139 ERR=("kiln: segmentation fault at 0x") WANT_OUT=before ;;
	crash_kernel_write) ARGS=(kernel-write) STATUS=139 ERR=("kiln: segmentation fault at 0x") WANT_OUT=before ;;
	crash_kernel_exec) ARGS=(kernel-exec) STATUS=139 ERR=("kiln: segmentation fault at 0x") WANT_OUT=before ;;
	crash_nx_data_exec) ARGS=(nx-exec) STATUS=139 ERR=("kiln: segmentation fault at 0x") WANT_OUT=before ;;
	crash_privileged_hlt) ARGS=(hlt) STATUS=139 ERR=("kiln: segmentation fault at 0x") WANT_OUT=before ;;
	crash_illegal_ud2) ARGS=(ud2) STATUS=132 ERR=("kiln: illegal instruction at 0x") WANT_OUT=before ;;
	crash_divide_by_zero) ARGS=(div0) STATUS=136 ERR=("kiln: floating point exception at 0x") WANT_OUT=before ;;
	crash_stack_overflow) ARGS=(stack) STATUS=139 ERR=("kiln: segmentation fault at 0x") WANT_OUT=before ;;
	oom_killed_with_message) OPTS=(-m 32M) ARGS=(oom) STATUS=137 ERR=("kiln: out of memory (guest has ") WANT_OUT=before ;;
	# fork is copy-on-write: 1 GiB held twice fits in 2 GiB (kernel-heavy:
	# TCG); a child whose copies exhaust memory dies alone, the parent goes on
	fork_1g_in_2g) OPTS=(--vmm tcg -m 2G) ARGS=(fork-1g) STATUS=0 WANT_OUT=$'before\nchild: exit 0\nparent intact' ;;
	fork_child_oom_killed)
		OPTS=(-m 64M) ARGS=(fork-oom) STATUS=0 ERR=("kiln: out of memory (guest has ")
		WANT_OUT=$'before\nchild: killed by 9\nparent intact' ;;
	*) return 1 ;;
	esac
	# a refused program gets exactly one line, "kiln: PROGRAM: PROBLEM"
	[ "$STATUS" = 126 ] && EXACT_ERR="kiln: $PROG: ${ERR[0]}"
	return 0
}

# stdin_passthrough: kiln's monitor hands the program its stdin (under
# QEMU stdin reads as end of input, so the case is skipped there).
stdin_case() {
	local out
	if [ "${VMM_ARGS[*]}" = "--vmm qemu" ]; then
		result stdin_passthrough skip "stdin is end of input under QEMU"
		return
	fi
	out=$(printf 'b\na\nc\n' | timeout -k 5 "$KILN_TIMEOUT" "$KILN" run "${VMM_ARGS[@]}" /bin/busybox sort 2>&1)
	if [ "$out" = "$(printf 'a\nb\nc')" ]; then
		result stdin_passthrough pass
	else
		printf '%s\n' "$out" >"$WORK/stdin.out"
		result stdin_passthrough fail "sort of piped stdin gave something else" "$WORK/stdin.out"
	fi
}

# script_with_interpreter: `kiln run ./script` packs the #! interpreter and
# the script sees the same $0 and arguments as natively.
script_case() {
	local d=$WORK/script n k
	rm -rf "$d" && mkdir -p "$d"
	printf '#!/bin/busybox sh\necho "args: $*"\necho "zero: $0"\nexit 7\n' >"$d/s.sh"
	chmod +x "$d/s.sh"
	n=$(cd "$d" && ./s.sh one "two words" 2>&1; echo "status $?")
	k=$(cd "$d" && timeout -k 5 "$KILN_TIMEOUT" "$KILN" run "${VMM_ARGS[@]}" ./s.sh one "two words" 2>&1; echo "status $?")
	if [ "$n" = "$k" ]; then
		result script_with_interpreter pass
	else
		printf 'native:\n%s\nkiln:\n%s\n' "$n" "$k" >"$d.diff"
		result script_with_interpreter fail "script output differs" "$d.diff"
	fi
}

one_case() {
	local name=$1 w=$WORK/$1 s e d
	if [ "$name" = stdin_passthrough ]; then
		stdin_case
		return
	fi
	if [ "$name" = script_with_interpreter ]; then
		script_case
		return
	fi
	if ! expect "$name"; then
		result "$name" fail "no such case"
		return
	fi
	if ! have_kiln; then
		result "$name" fail "no build/kiln"
		return
	fi
	RUN_ENV=()
	run_kiln "$w" "${OPTS[@]}" "$PROG" "${ARGS[@]}"
	s=$(cat "$w.status")
	d=$w.why
	: >"$d"
	# 137 is also what `timeout -k` leaves: trust it only when it is expected
	if timed_out "$w" && { [ "$STATUS" != 137 ] || ! grep -q "out of memory" "$w.err"; }; then
		result "$name" fail "timeout after ${KILN_TIMEOUT}s (must fail fast, never hang)" "$w.err"
		return
	fi
	[ "$s" = "$STATUS" ] || echo "exit status $s, want $STATUS" >>"$d"
	for e in "${ERR[@]}"; do
		grep -qF -- "$e" "$w.err" || echo "stderr lacks: $e" >>"$d"
	done
	[ ${#ERR[@]} -gt 0 ] || [ ! -s "$w.err" ] || echo "stderr is not empty" >>"$d"
	[ -z "$EXACT_ERR" ] || [ "$(cat "$w.err")" = "$EXACT_ERR" ] ||
		printf 'stderr is not exactly %q\n' "$EXACT_ERR" >>"$d"
	if [ "$(cat "$w.out")" != "$WANT_OUT" ]; then
		printf 'stdout is not %q\n' "$WANT_OUT" >>"$d"
	fi
	# the guest died, not kiln: the next run after an out-of-memory kill works
	if [ "$name" = oom_killed_with_message ]; then
		run_kiln "$w.next" "$PROG" exit42
		[ "$(cat "$w.next.status")" = 42 ] && [ "$(cat "$w.next.out")" = $'before\nbye' ] ||
			echo "the next kiln run: status $(cat "$w.next.status"), want 42 and before/bye" >>"$d"
	fi
	if [ -s "$d" ]; then
		{ cat "$d"; echo "--- stderr:"; head -n 5 "$w.err"; echo "--- stdout:"; head -n 5 "$w.out"; } >"$d.full"
		result "$name" fail "$(head -n 1 "$d")" "$d.full"
	else
		result "$name" pass
	fi
}

# prepare: build the crash program and the bad files
prepare() {
	build && return 0
	result build fail "could not build the negative-test programs"
	return 1
}

suite_main neg prepare "$@"
