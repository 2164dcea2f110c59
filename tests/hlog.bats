#!/usr/bin/env bats
# hlog, the logging facility: typed arguments and their hints, levels at
# compile and run time, JSON, exact loss accounting, the README example,
# and hello's DEBUG packet summary on exact frames (BPF_PROG_TEST_RUN).

load lib/helpers
bats_require_minimum_version 1.5.0

TESTRUN=$XH_ROOT/tests/tools/hlog-testrun
PROTO_O=$XH_ROOT/xdp-prog/proto_count.o

# Frames, as hex. Ethernet 02:..:01 -> 02:..:02; 10.0.0.1 -> 10.0.0.2.
E="020000000002 020000000001"
ip4() { echo "45 00 0000 0001 ${2:-0000} 40 $1 0000 0a000001 0a000002"; }
ip6() { echo "6000 0000 0000 $1 40 fd000000000000000000000000000001 fd000000000000000000000000000002"; }
UDP="a8ca 2382 0008 0000"
TCP="3039 0050 00000000 00000000 5002 ffff 0000 0000"

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

# summary FRAME: hello's DEBUG lines for one frame
summary() {
	run --separate-stderr "$TESTRUN" -l debug "$HELLO_O" "$1"
	assert_success
	assert_equal "$stderr" "$((${#lines[@]})) messages, 0 lost"
	assert_line --index 0 "[INFO  hello_world] received a packet"
	lines=("${lines[@]:1}")
}

@test "hlog: DEBUG summary of IPv4 UDP, TCP, ICMP, other, fragment" {
	summary "$E 0800 $(ip4 11) $UDP"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 42 IPv4 10.0.0.1:43210 -> 10.0.0.2:9090 UDP"
	summary "$E 0800 $(ip4 06) $TCP"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 54 IPv4 10.0.0.1:12345 -> 10.0.0.2:80 TCP"
	summary "$E 0800 $(ip4 01) 0800 0000 00010001"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 42 IPv4 10.0.0.1 -> 10.0.0.2 ICMP type 8 code 0"
	summary "$E 0800 $(ip4 2f)"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 34 IPv4 10.0.0.1 -> 10.0.0.2 proto 47"
	summary "$E 0800 $(ip4 11 0010) $UDP"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 42 IPv4 10.0.0.1 -> 10.0.0.2 proto 17 fragment"
}

@test "hlog: DEBUG summary of IPv6 UDP, TCP, ICMPv6, other next header" {
	summary "$E 86dd $(ip6 11) $UDP"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 62 IPv6 [fd00::1]:43210 -> [fd00::2]:9090 UDP"
	summary "$E 86dd $(ip6 06) $TCP"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 74 IPv6 [fd00::1]:12345 -> [fd00::2]:80 TCP"
	summary "$E 86dd $(ip6 3a) 8000 0000 00010001"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 62 IPv6 fd00::1 -> fd00::2 ICMPv6 type 128 code 0"
	summary "$E 86dd $(ip6 2c) 11000001 00000000"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 62 IPv6 fd00::1 -> fd00::2 next header 44"
}

@test "hlog: DEBUG summary of ARP, VLAN, QinQ and an unknown ethertype" {
	summary "$E 0806 0001 0800 0604 0001 020000000001 0a000001 000000000000 0a000002"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 42 ARP who-has 10.0.0.2 tell 10.0.0.1 (02:00:00:00:00:01)"
	summary "$E 0806 0001 0800 0604 0002 020000000001 0a000001 020000000002 0a000002"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 42 ARP reply 10.0.0.1 is-at 02:00:00:00:00:01"
	summary "$E 8100 2064 0800 $(ip4 11) $UDP"
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[0]}" "[DEBUG hello_world] received a packet: len 46 VLAN 100 priority 1"
	assert_equal "${lines[1]}" "[DEBUG hello_world] received a packet: len 46 IPv4 10.0.0.1:43210 -> 10.0.0.2:9090 UDP"
	summary "$E 88a8 0064 8100 00c8 86dd $(ip6 11) $UDP"
	assert_equal "${#lines[@]}" 3
	assert_equal "${lines[0]}" "[DEBUG hello_world] received a packet: len 70 VLAN 100 priority 0"
	assert_equal "${lines[1]}" "[DEBUG hello_world] received a packet: len 70 VLAN 200 priority 0"
	assert_equal "${lines[2]}" "[DEBUG hello_world] received a packet: len 70 IPv6 [fd00::1]:43210 -> [fd00::2]:9090 UDP"
	summary "$E 88cc 0000"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 16 02:00:00:00:00:01 -> 02:00:00:00:00:02 ethertype 0x88cc"
}

