#!/usr/bin/env bats
# make install lays out the files; the installed utility finds the
# installed hello.o by itself.

load lib/helpers

setup_file() {
	xh_setup_pair
	# a copy of the sources, so the checkout's build stays as it is
	export SRC=$BATS_FILE_TMPDIR/src STAGE=$BATS_FILE_TMPDIR/stage
	mkdir -p "$SRC"
	tar -C "$XH_ROOT" --exclude=.git --exclude='*.o' --exclude='*.a' \
		--exclude=build --exclude=xdp-hello-util/xdp-hello -cf - . | tar -C "$SRC" -xf -
}
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

@test "install: DESTDIR and PREFIX lay out binary, object, man page, headers" {
	run make -s -C "$SRC" install DESTDIR="$STAGE" PREFIX=/usr
	assert_success
	[ -x "$STAGE/usr/sbin/xdp-hello" ]
	[ -f "$STAGE/usr/lib/bpf/hello.o" ]
	[ -f "$STAGE/usr/share/man/man8/xdp-hello.8" ]
	[ -f "$STAGE/usr/include/xdp_hello/log.h" ]
	[ -f "$STAGE/usr/include/xdp_hello/record.h" ]
	run make -s -C "$SRC" uninstall DESTDIR="$STAGE" PREFIX=/usr
	assert_success
	run find "$STAGE" -type f
	assert_output ""
}

@test "install: the installed xdp-hello runs the installed hello.o" {
	local prefix=$BATS_FILE_TMPDIR/prefix
	run make -s -C "$SRC" install PREFIX="$prefix"
	assert_success
	unset XDP_HELLO_OBJECT_DIR
	bg run in_a env -u XDP_HELLO_OBJECT_DIR "$prefix/sbin/xdp-hello" run -i va -c 3
	wait_for_text run.err "Waiting for Ctrl-C..."
	send_udp 3
	bg_wait run
	assert_equal "$bg_status" 0
	assert_hello_lines run.out 3
	assert_equal "$(xdp_state "$NS_A" va)" ""
	# without an object there, it says where it looked
	rm "$prefix/lib/bpf/hello.o"
	run in_a env -u XDP_HELLO_OBJECT_DIR "$prefix/sbin/xdp-hello" run -i va
	assert_failure 1
	assert_output "Couldn't open BPF object '$prefix/lib/bpf/hello.o': No such file or directory (build it with 'make', or give one with -o FILE)"
}
