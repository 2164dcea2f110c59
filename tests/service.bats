#!/usr/bin/env bats
# The operator's path under a real systemd: the package built from this
# checkout installed with dpkg -i, xdp-hello@IF enabled on a veth whose peer
# is in a namespace, its messages in the journal, stop, SIGKILL and restart,
# /etc/xdp-hello/IF.conf, the interface deleted, systemd-analyze security.
# Needs systemd as PID 1: tests/run runs it in a guest booted with
# tests/vm/run-in-vm --systemd (a throwaway overlay root), the packages
# built on the host first (tests/vm/build-deb, into $XH_DEB_DIR).

load lib/helpers

IF=xhsvc0
UNIT=xdp-hello@$IF.service
CONF=/etc/xdp-hello/$IF.conf

setup_file() {
	export XH_DEB_DIR=${XH_DEB_DIR:-$XH_ROOT/tests/.out/deb}
	svc_skip_reason > /dev/null && return 0
	# the unit's interface is in the root namespace (systemd sees its
	# device there), its peer in NS_B; no IPv6, fixed neighbours: the
	# only packets on IF are those a test sends
	export NS_B="xh-svc-$$-b"
	echo "$NS_B" > "$BATS_FILE_TMPDIR/namespaces"
	ip netns add "$NS_B"
	ip netns exec "$NS_B" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip link add "$IF" type veth peer name vb netns "$NS_B"
	sysctl -qw "net.ipv6.conf.$IF.disable_ipv6=1"
	ip addr add "$IP_A/24" dev "$IF"
	ip -n "$NS_B" addr add "$IP_B/24" dev vb
	ip link set "$IF" up
	ip -n "$NS_B" link set vb up
	ip neigh replace "$IP_B" lladdr "$(mac_of "$NS_B" vb)" dev "$IF" nud permanent
	ip -n "$NS_B" neigh replace "$IP_A" lladdr "$(cat "/sys/class/net/$IF/address")" dev vb nud permanent
}

teardown_file() {
	svc_skip_reason > /dev/null && return 0
	systemctl disable --now "$UNIT" > /dev/null 2>&1
	rm -f "$CONF"
	ip link del "$IF" 2>/dev/null
	xh_teardown
	if [ -f "$BATS_FILE_TMPDIR/installed" ]; then
		dpkg --purge xdp-hello > /dev/null 2>&1
	fi
	return 0
}

setup() {
	local why
	why=$(svc_skip_reason) && skip "$why"
	return 0
}

# Prints why this file cannot run here (and succeeds), or fails.
svc_skip_reason() {
	if [ "$(cat /proc/1/comm 2>/dev/null)" != systemd ]; then
		echo "PID 1 is not systemd: tests/run runs this file in a systemd guest (tests/vm/run-in-vm --systemd)"
	elif [ -z "${XH_IN_VM:-}" ]; then
		echo "a real system: this file installs and purges the package; tests/run runs it in a throwaway guest"
	elif ! compgen -G "$XH_DEB_DIR/xdp-hello_*.deb" > /dev/null; then
		echo "no package in $XH_DEB_DIR (tests/vm/build-deb $XH_DEB_DIR)"
	else
		return 1
	fi
}

# wait_until SEC CMD...: CMD succeeds within SEC seconds (the guest is slow)
wait_until() {
	local n=$(($1 * 10))
	shift
	while ! "$@" > /dev/null 2>&1; do
		((n-- > 0)) || { echo "timed out waiting for: $*" >&2; return 1; }
		sleep 0.1
	done
}

attached() { ip link show dev "$IF" | grep -q 'prog/xdp id'; }
# the ids of the XDP programs on IF, one a line
xdp_ids() { bpftool -j net show dev "$IF" | jq -r '.[0].xdp[]?.id'; }
# the journal entries of the unit's current run with hello's messages
messages() {
	journalctl --sync
	journalctl --no-pager -o json -u "$UNIT" SYSLOG_IDENTIFIER=hello_world \
		_SYSTEMD_INVOCATION_ID="$(systemctl show -P InvocationID "$UNIT")"
}
count_is() { [ "$(messages | wc -l)" -ge "$1" ]; }
# started: active, and its program attached
started() { [ "$(systemctl is-active "$UNIT")" = active ] && attached; }
prop_is() { [ "$(systemctl show -P "$1" "$UNIT")" = "$2" ]; }
stopped() { prop_is ActiveState inactive || prop_is ActiveState failed; }

@test "service: dpkg -i installs the package and its unit" {
	touch "$BATS_FILE_TMPDIR/installed"
	run dpkg -i "$XH_DEB_DIR"/xdp-hello_*.deb
	assert_success
	run dpkg-query -W -f '${Status}' xdp-hello
	assert_output "install ok installed"
	run systemctl cat xdp-hello@.service
	assert_line --index 0 "# /lib/systemd/system/xdp-hello@.service"
}

