#!/usr/bin/env bats
# The tutorial, as its readers ran it: xdp-hello run -i lo, nc -l 9090, and
# "the quick brown fox" piped into nc, all on a namespace's loopback.

load lib/helpers

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

@test "seed: run -i lo prints one tutorial line per packet nc sends over lo" {
	local before after packets
	before=$(date -u +%s)
	bg listener in_a nc -l 9090
	bg run in_a "$XH" run -i lo
	wait_for_text run.err "Waiting for Ctrl-C..."
	run head -n1 "$BATS_TEST_TMPDIR/run.err"
	assert_output "Waiting for Ctrl-C..."
	[ "$(xdp_state "$NS_A" lo)" != "" ]

	echo "the quick brown fox jumped over the lazy dog" | in_a nc -N 127.0.0.1 9090
	bg_wait listener
	assert_equal "$(out_of listener)" "the quick brown fox jumped over the lazy dog"

	packets=$(status_field "$NS_A" lo Packets)
	# a TCP session: handshake, data, acks, two FINs
	[ "$packets" -ge 6 ]
	wait_for_lines run.out "$packets"
	kill -INT "$(bg_pid run)"
	bg_wait run
	after=$(date -u +%s)
	assert_equal "$bg_status" 0

	assert_hello_lines run.out "$packets"
	# the time is when the kernel saw the packet: inside the test's window
	local ts t
	while read -r ts; do
		t=$(date -u -d "${ts:1:19}Z" +%s)
		[ "$t" -ge "$before" ] && [ "$t" -le "$after" ] ||
			fail "time stamp $ts is outside the test's window [$before, $after]"
	done < <(cut -c1-21 "$BATS_TEST_TMPDIR/run.out")

	run err_of run
	assert_line --index 0 "Waiting for Ctrl-C..."
	assert_line --index 1 "Exiting..."
	assert_line --index 2 "$packets messages, 0 lost"
	assert_equal "$(xdp_state "$NS_A" lo)" ""
}

@test "seed: 'make run IFACE=lo' is the same one-command experience" {
	bg run in_a make -s -C "$XH_ROOT" run IFACE=lo
	wait_for_text run.err "Waiting for Ctrl-C..."
	bg listener in_a nc -l 9091
	sleep 0.2
	echo "the quick brown fox jumped over the lazy dog" | in_a nc -N 127.0.0.1 9091
	bg_wait listener
	local packets
	packets=$(status_field "$NS_A" lo Packets)
	wait_for_lines run.out "$packets"
	# Ctrl-C, as the terminal delivers it to make's child
	pkill -INT -P "$(bg_pid run)" -x xdp-hello
	bg_wait run
	assert_equal "$bg_status" 0
	assert_hello_lines run.out "$packets"
	assert_equal "$(xdp_state "$NS_A" lo)" ""
}