@test "hlog: records of every size read the same through the overflow ring" {
	local frame want
	# arguments of 4 to 40 bytes: in registers, and in the block on the stack
	for frame in "$E 0800 $(ip4 11) $UDP" "$E 86dd $(ip6 06) $TCP" \
		"$E 0806 0001 0800 0604 0001 020000000001 0a000001 000000000000 0a000002" \
		"$E 8100 2064 0800 $(ip4 11) $UDP" "$E 0800 4500" "$E 88cc 0000"; do
		summary "$frame"
		want=("${lines[@]}")
		HELLO_O=$XH_ROOT/tests/progs/hello-shared.o summary "$frame"
		assert_equal "${lines[*]}" "${want[*]}"
	done
}

@test "hlog: truncated and malformed frames are reported as such" {
	summary "$E 0800"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 14 truncated IPv4 header"
	summary "$E 0800 4500"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 16 truncated IPv4 header"
	summary "$E 0800 $(ip4 11) a8ca"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 36 truncated UDP header"
	summary "$E 0800 $(ip4 06) 3039 0050 0000"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 40 truncated TCP header"
	summary "$E 86dd 6000 0000"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 18 truncated IPv6 header"
	summary "$E 8100 20"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 15 truncated VLAN header"
	summary "$E 0806 0001 0800"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 18 truncated ARP header"
	summary "$E 0800 44 00 0000 0001 0000 40 11 0000 0a000001 0a000002"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 34 malformed IPv4 header"
	summary "$E 0800 65 00 0000 0001 0000 40 11 0000 0a000001 0a000002"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 34 malformed IPv4 header"
	# an IHL that points past the end of the frame
	summary "$E 0800 4f 00 0000 0001 0000 40 11 0000 0a000001 0a000002 $UDP"
	assert_equal "${lines[*]}" "[DEBUG hello_world] received a packet: len 42 truncated IPv4 header"
}

@test "hlog: runtime level: INFO prints no summary, WARN nothing, OFF nothing" {
	run --separate-stderr "$TESTRUN" -l info "$HELLO_O" "$E 0800 $(ip4 11) $UDP"
	assert_output "[INFO  hello_world] received a packet"
	run --separate-stderr "$TESTRUN" -l warn "$HELLO_O" "$E 0800 $(ip4 11) $UDP"
	assert_output ""
	assert_equal "$stderr" "0 messages, 0 lost"
	run --separate-stderr "$TESTRUN" -l off "$HELLO_O" "$E 0800 $(ip4 11) $UDP"
	assert_output ""
}

@test "hlog: proto_count renders every level and hint" {
	run --separate-stderr "$TESTRUN" -l trace "$PROTO_O" \
		"$E 0800 45 00 0000 0001 0000 03 11 0000 0a000001 0a000002 $UDP" \
		"$E 86dd $(ip6 06) $TCP" \
		"$E 0800 44 00 0000 0001 0000 40 11 0000 c0000207 0a000002"
	assert_success
	assert_equal "$stderr" "10 messages, 0 lost"
	assert_line --index 0 "[TRACE proto_count] frame starts 02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00"
	assert_line --index 1 "[DEBUG proto_count] eth 02:00:00:00:00:01 -> 02:00:00:00:00:02 type 0x0800 class 4"
	assert_line --index 2 "[WARN  proto_count] low ttl 3 from 10.0.0.1 (-61 from 64)"
	assert_line --index 3 "[INFO  proto_count] udp packet #1: 10.0.0.1:43210 -> 10.0.0.2:9090"
	assert_line --index 4 "[TRACE proto_count] frame starts 02 00 00 00 00 02 02 00 00 00 00 01 86 dd 60 00"
	assert_line --index 5 "[DEBUG proto_count] eth 02:00:00:00:00:01 -> 02:00:00:00:00:02 type 0x86DD class 6"
	assert_line --index 6 "[INFO  proto_count] tcp packet #1: [fd00::1]:12345 -> [fd00::2]:80"
	assert_line --index 7 "[TRACE proto_count] frame starts 02 00 00 00 00 02 02 00 00 00 00 01 08 00 44 00"
	assert_line --index 8 "[DEBUG proto_count] eth 02:00:00:00:00:01 -> 02:00:00:00:00:02 type 0x0800 class 4"
	assert_line --index 9 "[ERROR proto_count] malformed IPv4 from 192.0.2.7: ihl 4"
}

@test "hlog: --json carries the typed arguments, valid for jq" {
	run --separate-stderr "$TESTRUN" -j -l info "$PROTO_O" "$E 0800 $(ip4 11) $UDP"
	assert_success
	run jq -c '[.level, .target, .message, .args]' <<< "$output"
	assert_success
	assert_output '["info","proto_count","udp packet #1: 10.0.0.1:43210 -> 10.0.0.2:9090",["udp",1,"10.0.0.1",43210,"10.0.0.2",9090]]'
}

