#!/bin/bash
# tests/net/run.sh: networking between the host and a guest through kiln's
# user-mode network (slirp: the monitor's libslirp, or QEMU's), all on the
# host's loopback.  Differential: each case runs natively (the program
# talks to 127.0.0.1) and in kiln (the guest reaches the host as 10.0.2.2,
# the host reaches the guest through -p), and the transcripts must match.
#
#   guest_fetch_*      a guest client reads from a server the test runs on
#                      the host (small, and 1 MiB)
#   forward_tcp_burst  -p HOST:8080: two host clients connect at once,
#                      before the guest knows slirp's MAC address: every
#                      SYN-ACK waiting for it must go out when it is
#                      known (not only the last; else ~2.75 s for slirp
#                      to retransmit each lost one)
#   forward_tcp_burst8 eight at once, each answered within 0.9 s: kiln's
#                      monitor raises slirp's listen backlog of 1 (else
#                      some wait for the host's 1 s SYN retransmission)
#   guest_send_1m      a guest client sends 1 MiB to the host and exits at
#                      once: every byte must arrive
#   forward_tcp_serve  -p HOST:8080: three host clients (0 B, 1 KiB, 1 MiB)
#                      talk to a guest server in turn
#   forward_udp_echo   -p HOST:5353/udp: datagrams echoed by the guest
#   busybox_wget_host  Debian's busybox wget fetches a file from the host
#   busybox_httpd_forward  the host fetches from Debian's busybox httpd (-p)
#   go_http_forward    the host fetches from a static Go net/http server (-p)
#   apps_http_forward  the host fetches from kiln's demo server apps/http (-p)
#   net_none_unreachable --net none: no NIC, the host is not reachable
#   dhcp_fetch         --net user,dhcp: the guest takes its address from
#                      slirp's DHCP server at boot and fetches from the host
#                      (as guest_fetch_small); its address, default route
#                      and resolv.conf (busybox ifconfig, route, cat) must be
#                      what plain --net user writes on the command line
#   forward_port_in_use  -p on a host port that is taken: kiln refuses (125)
#                      before the program runs, saying why
#   tap_fetch, tap_serve  the same over --net tap:NAME in a network namespace
#                      the test creates (needs root; skipped otherwise): the
#                      guest is 10.0.3.2, the namespace's side of the tap
#                      10.0.3.1
#   q35_*, pc_*        cases above on QEMU's q35 or pc machine (--machine):
#                      SeaBIOS, a virtio-net-pci NIC the kernel finds on the
#                      PCI bus; under KILN_VMM when that is qemu or tcg,
#                      else under tcg
#   q35_intx_fetch_1m, pc_intx_fetch_small  the NIC without MSI-X
#                      (vectors=0): the driver takes its INTx line
#   q35_behind_bridge  the only NIC (QEMU's, --net none for kiln's) behind a
#                      PCIe root port: found on bus 1, DHCP, a fetch
#   q35_bar_above_4g   q35 with a 2 GiB ivshmem device, so SeaBIOS puts the
#                      NIC's 64-bit BAR above 4 GiB (the kernel log must say
#                      so): a 64 KiB fetch against native
#   machine_needs_qemu --machine q35 with kiln's own monitor: refused (125)
#
#   guest_fetch_v6     IPv6: a guest client reads 1 MiB from a host server on
#                      ::1 (natively ::1, in kiln fec0::2), its first connect
#                      at once (no waiting for autoconfiguration)
#   guest_udp_v6       IPv6 UDP: a guest client's datagrams echoed by the host
#   busybox_wget_host_v6  busybox_wget_host from a server on ::1 (in kiln
#                      http://[fec0::2]:PORT/)
#   tap_fetch_v6, tap_serve_v6  tap_fetch and tap_serve over IPv6: the
#                      namespace's side fd00::1/64, the guest fd00::2/64
#                      (--net tap:...,ip6=fd00::2/64); in tap_serve_v6 the
#                      namespace's kernel must find the guest by neighbor
#                      solicitation
#   forward_tcp_serve_v6, forward_udp_echo_v6  -p [::1]:HOSTPORT:GUESTPORT
#                      to a guest server on [::] (kiln's own monitor; under
#                      QEMU, whose hostfwd takes IPv4 only, kiln must refuse
#                      with exit 125 and say why)
#
#   tests/net/run.sh [CASE...]
set -u
# Where KVM emulates ring 0 (DESIGN.md section 7) every received segment
# costs the guest ~2 ms: a MiB through slirp takes seconds, more when the
# machine is busy with parallel cases.  Longer than lib.sh's default.
export KILN_TIMEOUT=${KILN_TIMEOUT:-120}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
SRC=$TOP/tests/net
BIN=$OUT/net/bin
WORK=$OUT/net/work${KILN_TAG:+-$KILN_TAG}
HOSTPY=$SRC/host.py
GUEST_HOST=10.0.2.2 # the host, as the guest sees it through slirp
GUEST_HOST6=fec0::2 # the same in IPv6 (slirp takes it to the host's ::1)
CASES="guest_fetch_small guest_fetch_1m guest_send_1m forward_tcp_serve forward_udp_echo
busybox_wget_host busybox_httpd_forward go_http_forward apps_http_forward net_none_unreachable
forward_port_in_use dhcp_fetch tap_fetch
tap_serve q35_guest_fetch_1m q35_guest_send_1m q35_forward_tcp_serve q35_forward_udp_echo
pc_guest_fetch_small q35_intx_fetch_1m pc_intx_fetch_small q35_behind_bridge
q35_bar_above_4g machine_needs_qemu"
CASES="$CASES guest_fetch_v6 guest_udp_v6 forward_tcp_serve_v6 forward_udp_echo_v6 tap_fetch_v6
tap_serve_v6 busybox_wget_host_v6 forward_tcp_burst forward_tcp_burst8"

