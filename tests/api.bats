#!/usr/bin/env bats
# The public reader API, <xdp_hello/reader.h>, through tests/tools/api-dump
# (which includes nothing else of ours): a program read by id and by pin,
# each message's fields and typed arguments, its JSON line, the level and
# the counters. The packets come from BPF_PROG_TEST_RUN on exact frames.

load lib/helpers
bats_require_minimum_version 1.5.0

DUMP=$XH_ROOT/tests/tools/api-dump
PROTO_O=$XH_ROOT/xdp-prog/proto_count.o
E="020000000002 020000000001"
UDP="a8ca 2382 0008 0000"

# api_dump ARGS...: in a mount namespace of its own with a bpffs to pin
# into (gone with it: no pin can be left behind)
api_dump() {
	run --separate-stderr unshare -m bash -c \
		'mount -t bpf bpf /sys/fs/bpf && exec "$@"' api_dump "$DUMP" "$@"
}

@test "api: by id and by pin, level, counters, and hello's two messages with their arguments" {
	api_dump "$HELLO_O" "$E 0800 45 00 0000 0001 0000 40 11 0000 0a000001 0a000002 $UDP"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 "program hello_world, same id"
	assert_line --index 1 "add_pin: index 0"
	assert_line --index 2 "added: 1 (index 0)"
	assert_line --index 3 "add_prog_id 0: Couldn't open program id 0: No such file or directory; last error -2, added 0"
	assert_line --index 4 "level info -> trace"
	assert_line --index 5 "info hello_world|received a packet|hello.bpf.c:28|0 args|now"
	assert_line --index 7 "debug hello_world|received a packet: len 42 IPv4 10.0.0.1:43210 -> 10.0.0.2:9090 UDP|packet_summary.h:75|5 args|now"
	assert_line --index 8 '  0: uint/4 u=42 s=0 "42"'
	assert_line --index 9 '  1: bytes/4 u=0 s=0 "10.0.0.1"'
	assert_line --index 10 '  2: bytes/2 u=0 s=0 "43210"'
	assert_line --index 11 '  3: bytes/4 u=0 s=0 "10.0.0.2"'
	assert_line --index 12 '  4: bytes/2 u=0 s=0 "9090"'
	assert_line --index 14 "poll: 2"
	assert_line --index 15 "packets 1, logged 2 (info 1), lost 0, attached 1"
	assert_equal "${#lines[@]}" 25
	# the JSON lines are xdp-hello log --json's
	run jq -c '[.level, .target, .message, .args, .cpu >= 0, .ifindex]' <<< "$(grep '^{' <<< "$output")"
	assert_success
	assert_line --index 0 '["info","hello_world","received a packet",[],true,1]'
	assert_line --index 1 '["debug","hello_world","received a packet: len 42 IPv4 10.0.0.1:43210 -> 10.0.0.2:9090 UDP",[42,"10.0.0.1",43210,"10.0.0.2",9090],true,1]'
}

@test "api: signed, unsigned and byte arguments of every hint, in time order" {
	api_dump "$PROTO_O" "$E 0800 45 00 0000 0001 0000 03 11 0000 0a000001 0a000002 $UDP" \
		"$E 0800 44 00 0000 0001 0000 40 11 0000 c0000207 0a000002"
	assert_success
	run grep -v '^{' <<< "$output"
	assert_output - <<-'EOF'
	program proto_count, same id
	add_pin: index 0
	added: 1 (index 0)
	add_prog_id 0: Couldn't open program id 0: No such file or directory; last error -2, added 0
	level info -> trace
	trace proto_count|frame starts 02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00|proto_count.bpf.c:95|1 args|now
	  0: bytes/16 u=0 s=0 "02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00"
	debug proto_count|eth 02:00:00:00:00:01 -> 02:00:00:00:00:02 type 0x0800 class 4|proto_count.bpf.c:100|4 args|now
	  0: bytes/6 u=0 s=0 "02:00:00:00:00:01"
	  1: bytes/6 u=0 s=0 "02:00:00:00:00:02"
	  2: uint/2 u=2048 s=0 "0800"
	  3: sint/1 u=0 s=52 "4"
	warn proto_count|low ttl 3 from 10.0.0.1 (-61 from 64)|proto_count.bpf.c:114|3 args|now
	  0: uint/1 u=3 s=0 "3"
	  1: bytes/4 u=0 s=0 "10.0.0.1"
	  2: sint/4 u=0 s=-61 "-61"
	info proto_count|udp packet #1: 10.0.0.1:43210 -> 10.0.0.2:9090|proto_count.bpf.c:78|6 args|now
	  0: bytes/4 u=0 s=0 "udp"
	  1: uint/8 u=1 s=0 "1"
	  2: bytes/4 u=0 s=0 "10.0.0.1"
	  3: bytes/2 u=0 s=0 "43210"
	  4: bytes/4 u=0 s=0 "10.0.0.2"
	  5: bytes/2 u=0 s=0 "9090"
	trace proto_count|frame starts 02 00 00 00 00 02 02 00 00 00 00 01 08 00 44 00|proto_count.bpf.c:95|1 args|now
	  0: bytes/16 u=0 s=0 "02 00 00 00 00 02 02 00 00 00 00 01 08 00 44 00"
	debug proto_count|eth 02:00:00:00:00:01 -> 02:00:00:00:00:02 type 0x0800 class 4|proto_count.bpf.c:100|4 args|now
	  0: bytes/6 u=0 s=0 "02:00:00:00:00:01"
	  1: bytes/6 u=0 s=0 "02:00:00:00:00:02"
	  2: uint/2 u=2048 s=0 "0800"
	  3: sint/1 u=0 s=52 "4"
	error proto_count|malformed IPv4 from 192.0.2.7: ihl 4|proto_count.bpf.c:109|2 args|now
	  0: bytes/4 u=0 s=0 "192.0.2.7"
	  1: uint/4 u=4 s=0 "4"
	poll: 7
	packets 2, logged 7 (info 1), lost 0, attached 1
	counters 7: -34 Couldn't read the counters of program 7: the reader has 1 (0 to 0)
	set_level 9: -22 Couldn't set the level of program 0: 9 is no level (HLOG_OFF to HLOG_TRACE)
	opts sz 0: NULL -22 Couldn't create a reader: opts.sz is 0 (declare the options with HLOG_READER_OPTS(), which sets it)
	opts newer: NULL -22 Couldn't create a reader: opts.sz is 24, and byte 16, which this library does not know, is set (__reserved, or a newer <xdp_hello/reader.h>?)
	opts reserved: NULL -22 Couldn't create a reader: opts.sz is 16, and byte 13, which this library does not know, is set (__reserved, or a newer <xdp_hello/reader.h>?)
	opts older: made
	poll no fn: -22 Couldn't read messages: no callback to hand them to
	poll nothing: -2 Couldn't read messages: the reader has no program (add one: hlog_reader_add_iface, _prog_id or _pin)
	add_iface: -19 Couldn't find interface 'nosuch0': No such device (see 'ip link show'), added 0
	EOF
}
