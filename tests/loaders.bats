#!/usr/bin/env bats
# hello loaded by xdp-loader, ip link and xdp-hello on a veth; N packets from
# the peer give exactly N lines in 'xdp-hello log -c N'; unload leaves va clean.

load lib/helpers

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

# log_n N: xdp-hello log -c N on va while N packets are sent; checks output
log_n() {
	local n=$1 before
	before=$(status_field "$NS_A" va Packets)
	start_log log -i va -c "$n" --timeout 10
	send_udp "$n"
	bg_wait log
	assert_equal "$bg_status" 0
	assert_hello_lines log.out "$n"
	run err_of log
	assert_output "$n messages, 0 lost"
	assert_equal "$(status_field "$NS_A" va Packets)" "$((before + n))"
	assert_equal "$(status_field "$NS_A" va Lost)" 0
}

@test "loaders: xdp-loader load -m skb, then log -c 25 prints exactly 25 lines" {
	run in_a xdp-loader load -m skb va "$HELLO_O"
	assert_success
	[[ "$(xdp_state "$NS_A" va)" == xdpgeneric* ]]
	run in_a "$XH" status va
	assert_line --index 1 --regexp '^Program:   hello_world \(id [0-9]+\), skb mode, single program$'
	log_n 25
	run in_a xdp-loader unload va --all
	assert_success
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "loaders: ip link set xdp obj hello.o sec xdp, log, then xdp-hello unload" {
	run in_a ip link set dev va xdpgeneric obj "$HELLO_O" sec xdp
	assert_success
	log_n 10
	run in_a "$XH" unload va
	assert_success
	assert_output --regexp "^Unloaded 'hello_world' \(id [0-9]+\) from 'va'$"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "loaders: ip link in native mode on veth is found and read too" {
	run in_a ip link set dev va xdpdrv obj "$HELLO_O" sec xdp
	assert_success
	[[ "$(xdp_state "$NS_A" va)" == "xdp prog/xdp id"* ]]
	run in_a "$XH" status va
	assert_line --index 1 --partial "native mode"
	log_n 7
	run in_a "$XH" unload va
	assert_success
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "loaders: xdp-hello load is visible to xdp-loader status and unloads clean" {
	run in_a "$XH" load -m skb va
	assert_success
	assert_output --regexp "^Loaded 'hello_world' \(id [0-9]+\) on 'va'$"
	# a single program here; inside a libxdp dispatcher where the kernel
	# runs one (xdp-loader reads the dispatcher's pins from the bpffs)
	run in_a env LIBXDP_BPFFS="/proc/$$/root/sys/fs/bpf" xdp-loader status va
	assert_output --regexp '(va +hello_world +skb|=> +50 +hello_world )'
	log_n 3
	run in_a "$XH" unload va
	assert_success
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "loaders: log reads two interfaces at once (-i va -i lo)" {
	run in_a "$XH" load -m skb va
	assert_success
	run in_a "$XH" load lo
	assert_success
	start_log log -i va -i lo -c 7 --timeout 10
	send_udp 4
	in_a bash -c "for i in 1 2 3; do echo x > /dev/udp/127.0.0.1/9; done" 2>/dev/null || true
	bg_wait log
	assert_equal "$bg_status" 0
	# 4 on va; 3 datagrams on lo (+ their ICMP errors, also on lo) -> -c 7 stops
	assert_hello_lines log.out 7
	run in_a "$XH" unload va
	run in_a "$XH" unload lo
	assert_equal "$(xdp_state "$NS_A" va)$(xdp_state "$NS_A" lo)" ""
}

@test "loaders: messages queued before log started are skipped and said so" {
	run in_a "$XH" load -m skb va
	send_udp 3
	start_log log -i va -c 2 --timeout 10
	send_udp 2
	bg_wait log
	assert_equal "$bg_status" 0
	assert_hello_lines log.out 2
	run err_of log
	assert_line --index 0 "2 messages, 0 lost"
	assert_line --index 1 --partial "3 older messages"
	run in_a "$XH" unload va
}

@test "loaders: --backlog prints the queued messages too" {
	run in_a "$XH" load -m skb va
	send_udp 3
	run in_a "$XH" log -i va --backlog -c 3 --timeout 5
	assert_success
	assert_equal "$(echo "$output" | grep -cE "$LINE_RE")" 3
	run in_a "$XH" unload va
}
