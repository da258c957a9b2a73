#!/bin/bash
# tests/unit/run.sh: build the cmocka unit tests (pure kernel code compiled
# for the host, see tests/unit/Makefile) into build/unit/ and run them.
# Prints one "FAIL unit/SUITE/CASE: reason" block per failing case and ends
# with exactly one line "N passed, N failed", counting cases; exits non-zero
# on any failure.  A test program that does not build counts as one failure.
#
#   tests/unit/run.sh            build and run everything
#   build/unit/bin/NAME [CASE]   one program, or one case in-process (gdb)
set -u
cd "$(dirname "$0")/../.." || exit 2
B=build/unit
T0=$(date +%s)
passed=0 failed=0

if ! printf '#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <stdint.h>\n#include <cmocka.h>\n' |
	gcc -E -x c - >/dev/null 2>&1; then
	echo "FAIL unit: cmocka.h not found (install libcmocka-dev: scripts/deps.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi

mkdir -p "$B"
# -k: a program that no longer builds (an API changed) must not stop the rest
MK=(make -s -f tests/unit/Makefile)
"${MK[@]}" -k -j"$(nproc 2>/dev/null || echo 2)" >"$B/build.log" 2>&1
programs=$("${MK[@]}" list)

re='^([0-9]+) passed, ([0-9]+) failed$'
for p in $programs; do
	# still out of date after make -k: it failed to build
	if ! "${MK[@]}" -q "$B/bin/$p" 2>/dev/null; then
		echo "FAIL unit/$p: does not build (all messages: $B/build.log)"
		grep -E 'error|undefined reference' "$B/build.log" | head -n 10 | sed 's/^/    /'
		failed=$((failed + 1))
		continue
	fi
	out=$(timeout -k 5 120 "$B/bin/$p")
	last=$(printf '%s\n' "$out" | tail -n 1)
	printf '%s\n' "$out" | sed '$d'
	if [[ $last =~ $re ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
	else
		echo "FAIL unit/$p: ended without an \"N passed, N failed\" line"
		failed=$((failed + 1))
	fi
done

echo "unit: $((passed + failed)) cases in $(($(date +%s) - T0)) s" >&2
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
