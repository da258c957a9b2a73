# bash without fork: arithmetic, [[ ]], loops of 10,000+ iterations, here-strings, read
sum=0
for ((i = 1; i <= 20000; i++)); do (( sum += i * i % 7 )); done
echo "sum=$sum"
n=0; while (( n < 10000 )); do n=$((n + 3)); done; echo "n=$n"
x=12345
[[ $x -gt 100 && $x == 12* && ! -z $x ]] && echo "x matches"
[[ abc =~ ^a(b)c$ ]] && echo "regex ${BASH_REMATCH[1]}"
echo $(( 2**40 )) $(( -7 / 2 )) $(( -7 % 2 )) $(( 0x1f | 0100 )) $(( 1 << 62 ))
read -r a b c <<< "one two three four"
echo "a=$a b=$b c=$c"
IFS=, read -r -a parts <<< "x,y,,z"
echo "${#parts[@]}: ${parts[*]}"
count=0
while IFS= read -r line; do (( count++ )); [[ $line == *read* ]] && echo "line with read: ${#line}"; done
echo "stdin lines: $count"
str=""; for i in {1..300}; do str+="$i,"; done; echo "${#str}"
case "$x" in 1*5) echo "case glob";; *) echo "no";; esac
