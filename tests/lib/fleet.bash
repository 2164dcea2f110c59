# The real components the fleet tests talk to, started by the tests and
# gone with them: journald in a mount namespace of its own, Prometheus in
# the test's network namespace, the unit under systemd-analyze.

# need_cmd CMD PACKAGE: skip, naming the package, without CMD
need_cmd() {
	command -v "$1" > /dev/null || [ -x "$1" ] ||
		skip "needs $1 (apt-get install $2, or ./configure --install-deps)"
}

# need_dir DIR: a mount point; made if missing, removed by fleet_teardown
need_dir() {
	[ -d "$1" ] || { mkdir "$1" && echo "$1" >> "$BATS_FILE_TMPDIR/made.dirs"; }
}

# start_journald: a journald of our own, volatile, in a private mount
# namespace whose /run/systemd, /run/log and /var/log/journal are tmpfs, so
# nothing reaches the host's. Sets JPID; in_journal CMD... runs there.
# Entering it takes nsenter -m -r: setns() puts a process at the root of
# the namespace's mount tree, which is not its root where that is a
# chroot (the qemu guests' init chroots into the host's root: without -r,
# nsenter looked in the initramfs for journald's socket, and never saw it).
start_journald() {
	need_cmd /lib/systemd/systemd-journald systemd
	need_cmd journalctl systemd
	local conf=$BATS_TEST_TMPDIR/journald.conf d
	printf '[Journal]\nStorage=volatile\nReadKMsg=no\nForwardToSyslog=no\nForwardToWall=no\nForwardToConsole=no\nRateLimitBurst=0\n' > "$conf"
	[ -e /etc/systemd/journald.conf ] || skip "needs journald.conf (apt-get install systemd)"
	# mount points for the tmpfs (a systemd host has them; made here and
	# removed by fleet_teardown otherwise)
	for d in /run/systemd /run/log /var/log/journal; do
		need_dir "$d"
	done
	# the shell execs journald: its pid is the namespace's
	unshare -m --propagation private sh -c "
		mount -t tmpfs tmpfs /run/systemd && mount -t tmpfs tmpfs /run/log &&
		mount -t tmpfs tmpfs /var/log/journal &&
		mount --bind '$conf' /etc/systemd/journald.conf &&
		mkdir -p /run/systemd/journal &&
		exec /lib/systemd/systemd-journald" \
		< /dev/null > "$BATS_TEST_TMPDIR/journald.out" 2>&1 3>&- &
	JPID=$!
	echo "$JPID" >> "$BATS_FILE_TMPDIR/bg.pids"
	local i
	for ((i = 0; i < 50; i++)); do
		nsenter -t "$JPID" -m -r -- test -S /run/systemd/journal/socket && return 0
		sleep 0.1
	done
	echo "journald did not start: $(cat "$BATS_TEST_TMPDIR/journald.out")" >&2
	return 1
}
in_journal() { nsenter -t "$JPID" -m -r -- "$@"; }
# journal_json [MATCH...]: every entry as JSON, one per line
journal_json() {
	in_journal journalctl --sync
	in_journal journalctl --no-pager -o json "$@"
}

# start_prometheus TARGET_PORT: a Prometheus of our own in NS_A, scraping
# 127.0.0.1:TARGET_PORT every second; sets PROM (its base URL)
start_prometheus() {
	need_cmd prometheus prometheus
	local dir=$BATS_TEST_TMPDIR/prom port=9190
	mkdir -p "$dir/data"
	cat > "$dir/prometheus.yml" <<EOF_YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: xdp-hello
    static_configs:
      - targets: ['127.0.0.1:$1']
EOF_YML
	bg prometheus in_a prometheus --config.file="$dir/prometheus.yml" \
		--storage.tsdb.path="$dir/data" --web.listen-address="127.0.0.1:$port"
	PROM=http://127.0.0.1:$port
	local i
	for ((i = 0; i < 100; i++)); do
		in_a curl -sf "$PROM/-/ready" > /dev/null && return 0
		sleep 0.1
	done
	echo "prometheus did not start: $(tail -3 "$BATS_TEST_TMPDIR/prometheus.err")" >&2
	return 1
}

# prom_value QUERY: the first sample's value, or "" (none yet)
prom_value() {
	in_a curl -sfG "$PROM/api/v1/query" --data-urlencode "query=$1" |
		jq -r '.data.result[0].value[1] // empty'
}

# skip when this build has no journal output / metrics endpoint
xh_journal_built() {
	"$XH" log --output journal -i lo 2>&1 | grep -q "built without libsystemd" &&
		skip "xdp-hello was built without libsystemd (apt-get install libsystemd-dev, ./configure)"
	return 0
}
xh_metrics_built() {
	"$XH" log --metrics :0 -i lo 2>&1 | grep -q "built without libmicrohttpd" &&
		skip "xdp-hello was built without libmicrohttpd (apt-get install libmicrohttpd-dev, ./configure)"
	return 0
}

# After each test: our journald and its mount points gone.
fleet_teardown() {
	xh_clean_test
	[ -f "$BATS_FILE_TMPDIR/made.dirs" ] || return 0
	sleep 0.2	# the killed journald's namespace goes with it
	tac "$BATS_FILE_TMPDIR/made.dirs" | xargs -r rmdir 2>/dev/null
	rm -f "$BATS_FILE_TMPDIR/made.dirs"
	return 0
}
