#!/usr/bin/env bats
# stats follows the rules log follows: it ends, exit 1 with the reason,
# when its program is unloaded or replaced or its interface deleted, and
# when its output is closed.

load lib/helpers
bats_require_minimum_version 1.5.0

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; ip -n "$NS_A" link del vc 2>/dev/null || true; }

HEADER="interface          packets/s        bytes/s    records/s     lost/s"

# start_stats DEV: stats on DEV every 0.1 s, once it printed a line
start_stats() {
	bg stats in_a "$XH" stats -i "$1" --interval 0.1
	wait_for_lines stats.out 2
}

# stats_ended REASON: exit 1 within a second, REASON its only line
stats_ended() {
	bg_wait stats
	assert_equal "$bg_status" 1
	run err_of stats
	assert_output "$1"
	run head -1 "$BATS_TEST_TMPDIR/stats.out"
	assert_output "$HEADER"
}

# watch_va: hello on va, its id in ID, and stats on it
watch_va() {
	in_a "$XH" load -m skb va 2>/dev/null
	ID=$(hello_id va)
	start_stats va
}

@test "stats: its program unloaded, it says so and exits 1" {
	watch_va
	in_a "$XH" unload va 2>/dev/null
	stats_ended "xdp-hello: 'hello_world' (id $ID) was detached from 'va'"
}

@test "stats: its interface deleted, it says so and exits 1" {
	in_a ip link add vc type veth peer name vd
	in_a ip link set vc up
	in_a ip link set vd up
	in_a "$XH" load -m skb vc 2>/dev/null
	start_stats vc
	in_a ip link del vc
	stats_ended "xdp-hello: interface 'vc' disappeared"
}

@test "stats: its program replaced by load --force, it says the old one ended" {
	watch_va
	in_a "$XH" load -m skb --force va 2>/dev/null
	[ "$(hello_id va)" != "$ID" ]
	stats_ended "xdp-hello: 'hello_world' (id $ID) was detached from 'va'"
}

@test "stats: a closed pipe ends it with exit 1" {
	in_a "$XH" load -m skb va 2>/dev/null
	run --separate-stderr timeout 10 ip netns exec "$NS_A" bash -c \
		"set -o pipefail; '$XH' stats -i va --interval 0.1 | head -2"
	assert_equal "$status" 1
	assert_line --index 0 "$HEADER"
	assert_equal "${#lines[@]}" 2
	assert_equal "$stderr" "Couldn't write to standard output: Broken pipe (the command reading it exited)"
}
