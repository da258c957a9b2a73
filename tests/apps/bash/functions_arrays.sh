# bash without fork: functions, recursion, local variables, indexed and associative arrays
fib() { local n=$1 a=0 b=1 t; while (( n-- > 0 )); do (( t = a + b, a = b, b = t )); done; REPLY=$a; }
fib 50; echo "fib50=$REPLY"
rec() { (( $1 > 0 )) && rec $(( $1 - 1 )); depth=$1; }
rec 200; echo "depth=$depth"
fact() { local n=$1 r=1; while (( n > 1 )); do (( r *= n, n-- )); done; printf '%d\n' "$r"; }
for i in 0 1 5 10 20; do fact "$i"; done
a=(zero one two "three four")
a+=(five)
echo "${#a[@]} ${a[3]} ${a[-1]} ${!a[*]}"
unset 'a[1]'
echo "${a[@]}" "${#a[@]}"
declare -A m=([apple]=red [banana]=yellow [cherry]=dark\ red)
for k in apple banana cherry; do echo "$k=${m[$k]}"; done
echo "${m[banana]} ${m[cherry]} ${#m[@]}"
s="Hello, World"
echo "${s,,} ${s^^} ${s:7} ${s/World/bash} ${#s} ${s%,*} ${s#*, }"
printf -v out '%05.1f|%-6s|%x' 3.14159 ab 255
echo "$out"
