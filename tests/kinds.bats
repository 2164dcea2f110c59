#!/usr/bin/env bats
# hlog beyond XDP: the tc example (tc_syn.o, loaded by iproute2's tc) on a
# veth pair with real TCP connections, and the tracing example (execve.o,
# loaded by 'xdp-hello run -o') with real execve(2)s; the selectors that
# find such programs (-i finds tc programs too, --prog-id, --all).

load lib/helpers
bats_require_minimum_version 1.5.0

TC_O=$XH_ROOT/xdp-prog/tc_syn.o
EXECVE_O=$XH_ROOT/xdp-prog/execve.o
PORT=8080

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() {
	xh_clean_test
	in_a tc qdisc del dev va clsact 2>/dev/null
	return 0
}

# tc_attach: tc_syn.o on va's ingress, as the README says; its program id
tc_attach() {
	in_a tc qdisc add dev va clsact
	in_a tc filter add dev va ingress bpf da obj "$TC_O" sec tc
	in_a tc filter show dev va ingress | sed -n 's/.* id \([0-9]*\) name tc_syn .*/\1/p'
}

# connect N: N TCP connections from B to A's listener (each one SYN)
connect() {
	local i
	for ((i = 0; i < $1; i++)); do
		in_b nc -z -w 2 "$IP_A" "$PORT" || return 1
	done
}

@test "kinds: tc_syn, loaded by tc, logs one line per TCP SYN of real connections, read by -i" {
	local id
	id=$(tc_attach)
	[ -n "$id" ]
	bg listener in_a nc -lk "$IP_A" "$PORT"
	start_log log -i va
	connect 5
	wait_for_lines log.out 5
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run grep -cE "^\[[0-9T:-]+Z INFO  tc_syn\] SYN tcp $IP_B:[0-9]+ -> $IP_A:$PORT\$" \
		"$BATS_TEST_TMPDIR/log.out"
	assert_output 5
	run wc -l < "$BATS_TEST_TMPDIR/log.out"
	assert_output 5
	run err_of log
	assert_output "5 messages, 0 lost"
	# five distinct source ports: five connections, no line twice
	run bash -c "sed 's/.*:\([0-9]*\) -> .*/\1/' '$BATS_TEST_TMPDIR/log.out' | sort -u | wc -l"
	assert_output 5
	# status shows the tc program, with the packets it saw
	run in_a "$XH" status va
	assert_success
	assert_line --index 0 --regexp "^Interface: va \(ifindex [0-9]+\)$"
	assert_line --index 1 "Program:   tc_syn (id $id), tc ingress"
	assert_line --index 2 "Level:     info, bpf_printk off"
	assert_line --regexp "^Packets:   [1-9][0-9]* \([0-9]+ bytes\)$"
}

@test "kinds: tc and XDP on one interface: log -i reads both, each line names its program" {
	tc_attach > /dev/null
	in_a "$XH" load -m skb va
	bg listener in_a nc -lk "$IP_A" "$PORT"
	start_log log -i va --json
	connect 2
	# XDP hello sees every packet in, tc_syn the two SYNs
	wait_for_text log.out '"target":"tc_syn"'
	sleep 0.3
	kill -INT "$(bg_pid log)"
	bg_wait log
	run jq -r 'select(.target == "tc_syn") | [.ifindex > 0, (.message | startswith("SYN tcp "))] | @tsv' \
		"$BATS_TEST_TMPDIR/log.out"
	assert_output "$(printf 'true\ttrue\ntrue\ttrue')"
	run jq -r 'select(.target == "hello_world") | .message' "$BATS_TEST_TMPDIR/log.out"
	assert_line "received a packet"
	# level -i sets both, one line each
	run in_a "$XH" level -i va warn
	assert_success
	assert_line --index 0 --regexp "^hello_world \(id [0-9]+\): warn$"
	assert_line --index 1 --regexp "^tc_syn \(id [0-9]+\): warn$"
	in_a "$XH" unload va
}

@test "kinds: a tc program on a tcx link (kernels from 6.6) is found by -i too" {
	local id
	# the link lives as long as tcx-attach, which waits for a signal
	bg tcx in_a "$XH_ROOT/tests/tools/tcx-attach" "$TC_O" va ingress
	wait_for_text tcx.out "attached" || true
	if ! grep -q attached "$BATS_TEST_TMPDIR/tcx.out"; then
		bg_wait tcx
		[ "$bg_status" = 3 ] || fail "tcx-attach: $(cat "$BATS_TEST_TMPDIR/tcx.err")"
		skip "this kernel ($(uname -r)) has no tcx links (6.6 and later)"
	fi
	id=$(sed -n 's/^attached //p' "$BATS_TEST_TMPDIR/tcx.out")
	bg listener in_a nc -lk "$IP_A" "$PORT"
	start_log log -i va -c 2 --timeout 10
	connect 2
	bg_wait log
	assert_equal "$bg_status" 0
	run grep -cE "INFO  tc_syn\] SYN tcp $IP_B:[0-9]+ -> $IP_A:$PORT\$" "$BATS_TEST_TMPDIR/log.out"
	assert_output 2
	run in_a "$XH" status va
	assert_line --index 1 "Program:   tc_syn (id $id), tcx ingress"
	kill -TERM "$(bg_pid tcx)"
	bg_wait tcx
	assert_equal "$bg_status" 0
	# the link went with its process: nothing found any more
	run --separate-stderr in_a "$XH" status va
	assert_failure 1
}

