#!/usr/bin/env bats
# Running on a fleet: messages in a real journald (--output journal), the
# counters scraped by a real Prometheus (--metrics), bounded output
# (--rate-limit), and the systemd unit: verified, scored, and its command
# line run on real traffic as a non-root user with only the unit's
# capabilities. Each component is started by the test and gone with it;
# without its package a test skips and names it.

load lib/helpers
load lib/fleet
bats_require_minimum_version 1.5.0

PROTO_O=$XH_ROOT/xdp-prog/proto_count.o
UNIT_IN=$XH_ROOT/xdp-hello-util/xdp-hello@.service.in

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { fleet_teardown; }

boottime_ns() { awk '{ printf "%.0f\n", $1 * 1e9 }' /proc/uptime; }

@test "fleet: --output journal: one entry per message, with its fields, read back from journald" {
	xh_journal_built
	start_journald
	in_a ip link set dev va xdpgeneric obj "$PROTO_O" sec xdp
	bg jlog nsenter -t "$JPID" -m -r -- ip netns exec "$NS_A" "$XH" log -v -i va --output journal -c 3 --timeout 20
	wait_for_text jlog.err "xdp-hello: reading "
	send_udp 3
	bg_wait jlog
	assert_equal "$bg_status" 0
	run out_of jlog
	assert_output ""
	journal_json SYSLOG_IDENTIFIER=proto_count > "$BATS_TEST_TMPDIR/j.json"
	run jq -s length "$BATS_TEST_TMPDIR/j.json"
	assert_output 3
	local ifindex line
	ifindex=$(in_a cat /sys/class/net/va/ifindex)
	# the call's line as the compiler gives it: where the call ends
	line=$(awk '/hlog_info\(ctx, "%s packet #%llu: %pI4/ { on = 1 } on && /\);/ { print NR; exit }' \
		"$XH_ROOT/xdp-prog/proto_count.bpf.c")
	run jq -r '[.MESSAGE, .PRIORITY, .CODE_FILE, .CODE_LINE, .IFNAME, .IFINDEX, .RXQ,
		    .HLOG_LEVEL, .HLOG_ARG0, .HLOG_ARG1, .HLOG_ARG2, .HLOG_ARG4,
		    (.HLOG_ARGS | fromjson | .[1] | tostring), (.CPU | test("^[0-9]+$"))] | join("|")' \
		"$BATS_TEST_TMPDIR/j.json"
	assert_line --index 0 --regexp "^udp packet #1: $IP_B:[0-9]+ -> $IP_A:9\|6\|proto_count.bpf.c\|$line\|va\|$ifindex\|0\|info\|udp\|1\|$IP_B\|$IP_A\|1\|true$"
	assert_line --index 2 --regexp "^udp packet #3: $IP_B:[0-9]+ -> $IP_A:9\|6\|.*\|udp\|3\|.*\|3\|true$"
	# the kernel's time stamp, in this test's window
	run jq -r .HLOG_TIMESTAMP_BOOTTIME_NS "$BATS_TEST_TMPDIR/j.json"
	local ts now
	now=$(boottime_ns)
	for ts in "${lines[@]}"; do
		[ "$ts" -le "$now" ] && [ "$ts" -gt $((now - 30000000000)) ]
	done
}