build() {
	local p
	mkdir -p "$BIN"
	for p in tcp_fetch tcp_send tcp_serve udp_echo udp_ask; do
		[ "$BIN/$p" -nt "$SRC/$p.c" ] && continue
		musl-gcc -static -O2 -Wall -o "$BIN/$p" "$SRC/$p.c" || return 1
	done
	# a static Go server, when Go is there (the go_http_forward case says so)
	if command -v go >/dev/null && ! [ "$BIN/go_http_serve" -nt "$SRC/go_http_serve.go" ]; then
		GOCACHE=$OUT/go/cache GO111MODULE=off CGO_ENABLED=0 \
			go build -o "$BIN/go_http_serve" "$SRC/go_http_serve.go" >"$BIN/go.log" 2>&1 ||
			rm -f "$BIN/go_http_serve"
	fi
	return 0
}

# start_host_server DIR KIND [ARGS]: a host server on a fresh port, in the
# background (on $HOST_ADDR when set, else 127.0.0.1); sets HOST_PID and
# HOST_PORT.
start_host_server() {
	local dir=$1 i
	shift
	mkdir -p "$dir"
	rm -f "$dir/port"
	python3 "$HOSTPY" "$@" "$dir/port" ${HOST_ADDR:+"$HOST_ADDR"} >/dev/null 2>&1 &
	HOST_PID=$!
	for i in $(seq 200); do
		[ -s "$dir/port" ] && break
		sleep 0.05
	done
	HOST_PORT=$(cat "$dir/port" 2>/dev/null)
	[ -n "$HOST_PORT" ]
}