@test "hlog: a wrong argument type or count does not compile" {
	local src=$BATS_TEST_TMPDIR/bad.bpf.c cc
	cc=(clang -target bpf -O2 -g -I"$XH_ROOT/headers" -I"/usr/include/$(gcc -dumpmachine)" -c "$src" -o "$BATS_TEST_TMPDIR/bad.o")
	bad() {
		printf '%s\n' '#include <xdp_hello/log.h>' 'SEC("xdp") int p(struct xdp_md *ctx) {' \
			"__u64 big = 1; __u32 small = 1; char name[4] = \"x\"; struct { int a; } s = {1}; (void)big; (void)small; (void)name; (void)s;" \
			"$1" 'return XDP_PASS; }' 'char _l[] SEC("license") = "GPL";' > "$src"
		run "${cc[@]}"
	}
	bad 'hlog_info(ctx, "%u %u", small);'
	assert_failure
	assert_output --partial "more '%' conversions than data arguments"
	bad 'hlog_info(ctx, "%u", small, small);'
	assert_failure
	assert_output --partial "data argument not used by format string"
	bad 'hlog_info(ctx, "%u", big);'
	assert_failure
	assert_output --partial "format specifies type 'unsigned int' but the argument has type '__u64'"
	bad 'hlog_info(ctx, "%s", small);'
	assert_failure
	bad 'hlog_info(ctx, "%pI4", s);'
	assert_failure
	bad 'hlog_info(ctx, "%u%u%u%u%u%u%u%u%u", small, small, small, small, small, small, small, small, small);'
	assert_failure
	# a char or void pointer: one byte, never what was meant
	bad 'const char *str = name; hlog_info(ctx, "%s", str);'
	assert_failure
	assert_output --partial "hlog: a char or void pointer argument would carry one byte"
	bad 'void *data = (void *)(long)ctx->data; hlog_info(ctx, "%ph", data);'
	assert_failure
	assert_output --partial "hlog: a char or void pointer argument would carry one byte"
	# an extra argument that comes out of a system header's macro: clang
	# hides its warnings there, log.h's own check does not; also with
	# log.h itself a system header, as once installed
	bad '__u16 a = 1, b = 2; hlog_info(ctx, "port %u", bpf_ntohs(a), bpf_ntohs(b));'
	sed -i '1i #include <bpf/bpf_endian.h>' "$src"
	run "${cc[@]}"
	assert_failure
	assert_output --partial "data argument not used by format string"
	run clang -target bpf -O2 -g -isystem "$XH_ROOT/headers" -I"/usr/include/$(gcc -dumpmachine)" -c "$src" -o "$BATS_TEST_TMPDIR/bad.o"
	assert_failure
	assert_output --partial "bad.bpf.c:5:"
	assert_output --partial "data argument not used by format string"
	sed -i 's/"port %u"/"port %u %u"/' "$src"
	run "${cc[@]}"
	assert_success
	# a ctx without its type: in an XDP program it would log a process id
	bad 'void *c = ctx; hlog_info(c, "x");'
	assert_failure
	assert_output --partial "hlog: ctx is a void pointer"
	# 81 bytes of arguments: more than the write path takes (log.h)
	bad 'char h[64] = {}; hlog_info(ctx, "%ph %llu %llu %c", h, big, big, (char)small);'
	assert_failure
	assert_output --partial "hlog: the arguments of one call take at most 80 bytes"
	# and the right ones do (80 bytes, the most)
	bad 'char h[64] = {}; hlog_info(ctx, "%llu %u %s", big, small, name); hlog_info(ctx, "%ph %llu %llu", h, big, big);'
	assert_success
}

