#!/usr/bin/env bats
# hello as one program of libxdp's multi-program dispatcher, next to other.o
# (priority 60, counts and passes) and drop.o (70, counts and drops). The
# dispatcher needs freplace: these run in the guest of 'make check-vm'
# (tests/vm/run-in-vm, a stock Debian kernel) and skip elsewhere.

load lib/helpers
bats_require_minimum_version 1.5.0

DROP_O=$XH_ROOT/tests/progs/drop.o

# bats 1.8 cannot skip from setup_file
in_guest() { [ -n "${XH_IN_VM:-}" ]; }
setup() {
	in_guest || skip "needs freplace: the host kernel refuses it; run 'make check-vm'"
}

setup_file() {
	in_guest || return 0
	xh_setup_pair
	# 'ip netns exec' mounts a fresh /sys without the bpffs where libxdp
	# pins the dispatcher's links; one it mounted itself would go, and the
	# links with it, when the command exits. Give commands the system's,
	# as a root shell has it.
	export BPFFS=$BATS_FILE_TMPDIR/bpffs
	mkdir "$BPFFS"
	mount --bind /sys/fs/bpf "$BPFFS"
	pins > "$BATS_FILE_TMPDIR/pins"
}

teardown_file() {
	[ -n "${BPFFS:-}" ] || return 0
	xh_teardown
	# Links of a dispatcher whose device went with its namespace.
	local p
	for p in $(pins); do
		grep -qxF "$p" "$BATS_FILE_TMPDIR/pins" || rm -rf "/sys/fs/bpf/xdp/$p"
	done
	umount -l "$BPFFS"
}

teardown() {
	local dev
	[ -n "${BPFFS:-}" ] || return 0
	xh_kill_bg
	for dev in lo va; do
		bin_a xdp-loader unload "$dev" --all >/dev/null 2>&1
		in_a ip link set dev "$dev" xdpgeneric off 2>/dev/null
		in_a ip link set dev "$dev" xdpdrv off 2>/dev/null
	done
	return 0
}

# CMD in NS_A with the system's bpffs: bin_a CMD..., or in the background
# bg NAME in_a "${WITH_BPFFS[@]}" CMD... (which leaves CMD's pid in $!)
WITH_BPFFS=(sh -c 'mount --bind "$BPFFS" /sys/fs/bpf && exec "$@"' sh)
bin_a() { in_a "${WITH_BPFFS[@]}" "$@"; }

# libxdp's pins: a directory per dispatcher
pins() { ls /sys/fs/bpf/xdp 2>/dev/null || true; }

# "PRIO NAME" of each program in DEV's dispatcher, in the order it runs them
components() {
	bin_a xdp-loader status "$1" | awk '$1 == "=>" { print $2, $3 }'
}

# "MODE" of DEV's dispatcher, "" when there is none
dispatcher_mode() {
	bin_a xdp-loader status "$1" | awk -v d="$1" '$1 == d && $2 == "xdp_dispatcher" { print $3 }'
}

# map_total DEV PROG MAP: MAP of dispatcher component PROG, summed over CPUs
map_total() {
	local prog map
	prog=$(bin_a xdp-loader status "$1" | awk -v p="$2" '$1 == "=>" && $3 == p { print $4 }')
	[ -n "$prog" ] || { echo "no $2 on $1"; return 1; }
	for map in $(bpftool prog show id "$prog" -j | jq '.map_ids[]'); do
		[ "$(bpftool map show id "$map" -j | jq -r .name)" = "$3" ] || continue
		bpftool map dump id "$map" -j |
			jq '[.[] | (.formatted // .) | .values[].value] | add'
		return 0
	done
	echo "no map $3 in $2"
	return 1
}

# UDP datagrams NS_A's stack got for a closed port: counts what XDP passed
udp_noports() {
	in_a awk '$1 == "Udp:" && $2 ~ /^[0-9]+$/ { print $3 }' /proc/net/snmp
}

# lo_udp N: N datagrams to a closed port on NS_A's lo. Each passes XDP on
# lo twice: the datagram and the ICMP port unreachable it causes.
lo_udp() {
	in_a bash -c "for ((i = 0; i < $1; i++)); do echo x > /dev/udp/127.0.0.1/9; done" 2>/dev/null
	return 0
}

# hello_logs DEV N: 'xdp-hello log -c N' prints exactly N lines for what is
# queued (--backlog: the traffic was sent before), and hello counted N.
hello_logs() {
	bg log in_a "$XH" log -i "$1" --backlog -c "$2" --timeout 9
	bg_wait log
	assert_equal "$bg_status" 0
	assert_hello_lines log.out "$2"
	assert_equal "$(err_of log)" "$2 messages, 0 lost"
	assert_equal "$(status_field "$NS_A" "$1" Packets)" "$2"
	assert_equal "$(status_field "$NS_A" "$1" Lost)" 0
}

@test "dispatcher: xdp-loader loads hello.o and other.o on lo: hello (50) then other (60), both see every packet" {
	run bin_a xdp-loader load -m skb lo "$HELLO_O" "$OTHER_O"
	assert_success
	assert_equal "$(dispatcher_mode lo)" skb
	run components lo
	assert_output "50 hello_world
60 other_prog"
	run in_a "$XH" status lo
	assert_success
	assert_line --index 1 --regexp '^Program:   hello_world \(id [0-9]+\), skb mode, in a libxdp dispatcher$'
	lo_udp 5
	hello_logs lo 10
	assert_equal "$(map_total lo other_prog other_count)" 10
	run bin_a xdp-loader unload lo --all
	assert_success
	assert_equal "$(xdp_state "$NS_A" lo)" ""
}