@test "service: enable --now attaches hello; one journal entry per packet with the man page's fields" {
	run systemctl enable --now "$UNIT"
	assert_success
	assert_equal "$(systemctl is-enabled "$UNIT")" enabled
	wait_until 60 started
	send_udp 5
	wait_until 60 count_is 5
	sleep 2	# nothing more comes
	messages > "$BATS_TEST_TMPDIR/j.json"
	run jq -s length "$BATS_TEST_TMPDIR/j.json"
	assert_output 5
	local ifindex id
	ifindex=$(cat "/sys/class/net/$IF/ifindex")
	id=$(xdp_ids)
	run jq -r '[.MESSAGE, .PRIORITY, .SYSLOG_IDENTIFIER, .CODE_FILE, (.CODE_LINE | test("^[0-9]+$")),
		    .IFNAME, .IFINDEX, (.CPU | test("^[0-9]+$")), .RXQ, .HLOG_LEVEL,
		    (.HLOG_TIMESTAMP_BOOTTIME_NS | test("^[0-9]+$")),
		    (.HLOG_TIMESTAMP_REALTIME_USEC | test("^[0-9]+$")), .HLOG_PROGRAM_ID, .HLOG_ARGS] | join("|")' \
		"$BATS_TEST_TMPDIR/j.json"
	assert_equal "${#lines[@]}" 5
	local l
	for l in "${lines[@]}"; do
		assert_equal "$l" "received a packet|6|hello_world|hello.bpf.c|true|$IF|$ifindex|true|0|info|true|true|$id|[]"
	done
}

@test "service: systemctl stop leaves the interface bare" {
	wait_until 60 started
	run systemctl stop "$UNIT"
	assert_success
	assert_equal "$(systemctl is-active "$UNIT")" inactive
	run ip link show dev "$IF"
	refute_output --partial xdp
	run xdp_ids
	assert_output ""
}

@test "service: SIGKILL: systemd restarts it, and the interface has one program" {
	systemctl start "$UNIT"
	wait_until 60 started
	local pid old
	pid=$(systemctl show -P MainPID "$UNIT")
	old=$(xdp_ids)
	run systemctl kill -s KILL "$UNIT"
	assert_success
	# Restart=on-failure, RestartSec=2s
	wait_until 90 prop_is NRestarts 1
	wait_until 60 started
	[ "$(systemctl show -P MainPID "$UNIT")" != "$pid" ]
	run xdp_ids
	assert_equal "${#lines[@]}" 1
	[ "$output" != "$old" ]	# the killed one's link went with it
	send_udp 2
	wait_until 60 count_is 2
	sleep 2
	run messages
	assert_equal "${#lines[@]}" 2
}

@test "service: $CONF (level warn, --metrics) applies on systemctl restart" {
	mkdir -p /etc/xdp-hello
	printf '%s\n' XDP_HELLO_LEVEL=warn 'XDP_HELLO_OPTIONS="--metrics 127.0.0.1:9101"' > "$CONF"
	run systemctl restart "$UNIT"
	assert_success
	wait_until 60 started
	wait_until 60 curl -sf http://127.0.0.1:9101/metrics
	send_udp 3
	local l="interface=\"$IF\",program=\"hello_world\",id=\"$(xdp_ids)\""
	wait_until 60 grep -qx "xdp_hello_packets_total{$l} 3" <(curl -sf http://127.0.0.1:9101/metrics)
	curl -sf http://127.0.0.1:9101/metrics > "$BATS_TEST_TMPDIR/metrics.txt"
	run grep -E '^xdp_hello_(packets|printed)_total|^xdp_hello_messages_total.*level="info"' \
		"$BATS_TEST_TMPDIR/metrics.txt"
	assert_line "xdp_hello_packets_total{$l} 3"
	assert_line "xdp_hello_messages_total{$l,level=\"info\"} 3"
	# the info messages are below warn: none printed, none in the journal
	assert_line "xdp_hello_printed_total{$l} 0"
	run messages
	assert_output ""
}

@test "service: systemd-analyze security: exposure 2.5 or better" {
	wait_until 60 started
	run systemd-analyze security --no-pager "$UNIT"
	assert_success
	local score
	score=$(sed -n "s/^→ Overall exposure level for $UNIT: \([0-9.]*\) .*/\1/p" <<< "$output")
	[ -n "$score" ] || fail "no score in: ${lines[-1]}"
	echo "# exposure $score" >&3
	awk -v s="$score" 'BEGIN { exit !(s <= 2.5) }' || fail "exposure $score, more than 2.5"
}

@test "service: the interface deleted: the unit stops (BindsTo) and nothing is left" {
	wait_until 60 started
	local id
	id=$(xdp_ids)
	ip link del "$IF"
	# stopped and not restarted: inactive, or failed when xdp-hello saw
	# its interface go (exit 1) before systemd saw the device go
	wait_until 60 stopped || { systemctl status --no-pager "$UNIT"; false; }
	sleep 3	# RestartSec=2s, were it to restart
	stopped
	echo "# after the interface went: $(systemctl show -P ActiveState "$UNIT"), result $(systemctl show -P Result "$UNIT")" >&3
	# the program and its maps went with the link
	wait_until 10 sh -c "! bpftool prog show id $id"
	run bash -c "ls /sys/fs/bpf | grep -ci hello"
	assert_output 0
}