@test "kinds: --prog-id and --all read a tc program by id, wherever it is" {
	local id
	id=$(tc_attach)
	bg listener in_a nc -lk "$IP_A" "$PORT"
	# --prog-id needs no interface: the reader can run anywhere
	bg byid "$XH" log -v --prog-id "$id" -c 3 --timeout 10
	wait_for_text byid.err "xdp-hello: reading "
	connect 3
	bg_wait byid
	assert_equal "$bg_status" 0
	run grep -cE "INFO  tc_syn\] SYN tcp $IP_B:[0-9]+ -> $IP_A:$PORT\$" "$BATS_TEST_TMPDIR/byid.out"
	assert_output 3
	run --separate-stderr "$XH" level --prog-id "$id" debug
	assert_output "debug"
	# tc_syn logs at info at most: said, and the level set all the same
	assert_equal "$stderr" "xdp-hello: level debug reaches no call site of 'tc_syn' (id $id): its highest is info"
	run "$XH" status --prog-id "$id"
	assert_line --index 0 "Interface: none (not attached to one in this network namespace)"
	assert_line --index 1 "Program:   tc_syn (id $id)"
	assert_line --index 2 "Level:     debug, bpf_printk off"
	# in its namespace, status finds where it is attached
	run in_a "$XH" status --prog-id "$id"
	assert_line --index 0 --regexp "^Interface: va \(ifindex [0-9]+\)$"
	assert_line --index 1 --regexp "^Program:   tc_syn \(id $id\), tc "
	# --all finds it among every hlog program loaded
	run "$XH" status --all
	assert_success
	assert_line "Program:   tc_syn (id $id)"
}

@test "kinds: bad selectors: one line, exit 1 or 2, nothing changed" {
	run --separate-stderr "$XH" log --prog-id 4294967295
	assert_failure 1
	assert_equal "$stderr" "Couldn't find program id 4294967295: no such program (see 'bpftool prog show')"
	run --separate-stderr "$XH" status --prog-id zero
	assert_failure 2
	assert_equal "$stderr" "xdp-hello status: program id 'zero' is not a program's id, a number from 1 to 4294967295, as 'bpftool prog show' lists them (see 'xdp-hello status --help')"
	run --separate-stderr "$XH" log --pin /nonexistent/pin
	assert_failure 1
	assert_equal "$stderr" "Couldn't open pinned program '/nonexistent/pin': No such file or directory (give the path it was pinned at, as 'bpftool prog pin' or 'bpftool prog loadall' made it)"
	run --separate-stderr "$XH" level
	assert_failure 2
	assert_equal "$stderr" "xdp-hello level: no program given (-i IFNAME, --prog-id ID, --pin PATH or --all) (see 'xdp-hello level --help')"
	# a tc object cannot run on its own, an XDP one needs -i
	run --separate-stderr "$XH" run -o "$TC_O"
	assert_failure 1
	assert_equal "$stderr" "Couldn't run BPF object '$TC_O': 'tc_syn' is a tc program, which run does not attach (load it with 'tc filter add dev IFNAME ingress bpf da obj $TC_O sec tc', then 'xdp-hello log -i IFNAME')"
	run --separate-stderr "$XH" run -o "$HELLO_O"
	assert_failure 1
	assert_equal "$stderr" "Couldn't run BPF object '$HELLO_O' on its own: 'hello_world' is an XDP program (give the interface: -i IFNAME)"
}

@test "kinds: execve.o, run by xdp-hello, logs real execve(2)s with their exact pids and names" {
	local pids p
	bg trace "$XH" run -o "$EXECVE_O" --json
	wait_for_text trace.err "Waiting for Ctrl-C..."
	# three processes, each exec'ing /bin/sh and then /bin/true: two
	# execve(2)s each, with the same pid
	for p in 1 2 3; do
		/bin/sh -c "echo \$\$ >> '$BATS_TEST_TMPDIR/pids'; exec /bin/true"
	done
	pids=$(cat "$BATS_TEST_TMPDIR/pids")
	for p in $pids; do
		wait_for_text trace.out "\"message\":\"pid $p runs /bin/true\""
	done
	kill -INT "$(bg_pid trace)"
	bg_wait trace
	assert_equal "$bg_status" 0
	for p in $pids; do
		run jq -c --argjson p "$p" 'select(.pid == $p) | [.target, .level, .tid == $p, .message, .args]' \
			"$BATS_TEST_TMPDIR/trace.out"
		assert_output "$(printf '%s\n' \
			"[\"execve\",\"info\",true,\"pid $p runs /bin/sh\",[$p,\"/bin/sh\"]]" \
			"[\"execve\",\"info\",true,\"pid $p runs /bin/true\",[$p,\"/bin/true\"]]")"
	done
	run err_of trace
	assert_line --index 0 "Waiting for Ctrl-C..."
	assert_line --index 1 "Exiting..."
	assert_line --index 2 --regexp "^[0-9]+ messages, 0 lost$"
	# detached: no tracepoint program of ours is left
	run bpftool prog show name execve
	assert_output ""
}
