#!/bin/bash
# tests/apps/tty/run.sh: an interactive session on a terminal.  In a tmux
# pane, Debian's busybox sh is typed at - a pipeline, Ctrl-C of a running
# sleep, its status, Ctrl-Z and fg, arithmetic, line editing, exit - once
# natively and once under `kiln run`; the two screens must be identical.
# Ctrl-Z stops a sleep and `fg` brings it back (job control).
# Needs tmux, and kiln's own monitor (stdin reaches the guest only there).
#
#   tests/apps/tty/run.sh
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../../lib.sh"
WORK=$OUT/tty/work${KILN_TAG:+-$KILN_TAG}
# one tmux server per session: a server whose last session was just killed
# exits in the background, and a new session on its socket could reach it
# while it dies ("server exited unexpectedly", seen under load)
tm() { # tm SESSION TMUX-ARGS...
	local s=$1
	shift
	tmux -S "$OUT/tty/tmux-$s.sock" "$@"
}
pane() { tm "$1" capture-pane -t "$1" -p; }

# wait_for SESSION N: until N prompts are on the screen (or 20 s)
wait_for() {
	local i
	for i in $(seq 200); do
		[ "$(pane "$1" | grep -cE '^\$( |$)')" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# session NAME COMMAND...: type the script at COMMAND in a fresh pane,
# leave the screen in WORK/NAME.screen
session() {
	local s=$1 n=1 cmd
	shift
	cmd=$(printf '%q ' "$@")
	tm "$s" kill-server 2>/dev/null
	tm "$s" new-session -d -s "$s" -x 80 -y 24 "$cmd; echo EXIT \$?; sleep 60"
	wait_for "$s" 1
	for keys in 'echo hello | tr a-z A-Z' 'sleep 30' 'C-c' 'echo status $?' \
		'sleep 20' 'C-z' 'fg' 'C-c' 'echo after fg $?' \
		'x=20; echo $((x * 2 + 2))' 'echo typo' 'exit 3'; do
		if [ "$keys" = C-c ] || [ "$keys" = C-z ]; then
			sleep 0.5 # sleep is running
			tm "$s" send-keys -t "$s" "$keys"
		elif [ "$keys" = 'echo typo' ]; then
			tm "$s" send-keys -t "$s" 'echo typx' BSpace 'o' Enter
		else
			tm "$s" send-keys -t "$s" "$keys" Enter
		fi
		# each command line ends with a new prompt; a sleep's comes with
		# Ctrl-C or Ctrl-Z, fg's with Ctrl-C
		case $keys in
		C-c | C-z) wait_for "$s" "$n" ;;
		sleep* | fg) n=$((n + 1)) ;;
		'exit 3') ;;
		*) n=$((n + 1)); wait_for "$s" "$n" ;;
		esac
	done
	for _ in $(seq 100); do pane "$s" | grep -q '^EXIT' && break; sleep 0.1; done
	pane "$s" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$WORK/$s.screen"
	tm "$s" kill-server
}

suite_begin tty
rm -rf "$RESULTS" "$WORK" && mkdir -p "$RESULTS" "$WORK"
if ! command -v tmux >/dev/null; then
	result interactive_busybox_sh skip "tmux missing"
elif [ "${VMM_ARGS[*]}" = "--vmm qemu" ] || [ "${VMM_ARGS[*]}" = "--vmm tcg" ]; then
	result interactive_busybox_sh skip "stdin reaches the guest only through kiln's own monitor"
elif ! have_kiln; then
	result interactive_busybox_sh fail "no build/kiln"
else
	session native env -i PS1='$ ' HOME=/ TERM=xterm /bin/busybox sh
	session kiln env -i HOME=/ TERM=xterm "$KILN" run -q -e 'PS1=$ ' -e HOME=/ -e TERM=xterm \
		/bin/busybox sh
	if cmp -s "$WORK/native.screen" "$WORK/kiln.screen" && grep -q '^EXIT 3' "$WORK/kiln.screen"; then
		result interactive_busybox_sh pass
	else
		diff -u "$WORK/native.screen" "$WORK/kiln.screen" >"$WORK/screen.diff"
		result interactive_busybox_sh fail "the screens differ" "$WORK/screen.diff"
	fi
fi
suite_end
