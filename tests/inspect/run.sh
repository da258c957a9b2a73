#!/bin/bash
# tests/inspect/run.sh: `kiln inspect` on static, static-PIE, dynamic (glibc
# and musl) and broken binaries, and `kiln run` of dynamic programs whose
# interpreter or libraries are missing or of the wrong class.  The host is
# the oracle where it can be: readelf for the interpreter, ldd for where
# each library resolves, strace for system calls a program really makes,
# and a native run for exit statuses and output.
#
#   tests/inspect/run.sh [CASE...]
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
SRC=$TOP/tests/inspect
BIN=$OUT/inspect/bin
WORK=$OUT/inspect/work${KILN_TAG:+-$KILN_TAG}
CASES="inspect_static inspect_static_pie inspect_dynamic_glibc inspect_dynamic_musl
inspect_runpath_origin inspect_rpath_origin inspect_missing_syscall
inspect_syscalls_cover_strace inspect_not_elf inspect_truncated inspect_elf32
inspect_missing_library inspect_wrong_class inspect_missing_interpreter
run_missing_interpreter run_missing_library run_wrong_class run_runpath_origin
run_ldso_list run_no_aslr_pie_base inspect_damaged_never_crashes run_damaged_refused_or_runs"

# build: every fixture, once per change of the sources.
build() {
	local lib='$ORIGIN/lib'
	[ "$BIN/.built" -nt "$SRC/run.sh" ] && [ "$BIN/.built" -nt "$SRC/hello.c" ] &&
		[ "$BIN/.built" -nt "$SRC/uses_libkilnx.c" ] && return 0
	rm -rf "$BIN" && mkdir -p "$BIN"/{rp,rpath,nolib,wrong}/lib || return 1
	musl-gcc -static -O2 -o "$BIN/static" "$SRC/hello.c" &&
		gcc -static-pie -fPIE -O2 -o "$BIN/static-pie" "$SRC/hello.c" &&
		gcc -O2 -o "$BIN/dyn" "$SRC/hello.c" &&
		musl-gcc -O2 -o "$BIN/dyn-musl" "$SRC/hello.c" &&
		musl-gcc -static -O2 -o "$BIN/nosys" "$SRC/nosys_mq_getsetattr.c" &&
		gcc -O2 -o "$BIN/badinterp" -Wl,--dynamic-linker=/nonexistent/ld-kiln.so.2 "$SRC/hello.c" &&
		printf 'not a program\n' >"$BIN/text" && chmod +x "$BIN/text" &&
		head -c 200 "$BIN/static" >"$BIN/truncated" && chmod +x "$BIN/truncated" &&
		python3 "$TOP/tests/neg/mkelf.py" elf32 "$BIN/static" "$BIN/elf32" && chmod +x "$BIN/elf32" &&
		gcc -shared -fPIC -O2 -o "$BIN/rp/lib/libkilnx.so" "$SRC/libkilnx.c" &&
		cp "$BIN/rp/lib/libkilnx.so" "$BIN/rpath/lib/" &&
		gcc -O2 -o "$BIN/rp/prog" "$SRC/uses_libkilnx.c" -L"$BIN/rp/lib" -lkilnx \
			-Wl,--enable-new-dtags,-rpath,"$lib" &&
		gcc -O2 -o "$BIN/rpath/prog" "$SRC/uses_libkilnx.c" -L"$BIN/rp/lib" -lkilnx \
			-Wl,--disable-new-dtags,-rpath,"$lib" &&
		cp "$BIN/rp/prog" "$BIN/nolib/prog" && cp "$BIN/rp/prog" "$BIN/wrong/prog" &&
		cp "$BIN/elf32" "$BIN/wrong/lib/libkilnx.so" &&
		touch "$BIN/.built"
}

# inspect_json PROG: run kiln inspect --json; sets J (the JSON) and S (status).
inspect_json() {
	J=$("$KILN" inspect --json "$1" 2>"$W.err")
	S=$?
	printf '%s\n' "$J" >"$W.json"
}

# jq_is FILTER WANT: the JSON's FILTER (jq -r) is WANT, else a reason line.
jq_is() {
	local got
	got=$(printf '%s' "$J" | jq -r "$1" 2>&1)
	[ "$got" = "$2" ] || echo "$1 is '$got', want '$2'" >>"$D"
}

status_is() {
	[ "$S" = "$1" ] || echo "exit status $S, want $1" >>"$D"
}

