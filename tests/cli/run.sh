#!/bin/bash
# tests/cli/run.sh: the options of `kiln run` and the messages kiln itself
# prints (issue 2): --help, -e, -m, --file (files and trees), -w, -v, -q,
# --vmm kvm|qemu|tcg (the PVH entry under QEMU), the fallback to QEMU TCG
# without a usable /dev/kvm (said once), --strace against the host's strace,
# the once-per-number warning for an unknown system call, the exact SIGSEGV
# line, the panic report of a fault in the kernel (kiln.debug_fault), and
# PT_GNU_STACK (RW, RWX, absent) against native runs.
#
#   tests/cli/run.sh [CASE...]
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
SRC=$TOP/tests/cli
BIN=$OUT/cli/bin
WORK=$OUT/cli/work${KILN_TAG:+-$KILN_TAG}
CASES="help_lists_every_option run_usage_errors env_e_options mem_m_option
file_option_file_and_tree workdir_w_option verbose_v_kernel_log_only_when_asked
vmm_kvm_explicit vmm_qemu_pvh_entry vmm_tcg_pvh_entry no_kvm_falls_back_to_tcg_once
strace_matches_host_strace_musl strace_matches_host_strace_glibc unsupported_syscall_warned_once
segv_message_exact kernel_fault_panic_report pt_gnu_stack_rw_rwx_absent"

build() {
	mkdir -p "$BIN"
	[ "$BIN/probe" -nt "$SRC/probe.c" ] && [ "$BIN/probe-glibc" -nt "$SRC/probe.c" ] &&
		[ "$BIN/xs-none" -nt "$SRC/execstack.c" ] && return 0
	musl-gcc -static -O2 -Wall -o "$BIN/probe" "$SRC/probe.c" &&
		gcc -static -O2 -Wall -o "$BIN/probe-glibc" "$SRC/probe.c" &&
		musl-gcc -static -O0 -o "$BIN/xs-rw" "$SRC/execstack.c" &&
		musl-gcc -static -O0 -z execstack -o "$BIN/xs-rwx" "$SRC/execstack.c" &&
		python3 "$TOP/tests/neg/mkelf.py" no-gnu-stack "$BIN/xs-rw" "$BIN/xs-none" &&
		chmod +x "$BIN/xs-none"
}

# kiln_in W [KILN-RUN-ARGS...]: run kiln with a timeout from directory W
# (created empty), stdin at EOF; W.out, W.err, W.status.
kiln_in() {
	local w=$1
	shift
	rm -rf "$w" && mkdir -p "$w"
	(cd "$w" && exec timeout -k 5 "$KILN_TIMEOUT" "$KILN" "$@" </dev/null) >"$w.out" 2>"$w.err"
	echo $? >"$w.status"
}

# checks on the run in $W, each adding a reason line to $D when it fails
status_is() { [ "$(cat "$W.status")" = "$1" ] || echo "exit status $(cat "$W.status"), want $1" >>"$D"; }
out_is() { [ "$(cat "$W.out")" = "$1" ] || printf 'stdout is %q, want %q\n' "$(cat "$W.out")" "$1" >>"$D"; }
err_has() { grep -qE -- "$1" "$W.err" || echo "stderr lacks /$1/" >>"$D"; }
err_empty() { [ ! -s "$W.err" ] || echo "stderr is not empty: $(head -n 1 "$W.err")" >>"$D"; }

# no_kvm CMD...: CMD where /dev/kvm opens but is not KVM (/dev/null bound
# over it in a private mount namespace); status 200 when that cannot be set up.
no_kvm() {
	unshare -m sh -c 'mount --bind /dev/null /dev/kvm 2>/dev/null || exit 200; exec "$@"' sh "$@"
}

# strace_lines FILE: the calls from open("missing") to the last rmdir, with
# strace's column padding before " = " squeezed and addresses as 0xADDR.
strace_lines() {
	sed -n '/"missing"/,/^rmdir/p' "$1" | sed -E 's/\) +=  ?/) = /; s/0x[0-9a-f]+/0xADDR/g'
}

strace_case() {
	local prog=$1
	if ! command -v strace >/dev/null; then
		result "$NAME" skip "no strace on the host"
		return
	fi
	rm -rf "$W" && mkdir -p "$W" "$W.native"
	(cd "$W.native" && timeout 30 strace -qq -o "$W.strace" "$prog" calls >/dev/null 2>&1)
	kiln_in "$W" run "${VMM_ARGS[@]}" --strace "$prog" calls
	status_is 0
	out_is done
	strace_lines "$W.strace" >"$W.want"
	strace_lines "$W.err" >"$W.got"
	[ "$(wc -l <"$W.want")" -ge 14 ] || echo "native strace gave only $(wc -l <"$W.want") lines" >>"$D"
	diff -u --label host-strace --label kiln-strace "$W.want" "$W.got" >"$W.diff" ||
		echo "--strace lines differ from the host's strace" >>"$D"
	cat "$W.diff" >>"$D"
}

