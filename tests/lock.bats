#!/usr/bin/env bats
# One reader per program, for real: a second reader is refused at once,
# from any network or PID namespace, whatever an unprivileged user binds
# or tries to create first, and the lock goes with its holder, SIGKILL
# included. The counts stay exact: printed + lost == produced.

load lib/helpers
bats_require_minimum_version 1.5.0

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

REFUSED="is reading them (stop it first: two readers would split the messages)"

# load hello on va and start the first reader, by interface, in NS_A
first_reader() {
	in_a "$XH" load -m skb va 2>/dev/null
	start_log first -i va
}

# stop_first N: SIGINT, exit 0, exactly N lines and "N messages, 0 lost"
stop_first() {
	kill -INT "$(bg_pid first)"
	bg_wait first
	assert_equal "$bg_status" 0
	assert_hello_lines first.out "$1"
	run err_of first
	assert_output "$1 messages, 0 lost"
}

@test "lock: a reader in another network namespace, or another PID namespace, is refused" {
	local id
	first_reader
	id=$(hello_id va)
	# from the root namespace, by id
	run --separate-stderr timeout 5 "$XH" log --prog-id "$id" --timeout 2
	assert_equal "$status" 1
	assert_equal "$output" ""
	assert_equal "$stderr" "Couldn't read messages of 'hello_world' (id $id): another reader (pid $(bg_pid first)) $REFUSED"
	# from a PID namespace of its own, where that pid means nothing
	run --separate-stderr timeout 5 unshare -p -f --mount-proc "$XH" log --prog-id "$id" --timeout 2
	assert_equal "$status" 1
	assert_equal "$stderr" "Couldn't read messages of 'hello_world' (id $id): another reader (in another PID namespace) $REFUSED"
	send_udp 20
	wait_for_lines first.out 20
	stop_first 20
}

@test "lock: an unprivileged user cannot take the lock or let two readers in" {
	local id maps
	in_a "$XH" load -m skb va 2>/dev/null
	id=$(hello_id va)
	maps=$(bpftool prog show id "$id" -j | jq -r '.map_ids[]')
	# nobody binds the abstract names of the old lock, in NS_A, and tries
	# to create the lock map of each of the program's maps
	bg hostile in_a setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c '
import ctypes, socket, struct, sys, time
libc = ctypes.CDLL(None, use_errno=True)
held = []
for m in sys.argv[1:]:
    s = socket.socket(socket.AF_UNIX)
    s.bind("\0xdp-hello/ring/" + m)
    s.listen(1)
    held.append(s)
    # BPF_MAP_CREATE of a queue (type 22) named xhl_<id>, value 16 bytes
    attr = struct.pack("IIIII", 22, 0, 16, 1, 0) + bytes(28) + ("xhl_" + m).encode().ljust(16, b"\0")
    attr = ctypes.create_string_buffer(attr, 128)
    fd = libc.syscall(321, 0, attr, 128)
    print("map", m, "refused" if fd < 0 else "created", flush=True)
print("holding", flush=True)
time.sleep(60)
' $maps
	wait_for_text hostile.out "holding"
	run grep -c created "$BATS_TEST_TMPDIR/hostile.out"
	assert_output 0
	start_log first -i va
	run --separate-stderr timeout 5 "$XH" log --prog-id "$id" --timeout 2
	assert_equal "$status" 1
	assert_equal "$stderr" "Couldn't read messages of 'hello_world' (id $id): another reader (pid $(bg_pid first)) $REFUSED"
	send_udp 10
	wait_for_lines first.out 10
	stop_first 10
}

@test "lock: every attempt while it is held is refused at once; then the next one reads" {
	local try
	first_reader
	for ((try = 0; try < 5; try++)); do
		run --separate-stderr timeout 5 ip netns exec "$NS_A" "$XH" log -i va --timeout 3
		assert_equal "$status" 1
		assert_equal "$stderr" "Couldn't read messages of 'hello_world' on 'va': another reader (pid $(bg_pid first)) $REFUSED"
	done
	stop_first 0
	start_log second -i va -c 3 --timeout 10
	send_udp 3
	bg_wait second
	assert_equal "$bg_status" 0
	assert_hello_lines second.out 3
	run err_of second
	assert_output "3 messages, 0 lost"
}

@test "lock: a reader killed with SIGKILL leaves the lock to the next, wherever it runs" {
	local id
	first_reader
	id=$(hello_id va)
	send_udp 4
	wait_for_lines first.out 4
	kill -KILL "$(bg_pid first)"
	bg_wait first
	assert_equal "$bg_status" 137
	assert_hello_lines first.out 4
	# the next reader, in the root namespace, takes it at once ...
	bg second "$XH" log -v --prog-id "$id"
	wait_for_text second.err "xdp-hello: reading "
	# ... and keeps it against one in the interface's namespace
	run --separate-stderr timeout 5 ip netns exec "$NS_A" "$XH" log -i va --timeout 2
	assert_equal "$status" 1
	assert_equal "$stderr" "Couldn't read messages of 'hello_world' on 'va': another reader (pid $(bg_pid second)) $REFUSED"
	send_udp 6
	wait_for_lines second.out 6
	kill -INT "$(bg_pid second)"
	bg_wait second
	assert_equal "$bg_status" 0
	assert_hello_lines second.out 6
	run err_of second
	assert_output "6 messages, 0 lost"
}
