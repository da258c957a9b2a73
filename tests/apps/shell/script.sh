# tests/apps/shell/script.sh: a shell script that forks in every way a
# shell does - pipelines, command substitution, subshells, background jobs
# and wait, xargs -P, find -exec, a make-like dependency walk - run by
# busybox sh and by bash, natively and under kiln; the outputs must match.
# External commands go through busybox ($BB) so both runs use the same
# tools.  It works only inside the directory it starts in.
BB=${BB:-busybox}
set -u

section() { echo "== $1"; }

section "pipelines"
printf '%s\n' pear apple fig banana apple cherry | $BB sort | $BB uniq -c | $BB sort -rn -k1,1 -k2 | $BB head -3
seq_to() { i=1; while [ $i -le $1 ]; do echo $i; i=$((i + 1)); done; }
seq_to 200 | $BB awk '{ s += $1 } END { print "sum", s }'
seq_to 50 | $BB grep 7 | $BB tr '\n' ' '; echo
echo "one two three" | { read a b c; echo "read: $c $b $a"; }
$BB printf 'x\ny\nz\n' | while read l; do echo "line <$l>"; done
n=$(seq_to 1000 | $BB wc -l); echo "lines: $n"
seq_to 20 | $BB sed -n '5,8p' | $BB paste -sd+ | $BB xargs -I{} $BB sh -c 'echo $(({}))'

section "command substitution"
now=$(echo "nested $(echo "inner $(echo deepest)")")
echo "$now"
count=`printf 'a\nb\nc\n' | $BB wc -l`
echo "backticks: $count"
files=$(for f in c b a; do echo "file-$f"; done | $BB sort)
echo $files
echo "arith from subst: $(( $(echo 6) * $(echo 7) ))"
x=$(exit 3); echo "status of subst: $?"

section "subshells"
v=outer
( v=inner; echo "in subshell: $v"; exit 4 )
echo "after subshell: $v status $?"
( cd / && pwd )
pwd | $BB sed 's|.*/||' >/dev/null; echo "cwd kept"
( echo a; ( echo b; ( echo c ) ) ) | $BB tr '\n' ,; echo
{ echo grouped; echo output; } | $BB wc -l
umask 022; ( umask 077; umask ); umask

section "redirections"
$BB mkdir -p work && cd work
echo first > f1
echo second >> f1
$BB cat < f1
exec 3> f3
echo "via fd 3" >&3
exec 3>&-
$BB cat f3
ls_missing=$($BB ls does-not-exist 2>&1 >/dev/null | $BB wc -l)
echo "stderr lines: $ls_missing"
$BB cat <<HERE
here-doc with $v and $((2 + 3))
HERE
$BB cat <<'RAW'
raw $v $((1+1))
RAW

section "background jobs"
( $BB sleep 0.2; echo "slow done" > slow.out ) &
p1=$!
( echo "fast done" > fast.out ) &
p2=$!
wait $p2; echo "fast status $?"
wait $p1; echo "slow status $?"
$BB cat fast.out slow.out
( exit 5 ) & wait $!; echo "bg exit: $?"
for i in 1 2 3 4; do ( echo "job $i" > job.$i ) & done
wait
$BB cat job.1 job.2 job.3 job.4
sh_pids=0
for i in 1 2 3; do $BB true & sh_pids=$((sh_pids + 1)); done; wait
echo "started $sh_pids"

section "xargs"
seq_to 12 | $BB xargs -n 4 echo
seq_to 8 | $BB xargs -P4 -I{} $BB sh -c 'echo {} > x.{}'
$BB ls x.* | $BB sort -t. -k2 -n | $BB tr '\n' ' '; echo
$BB cat x.1 x.8
printf 'a b\nc\n' | $BB xargs printf '[%s]'; echo

section "find"
$BB mkdir -p tree/a/b tree/c
for f in tree/a/one.txt tree/a/b/two.txt tree/c/three.log tree/four.txt; do echo "$f" > "$f"; done
$BB find tree -name '*.txt' | $BB sort
$BB find tree -type f -exec $BB wc -c {} \; | $BB sort -k2
$BB find tree -type d | $BB sort | $BB wc -l
$BB find tree -name '*.log' -exec $BB rm {} \;
$BB find tree -type f | $BB wc -l

section "make-like"
# rebuild each target whose sources are newer, in dependency order
$BB mkdir -p proj && cd proj
echo "int a;" > a.c
echo "int b;" > b.c
build() {
	target=$1; shift
	need=0
	[ -e "$target" ] || need=1
	for dep in "$@"; do
		[ "$dep" -nt "$target" ] && need=1
	done
	if [ $need = 1 ]; then
		echo "building $target"
		$BB cat "$@" > "$target"
	else
		echo "up to date: $target"
	fi
}
build a.o a.c
build b.o b.c
build prog a.o b.o
build prog a.o b.o
$BB touch -d '2030-01-01 00:00:00' b.c
build b.o b.c
$BB touch -d '2030-01-02 00:00:00' b.o
build prog a.o b.o
$BB cat prog
cd ..