# wait_listening DIR PID: until DIR.out says "listening" (or PID ended).
wait_listening() {
	local i
	for i in $(seq 1200); do
		grep -q '^listening' "$1.out" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# fetch_case NAME BYTES: the guest's tcp_fetch reads BYTES from a host server.
fetch_case() {
	ask_case "$1" v4 serve tcp_fetch "$2"
}

# send_case NAME BYTES: tcp_send to a host sink; what the sink got is
# appended to the run's stdout.
send_case() {
	local name=$1 bytes=$2 w=$WORK/$1 mode addr
	rm -rf "$w" && mkdir -p "$w"
	RUN_ENV=()
	for mode in native kiln; do
		: >"$w/$mode.sink"
		python3 "$HOSTPY" sink "$w/port" "$w/$mode.sink" >/dev/null 2>&1 &
		local hp=$! i
		for i in $(seq 200); do [ -s "$w/port" ] && break; sleep 0.05; done
		if [ $mode = native ]; then
			run_native "$w/native" "$BIN/tcp_send" 127.0.0.1 "$(cat "$w/port")" "$bytes"
		else
			run_kiln "$w/kiln" "$BIN/tcp_send" "$GUEST_HOST" "$(cat "$w/port")" "$bytes"
		fi
		for i in $(seq 100); do [ -s "$w/$mode.sink" ] && break; sleep 0.05; done
		kill "$hp" 2>/dev/null
		wait "$hp" 2>/dev/null
		rm -f "$w/port"
		cat "$w/$mode.sink" >>"$w/$mode.out"
	done
	compare "$name" "$w/native" "$w/kiln"
}

# serve_run DIR GUESTPORT HOSTPORT CLIENT-CMD... -- SERVER...: start the
# server (natively when GUESTPORT is "native", else in kiln with -p), run
# the clients once it listens, append their transcript to DIR.out.
serve_run() {
	local dir=$1 mode=$2 hp=$3 pid fwd
	shift 3
	local clients=()
	while [ "$1" != -- ]; do clients+=("$1"); shift; done
	shift
	if [ "$mode" = native ]; then
		run_native "$dir" "$@" &
	else
		fwd=${FWD_HOST:-}$hp:$mode
		case $1 in */udp_echo) fwd=$fwd/udp ;; esac
		run_kiln "$dir" -p "$fwd" "$@" &
	fi
	pid=$!
	if wait_listening "$dir" "$pid"; then
		local c
		for c in "${clients[@]}"; do
			# shellcheck disable=SC2086 # a client is a word list
			timeout 60 python3 "$HOSTPY" $c >>"$dir.clients" 2>&1
		done
	fi
	wait "$pid"
	cat "$dir.clients" >>"$dir.out" 2>/dev/null
}

# serve_case NAME PROG GUESTPORT N CLIENT...: PROG serves N requests.
# With SERVE_V6 set: PROG gets "v6" and kiln forwards from [::1].
serve_case() {
	local name=$1 prog=$2 gport=$3 n=$4 w=$WORK/$1 np kp c v6=()
	shift 4
	[ -n "${SERVE_V6:-}" ] && v6=(v6)
	np=$(python3 "$HOSTPY" free-port)
	kp=$(python3 "$HOSTPY" free-port)
	RUN_ENV=()
	local ncl=() kcl=()
	for c in "$@"; do
		ncl+=("${c//PORT/$np}")
		kcl+=("${c//PORT/$kp}")
	done
	rm -rf "$w" && mkdir -p "$w"
	serve_run "$w/native" native "$np" "${ncl[@]}" -- "$BIN/$prog" "$np" "$n" "${v6[@]}"
	FWD_HOST=${SERVE_V6:+[::1]:} serve_run "$w/kiln" "$gport" "$kp" "${kcl[@]}" -- \
		"$BIN/$prog" "$gport" "$n" "${v6[@]}"
	compare "$name" "$w/native" "$w/kiln"
}

# wget_case NAME [v6]: Debian's busybox wget fetches a file from a host
# HTTP server on 127.0.0.1 (v6: ::1).
wget_case() {
	local name=$1 w=$WORK/$1 host=127.0.0.1 guest=$GUEST_HOST addr=
	[ "${2:-}" = v6 ] && host="[::1]" guest="[$GUEST_HOST6]" addr=::1
	rm -rf "$w" && mkdir -p "$w/www"
	python3 -c 'import sys; sys.stdout.write("".join("line %d of the file\n" % i for i in range(5000)))' >"$w/www/f.txt"
	if ! HOST_ADDR=$addr start_host_server "$w" http "$w/www"; then
		result "$name" fail "the host HTTP server did not start"
		return
	fi
	RUN_ENV=()
	run_native "$w/native" /bin/busybox wget -q -O - "http://$host:$HOST_PORT/f.txt"
	run_kiln "$w/kiln" /bin/busybox wget -q -O - "http://$guest:$HOST_PORT/f.txt"
	kill "$HOST_PID" 2>/dev/null
	wait "$HOST_PID" 2>/dev/null
	compare "$name" "$w/native" "$w/kiln"
}

