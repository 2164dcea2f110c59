#!/usr/bin/env bats
# The operator's path under a real systemd: the package built from this
# checkout installed with dpkg -i, xdp-hello@IF enabled on a veth whose peer
# is in a namespace, its messages in the journal, stop, SIGKILL and restart,
# /etc/xdp-hello/IF.conf, the interface deleted, systemd-analyze security;
# and the fleet's collection: systemd-journal-upload shipping the journal to
# systemd-journal-remote on 127.0.0.1, Debian's Prometheus scraping the
# unit's --metrics.
# Needs systemd as PID 1: tests/run runs it in a guest booted with
# tests/vm/run-in-vm --systemd (a throwaway overlay root), the packages
# built on the host first (tests/vm/build-deb, into $XH_DEB_DIR).

load lib/helpers

IF=xhsvc0
UNIT=xdp-hello@$IF.service
CONF=/etc/xdp-hello/$IF.conf
# what an operator writes for the central collection, all on this node:
# journal-remote on 127.0.0.1 over http (Debian's unit listens on every
# address, https only), journal-upload sending there, and a scrape job
REMOTE_SOCKET_D=/etc/systemd/system/systemd-journal-remote.socket.d
REMOTE_SERVICE_D=/etc/systemd/system/systemd-journal-remote.service.d
UPLOAD_D=/etc/systemd/journal-upload.conf.d
REMOTE_DIR=/var/log/journal/remote
PROM_YML=/etc/prometheus/prometheus.yml
PROM=http://127.0.0.1:9090

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
	collection_teardown
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

# The collection's daemons stopped, their configuration as packaged and
# what they wrote gone (the journal-remote's files, journal-upload's state,
# the TSDB of a Prometheus that had none).
collection_teardown() {
	[ -f "$BATS_FILE_TMPDIR/collecting" ] || return 0
	systemctl stop prometheus.service systemd-journal-upload.service \
		systemd-journal-remote.socket systemd-journal-remote.service > /dev/null 2>&1
	[ ! -f "$BATS_FILE_TMPDIR/prometheus.yml" ] || cp -p "$BATS_FILE_TMPDIR/prometheus.yml" "$PROM_YML"
	if [ -f "$BATS_FILE_TMPDIR/tsdb-was-empty" ]; then
		find /var/lib/prometheus/metrics2 -mindepth 1 -delete
	fi
	rm -f "$REMOTE_SOCKET_D/xdp-hello-test.conf" "$REMOTE_SERVICE_D/xdp-hello-test.conf" \
		"$UPLOAD_D/xdp-hello-test.conf"
	rmdir "$REMOTE_SOCKET_D" "$REMOTE_SERVICE_D" "$UPLOAD_D" 2>/dev/null
	rm -rf "$REMOTE_DIR" /var/lib/private/systemd/journal-upload
	systemctl daemon-reload
	systemctl reset-failed > /dev/null 2>&1
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
# the same entries as journal-remote wrote them
remote_messages() {
	journalctl --no-pager -o json --directory="$REMOTE_DIR" -u "$UNIT" SYSLOG_IDENTIFIER=hello_world \
		_SYSTEMD_INVOCATION_ID="$(systemctl show -P InvocationID "$UNIT")"
}
remote_count_is() { [ "$(remote_messages | wc -l)" -ge "$1" ]; }
# prom_value QUERY: the first sample's value from Prometheus' API, or ""
prom_value() {
	curl -sfG "$PROM/api/v1/query" --data-urlencode "query=$1" |
		jq -r '.data.result[0].value[1] // empty'
}
prom_is() { [ "$(prom_value "$1")" = "$2" ]; }
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

# need PROGRAM PACKAGE: skip, naming the package, without PROGRAM
need() {
	[ -x "$1" ] || command -v "$1" > /dev/null ||
		skip "needs $1 (apt-get install $2, or ./configure --install-deps)"
}

@test "service: journal-upload ships each entry to journal-remote on 127.0.0.1, every field kept" {
	need /lib/systemd/systemd-journal-remote systemd-journal-remote
	need /lib/systemd/systemd-journal-upload systemd-journal-remote
	touch "$BATS_FILE_TMPDIR/collecting"
	mkdir -p "$REMOTE_SOCKET_D" "$REMOTE_SERVICE_D" "$UPLOAD_D"
	printf '%s\n' '[Socket]' 'ListenStream=' 'ListenStream=127.0.0.1:19532' \
		> "$REMOTE_SOCKET_D/xdp-hello-test.conf"
	printf '%s\n' '[Service]' 'ExecStart=' \
		"ExecStart=/lib/systemd/systemd-journal-remote --listen-http=-3 --output=$REMOTE_DIR/" \
		> "$REMOTE_SERVICE_D/xdp-hello-test.conf"
	printf '%s\n' '[Upload]' 'URL=http://127.0.0.1:19532' > "$UPLOAD_D/xdp-hello-test.conf"
	systemctl daemon-reload
	run systemctl start systemd-journal-remote.socket systemd-journal-upload.service
	assert_success
	run ss -Hltn sport = 19532
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '127\.0\.0\.1:19532 '
	# the default level again (info), --metrics kept for the next test
	printf '%s\n' 'XDP_HELLO_OPTIONS="--metrics 127.0.0.1:9101"' > "$CONF"
	systemctl restart "$UNIT"
	wait_until 60 started
	send_udp 4
	wait_until 60 count_is 4
	wait_until 60 remote_count_is 4
	sleep 2	# nothing more comes
	# the same entries, field for field (only the cursor is the
	# receiving journal's own)
	messages | jq -cS 'del(.__CURSOR)' > "$BATS_TEST_TMPDIR/local.json"
	remote_messages | jq -cS 'del(.__CURSOR)' > "$BATS_TEST_TMPDIR/remote.json"
	run jq -s length "$BATS_TEST_TMPDIR/remote.json"
	assert_output 4
	run diff "$BATS_TEST_TMPDIR/local.json" "$BATS_TEST_TMPDIR/remote.json"
	assert_success
	local ifindex id l
	ifindex=$(cat "/sys/class/net/$IF/ifindex")
	id=$(xdp_ids)
	run jq -r '[.MESSAGE, .PRIORITY, .SYSLOG_IDENTIFIER, .CODE_FILE, (.CODE_LINE | test("^[0-9]+$")),
		    .IFNAME, .IFINDEX, (.CPU | test("^[0-9]+$")), .RXQ, .HLOG_LEVEL,
		    (.HLOG_TIMESTAMP_BOOTTIME_NS | test("^[0-9]+$")),
		    (.HLOG_TIMESTAMP_REALTIME_USEC | test("^[0-9]+$")), .HLOG_PROGRAM_ID, .HLOG_ARGS,
		    ._SYSTEMD_UNIT] | join("|")' \
		"$BATS_TEST_TMPDIR/remote.json"
	assert_equal "${#lines[@]}" 4
	for l in "${lines[@]}"; do
		assert_equal "$l" "received a packet|6|hello_world|hello.bpf.c|true|$IF|$ifindex|true|0|info|true|true|$id|[]|$UNIT"
	done
}