section "functions and loops"
fib() { if [ $1 -lt 2 ]; then echo $1; else echo $(( $(fib $(($1 - 1))) + $(fib $(($1 - 2))) )); fi; }
echo "fib 12 = $(fib 12)"
i=0; total=0
while [ $i -lt 300 ]; do total=$((total + i * i)); i=$((i + 1)); done
echo "sum of squares: $total"
for w in alpha beta gamma; do
	case $w in
	a*) echo "$w starts with a" ;;
	*m*) echo "$w has an m" ;;
	*) echo "$w: other" ;;
	esac
done
until [ $i -le 295 ]; do i=$((i - 1)); done; echo "until: $i"
set -- x y z
echo "args: $# $*"
shift; echo "after shift: $1"

section "exit statuses"
true && echo "and ok"
false || echo "or ok"
! false && echo "negation ok"
$BB sh -c 'exit 42'; echo "child sh: $?"
$BB sh -c 'kill -TERM $$'; echo "killed sh: $?"
$BB sh -c 'trap "echo trapped USR1" USR1; kill -USR1 $$; echo after trap'; echo "trap sh: $?"
$BB sh -c 'trap "echo on exit" EXIT; exit 3'; echo "exit trap: $?"
if $BB grep -q second f1; then echo "grep found"; fi
$BB test -d tree && echo "test -d"
r=0; $BB cmp -s f1 f1 || r=$?; echo "cmp same: $r"
r=0; $BB cmp -s f1 f3 || r=$?; echo "cmp differ: $r"

section "process groups and signals"
$BB sh -c 'echo "in child: $$" >/dev/null; kill -0 $$ && echo "kill -0 self"'
# (the shells' job reports name pids: not compared)
( $BB sleep 5 & p=$!; kill $p; wait $p; echo "killed sleeper: $?" ) 2>/dev/null
( $BB sleep 5 & p=$!; kill -KILL $p; wait $p; echo "SIGKILL sleeper: $?" ) 2>/dev/null
$BB timeout 1 $BB sleep 5; echo "timeout: $?"
trap 'echo caught INT' INT
kill -INT $$
trap - INT
echo "after INT trap"

section "words and expansions"
s="Hello, World"
echo "${s#Hello}" "${s%World}" "${#s}" "${s:-default}" "${unset_var:-fallback}"
upper=$(echo "$s" | $BB tr a-z A-Z); echo "$upper"
IFS=, read left right <<EOF2
red,green
EOF2
echo "left=$left right=$right"
list="c a b"; sorted=$(for w in $list; do echo $w; done | $BB sort | $BB tr '\n' ' '); echo "sorted: $sorted"
printf '%05d|%-6s|%x\n' 42 ab 255
echo $((7 / 2)) $((7 % 3)) $((1 << 10)) $(( (3 + 4) * 5 ))
set -f; echo *; set +f
echo "glob:" tree/*/*.txt

section "text processing"
$BB cat > data.csv <<CSV
name,qty,price
apple,3,0.50
pear,10,0.25
fig,7,1.10
plum,1,2.00
CSV
$BB awk -F, 'NR > 1 { t += $2 * $3 } END { printf "total %.2f\n", t }' data.csv
$BB tail -n +2 data.csv | $BB sort -t, -k2 -n | $BB cut -d, -f1 | $BB tr '\n' ' '; echo
$BB grep -c , data.csv
$BB sed -e 's/,/;/g' -e '1d' data.csv | $BB head -2
$BB tail -n +2 data.csv | while IFS=, read name qty price; do
	[ "$qty" -gt 2 ] && echo "$name x$qty"
done
$BB od -An -c data.csv | $BB head -1 | $BB tr -s ' '
$BB md5sum data.csv | $BB cut -c1-8
$BB gzip -c data.csv | $BB gunzip | $BB cmp - data.csv && echo "gzip round trip"
$BB tar cf t.tar data.csv f1 && $BB tar tf t.tar
$BB mkdir -p unpack && (cd unpack && $BB tar xf ../t.tar && $BB ls)
$BB head -3 data.csv > part.a && $BB tail -n +4 data.csv > part.b
$BB cat part.* | $BB cmp - data.csv && echo "parts round trip"

section "many processes"
k=0
for i in $(seq_to 60); do k=$((k + $(echo 1))); done
echo "substitutions: $k"
seq_to 30 | while read i; do $BB expr $i \* 2; done | $BB tail -1
echo done