# netns_up NAME: a network namespace with lo and a tap ktap0 at 10.0.3.1/24.
netns_up() {
	ip netns add "$1" 2>/dev/null || return 1
	ip netns exec "$1" sh -c 'ip link set lo up &&
		ip tuntap add dev ktap0 mode tap &&
		ip addr add 10.0.3.1/24 dev ktap0 &&
		ip link set ktap0 up' 2>/dev/null || { ip netns del "$1"; return 1; }
}

# tap_case NAME: tap_fetch or tap_serve inside a fresh namespace, with
# kiln (and the native run) started through `ip netns exec`.
tap_case() {
	local name=$1 w=$WORK/$1 ns=kiln-test-$$-$1
	local TAPNET=tap:ktap0,ip=10.0.3.2/24,gw=10.0.3.1
	if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null || ! netns_up "$ns"; then
		result "$name" skip "needs root and ip netns for a tap"
		return
	fi
	rm -rf "$w" && mkdir -p "$w"
	printf '#!/bin/sh\nexec ip netns exec %s %q "$@"\n' "$ns" "$TOP/build/kiln" >"$w/kiln-in-ns"
	chmod +x "$w/kiln-in-ns"
	KILN=$w/kiln-in-ns
	RUN_ENV=()
	if [ "$name" = tap_fetch ]; then
		ip netns exec "$ns" python3 "$HOSTPY" serve "$w/port" 10.0.3.1 >/dev/null 2>&1 &
		local hp=$! i
		for i in $(seq 200); do [ -s "$w/port" ] && break; sleep 0.05; done
		local port
		port=$(cat "$w/port" 2>/dev/null)
		run_native "$w/native" ip netns exec "$ns" "$BIN/tcp_fetch" 10.0.3.1 "$port" 1048576
		run_kiln "$w/kiln" --net "$TAPNET" "$BIN/tcp_fetch" 10.0.3.1 "$port" 1048576
		kill "$hp" 2>/dev/null
		wait "$hp" 2>/dev/null
	else
		# the server natively in the namespace on 127.0.0.1, in kiln at 10.0.3.2
		local cl=("client 8080 0" "client 8080 65536")
		run_native "$w/native" ip netns exec "$ns" "$BIN/tcp_serve" 8080 2 &
		local pid=$! c
		if wait_listening "$w/native" "$pid"; then
			for c in "${cl[@]}"; do
				# shellcheck disable=SC2086
				timeout 60 ip netns exec "$ns" python3 "$HOSTPY" $c >>"$w/native.clients" 2>&1
			done
		fi
		wait "$pid"
		cat "$w/native.clients" >>"$w/native.out" 2>/dev/null
		run_kiln "$w/kiln" --net "$TAPNET" "$BIN/tcp_serve" 8080 2 &
		pid=$!
		if wait_listening "$w/kiln" "$pid"; then
			for c in "${cl[@]}"; do
				# shellcheck disable=SC2086
				timeout 60 ip netns exec "$ns" python3 "$HOSTPY" $c 10.0.3.2 >>"$w/kiln.clients" 2>&1
			done
		fi
		wait "$pid"
		cat "$w/kiln.clients" >>"$w/kiln.out" 2>/dev/null
	fi
	ip netns del "$ns"
	compare "$name" "$w/native" "$w/kiln"
}

# kill_tree PID: stop PID and everything below it (timeout(1) puts itself
# in a process group of its own, so a group kill would miss it).
kill_tree() {
	local c
	for c in $(pgrep -P "$1"); do kill_tree "$c"; done
	kill -TERM "$1" 2>/dev/null
}

