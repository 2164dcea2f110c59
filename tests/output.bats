#!/usr/bin/env bats
# Output errors are errors: a write that fails (a full device, a full
# file system, a closed pipe, a journal that is not there) ends the reader
# with one line saying why and exit 1, after detaching what it attached;
# the summary counts only the messages written whole. Every command checks
# its standard output.

load lib/helpers
bats_require_minimum_version 1.5.0

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; umount "$BATS_TEST_TMPDIR/small" 2>/dev/null || true; }

FULL="Couldn't write messages to standard output: No space left on device (free some space where it goes)"

@test "output: log into /dev/full exits 1 with the reason and 0 messages" {
	in_a "$XH" load -m skb va 2>/dev/null
	bg log in_a bash -c "exec '$XH' log -v -i va > /dev/full"
	wait_for_text log.err "xdp-hello: reading "
	send_udp 5
	bg_wait log
	assert_equal "$bg_status" 1
	run err_of log
	assert_output "$FULL
0 messages, 0 lost"
	[ -n "$(xdp_state "$NS_A" va)" ]
}

@test "output: run into /dev/full detaches hello and exits 1" {
	bg run in_a bash -c "exec '$XH' run -i va > /dev/full"
	wait_for_text run.err "Waiting for Ctrl-C..."
	send_udp 2
	bg_wait run
	assert_equal "$bg_status" 1
	run err_of run
	assert_output "Waiting for Ctrl-C...
$FULL
0 messages, 0 lost"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "output: a full file system keeps whole lines only and counts them" {
	local dir=$BATS_TEST_TMPDIR/small nlines
	mkdir "$dir"
	mount -t tmpfs -o size=16k tmpfs "$dir"
	in_a "$XH" load -m skb va 2>/dev/null
	bg log in_a bash -c "exec '$XH' log -v -i va > '$dir/out'"
	wait_for_text log.err "xdp-hello: reading "
	send_udp 400
	bg_wait log
	assert_equal "$bg_status" 1
	nlines=$(wc -l < "$dir/out")
	[ "$nlines" -gt 200 ]
	[ "$nlines" -lt 400 ]
	# no line cut in two: the file ends with a newline, every line whole
	assert_equal "$(tail -c 1 "$dir/out" | od -An -c | tr -d ' ')" '\n'
	run grep -cvE "$LINE_RE" "$dir/out"
	assert_output 0
	run err_of log
	assert_output "$FULL
$nlines messages, 0 lost"
}

@test "output: the journal not there fails log and run before they read or attach" {
	local nojournal="mount -t tmpfs tmpfs /run/systemd && exec '$XH'"
	local said="Couldn't send messages to the journal: No such file or directory (is systemd-journald running?)"
	in_a "$XH" load -m skb va 2>/dev/null
	run --separate-stderr in_a unshare -m bash -c "$nojournal log -i va --output journal"
	assert_equal "$status" 1
	assert_equal "$stderr" "$said"
	in_a "$XH" unload va 2>/dev/null
	run --separate-stderr in_a unshare -m bash -c "$nojournal run -i va --output journal --timeout 5"
	assert_equal "$status" 1
	assert_equal "$stderr" "$said"
	assert_output ""
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "output: a closed pipe ends log; the summary counts what the pipe took" {
	in_a "$XH" load -m skb va 2>/dev/null
	bg log in_a bash -c "set -o pipefail; '$XH' log -v -i va --json | head -1 > '$BATS_TEST_TMPDIR/head.json'"
	wait_for_text log.err "xdp-hello: reading "
	send_udp 1
	wait_for_lines head.json 1
	sleep 0.5	# head has exited: the next write fails
	send_udp 1
	bg_wait log
	assert_equal "$bg_status" 1	# log's, with pipefail
	run jq -r .message "$BATS_TEST_TMPDIR/head.json"
	assert_output "received a packet"
	run err_of log
	assert_output "Couldn't write messages to standard output: Broken pipe (the command reading them exited)
1 messages, 0 lost"
}

@test "output: a pipe that closes ends log and run at once, with no message to write" {
	local said="Couldn't write messages to standard output: Broken pipe (the command reading them exited)"
	in_a "$XH" load -m skb va 2>/dev/null
	# no traffic: nothing is written, so only the pipe's state can end it
	run --separate-stderr timeout 10 ip netns exec "$NS_A" bash -c "set -o pipefail; '$XH' log -i va | true"
	assert_equal "$status" 1
	assert_equal "$stderr" "$said
0 messages, 0 lost"
	# the rings are free again: the next reader reads
	start_log next -i va -c 1 --timeout 10
	send_udp 1
	bg_wait next
	assert_equal "$bg_status" 0
	assert_hello_lines next.out 1
	in_a "$XH" unload va 2>/dev/null
	run --separate-stderr timeout 10 ip netns exec "$NS_A" bash -c "set -o pipefail; '$XH' run -i va | true"
	assert_equal "$status" 1
	assert_equal "$stderr" "Waiting for Ctrl-C...
$said
0 messages, 0 lost"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "output: status, level, --help and --version into /dev/full exit 1" {
	in_a "$XH" load -m skb va 2>/dev/null
	local cmd
	for cmd in "status va" "level -i va" "--help" "log --help" "stats --help" "--version" "--list-options"; do
		run --separate-stderr bash -c "ip netns exec '$NS_A' $XH $cmd > /dev/full"
		assert_equal "$status" 1
		assert_equal "$stderr" "Couldn't write to standard output: No space left on device (free some space where it goes)"
	done
	[ -n "$(xdp_state "$NS_A" va)" ]
}
