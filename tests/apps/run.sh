#!/bin/bash
# tests/apps/run.sh: real third-party programs, unmodified.  Debian's static
# busybox runs each applet invocation of cases.txt natively and under
# `kiln run`, from the same fresh directory holding the same ./tree (packed
# with --file); exit status, stdout and stderr must match byte for byte.
#
#   tests/apps/run.sh [CASE...]          all cases, or some
#   tests/apps/run.sh --native [CASE...] no kiln: run each natively twice
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
BUSYBOX=/bin/busybox
CASES=$TOP/tests/apps/cases.txt
STAGE=$OUT/apps/tree
WORK=$OUT/apps/work${KILN_TAG:+-$KILN_TAG}
ROOT_ONLY=" ls_long_fixed_mtimes ls_long_files stat_format stat_dir_format id_root "

# stage: the tree with fixed modes and mtimes, so ls -l and stat agree.
stage() {
	rm -rf "$STAGE" && mkdir -p "$(dirname "$STAGE")" &&
		cp -R "$TOP/tests/apps/tree" "$STAGE" || return 1
	find "$STAGE" -type d -exec chmod 755 {} + &&
		find "$STAGE" -type f -exec chmod 644 {} + &&
		chmod 755 "$STAGE/data/run.sh" && chmod 444 "$STAGE/data/empty" &&
		find "$STAGE" -depth -exec touch -h -d '2021-03-04 05:06:07 UTC' {} +
}

# argv_of NAME: the case's arguments, into ARGS.
argv_of() {
	local line
	line=$(grep -E "^$1[[:space:]]" "$CASES") || return 1
	eval "ARGS=(${line#"$1"})"
}

copy_tree() {
	cp -pR "$STAGE" tree
}

one_case() {
	local name=$1 w=$WORK/$1
	RUN_ENV=(TZ=UTC0 'KILN_APP_VAR=set with -e')
	if ! argv_of "$name"; then
		result "$name" fail "no such case in cases.txt"
		return
	fi
	if [[ $ROOT_ONLY == *" $name "* ]] && [ "$(id -u)" != 0 ]; then
		result "$name" skip "needs root (owner names, the guest runs as root)"
		return
	fi
	RUN_PREP=copy_tree run_native "$w" "$BUSYBOX" "${ARGS[@]}"
	save_run "$w" native
	if [ -n "${NATIVE_ONLY:-}" ]; then
		RUN_PREP=copy_tree run_native "$w" "$BUSYBOX" "${ARGS[@]}"
	elif ! have_kiln; then
		result "$name" fail "no build/kiln"
		return
	else
		run_kiln "$w" --file "$STAGE:$w/tree" "$BUSYBOX" "${ARGS[@]}"
	fi
	compare "$name" "$w.native" "$w"
}

case ${1:-} in
--case) suite_begin apps; one_case "$2"; exit ;;
--native) export NATIVE_ONLY=1; shift ;;
esac

take_lock
suite_begin apps
rm -rf "$RESULTS" "$WORK" && mkdir -p "$RESULTS" "$WORK"
if [ ! -x "$BUSYBOX" ] || ! "$BUSYBOX" true 2>/dev/null; then
	result busybox skip "$BUSYBOX missing (Debian busybox-static)"
	suite_end
	exit
fi
if ! stage; then
	result stage fail "could not stage tests/apps/tree into $STAGE"
	suite_end
	exit
fi
if [ $# -gt 0 ]; then
	names=("$@")
else
	mapfile -t names < <(grep -Ev '^[[:space:]]*(#|$)' "$CASES" | awk '{ print $1 }')
fi
run_cases "$0" "${names[@]}"
suite_end
