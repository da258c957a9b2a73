#!/bin/bash
# tests/apps/go/run.sh: Go programs built with Debian's golang-go
# (CGO_ENABLED=0: static), run natively and under `kiln run` with the same
# GOMAXPROCS; exit status, stdout and stderr must match byte for byte.
#
#   tests/apps/go/run.sh [NAME...]
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../../lib.sh"
SRC=$TOP/tests/apps/go
BIN=$OUT/go/bin
WORK=$OUT/go/work${KILN_TAG:+-$KILN_TAG}

# cases: PROGRAM-pGOMAXPROCS[-ARG]
CASES=(
	goroutines_channels_waitgroup-p1
	goroutines_channels_waitgroup-p4
	timers_tickers_sleep-p1
	timers_tickers_sleep-p4
	panic_recover_nil_deref-p1
	panic_recover_nil_deref-p2
	panic_recover_nil_deref-p4
	panic_recover_nil_deref-p2-uncaught
	gc_under_allocation-p1
	gc_under_allocation-p4
	os_signal_self-p1
	os_signal_self-p2
	os_signal_self-p4
	net_interfaces_lo-p2
)

one_case() {
	local name=$1 w=$WORK/$1 prog=${1%%-p*} rest=${1#*-p} args=()
	local procs=${rest%%-*}
	[ "$rest" != "$procs" ] && args=("${rest#*-}")
	RUN_ENV=("GOMAXPROCS=$procs")
	run_native "$w" "$BIN/$prog" "${args[@]}"
	save_run "$w" native
	run_kiln "$w" "$BIN/$prog" "${args[@]}"
	# a Go panic prints goroutine traces with addresses: compare the first line
	if [ "${args[0]:-}" = uncaught ]; then
		for r in "$w.native" "$w"; do head -n 1 "$r.err" >"$r.err1" && mv "$r.err1" "$r.err"; done
	fi
	compare "$name" "$w.native" "$w"
}

case ${1:-} in
--case) suite_begin go; one_case "$2"; exit ;;
esac

take_lock
suite_begin go
rm -rf "$RESULTS" "$WORK" && mkdir -p "$RESULTS" "$WORK" "$BIN"
if ! command -v go >/dev/null; then
	result golang skip "go missing (Debian golang-go)"
	suite_end
	exit
fi
export GOCACHE=$OUT/go/cache GOFLAGS=-mod=mod GO111MODULE=off
for f in "$SRC"/*.go; do
	n=$(basename "$f" .go)
	if ! CGO_ENABLED=0 go build -o "$BIN/$n" "$f" 2>"$BIN/$n.log"; then
		result "build-$n" fail "go build failed" "$BIN/$n.log"
	fi
done
sel=("${CASES[@]}")
[ $# -gt 0 ] && sel=("$@")
run_cases "$0" "${sel[@]}"
suite_end