# httpd_case NAME: busybox httpd serves a directory (or apps/http answers)
# until stopped; the host GETs three paths (natively from 127.0.0.1, in kiln through -p); the
# clients' transcripts are compared.
httpd_case() {
	local name=$1 w=$WORK/$1 np kp pid mode
	rm -rf "$w" && mkdir -p "$w/www/sub"
	printf 'hello from busybox httpd\n' >"$w/www/index.html"
	python3 -c 'print("x" * 100000)' >"$w/www/sub/big.txt"
	np=$(python3 "$HOSTPY" free-port)
	kp=$(python3 "$HOSTPY" free-port)
	RUN_ENV=()
	for mode in native kiln; do
		if [ "$name" = apps_http_forward ] && [ $mode = native ]; then
			run_native "$w/native" "$TOP/build/apps/http-musl" "$np" &
		elif [ "$name" = apps_http_forward ]; then
			run_kiln "$w/kiln" -p "$kp:80" "$TOP/build/apps/http-musl" 80 &
		elif [ $mode = native ]; then
			run_native "$w/native" /bin/busybox httpd -f -p "$np" -h "$w/www" &
		else
			run_kiln "$w/kiln" -p "$kp:8080" --file "$w/www:/www" /bin/busybox httpd -f -p 8080 -h /www &
		fi
		pid=$!
		local p=$np
		[ $mode = kiln ] && p=$kp
		for path in /index.html /sub/big.txt /missing; do
			timeout 90 python3 "$HOSTPY" get "$p" "$path" >>"$w/$mode.clients" 2>&1
		done
		kill_tree "$pid"
		wait "$pid" 2>/dev/null
		# the servers were stopped: only what the clients saw counts
		mv "$w/$mode.clients" "$w/$mode.out"
		: >"$w/$mode.err"
		echo 0 >"$w/$mode.status"
	done
	compare "$name" "$w/native" "$w/kiln"
}

# -p onto a port another process listens on.
port_in_use_case() {
	local name=$1 w=$WORK/$1
	rm -rf "$w" && mkdir -p "$w"
	python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
open(sys.argv[1], "w").write("%d\n" % s.getsockname()[1]); time.sleep(300)' "$w/port" &
	local hp=$! i
	for i in $(seq 100); do [ -s "$w/port" ] && break; sleep 0.05; done
	RUN_ENV=()
	run_kiln "$w/kiln" -p "$(cat "$w/port"):80" "$TOP/build/apps/hello-musl"
	kill "$hp" 2>/dev/null
	wait "$hp" 2>/dev/null
	if [ "$(cat "$w/kiln.status")" = 125 ] && [ ! -s "$w/kiln.out" ] &&
		grep -q "$(cat "$w/port")" "$w/kiln.err"; then
		result "$name" pass
	else
		result "$name" fail "want exit 125, no output, the port named on stderr" "$w/kiln.err"
	fi
}

# --net user,dhcp: the fetch against native, then the configuration DHCP
# gave against the one --net user passes on the kernel command line.
dhcp_case() {
	local name=$1 w=$WORK/$1
	local show='ifconfig eth0 | grep "inet addr"; route -n | grep "^0.0.0.0"; cat /etc/resolv.conf'
	if ! start_host_server "$w" serve; then
		result "$name" fail "the host server did not start"
		return
	fi
	RUN_ENV=()
	run_native "$w/native" "$BIN/tcp_fetch" 127.0.0.1 "$HOST_PORT" 1000
	run_kiln "$w/kiln" --net user,dhcp "$BIN/tcp_fetch" "$GUEST_HOST" "$HOST_PORT" 1000
	kill "$HOST_PID" 2>/dev/null
	wait "$HOST_PID" 2>/dev/null
	run_kiln "$w/static" --net user /bin/busybox sh -c "$show"
	run_kiln "$w/dhcp" --net user,dhcp /bin/busybox sh -c "$show"
	if ! grep -q 'inet addr:10\.0\.2\.15 ' "$w/dhcp.out"; then
		result "$name" fail "the guest's address is not slirp's 10.0.2.15" "$w/dhcp.out"
		return
	fi
	cat "$w/static.out" >>"$w/native.out"
	cat "$w/dhcp.out" >>"$w/kiln.out"
	compare "$name" "$w/native" "$w/kiln"
}

# --net none: only loopback; connecting out fails fast (no hang).
none_case() {
	local name=$1 w=$WORK/$1
	RUN_ENV=()
	run_kiln "$w/kiln" --net none "$BIN/tcp_fetch" "$GUEST_HOST" 9 1
	if timed_out "$w/kiln"; then
		result "$name" fail "timeout after ${KILN_TIMEOUT}s" "$w/kiln.err"
	elif [ "$(cat "$w/kiln.status")" = 1 ] && grep -q '^connect: ' "$w/kiln.err"; then
		result "$name" pass
	else
		result "$name" fail "connect did not fail with an error" "$w/kiln.err"
	fi
}