@test "service: Debian's Prometheus, a scrape job for --metrics: packets equal to those sent" {
	need prometheus prometheus
	need promtool prometheus
	touch "$BATS_FILE_TMPDIR/collecting"
	[ -n "$(ls -A /var/lib/prometheus/metrics2)" ] || touch "$BATS_FILE_TMPDIR/tsdb-was-empty"
	cp -p "$PROM_YML" "$BATS_FILE_TMPDIR/prometheus.yml"
	# the packaged file ends with its scrape_configs: the job goes last
	cat >> "$PROM_YML" <<-EOF
	  - job_name: xdp-hello
	    scrape_interval: 1s
	    static_configs:
	      - targets: ['127.0.0.1:9101']
	EOF
	run promtool check config "$PROM_YML"
	assert_success
	run systemctl restart prometheus.service
	assert_success
	# as configured by the previous test; restarted, so that the
	# counters are of a new program and start at 0
	printf '%s\n' 'XDP_HELLO_OPTIONS="--metrics 127.0.0.1:9101"' > "$CONF"
	systemctl restart "$UNIT"
	wait_until 60 started
	wait_until 60 curl -sf http://127.0.0.1:9101/metrics
	send_udp 3
	local q="xdp_hello_packets_total{job=\"xdp-hello\",interface=\"$IF\",id=\"$(xdp_ids)\"}"
	# the first scrape comes ~12 s after the start under emulation
	wait_until 90 prom_is "$q" 3 || fail "Prometheus says '$(prom_value "$q")' for $q"
	sleep 2	# scraped again: still 3
	run prom_value "$q"
	assert_output 3
	run prom_value 'up{job="xdp-hello"}'
	assert_output 1
	# one series for the interface: the program before the restart's is stale
	run prom_value "count(xdp_hello_packets_total{job=\"xdp-hello\",interface=\"$IF\"})"
	assert_output 1
}

@test "service: the interface deleted: the unit stops (BindsTo) and nothing is left" {
	wait_until 60 started
	local id restarts
	id=$(xdp_ids)
	restarts=$(systemctl show -P NRestarts "$UNIT")
	ip link del "$IF"
	# stopped and not restarted: inactive, or failed when xdp-hello saw
	# its program go with the interface (exit 1, Result=exit-code) before
	# systemd saw the device go; which comes first is a race
	wait_until 60 stopped || { systemctl status --no-pager "$UNIT"; false; }
	sleep 3	# RestartSec=2s, were it to restart
	stopped
	assert_equal "$(systemctl show -P NRestarts "$UNIT")" "$restarts"
	echo "# after the interface went: $(systemctl show -P ActiveState "$UNIT"), result $(systemctl show -P Result "$UNIT")" >&3
	# the program and its maps went with the link
	wait_until 10 sh -c "! bpftool prog show id $id"
	run bash -c "ls /sys/fs/bpf | grep -ci hello"
	assert_output 0
}
