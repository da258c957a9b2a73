#!/bin/bash
# tests/apps/dyn/run.sh: dynamically linked programs from Debian, unmodified,
# run natively and under `kiln run` from the same fresh directory: exit
# status, stdout and stderr must match byte for byte (after the FILTER of a
# case, for lines that legitimately differ, such as timings).  kiln finds
# their interpreter and libraries itself; data files (Python's standard
# library, the inputs) come in with --file at the same paths.
#
#   tests/apps/dyn/run.sh [CASE...]     (KILN_PENDING=1: run pending cases too)
#
# Cases waiting on other work are skipped with the reason until it lands:
# see pending() (none at the moment).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../../lib.sh"
SRC=$TOP/tests/apps/dyn
TREE=$TOP/tests/apps/tree
WORK=$OUT/apps-dyn/work${KILN_TAG:+-$KILN_TAG}
PYLIB=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])' 2>/dev/null)
CASES="python3_stdlib python3_version lua_tables_math perl_hash_sort perl_version perl_shebang_script
gawk_csv_sum gawk_begin_math jq_sort_select jq_arith coreutils_ls_tree coreutils_sort_numeric
coreutils_sha256sum openssl_sha256 openssl_enc_aes openssl_speed_sha256 git_version sqlite3_memory
sqlite3_file_100k_rows sqlite3_file_locking sqlite3_volume_host_reads git_init_add_commit
musl_dynamic_hello
nss_iconv_with_nss"

# pending NAME: why the case cannot pass yet (it is skipped), or nothing.
pending() {
	case $1 in
	esac
}

