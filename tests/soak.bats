#!/usr/bin/env bats
# Soak: a UDP flood on a veth pair for SOAK_SECONDS (default 60) with
# 'xdp-hello log' reading: it stays up, its memory stays flat, and
# printed + lost == packets the program saw, exactly.

load lib/helpers

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

@test "soak: ${SOAK_SECONDS:-60} s flood, reader up, RSS flat, printed + lost == seen" {
	local secs=${SOAK_SECONDS:-60} pid first last i sent
	run in_a "$XH" load -m native va
	assert_success
	# lines go to /dev/null (a 60 s flood is gigabytes of text); the
	# reader's own count is checked against the program's counters
	ip netns exec "$NS_A" "$XH" log -v -i va > /dev/null 2> "$BATS_TEST_TMPDIR/log.err" 3>&- &
	pid=$!
	echo "$pid" > "$BATS_TEST_TMPDIR/log.pid"
	echo "$pid" >> "$BATS_FILE_TMPDIR/bg.pids"
	wait_for_text log.err "xdp-hello: reading "

	in_b "$XH_ROOT/bench/blast" "$IP_A" 9 "$secs" > "$BATS_TEST_TMPDIR/sent" &
	echo $! >> "$BATS_FILE_TMPDIR/bg.pids"
	sleep 2
	first=$(rss_kb "$pid")
	for ((i = 2; i < secs; i += 2)); do
		sleep 2
		kill -0 "$pid" || fail "the reader died after $i s"
		last=$(rss_kb "$pid")
		echo "# ${i}s RSS ${last} kB" >&3
	done
	wait %2 2>/dev/null || true
	sleep 1
	sent=$(cat "$BATS_TEST_TMPDIR/sent")
	kill -INT "$pid"
	bg_wait log
	assert_equal "$bg_status" 0
	# memory: flat once warm (no growth beyond 1 MiB over the run); not
	# with ASan, whose quarantine keeps freed memory (make check SANITIZE=1)
	[ -n "${XH_SANITIZE:-}" ] || [ $((last - first)) -lt 1024 ] ||
		fail "RSS grew from $first kB to $last kB"
	local printed lost seen
	read -r printed lost < <(err_of log | sed -n 's/^\([0-9]*\) messages, \([0-9]*\) lost$/\1 \2/p')
	seen=$(status_field "$NS_A" va Packets)
	echo "# sent $sent, seen $seen, printed $printed, lost $lost, RSS $first -> $last kB" >&3
	[ "$seen" -gt 0 ]
	assert_equal "$((printed + lost))" "$seen"
	in_a "$XH" unload va
}