@test "hlog: an address conversion given a pointer of another size is named, file and line, when the program is read or loaded" {
	local src=$BATS_TEST_TMPDIR/addr.bpf.c
	printf '%s\n' '#include <xdp_hello/log.h>' 'SEC("xdp") int p(struct xdp_md *ctx) {' \
		'__u32 a4 = 0x0100000a; __u8 m[6] = {}; hlog_info(ctx, "ok %pI4 %pM", &a4, m);' \
		'hlog_info(ctx, "from %pI6", &a4);' \
		'return XDP_PASS; }' 'char _l[] SEC("license") = "GPL";' > "$src"
	clang -target bpf -O2 -g -I"$XH_ROOT/headers" -I"/usr/include/$(gcc -dumpmachine)" -c "$src" -o "$BATS_TEST_TMPDIR/addr.o"
	run --separate-stderr "$TESTRUN" "$BATS_TEST_TMPDIR/addr.o" "$E 0800"
	assert_success
	assert_equal "${stderr_lines[0]}" "xdp-hello: addr.bpf.c:4: %pI6 takes a pointer to 16 bytes, argument 1 points to 4: its messages show <bad ...> there"
	assert_equal "${stderr_lines[1]}" "2 messages, 0 lost"
	assert_line --index 0 "[INFO  p] ok 10.0.0.1 00:00:00:00:00:00"
	assert_line --index 1 "[INFO  p] from <bad %pI6: 4 bytes 0a000001>"
	# xdp-hello load and run refuse it, naming the call
	run --separate-stderr in_a "$XH" load -m skb -o "$BATS_TEST_TMPDIR/addr.o" va
	assert_failure 1
	assert_equal "$stderr" "Couldn't use BPF object '$BATS_TEST_TMPDIR/addr.o': addr.bpf.c:4: %pI6 takes a pointer to 16 bytes, argument 1 points to 4 (its messages would show <bad ...> there: fix the call)"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "hlog: HLOG_MAX_LEVEL compiles calls above it to nothing" {
	local src=$BATS_TEST_TMPDIR/ceil.bpf.c
	printf '%s\n' '#define HLOG_MAX_LEVEL HLOG_INFO' '#include <xdp_hello/log.h>' \
		'SEC("xdp") int p(struct xdp_md *ctx) {' 'hlog_info(ctx, "kept");' \
		'hlog_debug(ctx, "gone %u", 1); hlog_trace(ctx, "gone too");' \
		'return XDP_PASS; }' 'char _l[] SEC("license") = "GPL";' > "$src"
	clang -target bpf -O2 -g -I"$XH_ROOT/headers" -I"/usr/include/$(gcc -dumpmachine)" -c "$src" -o "$BATS_TEST_TMPDIR/ceil.o"
	run bash -c "bpftool btf dump file '$BATS_TEST_TMPDIR/ceil.o' | grep -c \"^\\[[0-9]*\\] VAR 'p.hlog_site_\""
	assert_output 1
	run --separate-stderr "$TESTRUN" -l trace "$BATS_TEST_TMPDIR/ceil.o" "$E 0800"
	assert_output "[INFO  p] kept"
}

@test "hlog: loss is exact: 4 KiB rings and a stopped reader, printed + lost == sent" {
	local tiny=$BATS_TEST_TMPDIR/tiny.o
	clang -target bpf -O2 -g -DHLOG_CPU_RING_SIZE=4096 -DHLOG_RING_SIZE=4096 -I"$XH_ROOT/headers" -I"/usr/include/$(gcc -dumpmachine)" \
		-c "$XH_ROOT/xdp-prog/hello.bpf.c" -o "$tiny"
	in_a ip link set dev va xdpgeneric obj "$tiny" sec xdp
	start_log log -i va
	kill -STOP "$(bg_pid log)"
	send_udp 400
	kill -CONT "$(bg_pid log)"
	sleep 0.5
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	local printed lost
	printed=$(grep -cE "$LINE_RE" "$BATS_TEST_TMPDIR/log.out")
	run err_of log
	assert_line --regexp "^$printed messages, [0-9]+ lost$"
	lost=$(err_of log | sed -n 's/^[0-9]* messages, \([0-9]*\) lost$/\1/p')
	# said as it happened too, once the reader ran again
	assert_line --index 0 "xdp-hello: $lost messages of 'hello_world' on 'va' lost: its rings were full (the reader fell behind)"
	# a 4 KiB ring per CPU holds 170 records of 24 bytes: on 2 CPUs at
	# least 60 of the 400 are lost
	[ "$lost" -gt 0 ]
	[ "$printed" -le $((170 * $(nproc))) ]
	assert_equal "$((printed + lost))" 400
	assert_equal "$(status_field "$NS_A" va Lost)" "$lost"
	assert_equal "$(status_field "$NS_A" va Packets)" 400
}

@test "hlog: proto_count loaded by ip logs real UDP from the peer" {
	in_a ip link set dev va xdpgeneric obj "$PROTO_O" sec xdp
	start_log log -i va -c 3 --timeout 10
	send_udp 3
	bg_wait log
	assert_equal "$bg_status" 0
	run out_of log
	assert_line --index 0 --regexp "^\[[0-9T:-]{19}Z INFO  proto_count\] udp packet #1: $IP_B:[0-9]+ -> $IP_A:9$"
	assert_line --index 2 --regexp "^\[[0-9T:-]{19}Z INFO  proto_count\] udp packet #3: $IP_B:[0-9]+ -> $IP_A:9$"
	run in_a "$XH" stats -i va -c 1 --interval 0.2
	assert_success
	assert_line --index 0 --regexp '^interface +packets/s +bytes/s +records/s +lost/s$'
	assert_line --index 1 --regexp '^va +0\.0 +0\.0 +0\.0 +0\.0$'
}
