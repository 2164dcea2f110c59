#!/usr/bin/env bats
# make install lays out the files; the installed utility finds the
# installed hello.o by itself; another project builds against xdp-hello.pc;
# make uninstall takes back exactly what install put there.

load lib/helpers

setup_file() {
	xh_setup_pair
	# a copy of the sources, so the checkout's build stays as it is
	export SRC=$BATS_FILE_TMPDIR/src
	mkdir -p "$SRC"
	tar -C "$XH_ROOT" --exclude=.git --exclude='*.o' --exclude='*.a' \
		--exclude=build --exclude=xdp-hello-util/xdp-hello -cf - . | tar -C "$SRC" -xf -
}
teardown_file() { xh_teardown; }
teardown() { xh_kill_bg; }

# What 'make install PREFIX=/usr' puts under DESTDIR, sorted.
expected_files() {
	local h
	{
		echo usr/sbin/xdp-hello
		echo usr/lib/bpf/hello.o
		echo usr/lib/bpf/proto_count.o
		echo usr/lib/bpf/tc_syn.o
		echo usr/lib/bpf/execve.o
		echo usr/lib/libxdphello.a
		echo usr/lib/pkgconfig/xdp-hello.pc
		echo usr/share/man/man8/xdp-hello.8
		echo usr/share/bash-completion/completions/xdp-hello
		echo "usr/lib/systemd/system/xdp-hello@.service"
		# the public headers only: lib/*.h are the library's own
		echo usr/include/xdp_hello/log.h
		echo usr/include/xdp_hello/reader.h
		echo usr/include/xdp_hello/record.h
	} | sort
}

# installed_files DIR: every file and symlink under DIR, relative, sorted
installed_files() {
	(cd "$1" && find . \( -type f -o -type l \) -printf '%P\n' | sort)
}

@test "install: DESTDIR and PREFIX lay out binary, objects, man page, completion, headers, library, pkg-config" {
	local stage=$BATS_TEST_TMPDIR/stage
	run make -s -C "$SRC" SANITIZE= install DESTDIR="$stage" PREFIX=/usr
	assert_success
	assert_equal "$(installed_files "$stage")" "$(expected_files)"
	assert_equal "$(stat -c %a "$stage/usr/sbin/xdp-hello")" 755
	run find "$stage" -type f ! -path '*/usr/sbin/xdp-hello' ! -perm 0644
	assert_output ""
	# the installed headers are the sources' headers
	cmp "$SRC/headers/xdp_hello/log.h" "$stage/usr/include/xdp_hello/log.h"
	cmp "$SRC/headers/xdp_hello/reader.h" "$stage/usr/include/xdp_hello/reader.h"
	# the man page names the BPF object directory compiled into xdp-hello
	run grep -c '^\.ds BPFDIR /usr/lib/bpf$' "$stage/usr/share/man/man8/xdp-hello.8"
	assert_output 1
	run groff -ww -z -man "$stage/usr/share/man/man8/xdp-hello.8"
	assert_success
	assert_output ""
	MANWIDTH=80 run man -l "$stage/usr/share/man/man8/xdp-hello.8"
	assert_success
	assert_output --partial "/usr/lib/bpf/hello.o"
	# pkg-config: paths of the final location (DESTDIR is not in them)
	export PKG_CONFIG_PATH=$stage/usr/lib/pkgconfig
	run pkg-config --variable=libdir xdp-hello
	assert_output "/usr/lib"
	run pkg-config --variable=bpfobjdir xdp-hello
	assert_output "/usr/lib/bpf"
	run pkg-config --modversion xdp-hello
	assert_output "$(sed -n 's/^VERSION := //p' "$SRC/Makefile")"
}