one_case() {
	NAME=$1 W=$WORK/$1 D=$WORK/$1.why
	local probe=$BIN/probe want i n
	mkdir -p "$WORK" && : >"$D"
	if ! have_kiln; then
		result "$NAME" fail "no build/kiln"
		return
	fi
	case $NAME in
	help_lists_every_option)
		kiln_in "$W" --help
		status_is 0
		for i in '-e KEY=VAL' '-m SIZE' '--file HOST:GUEST' '-w DIR' '--vmm kvm|qemu' \
			'--strace' '-v ' '-q ' '--help'; do
			grep -qF -- "  $i" "$W.out" || echo "--help lacks '$i'" >>"$D"
		done
		want=$(cat "$W.out")
		kiln_in "$W" run --help
		status_is 0
		[ "$(cat "$W.out")" = "$want" ] || echo "kiln run --help differs from kiln --help" >>"$D" ;;
	run_usage_errors)
		for i in "run" "run -m 1K $probe" "run --vmm foo $probe" "run --file nocolon $probe"; do
			# shellcheck disable=SC2086 # the words are the arguments
			kiln_in "$W" $i
			status_is 125
			err_has '^kiln: '
			[ "$(wc -l <"$W.err")" = 1 ] || echo "kiln $i: not one line on stderr" >>"$D"
		done ;;
	env_e_options)
		kiln_in "$W" run "${VMM_ARGS[@]}" -e A=1 -e 'B=two words' -e HOME "$probe" env A B HOME PATH C
		status_is 0
		out_is "A=1
B=two words
HOME=$HOME
PATH=$GUEST_PATH
C unset" ;;
	mem_m_option)
		for i in 64 512; do
			kiln_in "$W" run "${VMM_ARGS[@]}" -m ${i}M "$probe" mem
			status_is 0
			n=$(cat "$W.out")
			[ "$n" -gt $((i * 9 / 10)) ] 2>/dev/null && [ "$n" -le "$i" ] ||
				echo "-m ${i}M: the guest sees $n MiB" >>"$D"
		done ;;
	file_option_file_and_tree)
		rm -rf "$W.tree" && mkdir -p "$W.tree/a/b" && echo one >"$W.tree/a/1" &&
			echo two >"$W.tree/a/b/2" && ln -s 1 "$W.tree/a/link" && chmod 750 "$W.tree/a/b" &&
			echo solo >"$W.solo" || return
		want=$(cd "$W.tree" && find . | sort && stat -c '%n %A' a/b a/link && cat a/b/2)
		kiln_in "$W" run "${VMM_ARGS[@]}" --file "$W.tree:/t" --file "$W.solo:/etc/solo" \
			-w /t /bin/busybox sh -c 'find . | sort; stat -c "%n %A" a/b a/link; cat a/b/2 /etc/solo'
		status_is 0
		out_is "$want
