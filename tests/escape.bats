#!/usr/bin/env bats
# Strings from the kernel cannot forge lines: a %s argument with a newline,
# an escape sequence or a bell comes out escaped in text (one message, one
# line), and JSON is valid UTF-8 with the string's own characters. Real
# execve(2)s of files with such names, read through the execve example.

load lib/helpers
bats_require_minimum_version 1.5.0

EXECVE_O=$XH_ROOT/xdp-prog/execve.o

setup_file() {
	# short: execve.o logs the first 63 bytes of the name
	export D=/tmp/xh-e-$$
	mkdir -p "$D"
	export FORGED="$D/a"$'\n''[2026-01-01T00:00:00Z ERROR x] forged'
	export TERMINAL="$D/b"$'\e[31m\a'
	export UTF8="$D/é€😀"
	export NOTUTF8="$D/"$'\xff\xfe'
	local f
	for f in "$FORGED" "$TERMINAL" "$UTF8" "$NOTUTF8"; do
		cp /bin/true "$f"
	done
}
teardown_file() { rm -rf "$D"; }
teardown() { xh_clean_test; }

# run_execs ARGS...: 'xdp-hello run -o execve.o ARGS' while each file runs
run_execs() {
	local f
	bg trace "$XH" run -o "$EXECVE_O" "$@"
	wait_for_text trace.err "Waiting for Ctrl-C..."
	for f in "$FORGED" "$TERMINAL" "$UTF8" "$NOTUTF8"; do
		"$f"
	done
	"$D/é€😀"	# the last one seen: all of ours are out before it
	for ((i = 0; i < 100; i++)); do
		[ "$(grep -c "runs $D/é€😀" "$BATS_TEST_TMPDIR/trace.out")" -ge 2 ] && break
		sleep 0.1
	done
	kill -INT "$(bg_pid trace)"
	bg_wait trace
	assert_equal "$bg_status" 0
}

@test "escape: text lines: a %s argument cannot start a line or reach the terminal" {
	run_execs
	run grep -c "^\[2026-01-01T00:00:00Z ERROR" "$BATS_TEST_TMPDIR/trace.out"
	assert_output 0
	run grep -c "forged" "$BATS_TEST_TMPDIR/trace.out"
	assert_output 1
	run grep -c $'[\x01-\x08\x0b-\x1f\x7f]' "$BATS_TEST_TMPDIR/trace.out"
	assert_output 0
	run sed -n "s|^\[[-0-9T:]*Z INFO  execve\] pid [0-9]* runs $D/||p" "$BATS_TEST_TMPDIR/trace.out"
	assert_output "$(printf '%s\n' \
		'a\n[2026-01-01T00:00:00Z ERROR x] forged' \
		'b\x1b[31m\x07' \
		'é€😀' \
		'\xff\xfe' \
		'é€😀')"
}

@test "escape: JSON is valid UTF-8 with the argument's own characters" {
	run_execs --json
	# every line is valid JSON and valid UTF-8 (iconv refuses anything else)
	run iconv -f UTF-8 -t UTF-8 "$BATS_TEST_TMPDIR/trace.out"
	assert_success
	run jq -c "select(.args[1] | startswith(\"$D/\")) | [.message, .args[1]]" "$BATS_TEST_TMPDIR/trace.out"
	assert_success
	run sed "s|[^\"]*\"pid [0-9]* runs $D/|[\"|; s|,\"$D/|,\"|" <<< "$output"
	assert_output "$(printf '%s\n' \
		'["a\\n[2026-01-01T00:00:00Z ERROR x] forged","a\n[2026-01-01T00:00:00Z ERROR x] forged"]' \
		'["b\\x1b[31m\\x07","b\u001b[31m\u0007"]' \
		'["é€😀","é€😀"]' \
		'["\\xff\\xfe","\\xff\\xfe"]' \
		'["é€😀","é€😀"]')"
}
