#!/bin/bash
# tests/apps/shell/run.sh: shells that fork.  tests/apps/shell/script.sh
# (pipelines, command substitution, subshells, background jobs, xargs -P,
# find -exec, a make-like walk, traps and kills) runs under Debian's
# busybox sh and bash-static, natively and under `kiln run`, from the same
# fresh directory; exit status, stdout and stderr must match byte for byte.
#
# The whole script forks a few hundred processes: it runs on QEMU TCG
# (--vmm tcg), where kernel code is fast; a short pipeline checks the
# default engine too.
#
#   tests/apps/shell/run.sh [CASE...]
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../../lib.sh"
SRC=$TOP/tests/apps/shell
WORK=$OUT/shell/work${KILN_TAG:+-$KILN_TAG}
BUSYBOX=/bin/busybox
BB_REAL=$(readlink -f "$BUSYBOX")
BASH_STATIC=/bin/bash-static
CASES=(busybox-script bash-script busybox-pipeline bash-pipeline)
PIPELINE='echo c a b | $BB tr " " "\n" | $BB sort -r | $BB head -2; x=$(echo sub | $BB tr a-z A-Z);
echo "$x"; (exit 3); echo "status $?"; $BB sleep 0.1 & wait $!; echo "bg $?"; $BB ls -d . | $BB wc -l'

copy_script() {
	cp "$SRC/script.sh" script.sh
}

one_case() {
	local name=$1 w=$WORK/$1 shell vmm=()
	case $name in
	busybox-*) shell=("$BUSYBOX" sh) ;;
	bash-*) shell=("$BASH_STATIC") ;;
	esac
	if [ ! -x "${shell[0]}" ]; then
		result "$name" skip "${shell[0]} missing"
		return
	fi
	RUN_ENV=(BB=busybox)
	case $name in
	*-script)
		RUN_PREP=copy_script run_native "$w" "${shell[@]}" script.sh
		save_run "$w" native
		vmm=(--vmm tcg)
		local VMM_ARGS=("${vmm[@]}")
		run_kiln "$w" --file "$SRC/script.sh:$w/script.sh" --file "$BB_REAL:$BB_REAL" \
			"${shell[@]}" script.sh ;;
	*-pipeline)
		run_native "$w" "${shell[@]}" -c "$PIPELINE"
		save_run "$w" native
		run_kiln "$w" --file "$BB_REAL:$BB_REAL" "${shell[@]}" -c "$PIPELINE" ;;
	esac
	compare "$name" "$w.native" "$w"
}

case ${1:-} in
--case) suite_begin shell; one_case "$2"; exit ;;
esac

take_lock
suite_begin shell
rm -rf "$RESULTS" "$WORK" && mkdir -p "$RESULTS" "$WORK"
sel=("${CASES[@]}")
[ $# -gt 0 ] && sel=("$@")
run_cases "$0" "${sel[@]}"
suite_end