# spec NAME: CMD (the program and its arguments), KOPTS (extra kiln options),
# NEEDS (programs that must exist), FILTER (sed script for both outputs).
spec() {
	CMD=() KOPTS=() NEEDS=() FILTER=
	case $1 in
	python3_stdlib)
		CMD=(/usr/bin/python3 -I "$SRC/py_stdlib.py")
		KOPTS=(--file "$PYLIB:$PYLIB" --file "$SRC/py_stdlib.py:$SRC/py_stdlib.py") ;;
	python3_version) CMD=(/usr/bin/python3 -I -c 'import sys; print(sys.version_info[:2], sys.platform, 2**100)')
		KOPTS=(--file "$PYLIB:$PYLIB") ;;
	lua_tables_math)
		CMD=(lua5.4 -e 'local t = {} for i = 1, 10 do t[#t + 1] = i * i end
print(table.concat(t, ","), string.format("%5.2f", math.pi), #"kiln", ("x"):rep(3))
print(string.gsub("hello world", "o", "0"))') ;;
	perl_hash_sort)
		CMD=(perl -e 'my %h = map { $_ => length } qw(a bb ccc dddd); print join(",", map {"$_=$h{$_}"} sort keys %h), "\n";
printf "%.5f\n", atan2(1, 1) * 4; my @s = sort { $b <=> $a } (3, 11, 2); print "@s\n"; print scalar(reverse("kiln")), "\n"') ;;
	perl_version) CMD=(perl -e 'print "perl $^V\n"') ;;
	perl_shebang_script) # strict.pm is perl-base's: data, given with --file
		CMD=("$SRC/shebang.pl" one "two words")
		KOPTS=(--file /usr/lib/x86_64-linux-gnu/perl-base:/usr/lib/x86_64-linux-gnu/perl-base) ;;
	gawk_csv_sum)
		CMD=(gawk -F, 'NR > 1 { s += $3; n++ } END { printf "%d rows, total %d, mean %.3f\n", n, s, s / n }' "$TREE/table.csv")
		KOPTS=(--file "$TREE/table.csv:$TREE/table.csv") ;;
	gawk_begin_math)
		CMD=(gawk 'BEGIN { for (i = 1; i <= 5; i++) printf "%d %.4f %s\n", i, sqrt(i), toupper(substr("abcdef", i)); print length("kiln"), 2^10 }') ;;
	jq_sort_select)
		CMD=(jq -S '.items | sort_by(.id) | map(select(.tags | length > 0)) | map(.name)' "$SRC/data.json")
		KOPTS=(--file "$SRC/data.json:$SRC/data.json") ;;
	jq_arith) CMD=(jq -n -c '[range(10)] | map(. * .) | {sum: add, max: max, s: (map(tostring) | join("-"))}') ;;
	coreutils_ls_tree)
		CMD=(ls -R -a "$TREE")
		KOPTS=(--file "$TREE:$TREE") ;;
	coreutils_sort_numeric)
		CMD=(sort -n -r "$TREE/numbers.txt")
		KOPTS=(--file "$TREE/numbers.txt:$TREE/numbers.txt") ;;
	coreutils_sha256sum)
		CMD=(sha256sum "$TREE/words.txt" "$TREE/table.csv" "$TREE/no-such-file")
		KOPTS=(--file "$TREE:$TREE") ;;
	openssl_sha256)
		CMD=(openssl sha256 "$TREE/words.txt" "$TREE/numbers.txt")
		KOPTS=(--file "$TREE:$TREE") NEEDS=(openssl) ;;
	openssl_enc_aes)
		CMD=(openssl enc -aes-256-cbc -pbkdf2 -iter 1000 -pass pass:kiln -S 0102030405060708 -a -in "$TREE/words.txt")
		KOPTS=(--file "$TREE:$TREE") NEEDS=(openssl) ;;
	openssl_speed_sha256)
		# the counts and times differ from run to run, and the CPUID bits
		# OpenSSL reports differ in the guest (no AVX): compare the rest
		CMD=(openssl speed -seconds 1 sha256)
		NEEDS=(openssl) FILTER='/^CPUINFO:/d; s/[0-9][0-9.]*/N/g; s/  */ /g' ;;
	git_version) CMD=(git --version) NEEDS=(git) ;;
	git_init_add_commit | sqlite3_volume_host_reads)
		CMD=(true) NEEDS=(git sqlite3) ;; # several runs: see multi_case
	sqlite3_memory)
		CMD=(sqlite3 -batch -init /dev/null :memory: 'create table t(a integer, b text);
insert into t values (1, "one"), (2, "two"), (3, "three");
select a, b, length(b) from t order by b; select sum(a), group_concat(b, "+") from t;')
		NEEDS=(sqlite3) ;;
	sqlite3_file_100k_rows)
		# a database in a guest directory, 100,000 rows in transactions,
		# queried again and checked by SQLite itself in the same run
		CMD=(sqlite3 -batch -init /dev/null db.sqlite 'pragma journal_mode=delete;
create table t(id integer primary key, v integer, s text);
begin; with recursive c(x) as (select 1 union all select x + 1 from c where x < 50000)
insert into t(v, s) select x * 7 % 1000, printf("row%06d", x) from c; commit;
begin; with recursive c(x) as (select 50001 union all select x + 1 from c where x < 100000)
insert into t(v, s) select x * 7 % 1000, printf("row%06d", x) from c; commit;
create index tv on t(v);
select count(*), sum(v), min(s), max(s) from t; select count(*) from t where v = 7;
pragma integrity_check;')
		NEEDS=(sqlite3) ;;
	sqlite3_file_locking)
		CMD=(sqlite3 -batch -init /dev/null db.sqlite 'create table t(a); insert into t values (1), (2);
select sum(a) from t; pragma integrity_check;')
		NEEDS=(sqlite3) ;;
	musl_dynamic_hello)
		CMD=("$OUT/apps-dyn/hello-musl" "two words" three) ;;
	nss_iconv_with_nss)
		CMD=("$OUT/apps-dyn/nss_iconv") KOPTS=(--with-nss) ;;
	*) return 1 ;;
	esac
}

# filter DIR: apply FILTER to a run's stdout and stderr.
filter() {
	local x
	[ -n "$FILTER" ] || return 0
	for x in out err; do sed -e "$FILTER" "$1.$x" >"$1.$x.f" && mv "$1.$x.f" "$1.$x"; done
}

# step_native CMD...: one step of a multi-run case, natively, in $MDIR.
step_native() {
	(cd "$MDIR" && env -i PATH="$GUEST_PATH" "${RUN_ENV[@]}" "$@" </dev/null) >>"$MOUT" 2>&1
	echo "status $?" >>"$MOUT"
}

# step_kiln CMD...: the same under kiln, $MDIR shared with -v (same path).
step_kiln() {
	local e envargs=()
	for e in "${RUN_ENV[@]}"; do envargs+=(-e "$e"); done
	(cd "$MDIR" && timeout -k 5 "$KILN_TIMEOUT" "$KILN" run "${VMM_ARGS[@]}" -v "$MDIR:$MDIR" \
		"${KOPTS[@]}" "${envargs[@]}" "$@" </dev/null) >>"$MOUT" 2>&1
	echo "status $?" >>"$MOUT"
}

