#!/usr/bin/env bats
# The Debian package: dpkg-buildpackage builds it from a copy of the tree
# (tests/vm/build-deb),
# lintian has nothing to say, 'apt-get install ./xdp-hello_*.deb' installs
# it, the tutorial runs on the installed files, and purging it leaves none.
# Slow-ish (a full package build): about half a minute.

load lib/helpers

setup_file() {
	export PKG_DIR=$BATS_FILE_TMPDIR/pkg
	export MULTIARCH
	MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -dumpmachine)
	deb_skip_reason > /dev/null && return 0
	xh_setup_pair
}

teardown_file() {
	xh_teardown
	# whatever happened, what this file installed goes
	if [ -f "$BATS_FILE_TMPDIR/installed" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq xdp-hello xdp-hello-dev \
			> /dev/null 2>&1 || true
	fi
}

setup() {
	local why
	why=$(deb_skip_reason) && skip "$why"
	return 0
}
teardown() { xh_kill_bg; }

# Prints why this file cannot run here (and succeeds), or fails.
deb_skip_reason() {
	if [ -n "${XH_IN_VM:-}" ]; then
		echo "the guest's / is the host's, read-only: packages are built and installed on the host"
	elif ! command -v dpkg-buildpackage > /dev/null || ! command -v dh > /dev/null; then
		echo "dpkg-buildpackage or dh missing (apt-get install dpkg-dev debhelper build-essential, or ./configure --install-deps)"
	elif dpkg-query -W -f '${Status}' xdp-hello 2>/dev/null | grep -q ' installed' &&
		[ ! -f "$BATS_FILE_TMPDIR/installed" ]; then
		echo "xdp-hello is installed as a package already: this test would replace and purge it"
	elif [ -e /usr/sbin/xdp-hello ] && ! dpkg -S /usr/sbin/xdp-hello > /dev/null 2>&1; then
		echo "/usr/sbin/xdp-hello exists and is not from a package (make install PREFIX=/usr?): the package would overwrite it"
	else
		return 1
	fi
}

need_debs() {
	compgen -G "$PKG_DIR/xdp-hello_*.deb" > /dev/null ||
		skip "no package: it did not build (see the build test)"
}

@test "deb: dpkg-buildpackage -us -uc -b builds xdp-hello and xdp-hello-dev" {
	# from a copy of the tree, as the systemd guest's packages (the
	# checkout stays as it is); the log's tail on failure
	run "$XH_ROOT/tests/vm/build-deb" "$PKG_DIR"
	assert_success
	local version
	version=$(cd "$XH_ROOT" && dpkg-parsechangelog -S Version)
	# debian/changelog and the Makefile agree on the version
	assert_equal "$version" "$(sed -n 's/^VERSION := //p' "$XH_ROOT/Makefile")"
	cd "$PKG_DIR"
	run dpkg-deb -c xdp-hello_"$version"_*.deb
	assert_success
	assert_output --partial " ./usr/sbin/xdp-hello"
	assert_output --partial " ./usr/lib/$MULTIARCH/bpf/hello.o"
	assert_output --partial " ./usr/lib/$MULTIARCH/bpf/proto_count.o"
	assert_output --partial " ./usr/lib/$MULTIARCH/bpf/tc_syn.o"
	assert_output --partial " ./usr/lib/$MULTIARCH/bpf/execve.o"
	assert_output --partial " ./usr/share/man/man8/xdp-hello.8.gz"
	assert_output --partial " ./usr/share/bash-completion/completions/xdp-hello"
	assert_output --partial " ./lib/systemd/system/xdp-hello@.service"
	run dpkg-deb -c xdp-hello-dev_"$version"_*.deb
	assert_output --partial " ./usr/include/xdp_hello/log.h"
	assert_output --partial " ./usr/include/xdp_hello/reader.h"
	refute_output --partial "/usr/include/xdp_hello/lib/"
	assert_output --partial " ./usr/lib/$MULTIARCH/libxdphello.a"
	assert_output --partial " ./usr/lib/$MULTIARCH/pkgconfig/xdp-hello.pc"
}

@test "deb: lintian finds nothing (overrides explain the BPF objects)" {
	need_debs
	command -v lintian > /dev/null || skip "lintian not installed (apt-get install lintian)"
	cd "$PKG_DIR"
	run lintian --fail-on error,warning,info,pedantic -I --pedantic xdp-hello_*.changes
	# lintian says "running with root privileges is not recommended" on stderr
	assert_success
	run grep -E '^[EWIPX]: ' <<< "$output"
	assert_output ""
}

@test "deb: apt-get install ./xdp-hello_*.deb, then the tutorial on the installed files" {
	need_debs
	cd "$PKG_DIR"
	touch "$BATS_FILE_TMPDIR/installed"
	run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		./xdp-hello_*.deb ./xdp-hello-dev_*.deb
	assert_success
	run dpkg -S /usr/sbin/xdp-hello
	assert_output "xdp-hello: /usr/sbin/xdp-hello"
	run /usr/sbin/xdp-hello --version
	assert_output --regexp "^xdp-hello $(dpkg-query -W -f '${Version}' xdp-hello) \(libbpf v[0-9.]+, libxdp [0-9.]+\)$"

	# the tutorial: xdp-hello run -i lo, nc -l 9090, the quick brown fox;
	# the installed utility finds the installed hello.o by itself
	bg listener in_a nc -l 9090
	bg run in_a env -u XDP_HELLO_OBJECT_DIR /usr/sbin/xdp-hello run -i lo
	wait_for_text run.err "Waiting for Ctrl-C..."
	echo "the quick brown fox jumped over the lazy dog" | in_a nc -N 127.0.0.1 9090
	bg_wait listener
	assert_equal "$(out_of listener)" "the quick brown fox jumped over the lazy dog"
	local packets
	packets=$(in_a /usr/sbin/xdp-hello status lo | awk '$1 == "Packets:" { print $2 }')
	[ "$packets" -ge 6 ]	# a TCP session: handshake, data, acks, two FINs
	wait_for_lines run.out "$packets"
	kill -INT "$(bg_pid run)"
	bg_wait run
	assert_equal "$bg_status" 0
	assert_hello_lines run.out "$packets"
	run err_of run
	assert_line --index 0 "Waiting for Ctrl-C..."
	assert_line --index 1 "Exiting..."
	assert_line --index 2 "$packets messages, 0 lost"
	assert_equal "$(xdp_state "$NS_A" lo)" ""

	# the man page, with the package's object directory
	run man -w xdp-hello
	assert_output "/usr/share/man/man8/xdp-hello.8.gz"
	MANWIDTH=100 run man xdp-hello
	assert_output --partial "/usr/lib/$MULTIARCH/bpf/hello.o"
	# bash completion, from where bash-completion looks for it
	run bash -c 'source /usr/share/bash-completion/completions/xdp-hello
		COMP_WORDS=(xdp-hello st); COMP_CWORD=1; _xdp_hello; echo "${COMPREPLY[*]}"'
	assert_output "status stats"
	# xdp-hello-dev: a consumer builds against the system's xdp-hello.pc
	cat > "$BATS_TEST_TMPDIR/c.c" <<-'EOF'
	#include <stdio.h>
	#include <xdp_hello/reader.h>
	int main(void) { puts(hlog_level_name(HLOG_WARN)); return 0; }
	EOF
	# shellcheck disable=SC2046
	run gcc "$BATS_TEST_TMPDIR/c.c" -o "$BATS_TEST_TMPDIR/c" $(pkg-config --cflags --libs xdp-hello)
	assert_success
	run "$BATS_TEST_TMPDIR/c"
	assert_output "warn"
}

@test "deb: apt-get purge removes every file of the packages" {
	need_debs
	[ -f "$BATS_FILE_TMPDIR/installed" ] || skip "not installed (see the install test)"
	local files left d
	# every file of the packages (directories may be shared with others)
	files=$(dpkg -L xdp-hello xdp-hello-dev | while read -r f; do
		[ -d "$f" ] || echo "$f"; done)
	[ -n "$files" ]
	run env DEBIAN_FRONTEND=noninteractive apt-get purge -y xdp-hello xdp-hello-dev
	assert_success
	rm -f "$BATS_FILE_TMPDIR/installed"
	run dpkg-query -W -f '${Status}' xdp-hello
	refute_output --partial " installed"
	left=$(while read -r f; do [ ! -e "$f" ] || echo "$f"; done <<< "$files")
	assert_equal "$left" ""
	# and the directories that were only ours
	for d in /usr/include/xdp_hello /usr/share/doc/xdp-hello /usr/share/doc/xdp-hello-dev; do
		[ ! -e "$d" ] || fail "$d is left"
	done
}