@test "dispatcher: xdp-hello load joins the dispatcher xdp-loader made for other.o; unload takes only hello" {
	run bin_a xdp-loader load -m skb lo "$OTHER_O"
	assert_success
	assert_equal "$(dispatcher_mode lo)" skb
	run bin_a "$XH" load -m skb lo
	assert_success
	assert_output --regexp "^Loaded 'hello_world' \(id [0-9]+\) on 'lo'$"
	run components lo
	assert_output "50 hello_world
60 other_prog"
	run in_a "$XH" status lo
	assert_line --index 1 --partial "skb mode, in a libxdp dispatcher"
	lo_udp 3
	hello_logs lo 6
	assert_equal "$(map_total lo other_prog other_count)" 6

	run bin_a "$XH" unload lo
	assert_success
	assert_output --regexp "^Unloaded 'hello_world' \(id [0-9]+\) from 'lo'$"
	run components lo
	assert_output "60 other_prog"
	# the hints fit a dispatcher: hello joins it, unload leaves it alone
	run --separate-stderr in_a "$XH" status lo
	assert_failure 1
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	[[ "$stderr" =~ ^"Couldn't find an hlog program on 'lo': ".*" (load hello beside them with 'xdp-hello load lo')"$ ]] || fail "$stderr"
	run --separate-stderr bin_a "$XH" unload lo
	assert_failure 1
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	[[ "$stderr" =~ ^"Couldn't find an hlog program on 'lo': ".*" (xdp-hello unloads hlog programs only; 'xdp-loader unload lo --all' removes the others)"$ ]] || fail "$stderr"
	run components lo
	assert_output "60 other_prog"
	# other still runs: 2 more datagrams, 4 more packets
	lo_udp 2
	assert_equal "$(map_total lo other_prog other_count)" 10
}

@test "dispatcher: xdp-loader puts hello before drop.o: hello logs every packet, drop.o still drops it" {
	local before
	run bin_a xdp-loader load -m skb va "$HELLO_O" "$DROP_O"
	assert_success
	run components va
	assert_output "50 hello_world
70 drop_prog"
	before=$(udp_noports)
	send_udp 8
	hello_logs va 8
	assert_equal "$(map_total va drop_prog drop_count)" 8
	# none reached the stack (without drop.o each is one NoPorts: see below)
	assert_equal "$(udp_noports)" "$before"
}

@test "dispatcher: xdp-hello run joins the dispatcher on lo; Ctrl-C takes only hello" {
	run bin_a xdp-loader load -m skb lo "$OTHER_O"
	assert_success
	bg run in_a "${WITH_BPFFS[@]}" "$XH" run -i lo -m skb
	wait_for_text run.err "Waiting for Ctrl-C..."
	run components lo
	assert_output "50 hello_world
60 other_prog"
	lo_udp 4
	wait_for_lines run.out 8
	kill -INT "$(bg_pid run)"
	bg_wait run
	assert_equal "$bg_status" 0
	assert_hello_lines run.out 8
	run err_of run
	assert_output "Waiting for Ctrl-C...
Exiting...
8 messages, 0 lost"
	run components lo
	assert_output "60 other_prog"
	assert_equal "$(map_total lo other_prog other_count)" 8
	lo_udp 1
	assert_equal "$(map_total lo other_prog other_count)" 10
}

@test "dispatcher: native mode on a veth: xdp-loader loads both, every packet reaches both and the stack" {
	local before
	run bin_a xdp-loader load -m native va "$HELLO_O" "$OTHER_O"
	assert_success
	assert_equal "$(dispatcher_mode va)" native
	run components va
	assert_output "50 hello_world
60 other_prog"
	run in_a "$XH" status va
	assert_line --index 1 --regexp '^Program:   hello_world \(id [0-9]+\), native mode, in a libxdp dispatcher$'
	before=$(udp_noports)
	send_udp 12
	hello_logs va 12
	assert_equal "$(map_total va other_prog other_count)" 12
	assert_equal "$(udp_noports)" "$((before + 12))"
}

@test "dispatcher: native mode on a veth: xdp-hello load joins other.o, unload takes only hello" {
	run bin_a xdp-loader load -m native va "$OTHER_O"
	assert_success
	run bin_a "$XH" load -m native va
	assert_success
	run components va
	assert_output "50 hello_world
60 other_prog"
	assert_equal "$(dispatcher_mode va)" native
	send_udp 5
	hello_logs va 5
	run bin_a "$XH" unload va
	assert_success
	run components va
	assert_output "60 other_prog"
	send_udp 2
	assert_equal "$(map_total va other_prog other_count)" 7
}

@test "dispatcher: native mode on a veth: xdp-hello run joins; Ctrl-C takes only hello" {
	run bin_a xdp-loader load -m native va "$OTHER_O"
	assert_success
	bg run in_a "${WITH_BPFFS[@]}" "$XH" run -i va -m native
	wait_for_text run.err "Waiting for Ctrl-C..."
	run components va
	assert_output "50 hello_world
60 other_prog"
	send_udp 6
	wait_for_lines run.out 6
	kill -INT "$(bg_pid run)"
	bg_wait run
	assert_equal "$bg_status" 0
	assert_hello_lines run.out 6
	run err_of run
	assert_line --index 2 "6 messages, 0 lost"
	run components va
	assert_output "60 other_prog"
	assert_equal "$(dispatcher_mode va)" native
	send_udp 1
	assert_equal "$(map_total va other_prog other_count)" 7
}

@test "dispatcher: unloading left no pins and no XDP program behind" {
	run pins
	assert_output "$(cat "$BATS_FILE_TMPDIR/pins")"
	assert_equal "$(xdp_state "$NS_A" lo)$(xdp_state "$NS_A" va)" ""
}
