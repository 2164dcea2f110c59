#!/usr/bin/env bats
# Messages that say what happened: reading is not changing, names are
# whole, a pin must hold a program, a tc object or a directory given to
# run is called what it is, options that cannot apply are usage errors.

load lib/helpers
bats_require_minimum_version 1.5.0

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

DROP=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all)
NOT_ROOT="Operation not permitted (run as root: needs CAP_SYS_ADMIN)"

# says CODE LINE cmd...: in NS_A, exit CODE and LINE alone on stderr
says() {
	local code=$1 line=$2
	shift 2
	run --separate-stderr timeout 10 ip netns exec "$NS_A" "$@"
	assert_equal "$status" "$code"
	assert_equal "$output" ""
	assert_equal "$stderr" "$line"
}

@test "messages: not root, showing the level is reading it, setting it is changing it" {
	in_a "$XH" load -m skb va 2>/dev/null
	says 1 "Couldn't read the level of hello on 'va': $NOT_ROOT" "${DROP[@]}" "$XH" level -i va
	says 1 "Couldn't change the level of hello on 'va': $NOT_ROOT" "${DROP[@]}" "$XH" level -i va debug
}

@test "messages: not root, a pin or an object is named whole" {
	local pin=/sys/fs/bpf/a-pin-name-longer-than-fifteen
	says 1 "Couldn't read the state of hello on '$pin': $NOT_ROOT" "${DROP[@]}" "$XH" status --pin "$pin"
	says 1 "Couldn't load '$XH_ROOT/xdp-prog/execve.o': $NOT_ROOT" "${DROP[@]}" "$XH" run -o "$XH_ROOT/xdp-prog/execve.o"
}

# in_bpffs CMD: CMD in NS_A with a bpffs of its own (no pin survives it)
in_bpffs() {
	run --separate-stderr ip netns exec "$NS_A" unshare -m bash -c \
		"mount -t bpf bpf /sys/fs/bpf && $1"
}

@test "messages: a pinned map or link is not taken for a program" {
	local id map link
	bg run in_a "$XH" run -i va
	wait_for_text run.err "Waiting for Ctrl-C..."
	id=$(in_a ip link show dev va | grep -oE 'prog/xdp id [0-9]+' | awk '{ print $3 }')
	map=$(bpftool prog show id "$id" -j | jq '.map_ids[0]')
	link=$(bpftool link show -j | jq --argjson p "$id" '.[] | select(.prog_id == $p) | .id')
	[ -n "$link" ]
	in_bpffs "bpftool map pin id $map /sys/fs/bpf/m && exec '$XH' status --pin /sys/fs/bpf/m"
	assert_equal "$status" 1
	assert_equal "$stderr" "Couldn't read pinned program '/sys/fs/bpf/m': it is a BPF map, not a program (give a pinned program, or --prog-id ID)"
	in_bpffs "bpftool link pin id $link /sys/fs/bpf/l && exec '$XH' level --pin /sys/fs/bpf/l"
	assert_equal "$status" 1
	assert_equal "$stderr" "Couldn't read pinned program '/sys/fs/bpf/l': it is a BPF link, not a program (give its program: --prog-id $id)"
	kill -INT "$(bg_pid run)"
	bg_wait run
	assert_equal "$bg_status" 0
}

@test "messages: run -o with a tc object or a directory says what it is" {
	local tc=$XH_ROOT/xdp-prog/tc_syn.o
	says 1 "Couldn't run BPF object '$tc': 'tc_syn' is a tc program, which run does not attach (load it with 'tc filter add dev IFNAME ingress bpf da obj $tc sec tc', then 'xdp-hello log -i IFNAME')" \
		"$XH" run -o "$tc"
	says 1 "Couldn't open BPF object '$BATS_TEST_TMPDIR': Is a directory (give -o a BPF object file)" "$XH" run -o "$BATS_TEST_TMPDIR"
	says 1 "Couldn't open BPF object '$BATS_TEST_TMPDIR': Is a directory (give -o a BPF object file)" \
		"$XH" run -i va -o "$BATS_TEST_TMPDIR"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "messages: -m and --force with tracing programs alone are usage errors" {
	local o=$XH_ROOT/xdp-prog/execve.o
	says 2 "xdp-hello run: -m needs an interface (-i IFNAME): without one, run attaches the tracing programs of '$o' (see 'xdp-hello run --help')" \
		"$XH" run -o "$o" -m skb
	says 2 "xdp-hello run: --force needs an interface (-i IFNAME): without one, run attaches the tracing programs of '$o' (see 'xdp-hello run --help')" \
		"$XH" run -o "$o" --force
}

@test "messages: a program too complex for the verifier is refused with a hint naming the cause" {
	local o=$XH_ROOT/tests/progs/loop-100k.o
	says 1 "Couldn't attach XDP program 'loop' to 'va': Argument list too long (too large or too complex for the verifier: a loop that logs is verified once per turn, so bound it or move the statement out; -vv shows the verifier's log)" \
		"$XH" load -m skb -o "$o" va
	assert_equal "$(xdp_state "$NS_A" va)" ""
	# -vv: the verifier's own words
	run --separate-stderr in_a "$XH" load -vv -m skb -o "$o" va
	assert_equal "$status" 1
	[[ "$stderr" == *"is too complex"* || "$stderr" == *"BPF program is too large"* ]] || fail "no verifier log in: ${stderr:0:400}"
}