@test "fleet: --output journal says loss as it happens, as a warning with HLOG_LOST" {
	xh_journal_built
	start_journald
	local tiny=$BATS_TEST_TMPDIR/tiny.o
	clang -target bpf -O2 -g -DHLOG_CPU_RING_SIZE=4096 -DHLOG_RING_SIZE=4096 -I"$XH_ROOT/headers" \
		-I"/usr/include/$(gcc -dumpmachine)" -c "$XH_ROOT/xdp-prog/hello.bpf.c" -o "$tiny"
	in_a ip link set dev va xdpgeneric obj "$tiny" sec xdp
	bg jlog nsenter -t "$JPID" -m -r -- ip netns exec "$NS_A" "$XH" log -v -i va --output journal
	wait_for_text jlog.err "xdp-hello: reading "
	kill -STOP "$(bg_pid jlog)"
	send_udp 400
	kill -CONT "$(bg_pid jlog)"
	wait_for_text jlog.err "lost: its rings were full"
	kill -INT "$(bg_pid jlog)"
	bg_wait jlog
	assert_equal "$bg_status" 0
	local printed lost
	read -r printed lost < <(sed -n 's/^\([0-9]*\) messages, \([0-9]*\) lost$/\1 \2/p' "$BATS_TEST_TMPDIR/jlog.err")
	assert_equal "$((printed + lost))" 400
	[ "$lost" -gt 0 ]
	run bash -c "$(declare -f in_journal journal_json); JPID=$JPID journal_json SYSLOG_IDENTIFIER=hello_world | wc -l"
	assert_output "$printed"
	journal_json SYSLOG_IDENTIFIER=xdp-hello > "$BATS_TEST_TMPDIR/warn.json"
	run jq -r '[.PRIORITY, .HLOG_LOST, .MESSAGE] | join("|")' "$BATS_TEST_TMPDIR/warn.json"
	assert_output "4|$lost|$lost messages of 'hello_world' on 'va' lost: its rings were full (the reader fell behind)"
}

@test "fleet: /metrics passes promtool and counts what the kernel counted" {
	xh_metrics_built
	need_cmd promtool prometheus
	in_a ip link set dev va xdpgeneric obj "$HELLO_O" sec xdp
	bg mlog in_a "$XH" log -i va --metrics 127.0.0.1:0
	wait_for_text mlog.err "/metrics"
	local url
	url=$(sed -n 's|^Metrics on \(http://.*/metrics\)$|\1|p' "$BATS_TEST_TMPDIR/mlog.err")
	send_udp 4
	wait_for_lines mlog.out 4
	in_a curl -sf "$url" > "$BATS_TEST_TMPDIR/metrics.txt"
	run promtool check metrics < "$BATS_TEST_TMPDIR/metrics.txt"
	assert_success
	assert_output ""
	run grep -E '^xdp_hello_(packets|records|printed)_total|^xdp_hello_messages_total.*level="info"|^xdp_hello_lost_total.*level="info"|^xdp_hello_attach_mode|^xdp_hello_level' \
		"$BATS_TEST_TMPDIR/metrics.txt"
	local l="interface=\"va\",program=\"hello_world\",id=\"[0-9]+\""
	assert_line --regexp "^xdp_hello_packets_total\{$l\} 4$"
	assert_line --regexp "^xdp_hello_records_total\{$l\} 4$"
	assert_line --regexp "^xdp_hello_messages_total\{$l,level=\"info\"\} 4$"
	assert_line --regexp "^xdp_hello_lost_total\{$l,level=\"info\"\} 0$"
	assert_line --regexp "^xdp_hello_printed_total\{$l\} 4$"
	assert_line --regexp "^xdp_hello_attach_mode\{$l,mode=\"skb\"\} 1$"
	assert_line --regexp "^xdp_hello_level\{$l\} 3$"
	kill -INT "$(bg_pid mlog)"
	bg_wait mlog
	assert_equal "$bg_status" 0
}

