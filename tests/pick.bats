#!/usr/bin/env bats
# load and run with an object of the user's: -n NAME picks one of several
# XDP programs (tests/progs/pick.o: prog_a and prog_b), no -n with several
# is refused, never the first taken; the level a program cannot reach and
# its compile-time ceiling (status); an object whose calls are all
# compiled out (tests/progs/compiled_out.o) said as such.

load lib/helpers
bats_require_minimum_version 1.5.0

PICK_O=$XH_ROOT/tests/progs/pick.o
QUIET_O=$XH_ROOT/tests/progs/compiled_out.o

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }


# refused CODE REGEX CMD...: exit CODE, one line on stderr matching REGEX,
# nothing on stdout, va as it was
refused() {
	local code=$1 re=$2 before
	shift 2
	before=$(xdp_state "$NS_A" va)
	run --separate-stderr in_a "$@"
	assert_equal "$status" "$code"
	assert_equal "$output" ""
	assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
	[[ "$stderr" =~ $re ]] || fail "stderr '$stderr' does not match '$re'"
	assert_equal "$(xdp_state "$NS_A" va)" "$before"
}

@test "pick: an object of two XDP programs without -n is refused, naming them" {
	refused 1 "^Couldn't use BPF object '.*/pick.o': it has 2 XDP programs: 'prog_a', 'prog_b' \(pick one with -n NAME\)$" \
		"$XH" load -m skb -o "$PICK_O" va
	refused 1 "^Couldn't use BPF object '.*/pick.o': it has 2 XDP programs" \
		"$XH" run -i va -o "$PICK_O"
	refused 1 "^Couldn't use BPF object '.*/pick.o': it has no program 'prog_c' \(its XDP programs: 'prog_a', 'prog_b'\)$" \
		"$XH" load -m skb -o "$PICK_O" -n prog_c va
	refused 2 "^xdp-hello load: empty program name \(see 'xdp-hello load --help'\)$" "$XH" load -o "$PICK_O" -n '' va
}

@test "pick: load -n prog_b attaches prog_b alone and says so; its messages are prog_b's" {
	run --separate-stderr in_a "$XH" load -m skb -o "$PICK_O" -n prog_b va
	assert_success
	[[ "$stderr" =~ ^Loaded\ \'prog_b\'\ \(id\ [0-9]+\)\ on\ \'va\'$ ]] || fail "stderr: $stderr"
	run in_a "$XH" status va
	assert_line --regexp '^Program: +prog_b \(id [0-9]+\)'
	start_log log -i va
	send_udp 2
	wait_for_lines log.out 2
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run grep -cxE '\[[0-9T:-]+Z INFO  prog_b\] b saw a packet' "$BATS_TEST_TMPDIR/log.out"
	assert_output 2
	run wc -l < "$BATS_TEST_TMPDIR/log.out"
	assert_output 2
	run in_a "$XH" unload va
	assert_success
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "pick: run -n prog_a names the program it attached, prints its lines, leaves va bare" {
	bg run in_a "$XH" run -m skb -i va -o "$PICK_O" -n prog_a
	wait_for_text run.err "Waiting for Ctrl-C..."
	send_udp 3
	wait_for_lines run.out 3
	kill -INT "$(bg_pid run)"
	bg_wait run
	assert_equal "$bg_status" 0
	run grep -cxE '\[[0-9T:-]+Z INFO  prog_a\] a saw a packet' "$BATS_TEST_TMPDIR/run.out"
	assert_output 3
	run wc -l < "$BATS_TEST_TMPDIR/run.out"
	assert_output 3
	run head -2 "$BATS_TEST_TMPDIR/run.err"
	assert_line --index 0 --regexp "^Attached XDP program 'prog_a' \(id [0-9]+\) to 'va'$"
	assert_line --index 1 "Waiting for Ctrl-C..."
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "pick: level above every call site warns, naming the highest; status shows the ceiling" {
	in_a "$XH" load -m skb -o "$PICK_O" -n prog_a va 2>/dev/null
	run --separate-stderr in_a "$XH" level -i va debug
	assert_success
	[[ "$stderr" =~ ^xdp-hello:\ level\ debug\ reaches\ no\ call\ site\ of\ .*prog_a.*:\ its\ highest\ is\ info$ ]] ||
		fail "stderr: $stderr"
	# a level that reaches one: no warning
	run --separate-stderr in_a "$XH" level -i va info
	assert_success
	assert_equal "$stderr" ""
	run in_a "$XH" status va
	assert_success
	assert_line --regexp '^Ceiling: +debug \(HLOG_MAX_LEVEL: calls above it are compiled out\)$'
	in_a "$XH" unload va
}

@test "pick: an object whose calls are all compiled out is said to be, by load and by log" {
	refused 1 "^Couldn't use BPF object '.*/compiled_out.o': none of its hlog calls is compiled in \(built with HLOG_MAX_LEVEL warn: calls above it compile to nothing\)$" \
		"$XH" load -m skb -o "$QUIET_O" va
	in_a ip link set dev va xdpgeneric obj "$QUIET_O" sec xdp
	refused 1 "^Couldn't find an hlog program on 'va': XDP program 'quiet' \(id [0-9]+\): none of its hlog calls is compiled in, so it has no hlog_ring map \(.*compile to nothing\)$" \
		"$XH" log -i va
	in_a ip link set dev va xdpgeneric off
}

@test "pick: run -o -n attaches only the tracing program named, next to XDP ones" {
	refused 1 "^Couldn't run BPF object '.*/pick.o' on its own: 'prog_a' is an XDP program" \
		"$XH" run -o "$PICK_O"
	refused 1 "^Couldn't use BPF object '.*/pick.o': it has no program 'nosuch' \(its programs: 'prog_a', 'prog_b', 'prog_t', 'prog_k'\)$" \
		"$XH" run -o "$PICK_O" -n nosuch
	bg trace "$XH" run -o "$PICK_O" -n prog_t
	wait_for_text trace.err "Waiting for Ctrl-C..."
	run bpftool prog show name prog_t
	assert_success
	# the named one alone: none of the others is loaded
	local other p
	for other in prog_a prog_b prog_k; do
		run bpftool prog show name "$other"
		assert_output ""
	done
	/bin/true & p=$!
	wait "$p"
	wait_for_text trace.out "t: pid $p execs"
	kill -INT "$(bg_pid trace)"
	bg_wait trace
	assert_equal "$bg_status" 0
	run grep -cE "^\[[0-9T:-]+Z INFO  prog_t\] t: pid $p execs$" "$BATS_TEST_TMPDIR/trace.out"
	assert_output 1
	run bpftool prog show name prog_t
	assert_output ""
}

@test "pick: a kprobe on a function there is none of: the attach error says what is missing" {
	local hint="no kernel function of that name can be probed: see available_filter_functions in tracefs"
	[ -e /sys/bus/event_source/devices/kprobe/type ] || [ -w /sys/kernel/tracing/kprobe_events ] ||
		[ -w /sys/kernel/debug/tracing/kprobe_events ] ||
		hint="this kernel offers no kprobes: neither a kprobe PMU nor kprobe_events in tracefs"
	run --separate-stderr "$XH" run -o "$PICK_O" -n prog_k
	assert_equal "$status" 1
	assert_equal "$output" ""
	assert_equal "$stderr" "Couldn't attach 'prog_k' (section 'kprobe/xdp_hello_no_such_function') of '$PICK_O': No such file or directory ($hint)"
	run bpftool prog show name prog_k
	assert_output ""
}