# multi_case NAME: a case of several runs sharing a directory (kiln: a -v
# volume), done natively and then under kiln in the same place; the
# transcripts (output and status of every step) must match.
multi_case() {
	local name=$1 how
	MDIR=$WORK/$name.dir
	for how in native kiln; do
		rm -rf "$MDIR" && mkdir -p "$MDIR"
		MOUT=$WORK/$name.$how
		: >"$MOUT"
		case $name in
		git_init_add_commit)
			# fixed dates: the commit hash must then be the same
			RUN_ENV=(HOME=/root LC_ALL=C GIT_AUTHOR_DATE=2021-03-04T05:06:07Z
				GIT_COMMITTER_DATE=2021-03-04T05:06:07Z)
			KOPTS=(--file /usr/share/git-core/templates:/usr/share/git-core/templates)
			"step_$how" git init repo
			printf 'hello\n' >"$MDIR/repo/f" && mkdir "$MDIR/repo/d" && printf 'x\n' >"$MDIR/repo/d/g"
			"step_$how" git -C repo add f d
			"step_$how" git -C repo -c user.name=kiln -c user.email=kiln@example.org -c gc.auto=0 \
				-c maintenance.auto=false commit -q -m "first commit"
			"step_$how" git -C repo log --format='%H %an <%ae> %s'
			"step_$how" git -C repo status --short
			"step_$how" git -C repo fsck --no-progress
			git -C "$MDIR/repo" log --format='host sees %H' >>"$MOUT" 2>&1 ;;
		sqlite3_volume_host_reads)
			# 100,000 rows written by sqlite3 in kiln into a -v directory;
			# the host's sqlite3 reads the file afterwards
			RUN_ENV=(HOME=/root LC_ALL=C) KOPTS=()
			"step_$how" sqlite3 -batch -init /dev/null "$MDIR/db" \
				'create table t(id integer primary key, v integer);
begin; with recursive c(x) as (select 1 union all select x + 1 from c where x < 100000)
insert into t(v) select x * 3 % 977 from c; commit; select count(*) from t;'
			sqlite3 -batch -init /dev/null "$MDIR/db" 'select count(*), sum(v), max(id) from t; pragma integrity_check;' \
				>>"$MOUT" 2>&1 ;;
		esac
	done
	if cmp -s "$WORK/$name.native" "$WORK/$name.kiln"; then
		result "$name" pass
	else
		diff -u --label native --label kiln "$WORK/$name.native" "$WORK/$name.kiln" | tail -n +3 >"$WORK/$name.diff"
		result "$name" fail "transcripts differ" "$WORK/$name.diff"
	fi
}

one_case() {
	local name=$1 w=$WORK/$1 n
	# HOME set: otherwise glibc asks nscd (a socket) for the home directory
	RUN_ENV=(HOME=/root LC_ALL=C)
	if ! spec "$name"; then
		result "$name" fail "no such case"
		return
	fi
	if [ -n "$(pending "$name")" ] && [ -z "${KILN_PENDING:-}" ]; then
		result "$name" skip "pending: $(pending "$name")"
		return
	fi
	for n in "${NEEDS[@]}" "${CMD[0]}"; do
		if ! command -v "$n" >/dev/null; then
			result "$name" skip "$n is not installed (scripts/deps.sh installs it)"
			return
		fi
	done
	if [ "${CMD[0]}" = true ]; then
		multi_case "$name"
		return
	fi
	run_native "$w" "${CMD[@]}"
	filter "$w"
	save_run "$w" native
	if ! have_kiln; then
		result "$name" fail "no build/kiln"
		return
	fi
	run_kiln "$w" "${KOPTS[@]}" "${CMD[@]}"
	filter "$w"
	compare "$name" "$w.native" "$w"
}

case ${1:-} in
--case) suite_begin apps-dyn; one_case "$2"; exit ;;
esac

take_lock
suite_begin apps-dyn
rm -rf "$RESULTS" "$WORK" && mkdir -p "$RESULTS" "$WORK"
musl-gcc -O2 -o "$OUT/apps-dyn/hello-musl" "$TOP/tests/inspect/hello.c" 2>"$WORK/build.log" ||
	result musl_build fail "musl-gcc (dynamic) failed" "$WORK/build.log"
gcc -O2 -o "$OUT/apps-dyn/nss_iconv" "$SRC/nss_iconv.c" 2>"$WORK/build-nss.log" ||
	result nss_build fail "gcc failed" "$WORK/build-nss.log"
if [ $# -gt 0 ]; then names=("$@"); else read -ra names <<<"$(echo $CASES)"; fi
run_cases "$0" "${names[@]}"
suite_end