solo" ;;
	workdir_w_option)
		kiln_in "$W" run "${VMM_ARGS[@]}" -w /no/such/dir "$probe" cwd
		status_is 0
		out_is /no/such/dir
		kiln_in "$W" run "${VMM_ARGS[@]}" "$probe" cwd # default: the host's cwd
		out_is "$W" ;;
	verbose_v_kernel_log_only_when_asked)
		kiln_in "$W" run "${VMM_ARGS[@]}" "$probe" hello
		status_is 0
		out_is hello
		err_empty
		kiln_in "$W" run "${VMM_ARGS[@]}" -v "$probe" hello
		status_is 0
		out_is hello
		err_has '^kiln: [0-9]+ MiB RAM'
		err_has '^kiln: entering ' ;;
	vmm_kvm_explicit | vmm_qemu_pvh_entry | vmm_tcg_pvh_entry)
		i=${NAME#vmm_} i=${i%%_*}
		if [ "$i" = kvm ] && [ "$KILN_ENGINE_KVM" != 1 ]; then
			result "$NAME" skip "/dev/kvm is not usable"
			return
		fi
		kiln_in "$W" run --vmm "$i" "$probe" env X
		status_is 0
		out_is "X unset"
		err_empty
		kiln_in "$W" run --vmm "$i" -e X=7 "$probe" segv
		status_is 139
		out_is "" ;;
	no_kvm_falls_back_to_tcg_once)
		rm -rf "$W" && mkdir -p "$W"
		no_kvm timeout -k 5 120 "$KILN" run "$probe" hello >"$W.out" 2>"$W.err" </dev/null
		echo $? >"$W.status"
		if [ "$(cat "$W.status")" = 200 ]; then
			result "$NAME" skip "cannot hide /dev/kvm (needs root and unshare -m)"
			return
		fi
		status_is 0
		out_is hello
		err_has '^kiln: /dev/kvm: .*\(using QEMU TCG\)$'
		[ "$(wc -l <"$W.err")" = 1 ] || echo "not exactly one notice line" >>"$D"
		no_kvm timeout -k 5 120 "$KILN" run -q "$probe" hello >"$W.out" 2>"$W.err" </dev/null
		echo $? >"$W.status"
		status_is 0
		out_is hello
		err_empty # -q: no notice
		# --vmm qemu picks TCG by itself, silently; --vmm kvm refuses in one line
		no_kvm timeout -k 5 120 "$KILN" run --vmm qemu "$probe" hello >"$W.out" 2>"$W.err" </dev/null
		echo $? >"$W.status"
		status_is 0
		out_is hello
		err_empty
		no_kvm timeout -k 5 30 "$KILN" run --vmm kvm "$probe" hello >"$W.out" 2>"$W.err" </dev/null
		echo $? >"$W.status"
		status_is 125
		out_is ""
		err_has '^kiln: /dev/kvm: .*\(use --vmm qemu\)$' ;;
	strace_matches_host_strace_musl) strace_case "$probe" ;;
	strace_matches_host_strace_glibc) strace_case "$BIN/probe-glibc" ;;
	unsupported_syscall_warned_once)
		kiln_in "$W" run "${VMM_ARGS[@]}" "$probe" nosys
		status_is 0
		out_is "kexec_load = -1 errno 38
kexec_load = -1 errno 38
kexec_load = -1 errno 38
lookup_dcookie = -1 errno 38"
		want="kiln: unsupported syscall kexec_load (246)
kiln: unsupported syscall lookup_dcookie (212)"
		[ "$(cat "$W.err")" = "$want" ] || printf 'stderr is %q\n' "$(cat "$W.err")" >>"$D" ;;
	pt_gnu_stack_rw_rwx_absent)
		# Linux 5.8+: the stack executes only with PT_GNU_STACK RWX
		for i in rw rwx none; do
			want=$(cd "$WORK" && "$BIN/xs-$i" 2>&1)
			kiln_in "$W" run "${VMM_ARGS[@]}" "$BIN/xs-$i"
			status_is 0
			[ "$(cat "$W.out")" = "$want" ] ||
				printf 'xs-%s: kiln %q, native %q\n' "$i" "$(cat "$W.out")" "$want" >>"$D"
		done ;;
	segv_message_exact)
		kiln_in "$W" run "${VMM_ARGS[@]}" "$probe" segv
		status_is 139
		out_is ""
		grep -qxE 'kiln: segmentation fault at 0x10 \(rip 0x[0-9a-f]+\)' "$W.err" &&
			[ "$(wc -l <"$W.err")" = 1 ] ||
			printf 'stderr is %q\n' "$(cat "$W.err")" >>"$D" ;;
	kernel_fault_panic_report)
		rm -rf "$W" && mkdir -p "$W"
		KILN_KERNEL_ARGS=kiln.debug_fault timeout -k 5 "$KILN_TIMEOUT" "$KILN" run "${VMM_ARGS[@]}" \
			"$probe" hello >"$W.out" 2>"$W.err" </dev/null
		echo $? >"$W.status"
		status_is 125
		out_is ""
		err_has '^kiln: kernel exception 14 \(page fault\) error 0x2 at rip 0xffffffff8[0-9a-f]+ cr2 0x8$'
		for i in rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15; do
			err_has "^  .*\b$i +[0-9a-f]{16}\b"
		done
		err_has '^  cs 8 ss 10 rflags [0-9a-f]+ cr3 [0-9a-f]+$'
		err_has '^  backtrace:( ffffffff8[0-9a-f]+){2,}$'
		err_has '^kiln: kernel panic: unhandled kernel exception$' ;;
	*)
		result "$NAME" fail "no such case"
		return ;;
	esac
	if [ -s "$D" ]; then
		{ cat "$D"; echo "--- stderr:"; head -n 5 "$W.err"; } >"$D.full"
		result "$NAME" fail "$(head -n 1 "$D")" "$D.full"
	else
		result "$NAME" pass
	fi
}

# prepare: build the probe programs
prepare() {
	build && return 0
	result build fail "could not build tests/cli/probe.c"
	return 1
}

suite_main cli prepare "$@"