# on_machine MACHINE CMD...: run CMD (a case) with kiln on QEMU's MACHINE,
# under KILN_VMM's engine when it is a QEMU one, else TCG.
on_machine() {
	local m=$1 vmm=tcg saved=("${VMM_ARGS[@]}")
	shift
	case ${KILN_VMM:-} in qemu | tcg) vmm=$KILN_VMM ;; esac
	VMM_ARGS=(--vmm "$vmm" --machine "$m")
	[ -n "${QEMU_EXTRA:-}" ] && VMM_ARGS+=(--qemu-arg "$QEMU_EXTRA")
	# shellcheck disable=SC2206 # kiln options, words
	[ -n "${KILN_EXTRA:-}" ] && VMM_ARGS+=($KILN_EXTRA)
	"$@"
	VMM_ARGS=("${saved[@]}")
}

# The NIC's BAR above 4 GiB (mm/iomap.c maps it): a fetch, with -v for
# the kernel's word on where the BAR is.
bar_above_4g_case() {
	local name=$1 w=$WORK/$1
	if ! start_host_server "$w" serve; then
		result "$name" fail "the host server did not start"
		return
	fi
	RUN_ENV=()
	run_native "$w/native" "$BIN/tcp_fetch" 127.0.0.1 "$HOST_PORT" 65536
	QEMU_EXTRA="-object memory-backend-ram,id=big,size=2G -device ivshmem-plain,memdev=big" \
		on_machine q35 run_kiln "$w/kiln" -v "$BIN/tcp_fetch" "$GUEST_HOST" "$HOST_PORT" 65536
	kill "$HOST_PID" 2>/dev/null
	wait "$HOST_PID" 2>/dev/null
	if ! grep -q 'virtio-net at pci [0-9a-f:.]* bar[0-5] [1-9a-f][0-9a-f]\{8,\}:' "$w/kiln.err"; then
		result "$name" fail "the NIC's BAR is not above 4 GiB" "$w/kiln.err"
	elif [ "$(cat "$w/kiln.status")" != 0 ] || ! cmp -s "$w/native.out" "$w/kiln.out"; then
		result "$name" fail "the fetch differs from native's" "$w/kiln.out"
	else
		result "$name" pass
	fi
}

# --machine q35 with kiln's own monitor (no PCI bus there): refused.
machine_needs_qemu_case() {
	local name=$1 w=$WORK/$1 saved=("${VMM_ARGS[@]}")
	RUN_ENV=()
	VMM_ARGS=(--vmm kvm --machine q35)
	run_kiln "$w/kiln" "$TOP/build/apps/hello-musl"
	VMM_ARGS=("${saved[@]}")
	if [ "$(cat "$w/kiln.status")" = 125 ] && [ ! -s "$w/kiln.out" ] &&
		grep -q -- '--vmm qemu' "$w/kiln.err"; then
		result "$name" pass
	else
		result "$name" fail "want exit 125, no output, a hint to use --vmm qemu" "$w/kiln.err"
	fi
}

# ask_case NAME v4|v6 KIND PROG ARGS...: PROG ADDR PORT ARGS against a
# host server of KIND (host.py serve, udp-echo) on 127.0.0.1 or ::1;
# natively ADDR is that, in kiln the host as the guest sees it through slirp.
ask_case() {
	local name=$1 fam=$2 kind=$3 prog=$4 w=$WORK/$1 host=127.0.0.1 guest=$GUEST_HOST
	shift 4
	[ "$fam" = v6 ] && host=::1 guest=$GUEST_HOST6
	rm -rf "$w" && mkdir -p "$w"
	if ! HOST_ADDR=$host start_host_server "$w" "$kind"; then
		kill "$HOST_PID" 2>/dev/null
		result "$name" fail "the host server did not start on $host"
		return
	fi
	RUN_ENV=()
	run_native "$w/native" "$BIN/$prog" "$host" "$HOST_PORT" "$@"
	run_kiln "$w/kiln" "$BIN/$prog" "$guest" "$HOST_PORT" "$@"
	kill "$HOST_PID" 2>/dev/null
	wait "$HOST_PID" 2>/dev/null
	compare "$name" "$w/native" "$w/kiln"
}