@test "install: another project builds against xdp-hello.pc (BPF side and decoder library)" {
	local stage=$BATS_TEST_TMPDIR/stage h
	run make -s -C "$SRC" SANITIZE= install DESTDIR="$stage" PREFIX=/usr
	assert_success
	export PKG_CONFIG_PATH=$stage/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$stage
	run pkg-config --cflags --libs xdp-hello
	assert_success
	assert_output --partial "-I$stage/usr/include"
	assert_output --partial "-L$stage/usr/lib -lxdphello"
	cd "$BATS_TEST_TMPDIR"

	# userspace: the public header on its own, and the library
	cat > consumer.c <<-'EOF'
	#include <stdio.h>
	#include <xdp_hello/reader.h>
	int main(void)
	{
		struct hlog_error err = { 0 };
		struct hlog_reader *r = hlog_reader_new(NULL, &err);
		int ret = hlog_reader_add_iface(r, "no-such-if0", &err);

		printf("%s|%d|%s\n", hlog_level_name((unsigned int)hlog_level_parse("WARN")),
		       ret == err.code, err.msg);
		hlog_reader_free(r);
		return 0;
	}
	EOF
	# shellcheck disable=SC2046
	run gcc -Wall -Wextra -Werror consumer.c -o consumer $(pkg-config --cflags --libs xdp-hello)
	assert_success
	run ./consumer
	assert_success
	assert_output "warn|1|Couldn't find interface 'no-such-if0': No such device (see 'ip link show')"

	# BPF side: a program logging with <xdp_hello/log.h>
	cat > my_prog.bpf.c <<-'EOF'
	#include <linux/bpf.h>
	#include <bpf/bpf_helpers.h>
	#define HLOG_TARGET "my_prog"
	#include <xdp_hello/log.h>
	SEC("xdp")
	int my_prog(struct xdp_md *ctx)
	{
		hlog_count_packet(ctx);
		hlog_info(ctx, "consumer saw %u bytes",
			  (__u32)(ctx->data_end - ctx->data));
		return XDP_PASS;
	}
	char _license[] SEC("license") = "GPL";
	EOF
	run pkg-config --variable=bpfcflags xdp-hello
	assert_output "-target bpf -O2 -g -I$stage/usr/include -I/usr/include/$(gcc -dumpmachine)"
	# shellcheck disable=SC2046
	run clang $(pkg-config --variable=bpfcflags xdp-hello) -Wall -c my_prog.bpf.c -o my_prog.o
	assert_success
	assert_output ""
	# ... which the installed utility loads and reads
	bg run in_a env XDP_HELLO_OBJECT_DIR="$stage/usr/lib/bpf" \
		"$stage/usr/sbin/xdp-hello" run -i va -o "$BATS_TEST_TMPDIR/my_prog.o" -c 2
	wait_for_text run.err "Waiting for Ctrl-C..."
	send_udp 2
	bg_wait run
	assert_equal "$bg_status" 0
	run grep -cE '^\[[0-9T:-]+Z INFO  my_prog\] consumer saw [0-9]+ bytes$' \
		"$BATS_TEST_TMPDIR/run.out"
	assert_output 2
}

@test "install: examples/hlog-tail, built out of tree with pkg-config, prints what xdp-hello log prints" {
	local stage=$BATS_TEST_TMPDIR/stage ex=$BATS_TEST_TMPDIR/examples
	run make -s -C "$SRC" SANITIZE= install DESTDIR="$stage" PREFIX=/usr
	assert_success
	cp -r "$SRC/examples" "$ex"
	run env PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage" \
		make -s -C "$ex" CFLAGS="-O2 -Wall -Wextra -Werror"
	assert_success
	# it includes nothing of the source tree
	run grep -h '#include' "$ex/hlog-tail.c"
	refute_output --partial '"'
	# hello on va, read by hlog-tail; then by xdp-hello log, for comparison
	run in_a ip link set dev va xdpgeneric obj "$XH_ROOT/xdp-prog/hello.o" sec xdp
	assert_success
	bg tail in_a "$ex/hlog-tail" va
	wait_for_text tail.err "Reading 'hello_world' on va"
	send_udp 3
	wait_for_lines tail.out 3
	kill -INT "$(bg_pid tail)"
	bg_wait tail
	assert_equal "$bg_status" 0
	assert_hello_lines tail.out 3
	run err_of tail
	assert_line --index 1 "0 lost"
	# a second reader on the same rings is refused, as xdp-hello log is
	start_log log -i va -c 2
	run in_a "$ex/hlog-tail" va
	assert_failure 1
	assert_output "hlog-tail: Couldn't read messages of 'hello_world' on 'va': another reader (pid $(bg_pid log)) is reading them (stop it first: two readers would split the messages)"
	send_udp 2
	bg_wait log
	assert_equal "$bg_status" 0
	assert_hello_lines log.out 2
	in_a ip link set dev va xdpgeneric off
	# a wrong interface: one line, exit 1
	run in_a "$ex/hlog-tail" nosuch0
	assert_failure 1
	assert_output "hlog-tail: Couldn't find interface 'nosuch0': No such device (see 'ip link show')"
}

