#!/usr/bin/env bats
# Numbers parsed strictly: digits only (no leading space, no sign, no hex,
# no exponent), no wrap-around; every bad value a usage error (exit 2),
# one line, nothing changed. --metrics :PORT says a URL that answers.

load lib/helpers
bats_require_minimum_version 1.5.0

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

# bad CMD OPTION VALUE MESSAGE: exit 2, that line, va as it was
bad() {
	local before
	before=$(xdp_state "$NS_A" va)
	run --separate-stderr timeout 5 ip netns exec "$NS_A" "$XH" "$1" -i va "$2" "$3"
	assert_equal "$status" 2
	assert_equal "$output" ""
	assert_equal "$stderr" "xdp-hello $1: $4 (see 'xdp-hello $1 --help')"
	assert_equal "$(xdp_state "$NS_A" va)" "$before"
}

@test "numbers: counts with a space, a sign or too many digits are usage errors" {
	in_a "$XH" load -m skb va 2>/dev/null
	bad log -c " -5" "count ' -5' is not a positive number"
	bad log -c "+5" "count '+5' is not a positive number"
	bad log -c " 5" "count ' 5' is not a positive number"
	bad log -c 18446744073709551616 "count '18446744073709551616' is too large"
	bad stats -c " -1" "count ' -1' is not a positive number"
	bad run -c 0x10 "count '0x10' is not a positive number"
	bad log --rate-limit " -1" "rate limit ' -1' is not a positive number of messages per second"
}

@test "numbers: program ids that wrap or carry a sign are usage errors" {
	run --separate-stderr "$XH" log --prog-id -18446744073709551615
	assert_equal "$status" 2
	assert_equal "$stderr" "xdp-hello log: program id '-18446744073709551615' is not a program's id, a number from 1 to 4294967295, as 'bpftool prog show' lists them (see 'xdp-hello log --help')"
	run --separate-stderr "$XH" status --prog-id " 1"
	assert_equal "$status" 2
	assert_equal "$stderr" "xdp-hello status: program id ' 1' is not a program's id, a number from 1 to 4294967295, as 'bpftool prog show' lists them (see 'xdp-hello status --help')"
	run --separate-stderr "$XH" level --prog-id 4294967296
	assert_equal "$status" 2
}

@test "numbers: seconds take digits and a point only" {
	bad log --timeout " 1" "timeout ' 1' is not a positive number of seconds"
	bad log --timeout 1e3 "timeout '1e3' is not a positive number of seconds"
	bad log --timeout inf "timeout 'inf' is not a positive number of seconds"
	bad stats --interval 0x1 "interval '0x1' is not a number of seconds (0.01 or more)"
	bad stats --interval " 1" "interval ' 1' is not a number of seconds (0.01 or more)"
}

@test "numbers: a bad --metrics is a usage error (exit 2), as the man page says" {
	bad log --metrics localhost "metrics address 'localhost' is not ADDR:PORT (127.0.0.1:9101, [::1]:9101, :9101)"
	bad log --metrics ":+80" "metrics address ':+80' is not ADDR:PORT (127.0.0.1:9101, [::1]:9101, :9101)"
	bad stats --metrics "127.0.0.1:65536" "metrics address '127.0.0.1:65536' is not ADDR:PORT (127.0.0.1:9101, [::1]:9101, :9101)"
}

@test "numbers: --metrics :0 says a URL that answers" {
	"$XH" log --metrics :0 -i lo 2>&1 | grep -q "built without libmicrohttpd" &&
		skip "xdp-hello was built without libmicrohttpd"
	local url
	in_a "$XH" load -m skb va 2>/dev/null
	bg mlog in_a "$XH" log -i va --metrics :0
	wait_for_text mlog.err "/metrics"
	url=$(sed -n 's|^Metrics on \(http://127\.0\.0\.1:[1-9][0-9]*/metrics\) (and every other address)$|\1|p' "$BATS_TEST_TMPDIR/mlog.err")
	[ -n "$url" ]
	run in_a curl -sf "$url"
	assert_success
	assert_line --regexp '^xdp_hello_packets_total\{interface="va",'
	kill -INT "$(bg_pid mlog)"
	bg_wait mlog
	assert_equal "$bg_status" 0
}
