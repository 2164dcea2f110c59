#!/usr/bin/env bats
# What a log statement costs (log.h: the write path is one BPF global
# function, a call site a level check, its arguments and one call): code
# and verifier work per call site, a program of 1,000 statements that
# loads and logs from each, and logging next to a tail call. The programs
# of N statements come from tests/tools/gen-sites, built by make.

load lib/helpers
bats_require_minimum_version 1.5.0

SIZE=$XH_ROOT/tests/tools/prog-size
SITES=$XH_ROOT/build/sites
TAIL_O=$XH_ROOT/tests/progs/tail.o

setup_file() {
	xh_setup_pair
	export TAIL_PINS=/sys/fs/bpf/xh_tail_$$
}
teardown_file() { xh_teardown; }
teardown() {
	xh_clean_test
	rm -rf "$TAIL_PINS"
}

# field OBJECT N: field N of prog-size's line (2 instructions, 3 JIT bytes,
# 4 instructions the verifier processed)
field() { "$SIZE" "$1" | cut -d' ' -f"$2"; }

# log_ended N: the background 'log' ended well with N lines (then in $lines)
log_ended() {
	bg_wait log
	assert_equal "$bg_status" 0
	run out_of log
	assert_equal "${#lines[@]}" "$1"
}

# datagram BYTES: one UDP datagram from NS_B that makes a BYTES-byte frame
# on va (14 Ethernet + 20 IPv4 + 8 UDP header bytes)
datagram() {
	in_b bash -c "printf '%*s' $(($1 - 42)) '' > /dev/udp/$IP_A/9"
}

@test "sites: an extra call site costs at most 16 instructions, 40 verified; hello.o at most 1,500 and 8 KiB of JIT code" {
	local insns verified
	# site i of gen-sites: if (len == 60 + i) hlog_info(ctx, "site i %u %u", len, ifindex)
	insns=$(( ($(field "$SITES/hlog-101.o" 2) - $(field "$SITES/hlog-1.o" 2)) / 100 ))
	verified=$(( ($(field "$SITES/hlog-101.o" 4) - $(field "$SITES/hlog-1.o" 4)) / 100 ))
	echo "per extra site: $insns instructions, $verified verified" >&3
	[ "$insns" -le 16 ]
	[ "$verified" -le 40 ]
	run "$SIZE" "$HELLO_O"
	assert_success
	echo "hello.o: $output" >&3
	read -r _ insns jited _ _ <<< "$output"
	[ "$insns" -le 1500 ]
	[ "$jited" -le 8192 ]
}

@test "sites: 1,000 log statements load with ip and log from the first, middle and last" {
	local ifindex
	in_a ip link set dev va xdpgeneric obj "$SITES/hlog-1000.o" sec xdp
	ifindex=$(in_a cat /sys/class/net/va/ifindex)
	start_log log -i va -c 3 --timeout 10
	datagram 61
	datagram 560
	datagram 1060
	log_ended 3
	assert_line --index 0 --regexp "^\[[0-9T:-]{19}Z INFO  sites\] site 1 61 $ifindex$"
	assert_line --index 1 --regexp "^\[[0-9T:-]{19}Z INFO  sites\] site 500 560 $ifindex$"
	assert_line --index 2 --regexp "^\[[0-9T:-]{19}Z INFO  sites\] site 1000 1060 $ifindex$"
	run err_of log
	assert_output "3 messages, 0 lost"
}

@test "sites: a program that tail-calls logs before and after the call" {
	local pins=$TAIL_PINS id
	bpftool prog loadall "$TAIL_O" "$pins" pinmaps "$pins/maps"
	bpftool map update pinned "$pins/maps/tail_jmp" key 0 0 0 0 value pinned "$pins/tail_next"
	# by id: ip netns exec's fresh /sys has no bpffs, so no pins
	id=$(bpftool prog show pinned "$pins/tail_entry" | sed -n 's/^\([0-9]*\):.*/\1/p')
	in_a bpftool net attach xdpgeneric id "$id" dev va
	start_log log -i va -c 2 --timeout 10
	datagram 60
	log_ended 2
	# labelled with the program attached to the interface
	assert_line --index 0 --regexp "^\[[0-9T:-]{19}Z INFO  tail_entry\] before the tail call$"
	# the line of tail_next's statement names tail_next: the program its
	# code is in, not the one read
	assert_line --index 1 --regexp "^\[[0-9T:-]{19}Z INFO  tail_next\] after the tail call: 60 bytes$"
	run in_a "$XH" status va
	assert_line "Records:   2 (0 through the overflow ring, 0 of them nested)"
}

@test "sites: a log statement in a loop of 1,000 turns verifies and logs each turn" {
	local loop_o=$XH_ROOT/tests/progs/loop.o
	# the loop is a loop in the object, not 1,000 copies of the site
	run field "$loop_o" 2
	assert [ "$output" -lt 600 ]
	run --separate-stderr "$XH_ROOT/tests/tools/hlog-testrun" "$loop_o" \
		"020000000002 020000000001 0800"
	assert_success
	assert_equal "$stderr" "1000 messages, 0 lost"
	assert_equal "${#lines[@]}" 1000
	assert_line --index 0 "[INFO  loop] turn 0"
	assert_line --index 500 "[INFO  loop] turn 500"
	assert_line --index 999 "[INFO  loop] turn 999"
}

@test "sites: hello built for the first BPF ISA (-mcpu=v1, a plain clang line's default) loads and logs" {
	local v1=$XH_ROOT/tests/progs/hello-v1.o
	# the object really is v1: no 32-bit ALU, values zero-extended by shifts
	run bash -c "llvm-objdump -d '$v1' | grep -cE '\bw[0-9]+ [-+*/&|^]?= '"
	assert_output 0
	run bash -c "llvm-objdump -d '$v1' | grep -c '<<= 32'"
	[ "$output" -gt 0 ]
	in_a ip link set dev va xdpgeneric obj "$v1" sec xdp
	start_log log -i va -c 3 --timeout 10
	send_udp 3
	bg_wait log
	assert_equal "$bg_status" 0
	assert_hello_lines log.out 3
}