@test "install: the installed xdp-hello runs the installed hello.o" {
	local prefix=$BATS_FILE_TMPDIR/prefix
	run make -s -C "$SRC" SANITIZE= install PREFIX="$prefix"
	assert_success
	unset XDP_HELLO_OBJECT_DIR
	bg run in_a env -u XDP_HELLO_OBJECT_DIR "$prefix/sbin/xdp-hello" run -i va -c 3
	wait_for_text run.err "Waiting for Ctrl-C..."
	send_udp 3
	bg_wait run
	assert_equal "$bg_status" 0
	assert_hello_lines run.out 3
	assert_equal "$(xdp_state "$NS_A" va)" ""
	# XDP_HELLO_OBJECT_DIR overrides the compiled-in directory
	mkdir -p "$BATS_TEST_TMPDIR/objs"
	mv "$prefix/lib/bpf/hello.o" "$BATS_TEST_TMPDIR/objs/"
	bg run2 in_a env XDP_HELLO_OBJECT_DIR="$BATS_TEST_TMPDIR/objs" \
		"$prefix/sbin/xdp-hello" run -i va -c 2
	wait_for_text run2.err "Waiting for Ctrl-C..."
	send_udp 2
	bg_wait run2
	assert_equal "$bg_status" 0
	assert_hello_lines run2.out 2
	# without an object there, it says where it looked
	run in_a env -u XDP_HELLO_OBJECT_DIR "$prefix/sbin/xdp-hello" run -i va
	assert_failure 1
	assert_output "Couldn't open BPF object '$prefix/lib/bpf/hello.o': No such file or directory (build it with 'make' and install it with 'make install', name its directory in XDP_HELLO_OBJECT_DIR, or give one with -o FILE)"
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "install: uninstall removes exactly what install put there" {
	local stage=$BATS_TEST_TMPDIR/stage
	# files of others, beside ours, stay
	mkdir -p "$stage/usr/sbin" "$stage/usr/lib/bpf" "$stage/usr/include"
	echo other > "$stage/usr/sbin/other-tool"
	echo other > "$stage/usr/lib/bpf/other.o"
	echo other > "$stage/usr/include/other.h"
	run make -s -C "$SRC" SANITIZE= install DESTDIR="$stage" PREFIX=/usr
	assert_success
	run make -s -C "$SRC" SANITIZE= uninstall DESTDIR="$stage" PREFIX=/usr
	assert_success
	assert_output ""
	assert_equal "$(installed_files "$stage")" \
		"$(printf '%s\n' usr/include/other.h usr/lib/bpf/other.o usr/sbin/other-tool)"
	# and our own directory goes with its files
	[ ! -e "$stage/usr/include/xdp_hello" ]
	# uninstalling twice is harmless
	run make -s -C "$SRC" SANITIZE= uninstall DESTDIR="$stage" PREFIX=/usr
	assert_success
}

@test "install: README's lines for an object of several source files, run as written" {
	local stage=$BATS_TEST_TMPDIR/stage lines
	run make -s -C "$SRC" SANITIZE= install DESTDIR="$stage" PREFIX=/usr
	assert_success
	export PKG_CONFIG_PATH=$stage/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$stage
	lines=$(awk '/^### Several source files/ { on = 1 } on && /^```$/ { if (p) exit; p = 1; next } p' \
		"$SRC/README.md")
	assert_equal "$(wc -l <<< "$lines")" 3
	[[ "$lines" == *"bpftool gen object prog.o rx.o note.o" ]]
	cp "$SRC/tests/progs/multi/rx.bpf.c" "$SRC/tests/progs/multi/note.bpf.c" "$BATS_TEST_TMPDIR/"
	run env -C "$BATS_TEST_TMPDIR" bash -euc "$lines"
	assert_success
	# one set of hlog's maps and one write path in the linked object
	run bash -c "bpftool btf dump file '$BATS_TEST_TMPDIR/prog.o' | grep -cE \"^\\[[0-9]+\\] (VAR 'hlog_ring'|FUNC 'hlog__write_xdp')\""
	assert_output 2
}

@test "install: the library is only the reader: pkg-config names its libraries alone, the example links statically" {
	local stage=$BATS_TEST_TMPDIR/stage
	run make -s -C "$SRC" SANITIZE= install DESTDIR="$stage" PREFIX=/usr
	assert_success
	export PKG_CONFIG_PATH=$stage/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$stage
	run bash -c "pkg-config --libs xdp-hello | tr ' ' '\n' | grep '^-l' | tr '\n' ' '"
	assert_output "-lxdphello -lxdp -lbpf -lelf -lz "
	run bash -c "pkg-config --static --libs xdp-hello | tr ' ' '\n' | grep '^-l' | sort -u | tr '\n' ' '"
	assert_output "-lbpf -lelf -lxdp -lxdphello -lz "
	# no HTTP server, no journal in the archive
	run bash -c "nm -u '$stage/usr/lib/libxdphello.a' | grep -cE 'MHD_|sd_journal'"
	assert_output 0
	# shellcheck disable=SC2046
	run gcc -static -O2 -Wall -Wextra -Werror "$SRC/examples/hlog-tail.c" -o "$BATS_TEST_TMPDIR/hlog-tail" \
		$(pkg-config --cflags --static --libs xdp-hello)
	assert_success
	# static: no program interpreter, no shared library needed
	run bash -c "readelf -lW '$BATS_TEST_TMPDIR/hlog-tail' | grep -c 'INTERP'; readelf -dW '$BATS_TEST_TMPDIR/hlog-tail' | grep -c NEEDED"
	assert_output "0
0"
	run in_a "$BATS_TEST_TMPDIR/hlog-tail" nosuch0
	assert_failure 1
	assert_output "hlog-tail: Couldn't find interface 'nosuch0': No such device (see 'ip link show')"
}

@test "install: the README's example builds, loads and logs as shown" {
	local src=$BATS_TEST_TMPDIR/my_prog.bpf.c
	awk '/^## Logging from your own XDP program/ { on = 1 } on && /^```c$/ { p = 1; next } p && /^```$/ { exit } p' \
		"$SRC/README.md" > "$src"
	grep -q 'hlog_info(ctx, "from %pM, ethertype 0x%04x"' "$src"
	# the build line in its first line, as written, against this
	# checkout installed in a staging directory
	local line stage=$BATS_TEST_TMPDIR/stage
	line=$(sed -n '1s|^// my_prog.bpf.c: ||p' "$src")
	[[ "$line" == "clang "*" -o my_prog.o" ]]
	run make -s -C "$SRC" SANITIZE= install DESTDIR="$stage" PREFIX=/usr
	assert_success
	run env -C "$BATS_TEST_TMPDIR" PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig" \
		PKG_CONFIG_SYSROOT_DIR="$stage" bash -c "$line"
	assert_success
	assert_output ""
	[ -s "$BATS_TEST_TMPDIR/my_prog.o" ]
	# and warning-free
	run clang -target bpf -O2 -g -Wall -Wextra -I"$XH_ROOT/headers" -I"/usr/include/$(gcc -dumpmachine)" -c "$src" -o "$BATS_TEST_TMPDIR/my_prog.o"
	assert_success
	assert_output ""
	in_a ip link set dev va xdpgeneric obj "$BATS_TEST_TMPDIR/my_prog.o" sec xdp
	start_log log -i va -c 2 --timeout 10
	send_udp 2
	bg_wait log
	assert_equal "$bg_status" 0
	local mac
	mac=$(in_b cat /sys/class/net/vb/address)
	run out_of log
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp "^\[[0-9T:-]{19}Z INFO  my_prog\] from $mac, ethertype 0x0800$"
	assert_line --index 1 --regexp "^\[[0-9T:-]{19}Z INFO  my_prog\] from $mac, ethertype 0x0800$"
	in_a ip link set dev va xdpgeneric off
}
