#!/usr/bin/env bats
# hello.o as shipped: section, BTF, libxdp run config, records without text.

load lib/helpers

@test "object: hello_world is in section 'xdp', GPL, with BTF and BTF.ext" {
	run llvm-objdump -h "$HELLO_O"
	assert_success
	assert_output --regexp ' xdp +[0-9a-f]+ '
	assert_output --regexp ' \.BTF +'
	assert_output --regexp ' \.BTF\.ext +'
	assert_output --regexp ' \.xdp_run_config +'
	assert_output --regexp ' license +'
	run llvm-objdump -t "$HELLO_O"
	assert_line --regexp '^0+ g +F xdp.*[[:space:]]hello_world$'
	run bpftool btf dump file "$HELLO_O"
	assert_success
	assert_output --partial "FUNC 'hello_world'"
}

@test "object: libxdp reads priority 50 and XDP_PASS as chain-call action" {
	run "$XH_ROOT/tests/tools/xdp-runconfig" "$HELLO_O"
	assert_success
	assert_output "hello_world priority 50 chain XDP_PASS"
}

@test "object: maps are BTF-defined (.maps), no legacy 'maps' section" {
	run llvm-objdump -h "$HELLO_O"
	assert_output --regexp ' \.maps +'
	refute_output --regexp ' maps +'
	run bpftool btf dump file "$HELLO_O"
	assert_output --partial "(VAR 'hlog_ring')"
	assert_output --partial "(VAR 'hlog_stats')"
	assert_output --partial "(VAR 'hlog_config')"
}

@test "object: the message text is a call site in .rodata, not copied per record" {
	run bpftool btf dump file "$HELLO_O"
	# the call site variable, named for its id, found by userspace via BTF
	assert_output --regexp "VAR 'hello_world\.hlog_site_[0-9]+'"
	llvm-objcopy -O binary --only-section=.rodata "$HELLO_O" "$BATS_TEST_TMPDIR/rodata"
	run tr '\0' '\n' < "$BATS_TEST_TMPDIR/rodata"
	assert_line "received a packet"
	# the record: 24 bytes reserved in the ring (r2 = 24 before the
	# bpf_ringbuf_reserve call, helper 131)
	run llvm-objdump -d "$HELLO_O"
	assert_output --regexp 'r2 = 24'
	assert_output --regexp 'call 131'
}

@test "object: one exit, returning XDP_PASS (2)" {
	# the program's section: hlog's write path (.text) returns to it
	run llvm-objdump -d --no-show-raw-insn -j xdp "$HELLO_O"
	assert_success
	assert_equal "$(echo "$output" | grep -c 'exit$')" 1
	# r0, or its low half w0 (-mcpu=v3)
	assert_equal "$(echo "$output" | grep -B1 'exit$' | head -1 | grep -oE '[rw]0 = [0-9]+$' | sed 's/^w/r/')" "r0 = 2"
	# that every frame leaves unchanged is checked by hlog-testrun, which
	# compares data_out with data_in for each frame of tests/hlog.bats
}
