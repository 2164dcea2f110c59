#!/usr/bin/env bats
# Per-CPU rings: records from several CPUs at once, each printed once and
# in time order; CPUs without a ring of their own and loggers nested on a
# CPU go through the overflow ring, counted; xdp-hello sizes the rings.
# The producers are BPF_PROG_TEST_RUN threads pinned to each CPU
# (tests/tools/hlog-cpus) running tests/progs/seq.o, which logs "seq N"
# with N counting the runs on its CPU.

load lib/helpers
bats_require_minimum_version 1.5.0

CPUS_TOOL=$XH_ROOT/tests/tools/hlog-cpus

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

need_cpus() {
	[ "$(nproc)" -ge "$1" ] || skip "needs $1 CPUs, this machine has $(nproc)"
}

# attach_seq OBJ: on NS_A's lo with ip; prints the program id
attach_seq() {
	in_a ip link set dev lo xdpgeneric obj "$1" sec xdp
	ip -n "$NS_A" link show dev lo | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p'
}

# check_seq FILE CPUS N: the JSON lines of FILE are exactly N "seq" lines
# from each of CPUS ("0 1"), numbered 1..N per CPU in order, and the whole
# output is in time order
check_seq() {
	run awk -v cpus="$2" -v n="$3" '
		{
			if (!match($0, /"ts":"[^"]*"/)) { print "no ts: " $0; bad++; next }
			ts = substr($0, RSTART + 6, RLENGTH - 7)
			if (ts < last) { print "back in time at line " NR ": " ts " < " last; bad++ }
			last = ts
			if (!match($0, /"message":"seq [0-9]+"/)) next
			s = substr($0, RSTART + 15, RLENGTH - 16) + 0
			match($0, /"cpu":[0-9]+/); c = substr($0, RSTART + 6, RLENGTH - 6) + 0
			if (s != seen[c] + 1) { print "cpu " c ": seq " s " after " seen[c]; bad++ }
			seen[c] = s
		}
		END {
			k = split(cpus, want, " ")
			for (i = 1; i <= k; i++)
				if (seen[want[i]] != n) { print "cpu " want[i] ": " seen[want[i]] + 0 " of " n; bad++ }
			for (c in seen) {
				ok = 0
				for (i = 1; i <= k; i++) if (want[i] == c) ok = 1
				if (!ok) { print "records from cpu " c; bad++ }
			}
			print bad + 0 " problems"
		}' "$1"
	assert_output "0 problems"
}

@test "cpus: two CPUs logging at once: every record printed once, in time order, counts exact" {
	need_cpus 2
	local id
	id=$(attach_seq "$XH_ROOT/tests/progs/seq.o")
	start_log log -i lo --json
	run "$CPUS_TOOL" "$id" 50000 0 1
	assert_success
	wait_for_lines log.out 100000
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run err_of log
	assert_output "100000 messages, 0 lost"
	check_seq "$BATS_TEST_TMPDIR/log.out" "0 1" 50000
	assert_equal "$(status_field "$NS_A" lo Packets)" 100000
	run in_a "$XH" status lo
	assert_line "Rings:     8 CPUs x 4 MiB, overflow ring 1 MiB"
	assert_line "Records:   100000 (0 through the overflow ring, 0 of them nested)"
}

@test "cpus: a CPU past HLOG_MAX_CPUS logs through the overflow ring, merged in order" {
	need_cpus 2
	local id
	# seq.bpf.c built with -DHLOG_MAX_CPUS=1 (Makefile)
	id=$(attach_seq "$XH_ROOT/tests/progs/seq-max1.o")
	start_log log -i lo --json
	run "$CPUS_TOOL" "$id" 20000 0 1
	assert_success
	wait_for_lines log.out 40000
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run err_of log
	assert_output "40000 messages, 0 lost"
	check_seq "$BATS_TEST_TMPDIR/log.out" "0 1" 20000
	run in_a "$XH" status lo
	assert_line "Rings:     1 CPUs x 4 MiB, overflow ring 1 MiB"
	assert_line "Records:   40000 (20000 through the overflow ring, 0 of them nested)"
}

@test "cpus: HLOG_MAX_CPUS=0 logs everything through the one shared ring" {
	local id cpus=0 n=20000
	[ "$(nproc)" -lt 2 ] || cpus="0 1"
	# -DHLOG_MAX_CPUS=0 -DHLOG_RING_SIZE='(4 << 20)' (Makefile)
	id=$(attach_seq "$XH_ROOT/tests/progs/seq-shared.o")
	start_log log -i lo --json
	run "$CPUS_TOOL" "$id" "$n" $cpus
	assert_success
	local total=$((n * $(echo $cpus | wc -w)))
	wait_for_lines log.out "$total"
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run err_of log
	assert_output "$total messages, 0 lost"
	check_seq "$BATS_TEST_TMPDIR/log.out" "$cpus" "$n"
	run in_a "$XH" status lo
	assert_line "Rings:     one shared ring of 4 MiB"
	assert_line "Records:   $total ($total through the overflow ring, 0 of them nested)"
}

# kprobes: a perf PMU, or kprobe_events in tracefs
have_kprobes() {
	[ -e /sys/bus/event_source/devices/kprobe/type ] && return 0
	[ -w /sys/kernel/tracing/kprobe_events ] || [ -w /sys/kernel/debug/tracing/kprobe_events ]
}

@test "cpus: a logger nested inside a half-written record goes to the overflow ring, counted, never torn" {
	have_kprobes || skip "needs kprobes: this kernel has neither a kprobe PMU nor kprobe_events (make check-vm runs it)"
	local id n=2000
	id=$(attach_seq "$XH_ROOT/tests/progs/seq.o")
	start_log log -i lo --json
	# nest_probe fires in seq's clock read, between reserve and commit
	run "$CPUS_TOOL" -k "$XH_ROOT/tests/progs/seq.o" "$id" "$n" 0
	assert_success
	wait_for_lines log.out $((2 * n))
	kill -INT "$(bg_pid log)"
	bg_wait log
	assert_equal "$bg_status" 0
	run err_of log
	assert_output "$((2 * n)) messages, 0 lost"
	check_seq "$BATS_TEST_TMPDIR/log.out" 0 "$n"
	run grep -c '"message":"nested"' "$BATS_TEST_TMPDIR/log.out"
	assert_output "$n"
	run in_a "$XH" status lo
	assert_line "Records:   $((2 * n)) ($n through the overflow ring, $n of them nested)"
}

@test "cpus: xdp-hello load sizes the rings to the possible CPUs, ip loads the compiled 8" {
	local possible
	possible=$(awk -F- '{ print ($2 == "" ? $1 : $2) + 1 }' /sys/devices/system/cpu/possible)
	run in_a "$XH" load lo -m skb
	assert_success
	run in_a "$XH" status lo
	assert_line "Rings:     $possible CPUs x 4 MiB, overflow ring 1 MiB"
	run in_a "$XH" unload lo
	assert_success
	attach_seq "$HELLO_O" > /dev/null
	run in_a "$XH" status lo
	assert_line "Rings:     8 CPUs x 4 MiB, overflow ring 1 MiB"
}

# atomics OBJ: "CMPXCHG XCHG", the atomic instructions of the XDP program
# of OBJ as the kernel will run it (after CO-RE and dead-code removal),
# counted over every instruction of the dump, subprograms included (a
# global function's code is there too), at any width
atomics() {
	local id
	id=$(attach_seq "$1")
	bpftool prog dump xlated id "$id" > "$BATS_TEST_TMPDIR/xlated"
	in_a ip link set dev lo xdpgeneric off
	# instructions only: "  12: (db) r0 = atomic64_cmpxchg(...)", not
	# the source lines bpftool prints beside them
	awk '/^ *[0-9]+: \([0-9a-f][0-9a-f]\) / {
		c += /atomic(64)?_cmpxchg\(/; x += /atomic(64)?_xchg\(/
	} END { print c + 0, x + 0 }' "$BATS_TEST_TMPDIR/xlated"
}

# bottom halves are preemptible threads there (log.h, hlog__plain_claim)
preempt_rt() {
	[ "$(cat /sys/kernel/realtime 2>/dev/null)" = 1 ] || uname -v | grep -q PREEMPT_RT
}

@test "cpus: the ring's claim and publish fit the kernel (log.h, Memory ordering)" {
	local major minor plain=1 ordered=0 claim cmpxchg xchg
	IFS=. read -r major minor _ <<< "$(uname -r)"
	# a plain claim: not PREEMPT_RT, 6.11 or later; a plain publish: x86
	! preempt_rt || plain=0
	[ "$major" -gt 6 ] || { [ "$major" = 6 ] && [ "$minor" -ge 11 ]; } || plain=0
	case $(uname -m) in x86_64 | i?86) ordered=1 ;; esac
	# what the write path has when it takes the atomics: once per call
	# site, or once in a subprogram if it is out of line
	run atomics "$XH_ROOT/tests/progs/seq-atomic.o"	# -DHLOG_ALWAYS_ATOMIC=1
	assert_success
	read -r cmpxchg xchg <<< "$output"
	[ "$cmpxchg" -ge 1 ] && [ "$xchg" -ge 1 ] || fail "HLOG_ALWAYS_ATOMIC: $output atomics"
	run atomics "$XH_ROOT/tests/progs/seq.o"
	assert_success
	assert_output "$((cmpxchg * (1 - plain))) $((xchg * (1 - ordered)))"
	# which path this kernel took, in the TAP output
	claim=$([ "$plain" = 1 ] && echo plain || echo cmpxchg)
	echo "# $(uname -r)$(! preempt_rt || echo ' PREEMPT_RT'): $claim claim," \
		"$([ "$ordered" = 1 ] && echo plain || echo xchg) publish ($output atomics)" >&3
	assert_equal "$(xdp_state "$NS_A" lo)" ""
}
