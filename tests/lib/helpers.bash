# Shared by the bats files: paths, namespaces, traffic, waiting.
# Every file creates its own namespaces in setup_file and removes them (and
# with them their veths and XDP programs) in teardown_file, pass or fail.

XH_ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
XH=$XH_ROOT/xdp-hello-util/xdp-hello
HELLO_O=$XH_ROOT/xdp-prog/hello.o
OTHER_O=$XH_ROOT/tests/progs/other.o
export XDP_HELLO_OBJECT_DIR=$XH_ROOT/xdp-prog
unset XDP_HELLO_LOG

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# The tutorial's line, exactly.
LINE_RE='^\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z INFO  hello_world\] received a packet$'

IP_A=10.213.0.1
IP_B=10.213.0.2

# Two namespaces joined by a veth pair: va in NS_A (where hello goes), vb in
# NS_B (the traffic source). No IPv6 and fixed neighbours, so the only
# packets va sees are the ones a test sends.
xh_setup_pair() {
	local tag
	tag=$(basename "$BATS_TEST_FILENAME" .bats | tr -cd 'a-z0-9' | cut -c1-8)
	export NS_A="xh-$tag-$$-a" NS_B="xh-$tag-$$-b"
	echo "$NS_A $NS_B" > "$BATS_FILE_TMPDIR/namespaces"
	ip netns add "$NS_A"
	ip netns add "$NS_B"
	local ns
	for ns in "$NS_A" "$NS_B"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
		ip -n "$ns" link set lo up
	done
	ip link add va netns "$NS_A" type veth peer name vb netns "$NS_B"
	ip -n "$NS_A" addr add "$IP_A/24" dev va
	ip -n "$NS_B" addr add "$IP_B/24" dev vb
	ip -n "$NS_A" link set va up
	ip -n "$NS_B" link set vb up
	ip -n "$NS_A" neigh replace "$IP_B" lladdr "$(mac_of "$NS_B" vb)" dev va nud permanent
	ip -n "$NS_B" neigh replace "$IP_A" lladdr "$(mac_of "$NS_A" va)" dev vb nud permanent
}

mac_of() { cat "/sys/class/net/$2/address" 2>/dev/null || ip netns exec "$1" cat "/sys/class/net/$2/address"; }

xh_teardown() {
	local ns
	xh_kill_bg
	[ -f "$BATS_FILE_TMPDIR/namespaces" ] || return 0
	for ns in $(cat "$BATS_FILE_TMPDIR/namespaces"); do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -f "$BATS_FILE_TMPDIR/namespaces"
}

# After each test: no background command, and va and lo of NS_A bare, so
# a failed test does not leak its program into the next one.
xh_clean_test() {
	local dev mode
	xh_kill_bg
	for dev in va lo; do
		for mode in xdpgeneric xdpdrv; do
			ip -n "$NS_A" link set dev "$dev" "$mode" off 2>/dev/null
		done
	done
	return 0
}

in_a() { ip netns exec "$NS_A" "$@"; }
in_b() { ip netns exec "$NS_B" "$@"; }

# send_udp N: N datagrams from NS_B to NS_A (one packet each on va).
send_udp() {
	in_b bash -c "for ((i = 0; i < $1; i++)); do echo x > /dev/udp/$IP_A/9; done" 2>/dev/null
	return 0
}

# What ip says about XDP on a device: "" when nothing is attached.
xdp_state() {
	ip -n "$1" link show dev "$2" | grep -oE 'xdp(generic|drv|offload)?( |$)|prog/xdp id [0-9]+' | tr -d '\n'
}

# Background commands: bg NAME cmd... ; output in $BATS_TEST_TMPDIR/NAME.{out,err}
# (in_a/in_b become 'ip netns exec', which execs: $! is the command itself)
bg() {
	local name=$1
	shift
	case "$1" in
	in_a) shift; set -- ip netns exec "$NS_A" "$@" ;;
	in_b) shift; set -- ip netns exec "$NS_B" "$@" ;;
	esac
	# the redirections below happen in the background: a reused name
	# must not show the previous command's output meanwhile
	rm -f "$BATS_TEST_TMPDIR/$name.out" "$BATS_TEST_TMPDIR/$name.err"
	"$@" < /dev/null > "$BATS_TEST_TMPDIR/$name.out" 2> "$BATS_TEST_TMPDIR/$name.err" 3>&- &
	echo $! > "$BATS_TEST_TMPDIR/$name.pid"
	echo $! >> "$BATS_FILE_TMPDIR/bg.pids"
}
bg_pid() { cat "$BATS_TEST_TMPDIR/$1.pid"; }
out_of() { cat "$BATS_TEST_TMPDIR/$1.out"; }
# stderr without the -v lines of start_log
err_of() { grep -vE '^xdp-hello: (reading|mounted) ' "$BATS_TEST_TMPDIR/$1.err"; }

# start_log NAME [env VAR=..] ARGS...: 'xdp-hello log -v ARGS' in NS_A in the
# background, returning once it reads (it says so on stderr with -v)
start_log() {
	local name=$1
	shift
	bg "$name" in_a "$XH" log -v "$@"
	wait_for_text "$name.err" "xdp-hello: reading "
}

# bg_wait NAME: waits for it to exit (10 s at most), sets $bg_status.
bg_wait() {
	local pid i
	pid=$(bg_pid "$1")
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	bg_status=124
	wait "$pid" 2>/dev/null && bg_status=0 || bg_status=$?
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid"
		bg_status=124
	fi
}

xh_kill_bg() {
	[ -f "$BATS_FILE_TMPDIR/bg.pids" ] || return 0
	xargs -r kill -9 < "$BATS_FILE_TMPDIR/bg.pids" 2>/dev/null
	rm -f "$BATS_FILE_TMPDIR/bg.pids"
	return 0
}

# wait_for_text NAME.{out,err} TEXT: up to 10 s
wait_for_text() {
	local i
	for ((i = 0; i < 100; i++)); do
		grep -qF -- "$2" "$BATS_TEST_TMPDIR/$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "timed out waiting for '$2' in $1: $(cat "$BATS_TEST_TMPDIR/$1")" >&2
	return 1
}

# wait_for_lines NAME.out N: up to 10 s for N lines
wait_for_lines() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(wc -l < "$BATS_TEST_TMPDIR/$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	echo "timed out waiting for $2 lines in $1: $(wc -l < "$BATS_TEST_TMPDIR/$1")" >&2
	return 1
}

# Counter from 'xdp-hello status': status_field NS DEV Packets|Lost
status_field() {
	ip netns exec "$1" "$XH" status "$2" | awk -v f="$3:" '$1 == f { print $2 }'
}

# hello_id DEV: the id of the hlog program on DEV in NS_A, as status says
# (ip shows libxdp's dispatcher where there is one)
hello_id() {
	in_a "$XH" status "$1" | sed -n 's/^Program: *[^ ]* (id \([0-9]*\)).*/\1/p'
}

# assert_all_lines FILE COUNT: exactly COUNT lines, each the tutorial's line
assert_hello_lines() {
	local file=$BATS_TEST_TMPDIR/$1 n=$2
	run grep -cvE "$LINE_RE" "$file"
	assert_output 0
	run wc -l < "$file"
	assert_output "$n"
}