# serve6_case NAME PROG GUESTPORT N CLIENT...: serve_case over IPv6: PROG
# listens on [::] (natively the host's; in kiln the guest's, reached
# through -p [::1]:HOSTPORT:GUESTPORT), the clients connect to ::1.  Under
# QEMU: kiln refuses the forward.
serve6_case() {
	local name=$1 prog=$2 gport=$3 n=$4 w=$WORK/$1
	shift 4
	case " ${VMM_ARGS[*]} " in
	*" qemu "* | *" tcg "*)
		rm -rf "$w" && mkdir -p "$w"
		RUN_ENV=()
		run_kiln "$w/kiln" -p "[::1]:$(python3 "$HOSTPY" free-port):$gport" "$BIN/$prog" "$gport" "$n" v6
		if [ "$(cat "$w/kiln.status")" = 125 ] && [ ! -s "$w/kiln.out" ] &&
			grep -q 'IPv4 host addresses only' "$w/kiln.err"; then
			result "$name" pass
		else
			result "$name" fail "QEMU: want exit 125, no output, why on stderr" "$w/kiln.err"
		fi
		return ;;
	esac
	SERVE_V6=1 serve_case "$name" "$prog" "$gport" "$n" "$@"
}

# tap6_case NAME: tap_fetch_v6 or tap_serve_v6 in a fresh namespace (as
# tap_case), with fd00::1/64 on the namespace's side of the tap.
tap6_case() {
	local name=$1 w=$WORK/$1 ns=kiln-test-$$-$1 pid c i port mode
	local TAPNET=tap:ktap0,ip=10.0.3.2/24,gw=10.0.3.1,ip6=fd00::2/64
	if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null || ! netns_up "$ns"; then
		result "$name" skip "needs root and ip netns for a tap"
		return
	fi
	ip netns exec "$ns" ip -6 addr add fd00::1/64 dev ktap0 nodad
	rm -rf "$w" && mkdir -p "$w"
	printf '#!/bin/sh\nexec ip netns exec %s %q "$@"\n' "$ns" "$TOP/build/kiln" >"$w/kiln-in-ns"
	chmod +x "$w/kiln-in-ns"
	KILN=$w/kiln-in-ns
	RUN_ENV=()
	if [ "$name" = tap_fetch_v6 ]; then
		ip netns exec "$ns" python3 "$HOSTPY" serve "$w/port" fd00::1 >/dev/null 2>&1 &
		pid=$!
		for i in $(seq 200); do [ -s "$w/port" ] && break; sleep 0.05; done
		port=$(cat "$w/port" 2>/dev/null)
		run_native "$w/native" ip netns exec "$ns" "$BIN/tcp_fetch" fd00::1 "$port" 1048576
		run_kiln "$w/kiln" --net "$TAPNET" "$BIN/tcp_fetch" fd00::1 "$port" 1048576
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	else
		# natively the server is in the namespace on [::] (clients to ::1), in
		# kiln on the guest's fd00::2
		for mode in native kiln; do
			local addr=::1
			if [ $mode = native ]; then
				run_native "$w/native" ip netns exec "$ns" "$BIN/tcp_serve" 8080 2 v6 &
			else
				run_kiln "$w/kiln" --net "$TAPNET" "$BIN/tcp_serve" 8080 2 v6 &
				addr=fd00::2
			fi
			pid=$!
			if wait_listening "$w/$mode" "$pid"; then
				for c in 0 65536; do
					timeout 60 ip netns exec "$ns" python3 "$HOSTPY" client 8080 $c $addr \
						>>"$w/$mode.clients" 2>&1
				done
			fi
			wait "$pid"
			cat "$w/$mode.clients" >>"$w/$mode.out" 2>/dev/null
		done
	fi
	ip netns del "$ns"
	compare "$name" "$w/native" "$w/kiln"
}