err_has() {
	grep -qF -- "$1" "$W.err" || echo "stderr lacks: $1" >>"$D"
}

# needed_match_ldd PROG: every "name => path" ldd prints is in inspect's list.
needed_match_ldd() {
	local name arrow path rest
	while read -r name arrow path rest; do
		[ "$arrow" = "=>" ] || continue
		jq_is ".needed[] | select(.name == \"$name\") | .path" "$path"
	done < <(ldd "$1")
}

# kiln_vs_native PROG ARGS...: run both; status and stdout must match.
kiln_vs_native() {
	local n k
	n=$("$@" 2>/dev/null)
	echo $? >"$W.nstatus"
	k=$(timeout -k 5 "$KILN_TIMEOUT" "$KILN" run "${VMM_ARGS[@]}" "$@" 2>"$W.err")
	S=$?
	[ "$S" = "$(cat "$W.nstatus")" ] || echo "exit status $S in kiln, $(cat "$W.nstatus") native" >>"$D"
	[ "$n" = "$k" ] || printf 'stdout differs:\nnative: %s\nkiln:   %s\n' "$n" "$k" >>"$D"
}

one_case() {
	local name=$1
	W=$WORK/$name D=$WORK/$name.why J= S=
	mkdir -p "$WORK" && : >"$D"
	if ! have_kiln; then
		result "$name" fail "no build/kiln"
		return
	fi
	case $name in
	inspect_static)
		inspect_json "$BIN/static"
		jq_is .type static; jq_is .pie false; jq_is .interpreter null
		jq_is '.needed | length' 0; jq_is .ok true; status_is 0 ;;
	inspect_static_pie)
		inspect_json "$BIN/static-pie"
		jq_is .type static-PIE; jq_is .pie true; jq_is .interpreter null ;;
	inspect_dynamic_glibc)
		inspect_json "$BIN/dyn"
		jq_is .type dynamic; jq_is .pie true
		jq_is .interpreter "$(readelf -lW "$BIN/dyn" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')"
		jq_is "[.needed[] | select(.needed_by == \"$BIN/dyn\") | .name] | join(\" \")" "$(readelf -dW "$BIN/dyn" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | paste -sd' ')"
		needed_match_ldd "$BIN/dyn"
		jq_is '.syscalls.implemented | map(.name) | index("write") != null' true ;;
	inspect_dynamic_musl)
		inspect_json "$BIN/dyn-musl"
		jq_is .type dynamic
		jq_is .interpreter "$(readelf -lW "$BIN/dyn-musl" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')"
		jq_is '.needed | length' 0 ;; # musl's libc.so is its interpreter
	inspect_runpath_origin | inspect_rpath_origin)
		local d=rp
		[ "$name" = inspect_rpath_origin ] && d=rpath
		readelf -dW "$BIN/$d/prog" | grep -q "$([ $d = rp ] && echo RUNPATH || echo '(RPATH)')" ||
			echo "fixture lacks its DT_RUNPATH/DT_RPATH" >>"$D"
		inspect_json "$BIN/$d/prog"
		needed_match_ldd "$BIN/$d/prog"
		jq_is '.needed[] | select(.name == "libkilnx.so") | .path' "$BIN/$d/lib/libkilnx.so" ;;
	inspect_missing_syscall)
		inspect_json "$BIN/nosys"
		status_is 1
		jq_is '.syscalls.missing[] | select(.nr == 245) | .name' mq_getsetattr
		"$KILN" inspect "$BIN/nosys" >"$W.txt" 2>&1
		grep -q "mq_getsetattr(245)" "$W.txt" || echo "human output does not name mq_getsetattr(245)" >>"$D" ;;
	inspect_syscalls_cover_strace)
		if ! command -v strace >/dev/null; then
			result "$name" skip "no strace on the host"
			return
		fi
		inspect_json "$BIN/static"
		local nr found
		strace -f -qq -o "$W.strace" "$BIN/static" >/dev/null 2>&1
		for nr in $(sed -n 's/^[0-9]* *\([a-z0-9_]*\)(.*/\1/p' "$W.strace" | grep -v '^execve$' | sort -u); do
			found=$(printf '%s' "$J" | jq -r "[.syscalls[][] | .name] | index(\"$nr\") != null")
			[ "$found" = true ] || echo "strace shows $nr, inspect did not find it" >>"$D"
		done
		[ -s "$W.strace" ] || echo "strace recorded nothing" >>"$D" ;;
	inspect_not_elf)
		inspect_json "$BIN/text"; status_is 2; err_has "not an ELF file" ;;
	inspect_truncated)
		inspect_json "$BIN/truncated"; status_is 2; err_has "truncated" ;;
	inspect_elf32)
		inspect_json "$BIN/elf32"; status_is 2; err_has "32-bit ELF is not supported" ;;
	inspect_missing_library)
		inspect_json "$BIN/nolib/prog"; status_is 1
		jq_is '.needed[] | select(.name == "libkilnx.so") | .error' "not found"
		jq_is .ok false ;;
	inspect_wrong_class)
		inspect_json "$BIN/wrong/prog"; status_is 1
		jq_is '.needed[] | select(.name == "libkilnx.so") | .error' "wrong ELF class: ELFCLASS32" ;;
	inspect_missing_interpreter)
		inspect_json "$BIN/badinterp"; status_is 1
		jq_is .interpreter_found false ;;
	run_missing_interpreter)
		# natively: execve fails with ENOENT, the shell says 127
		kiln_vs_native "$BIN/badinterp"
		err_has "interpreter /nonexistent/ld-kiln.so.2: No such file or directory" ;;
	run_missing_library)
		kiln_vs_native "$BIN/nolib/prog"   # ld.so: 127
		err_has "library libkilnx.so (needed by $BIN/nolib/prog): not found" ;;
	run_wrong_class)
		kiln_vs_native "$BIN/wrong/prog"   # ld.so: 127, "wrong ELF class: ELFCLASS32"
		err_has "wrong ELF class: ELFCLASS32" ;;
	run_runpath_origin)
		kiln_vs_native "$BIN/rp/prog"
		[ -s "$W.err" ] && echo "stderr is not empty" >>"$D" ;;
	run_ldso_list)
		kiln_vs_native /lib64/ld-linux-x86-64.so.2 "$BIN/dyn" one two ;;
	run_no_aslr_pie_base)
		# main's address: under setarch -R natively, and with --no-aslr in
		# kiln, a PIE is at ELF_ET_DYN_BASE; two randomized runs differ
		local a b n
		printf '#include <stdio.h>\nint main(void) { printf("%%p\\n", (void *)main); return 0; }\n' >"$W.c"
		gcc -O2 -o "$W.bin" "$W.c" || echo "cannot build" >>"$D"
		n=$(setarch -R "$W.bin")
		a=$("$KILN" run "${VMM_ARGS[@]}" --no-aslr "$W.bin")
		[ "$a" = "$n" ] || echo "main at $a with --no-aslr, $n natively under setarch -R" >>"$D"
		a=$("$KILN" run "${VMM_ARGS[@]}" "$W.bin")
		b=$("$KILN" run "${VMM_ARGS[@]}" "$W.bin")
		[ "$a" != "$b" ] || echo "two randomized runs put main at the same address $a" >>"$D" ;;
	inspect_damaged_never_crashes | run_damaged_refused_or_runs)
		# 150 damaged copies of a dynamic program (tests/inspect/mutate.py):
		# inspect ends with 0, 1 or 2, and kiln run's checks before boot
		# (with a kernel that does not exist, so nothing boots) with a
		# status, never a signal
		local f st
		python3 "$SRC/mutate.py" "$BIN/rp/prog" "$W.mutants" 150 7 || echo "mutate.py failed" >>"$D"
		for f in "$W.mutants"/m*; do
			if [ "$name" = inspect_damaged_never_crashes ]; then
				"$KILN" inspect --json "$f" >/dev/null 2>&1
				st=$?
				[ "$st" -le 2 ] || echo "$f: exit status $st" >>"$D"
			else
				"$KILN" run --kernel "$W.no-kernel" "$f" >/dev/null 2>&1
				st=$?
				[ "$st" -lt 128 ] || echo "$f: exit status $st" >>"$D"
			fi
		done ;;
	*)
		result "$name" fail "no such case"
		return ;;
	esac
	if [ -s "$D" ]; then
		result "$name" fail "$(head -n 1 "$D")" "$D"
	else
		result "$name" pass
	fi
}

# prepare: jq and the fixtures
prepare() {
	if ! command -v jq >/dev/null; then
		result jq skip "jq missing (scripts/deps.sh installs it)"
		return 1
	fi
	build >"$OUT/inspect.build.log" 2>&1 && return 0
	result build fail "could not build the fixtures" "$OUT/inspect.build.log"
	return 1
}

suite_main inspect prepare "$@"