@test "fleet: a real Prometheus scrapes run --metrics and counts exactly the packets sent" {
	xh_metrics_built
	start_prometheus 9101
	bg run in_a "$XH" run -i va -m skb --metrics 127.0.0.1:9101
	wait_for_text run.err "Waiting for Ctrl-C..."
	send_udp 7
	wait_for_lines run.out 7
	local v i
	for ((i = 0; i < 200; i++)); do
		v=$(prom_value 'xdp_hello_packets_total{interface="va"}')
		[ "$v" = 7 ] && break
		sleep 0.1
	done
	assert_equal "$v" 7
	assert_equal "$(prom_value 'xdp_hello_messages_total{interface="va",level="info"}')" 7
	assert_equal "$(prom_value 'up{job="xdp-hello"}')" 1
	kill -INT "$(bg_pid run)"
	bg_wait run
	assert_equal "$bg_status" 0
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

# runs COUNT records of seq.o on CPU 0 at once (BPF_PROG_TEST_RUN)
burst() {
	"$XH_ROOT/tests/tools/hlog-cpus" "$(ip -n "$NS_A" link show dev lo | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p')" "$1" 0
}

@test "fleet: --rate-limit prints N a second per call site and summarizes the rest, apart from loss" {
	in_a ip link set dev lo xdpgeneric obj "$XH_ROOT/tests/progs/seq.o" sec xdp
	start_log rl -i lo --rate-limit 5
	burst 100
	sleep 1.5	# the window ends: its summary comes
	kill -INT "$(bg_pid rl)"
	bg_wait rl
	assert_equal "$bg_status" 0
	local printed suppressed said
	printed=$(grep -c 'INFO  seq\] seq ' "$BATS_TEST_TMPDIR/rl.out")
	suppressed=$(sed -n 's/^(\([0-9]*\) messages suppressed by --rate-limit)$/\1/p' "$BATS_TEST_TMPDIR/rl.err")
	said=$(sed -n "s/^xdp-hello: suppressed \([0-9]*\) messages from seq.bpf.c:[0-9]* in the last 1 s (--rate-limit 5) of 'seq' on 'lo'$/\1/p" \
		"$BATS_TEST_TMPDIR/rl.err" | awk '{ n += $1 } END { print n + 0 }')
	# 100 records in a few ms: one second window, or two if it straddles one
	[ "$printed" = 5 ] || [ "$printed" = 10 ]
	assert_equal "$((printed + suppressed))" 100
	assert_equal "$said" "$suppressed"
	run err_of rl
	assert_line "$printed messages, 0 lost"
}

@test "fleet: --rate-limit in JSON: the summaries are objects with the count and the call site" {
	in_a ip link set dev lo xdpgeneric obj "$XH_ROOT/tests/progs/seq.o" sec xdp
	start_log rl -i lo --json --rate-limit 2
	burst 50
	sleep 1.5
	kill -INT "$(bg_pid rl)"
	bg_wait rl
	run jq -s '[.[] | select(.suppressed)] | map(.suppressed) | add' "$BATS_TEST_TMPDIR/rl.out"
	local suppressed=$output printed
	printed=$(jq -s '[.[] | select(.target == "seq")] | length' "$BATS_TEST_TMPDIR/rl.out")
	assert_equal "$((printed + suppressed))" 50
	run jq -r 'select(.suppressed) | [.level, .target, .file, (.line | type)] | join(" ")' "$BATS_TEST_TMPDIR/rl.out"
	assert_line --index 0 "warn xdp-hello seq.bpf.c number"
}

# the unit for INSTANCE with ExecStart pointing at this build
unit_for() {
	local dir=$BATS_TEST_TMPDIR/unit
	mkdir -p "$dir"
	sed "s|@SBINDIR@|$XH_ROOT/xdp-hello-util|" "$UNIT_IN" > "$dir/xdp-hello@.service"
	ln -sf xdp-hello@.service "$dir/xdp-hello@$1.service"
	echo "$dir/xdp-hello@$1.service"
}

@test "fleet: the unit verifies with nothing on stderr and scores at most 3.0" {
	need_cmd systemd-analyze systemd
	local unit
	unit=$(unit_for va)
	# verify writes under /run/systemd: a private tmpfs there (a guest's
	# fresh /run has no such directory)
	need_dir /run/systemd
	run --separate-stderr unshare -m sh -c "mount -t tmpfs tmpfs /run/systemd && cd '${unit%/*}' && systemd-analyze verify --man=no '$unit'"
	assert_success
	assert_equal "$stderr" ""
	run unshare -m sh -c "mount -t tmpfs tmpfs /run/systemd && systemd-analyze security --offline=true --threshold=30 '$unit'"
	assert_success
	assert_line --regexp "^→ Overall exposure level for xdp-hello@va.service: ([0-2]\.[0-9]|3\.0) "
}

# The unit's capabilities, as setpriv wants them: +bpf,+perfmon,...
unit_caps() {
	sed -n 's/^AmbientCapabilities=//p' "$UNIT_IN" | tr 'A-Z' 'a-z' | sed 's/cap_/+/g; s/ /,/g'
}

@test "fleet: the unit's ExecStart runs as nobody with only the unit's capabilities, on real traffic, and stops cleanly" {
	local caps cmd argv
	caps=$(unit_caps)
	assert_equal "$caps" "+bpf,+perfmon,+net_admin,+sys_admin"
	# ExecStart with the unit's defaults, text output (no journald here)
	cmd=$(sed -n 's/^ExecStart=@SBINDIR@\///p' "$UNIT_IN" | sed \
		-e 's/%I/va/; s/${XDP_HELLO_MODE}/skb/; s/${XDP_HELLO_LEVEL}/info/' \
		-e 's/${XDP_HELLO_OUTPUT}/text/; s/ $XDP_HELLO_OPTIONS//')
	assert_equal "$cmd" "xdp-hello run -i va -m skb --level info --output text"
	read -ra argv <<< "$cmd"
	bg svc in_a setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs \
		--inh-caps=-all,$caps --ambient-caps=-all,$caps --bounding-set=-all,$caps \
		"$XH_ROOT/xdp-hello-util/${argv[0]}" "${argv[@]:1}"
	wait_for_text svc.err "Waiting for Ctrl-C..."
	run in_a cat /proc/"$(bg_pid svc)"/status
	assert_line --regexp "^Uid:	65534	"
	assert_line --regexp "^CapEff:	0*c000201000$"
	send_udp 3
	wait_for_lines svc.out 3
	assert_hello_lines svc.out 3
	kill -TERM "$(bg_pid svc)"
	bg_wait svc
	assert_equal "$bg_status" 0
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "fleet: bad --output, --rate-limit and --metrics: one line, exit code, nothing attached" {
	run --separate-stderr in_a "$XH" run -i va --output xml
	assert_failure 2
	assert_equal "$stderr" "xdp-hello run: unknown output 'xml' (text, json, journal) (see 'xdp-hello run --help')"
	run --separate-stderr in_a "$XH" log -i va --rate-limit 0
	assert_failure 2
	assert_equal "$stderr" "xdp-hello log: rate limit '0' is not a positive number of messages per second (see 'xdp-hello log --help')"
	run --separate-stderr in_a "$XH" log -i va --source trace_pipe --output journal
	assert_failure 2
	run --separate-stderr in_a "$XH" run -i va --metrics localhost
	assert_failure 2
	assert_equal "$stderr" "xdp-hello run: metrics address 'localhost' is not ADDR:PORT (127.0.0.1:9101, [::1]:9101, :9101) (see 'xdp-hello run --help')"
	assert_equal "$(xdp_state "$NS_A" va)" ""
	xh_metrics_built
	bg holder in_a "$XH" run -i lo --metrics 127.0.0.1:9102
	wait_for_text holder.err "Waiting for Ctrl-C..."
	run --separate-stderr in_a "$XH" run -i va --metrics 127.0.0.1:9102
	assert_failure 1
	assert_equal "$stderr" "Couldn't serve metrics on '127.0.0.1:9102': Address already in use (another program listens there)"
	run --separate-stderr in_a "$XH" run -i va --metrics 192.0.2.1:9102
	assert_failure 1
	assert_equal "$stderr" "Couldn't serve metrics on '192.0.2.1:9102': Cannot assign requested address (not an address of this machine: 127.0.0.1:PORT, or :PORT for all of them)"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}
