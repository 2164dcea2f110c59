#!/usr/bin/env bats
# A loaded hello steered at run time: trace_pipe source, runtime level,
# the reader's level filter, JSON lines.

load lib/helpers
bats_require_minimum_version 1.5.0

setup_file() {
	xh_setup_pair
	ip netns exec "$NS_A" "$XH" load -m skb va 2>/dev/null
}
teardown_file() { xh_teardown; }
teardown() {
	xh_kill_bg
	in_a "$XH" level -i va info >/dev/null 2>&1 || true
}

@test "runtime: --source trace_pipe prints the same lines, then switches printk off" {
	start_log log -i va --source trace_pipe -c 6 --timeout 10
	run in_a "$XH" status va
	assert_line --index 2 "Level:     info, bpf_printk on"
	send_udp 6
	bg_wait log
	assert_equal "$bg_status" 0
	assert_hello_lines log.out 6
	run err_of log
	assert_line --index 0 --regexp '^6 messages, [0-9]+ lost$'
	run in_a "$XH" status va
	assert_line --index 2 "Level:     info, bpf_printk off"
}

@test "runtime: a killed trace_pipe reader leaves printk on; the next one turns it off" {
	start_log log -i va --source trace_pipe
	kill -KILL "$(bg_pid log)"
	bg_wait log
	run in_a "$XH" status va
	assert_line --index 2 "Level:     info, bpf_printk on"
	run in_a "$XH" log -i va --source trace_pipe --timeout 0.3
	assert_success
	run in_a "$XH" status va
	assert_line --index 2 "Level:     info, bpf_printk off"
	# and one switched on by hand stays on
	run in_a "$XH" level -i va --printk on
	assert_output "info, bpf_printk on"
	run in_a "$XH" log -i va --source trace_pipe --timeout 0.3
	assert_success
	run in_a "$XH" status va
	assert_line --index 2 "Level:     info, bpf_printk on"
	run in_a "$XH" level -i va --printk off
	assert_output "info, bpf_printk off"
}

@test "runtime: level warn silences INFO in the kernel without a reload" {
	local id before
	id=$(in_a "$XH" status va | sed -n 's/^Program: .*(id \([0-9]*\)).*/\1/p')
	run in_a "$XH" level -i va warn
	assert_success
	assert_output "warn"
	run in_a "$XH" level -i va
	assert_output "warn"
	before=$(status_field "$NS_A" va Packets)
	start_log log -i va --timeout 1.5
	send_udp 5
	bg_wait log
	assert_equal "$bg_status" 0
	assert_equal "$(out_of log)" ""
	run err_of log
	assert_line --index 0 "0 messages, 0 lost"
	# the packets were seen, nothing was lost: the records were never made
	assert_equal "$(status_field "$NS_A" va Packets)" "$((before + 5))"
	assert_equal "$(status_field "$NS_A" va Lost)" 0

	run in_a "$XH" level -i va info
	assert_output "info"
	start_log log -i va -c 4 --timeout 10
	send_udp 4
	bg_wait log
	assert_hello_lines log.out 4
	# same program all along
	run in_a "$XH" status va
	assert_line --index 1 --partial "(id $id)"
}

@test "runtime: XDP_HELLO_LOG and --level filter what the reader prints" {
	XDP_HELLO_LOG=warn start_log log -i va --timeout 1.5
	send_udp 3
	bg_wait log
	assert_equal "$(out_of log)" ""
	XDP_HELLO_LOG=warn start_log log -i va --level debug -c 3 --timeout 10
	send_udp 3
	bg_wait log
	assert_hello_lines log.out 3
}

@test "runtime: --json writes one valid JSON object per message" {
	local ifindex
	ifindex=$(in_a cat /sys/class/net/va/ifindex)
	start_log log -i va --json -c 3 --timeout 10
	send_udp 3
	bg_wait log
	assert_equal "$bg_status" 0
	run jq -c "[.level, .target, .message, .ifindex, .rxq, (.cpu | type), (.ts | test(\"^[0-9-]{10}T[0-9:]{8}\\\\.[0-9]{9}Z$\"))]" "$BATS_TEST_TMPDIR/log.out"
	assert_success
	assert_equal "${#lines[@]}" 3
	local l
	for l in "${lines[@]}"; do
		assert_equal "$l" "[\"info\",\"hello_world\",\"received a packet\",$ifindex,0,\"number\",true]"
	done
}
