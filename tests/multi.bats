#!/usr/bin/env bats
# hlog in an object of several source files and several programs
# (tests/progs/multi.o: rx.bpf.c has the XDP program multi_rx, note.bpf.c
# the function multi_note it calls and the tc program multi_tc; linked
# with bpftool gen object). Both programs are loaded from the object at
# once (bpftool prog loadall), so they share hlog's maps: one source to
# the reader, each message labelled with the program its call site is in.

load lib/helpers
bats_require_minimum_version 1.5.0

MULTI_O=$XH_ROOT/tests/progs/multi.o

setup_file() {
	xh_setup_pair
	# a bpffs of the test's own, outside /sys, so 'ip netns exec' sees it
	export BPFD=$BATS_FILE_TMPDIR/bpf
	mkdir -p "$BPFD"
	mount -t bpf bpf "$BPFD"
	bpftool prog loadall "$MULTI_O" "$BPFD/multi"
	in_a bpftool net attach xdpgeneric pinned "$BPFD/multi/multi_rx" dev va
	in_a tc qdisc add dev va clsact
	in_a tc filter add dev va ingress bpf da pinned "$BPFD/multi/multi_tc"
}

teardown_file() {
	xh_teardown
	umount "$BPFD" 2>/dev/null
	return 0
}

teardown() { xh_kill_bg; }

# lines LEVEL TARGET TEXT: how many lines of log.out are exactly that
lines() {
	grep -cxE "\[[0-9T:-]+Z $1 +$2\] $3" "$BATS_TEST_TMPDIR/log.out"
}

@test "multi: two source files that both log link into one object, their sites numbered alike" {
	# each file counts its sites from 0: the names collide, the ids must not
	run bash -c "bpftool btf dump file '$MULTI_O' | grep -c \"^\\[[0-9]*\\] VAR '[a-z_]*\\.hlog_site_0'\""
	assert_output 2
	run bash -c "bpftool btf dump file '$MULTI_O' | grep -c \"^\\[[0-9]*\\] VAR 'hlog__site_base'\""
	assert_output 1
}

@test "multi: read by interface, the XDP and tc programs of one object are one source, each line labelled with its program" {
	start_log log -i va
	send_udp 3
	wait_for_lines log.out 9
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run lines INFO multi_rx "rx 44"
	assert_output 3
	run lines WARN multi_rx "note 45"
	assert_output 3
	run lines INFO multi_tc "tc 44"
	assert_output 3
	run wc -l < "$BATS_TEST_TMPDIR/log.out"
	assert_output 9
	run err_of log
	assert_output "9 messages, 0 lost"
}

@test "multi: read by both pins: one reader, not refused as another; by one pin: the other's lines too, labelled as its own" {
	start_log log --pin "$BPFD/multi/multi_rx" --pin "$BPFD/multi/multi_tc"
	send_udp 2
	wait_for_lines log.out 6
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run lines INFO multi_tc "tc 44"
	assert_output 2
	run lines WARN multi_rx "note 45"
	assert_output 2
	run err_of log
	assert_output "6 messages, 0 lost"

	start_log log --pin "$BPFD/multi/multi_rx"
	send_udp 1
	wait_for_lines log.out 3
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run lines INFO multi_tc "tc 44"
	assert_output 1
	run lines INFO multi_rx "rx 44"
	assert_output 1
	run err_of log
	assert_output "3 messages, 0 lost"
}

@test "multi: the reader API's add_iface: the programs of one object are one index, another object's tc program another" {
	run in_a "$XH_ROOT/tests/tools/api-dump" -i va
	assert_success
	assert_output "add_iface: index 0, added 1: 0 multi_rx"
	# tc_syn, an object of its own, on egress: its own rings, its own index
	in_a tc filter add dev va egress bpf da obj "$XH_ROOT/xdp-prog/tc_syn.o" sec tc
	run in_a "$XH_ROOT/tests/tools/api-dump" -i va
	in_a tc filter del dev va egress
	assert_success
	assert_output 'add_iface: index 0, added 2: 0 multi_rx 1 tc_syn'
}
