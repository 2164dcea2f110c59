#!/usr/bin/env bats
# run and log under signals and when things vanish: nothing left attached.

load lib/helpers
bats_require_minimum_version 1.5.0

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() {
	xh_clean_test
	ip -n "$NS_A" link del vc 2>/dev/null
	return 0
}

# run_then SIG: run on va, 3 packets, signal, checks the exit
run_then() {
	bg run in_a "$XH" run -i va
	wait_for_text run.err "Waiting for Ctrl-C..."
	[ -n "$(xdp_state "$NS_A" va)" ]
	send_udp 3
	wait_for_lines run.out 3
	kill "-$1" "$(bg_pid run)"
	bg_wait run
}

@test "signals: SIGINT detaches, prints Exiting... and exits 0" {
	run_then INT
	assert_equal "$bg_status" 0
	assert_hello_lines run.out 3
	run err_of run
	assert_output "Waiting for Ctrl-C...
Exiting...
3 messages, 0 lost"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "signals: SIGTERM detaches and exits 0" {
	run_then TERM
	assert_equal "$bg_status" 0
	run err_of run
	assert_line --index 1 "Exiting..."
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "signals: SIGKILL leaves nothing attached (run attaches through a BPF link)" {
	run_then KILL
	assert_equal "$bg_status" 137
	local i
	for ((i = 0; i < 50; i++)); do
		[ -z "$(xdp_state "$NS_A" va)" ] && break
		sleep 0.1
	done
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "signals: run -c N --timeout exits 1 when fewer than N came" {
	run in_a "$XH" run -i va -c 3 --timeout 1
	assert_failure 1
	assert_line "0 messages, 0 lost"
	assert_line "xdp-hello: timed out after 1 s with 0 of 3 messages"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "signals: log exits 1 with a message when the interface is deleted" {
	in_a ip link add vc type veth peer name vd
	in_a ip link set vc up
	in_a "$XH" load -m skb vc 2>/dev/null
	start_log log -i vc
	in_a ip link del vc
	bg_wait log
	assert_equal "$bg_status" 1
	run err_of log
	assert_line --index 0 "xdp-hello: interface 'vc' disappeared"
	assert_line --index 1 "0 messages, 0 lost"
}

@test "signals: log exits 1 with a message when hello is unloaded under it" {
	in_a xdp-loader load -m skb va "$HELLO_O" 2>/dev/null
	start_log log -i va
	send_udp 2
	wait_for_lines log.out 2
	in_a xdp-loader unload va --all
	bg_wait log
	assert_equal "$bg_status" 1
	assert_hello_lines log.out 2
	run err_of log
	assert_line --index 0 --regexp "^xdp-hello: 'hello_world' \(id [0-9]+\) was detached from 'va'$"
	assert_line --index 1 "2 messages, 0 lost"
}

@test "signals: run exits 1 when its interface is deleted, and leaves nothing" {
	in_a ip link add vc type veth peer name vd
	in_a ip link set vc up
	bg run in_a "$XH" run -i vc -m skb
	wait_for_text run.err "Waiting for Ctrl-C..."
	in_a ip link del vc
	bg_wait run
	assert_equal "$bg_status" 1
	run err_of run
	assert_line --index 1 "xdp-hello: interface 'vc' disappeared"
	run in_a ip -o link show
	refute_output --partial xdp
}
