#!/bin/bash
# tests/suite/test.sh: the suite runner (tests/suite/run) on a small suite
# made of compat programs (which must pass) and one whose output differs
# under kiln (which must be reported as failing); prints the runner's table
# and ends with "N passed, N failed" for `make test`.
set -u
. "$(dirname "$0")/../lib.sh"
take_lock
D=$OUT/suite/demo
rm -rf "$D" && mkdir -p "$D"
pass=0 fail=0
check() { # check NAME COND-DESCRIPTION COMMAND...
	local name=$1 what=$2
	shift 2
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL suite/$name: $what"; fi
}
musl-gcc -static -O2 -o "$D/kernel_release" "$TOP/tests/suite/kernel_release.c" || exit 1
n=0
for t in exit_status_42 fork_wait_status_rusage fork_exec_pipeline signal_default_term \
	proc_pid_of_children pipe_eventfd_epoll_basics; do
	for v in musl glibc; do
		b=$OUT/compat/bin/$t-$v
		[ -x "$b" ] && cp "$b" "$D/" && n=$((n + 1))
	done
done
log=$OUT/suite/demo.log
SUITE_OUT=$OUT/suite/demo.out "$TOP/tests/suite/run" -t "$KILN_TIMEOUT" "${VMM_ARGS[@]/#/-k}" "$D" >"$log" 2>&1
rc=$?
check exit-status "the runner exits 1 when a test fails" [ $rc = 1 ]
check detects-difference "kernel_release is reported as FAIL (stdout)" \
	grep -q "^kernel_release .*FAIL (stdout)" "$log"
check compat-pass "the $n compat programs pass" grep -q "^$n passed, 1 failed, 0 skipped" "$log"
[ $fail = 0 ] || sed 's/^/    /' "$log"
echo "$pass passed, $fail failed"