one_case() {
	if ! have_kiln; then
		result "$1" fail "no build/kiln"
		return
	fi
	case $1 in
	guest_fetch_small) fetch_case "$1" 1000 ;;
	guest_fetch_1m) fetch_case "$1" 1048576 ;;
	guest_send_1m)
		# QEMU's emulator runs the guest fast enough to exit with data still
		# in lwIP's send buffer: net_linger() sends it before the VM ends
		send_case "$1" 1048576 ;;
	forward_tcp_serve)
		serve_case "$1" tcp_serve 8080 3 "client PORT 0" "client PORT 1024" "client PORT 1048576" ;;
	forward_udp_echo)
		serve_case "$1" udp_echo 5353 3 "udp PORT 1 512 1400" ;;
	busybox_wget_host) wget_case "$1" ;;
	net_none_unreachable) none_case "$1" ;;
	guest_fetch_v6) ask_case "$1" v6 serve tcp_fetch 1048576 ;;
	guest_udp_v6) ask_case "$1" v6 udp-echo udp_ask 1 512 1400 ;;
	# two, not more: slirp listens on the host with a backlog of 1, and a
	# third connection at once may wait for the host's 1 s SYN retransmit
	forward_tcp_burst) serve_case "$1" tcp_serve 8080 2 "burst PORT 2 100 2" ;;
	forward_tcp_burst8)
		case " ${VMM_ARGS[*]} " in
		*" qemu "* | *" tcg "*) result "$1" skip "QEMU's slirp listens on the host with a backlog of 1" ;;
		*) serve_case "$1" tcp_serve 8080 8 "burst PORT 8 100 0.9" ;;
		esac ;;
	forward_tcp_serve_v6)
		serve6_case "$1" tcp_serve 8080 3 "client PORT 0 ::1" "client PORT 1024 ::1" \
			"client PORT 1048576 ::1" ;;
	forward_udp_echo_v6) serve6_case "$1" udp_echo 5353 3 "udp6 PORT 1 512 1400" ;;
	tap_fetch_v6 | tap_serve_v6) tap6_case "$1" ;;
	busybox_wget_host_v6) wget_case "$1" v6 ;;
	dhcp_fetch) dhcp_case "$1" ;;
	forward_port_in_use) port_in_use_case "$1" ;;
	tap_fetch | tap_serve) tap_case "$1" ;;
	q35_guest_fetch_1m) on_machine q35 fetch_case "$1" 1048576 ;;
	q35_guest_send_1m) on_machine q35 send_case "$1" 1048576 ;;
	q35_forward_tcp_serve)
		on_machine q35 serve_case "$1" tcp_serve 8080 3 "client PORT 0" "client PORT 1024" \
			"client PORT 1048576" ;;
	q35_forward_udp_echo) on_machine q35 serve_case "$1" udp_echo 5353 3 "udp PORT 1 512 1400" ;;
	pc_guest_fetch_small) on_machine pc fetch_case "$1" 1000 ;;
	q35_intx_fetch_1m)
		QEMU_EXTRA="-global virtio-net-pci.vectors=0" on_machine q35 fetch_case "$1" 1048576 ;;
	pc_intx_fetch_small)
		QEMU_EXTRA="-global virtio-net-pci.vectors=0" on_machine pc fetch_case "$1" 1000 ;;
	q35_behind_bridge)
		KILN_EXTRA="--net none" QEMU_EXTRA="-device pcie-root-port,id=rp1,chassis=1,slot=1 \
-netdev user,id=n1 -device virtio-net-pci,bus=rp1,netdev=n1,romfile=" \
			on_machine q35 fetch_case "$1" 65536 ;;
	q35_bar_above_4g) bar_above_4g_case "$1" ;;
	machine_needs_qemu) machine_needs_qemu_case "$1" ;;
	busybox_httpd_forward | apps_http_forward) httpd_case "$1" ;;
	go_http_forward)
		if [ -x "$BIN/go_http_serve" ]; then
			serve_case "$1" go_http_serve 8080 3 "get PORT /" "get PORT /a/b?x=1&y=2" "get PORT /end"
		else
			result "$1" skip "no Go toolchain (golang-go), or the build failed: $BIN/go.log"
		fi ;;
	*) result "$1" fail "no such case" ;;
	esac
}

# prepare: build the network test programs
prepare() {
	build && return 0
	result build fail "could not build the network test programs"
	return 1
}

suite_main net prepare "$@"
