#!/usr/bin/env bats
# Bad input: one clear line on stderr with a hint, the documented exit code
# (1 failure, 2 usage), nothing on stdout, and the interfaces' XDP state
# exactly as before.

load lib/helpers
bats_require_minimum_version 1.5.0

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }
teardown() { xh_clean_test; }

state() { echo "va=[$(xdp_state "$NS_A" va)] lo=[$(xdp_state "$NS_A" lo)]"; }

# refuses CODE REGEX cmd...: run in NS_A; exit CODE, one stderr line
# matching REGEX, empty stdout, XDP state of va and lo unchanged.
refuses() {
	local code=$1 re=$2 before
	shift 2
	before=$(state)
	run --separate-stderr ip netns exec "$NS_A" "$@"
	assert_equal "$status" "$code"
	assert_equal "$output" ""
	assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
	[[ "$stderr" =~ $re ]] || fail "stderr '$stderr' does not match '$re'"
	assert_equal "$(state)" "$before"
}

@test "errors: unknown interface" {
	refuses 1 "^Couldn't find interface 'nosuch0': No such device \(see 'ip link show'\)$" \
		"$XH" run -i nosuch0
	refuses 1 "^Couldn't find interface 'nosuch0'" "$XH" log -i nosuch0
	refuses 1 "^Couldn't find interface 'nosuch0'" "$XH" load nosuch0
}

@test "errors: interface name too long" {
	refuses 1 "^Couldn't find interface 'averyveryverylongname0': name longer than 15 characters$" \
		"$XH" run -i averyveryverylongname0
}

@test "errors: run on an interface that is down" {
	in_a ip link add vdown type veth peer name vdown2
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'vdown': the interface is down \(bring it up: 'ip link set vdown up'\)$" \
		"$XH" run -i vdown
	# load may prepare a down interface, and says so
	run in_a "$XH" load -m skb vdown
	assert_success
	assert_output --regexp "^Loaded 'hello_world' \(id [0-9]+\) on 'vdown' \(the interface is down"
	in_a ip link del vdown
}

@test "errors: tracefs that cannot be mounted for --source trace_pipe" {
	in_a "$XH" load -m skb va 2>/dev/null
	refuses 1 "^Couldn't open trace pipe '/sys/kernel/tracing/trace_pipe': No such file or directory \(is tracefs mounted\? try 'mount -t tracefs nodev /sys/kernel/tracing'\)$" \
		unshare -m sh -c "mount -t tmpfs none /sys/kernel && exec '$XH' log -i va --source trace_pipe"
	run in_a "$XH" status va
	assert_line --index 2 "Level:     info, bpf_printk off"
}

@test "errors: no bpffs (ip netns exec gives a fresh /sys): load and unload still work" {
	run in_a sh -c "umount /sys/fs/bpf 2>/dev/null; '$XH' load -m skb va && '$XH' unload va"
	assert_success
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "errors: no XDP program on the interface (log, status, unload, level)" {
	local re="^Couldn't find an hlog program on 'va': no XDP or tc program attached \(load hello with 'xdp-hello load va'\)$"
	refuses 1 "$re" "$XH" log -i va
	refuses 1 "$re" "$XH" status va
	refuses 1 "$re" "$XH" level -i va debug
	# unload removes hello's XDP program only
	refuses 1 "^Couldn't find an hlog program on 'va': no XDP program attached \(load hello with 'xdp-hello load va'\)$" \
		"$XH" unload va
}

@test "errors: another program, not hello, on the interface" {
	in_a ip link set dev va xdpgeneric obj "$OTHER_O" sec xdp
	refuses 1 "^Couldn't find an hlog program on 'va': XDP program 'other_prog' \(id [0-9]+\) has no hlog_ring map \(load hello in its place with 'xdp-hello load --force va', or beside it with xdp-loader\)$" \
		"$XH" log -i va
	refuses 1 "^Couldn't find an hlog program on 'va': XDP program 'other_prog' \(id [0-9]+\) has no hlog_ring map \(xdp-hello unloads hlog programs only; 'ip link set dev va xdp off' removes any\)$" \
		"$XH" unload va
	# the hint works as given
	run in_a "$XH" load --force va
	assert_success
	run in_a "$XH" status va
	assert_success
	assert_line --regexp "^Program: +hello_world \(id [0-9]+\)"
}

@test "errors: missing object" {
	refuses 1 "^Couldn't open BPF object '/nonexistent/hello.o': No such file or directory \(check the path given with -o\)$" \
		"$XH" run -i va -o /nonexistent/hello.o
	XDP_HELLO_OBJECT_DIR=/nonexistent refuses 1 "^Couldn't open BPF object '/nonexistent/hello.o'" \
		env XDP_HELLO_OBJECT_DIR=/nonexistent "$XH" load va
}

@test "errors: truncated object and a file that is not BPF" {
	head -c 1500 "$HELLO_O" > "$BATS_TEST_TMPDIR/trunc.o"
	refuses 1 "^Couldn't open BPF object '.*/trunc.o': .* \(not a valid BPF ELF object: build it with clang -target bpf -g -O2\)$" \
		"$XH" load -o "$BATS_TEST_TMPDIR/trunc.o" va
	echo "not an object" > "$BATS_TEST_TMPDIR/text.o"
	refuses 1 "^Couldn't open BPF object '.*/text.o': " "$XH" run -i va -o "$BATS_TEST_TMPDIR/text.o"
}

@test "errors: a kernel without BTF, which hlog objects read when loaded, gets a hint" {
	# a mount namespace where /sys/kernel/btf is empty stands for such a kernel
	local hide='mount -t tmpfs none /sys/kernel/btf && exec "$0" "$@"'
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'va': .* \(this kernel has no BTF, /sys/kernel/btf/vmlinux, which the object reads when loaded: build it with -DHLOG_ALWAYS_ATOMIC=1\)$" \
		unshare -m sh -c "$hide" "$XH" load -m skb va
	refuses 1 "^Couldn't load BPF object '.*/execve.o': .* \(this kernel has no BTF" \
		unshare -m sh -c "$hide" "$XH" run -o "$XH_ROOT/xdp-prog/execve.o"
}

@test "errors: an XDP object without hello's maps" {
	refuses 1 "^Couldn't use BPF object '.*/other.o': it has no hlog_ring map \(not an hlog program" \
		"$XH" load -o "$OTHER_O" va
}

@test "errors: not root (no CAP_BPF / CAP_NET_ADMIN)" {
	local drop=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all)
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'va': Operation not permitted \(run as root: needs CAP_SYS_ADMIN and CAP_NET_ADMIN\)$" \
		"${drop[@]}" "$XH" run -i va
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'va': Operation not permitted \(run as root" \
		"${drop[@]}" "$XH" load va
	in_a "$XH" load -m skb va 2>/dev/null
	refuses 1 "^Couldn't read the messages of hello on 'va': Operation not permitted \(run as root: needs CAP_SYS_ADMIN\)$" \
		"${drop[@]}" "$XH" log -i va
	refuses 1 "^Couldn't detach hello from 'va': Operation not permitted \(run as root" \
		"${drop[@]}" "$XH" unload va
}

@test "errors: another XDP program attached is refused; --force replaces it and says so" {
	in_a ip link set dev va xdpgeneric obj "$OTHER_O" sec xdp
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'va': XDP program 'other_prog' \(id [0-9]+\) is already attached in skb mode \(use --force to replace it" \
		"$XH" load va
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'va': XDP program 'other_prog'" "$XH" run -i va
	run --separate-stderr in_a "$XH" load -m skb --force va
	assert_success
	[[ "${stderr_lines[0]}" =~ ^Replaced\ XDP\ program\ \'other_prog\'\ \(id\ [0-9]+\)\ on\ \'va\'$ ]]
	run in_a "$XH" status va
	assert_line --index 1 --regexp '^Program:   hello_world '
}

@test "errors: a forced replacement that cannot work leaves the old program" {
	in_a ip link set dev va xdpgeneric obj "$OTHER_O" sec xdp
	refuses 1 "^Couldn't replace XDP program 'other_prog' \(id [0-9]+\) on 'va': it is attached in skb mode \(use -m skb, or unload it first\)$" \
		"$XH" load -m native --force va
	run in_a ip -n "$NS_A" link show dev va
	assert_output --partial "name other_prog"
}

@test "errors: run --force replaces a program for its lifetime and puts it back" {
	in_a ip link set dev va xdpgeneric obj "$OTHER_O" sec xdp
	local before
	before=$(xdp_state "$NS_A" va)
	bg run in_a "$XH" run -i va --force -c 2 --timeout 10
	wait_for_text run.err "Waiting for Ctrl-C..."
	run ip -n "$NS_A" link show dev va
	assert_output --partial "name hello_world"
	send_udp 2
	bg_wait run
	assert_equal "$bg_status" 0
	assert_hello_lines run.out 2
	run err_of run
	assert_line --index 0 --regexp "^Replaced XDP program 'other_prog' \(id [0-9]+\) on 'va' until exit$"
	assert_line --index 2 "Put back the XDP program replaced on 'va'"
	assert_equal "$(xdp_state "$NS_A" va)" "$before"
}

@test "errors: the same interface twice is a usage error" {
	refuses 2 "^xdp-hello log: interface 'va' given twice" "$XH" log -i va -i va
}

@test "errors: getopt's complaints are ours, one line" {
	refuses 2 "^xdp-hello log: unknown option -x \(see 'xdp-hello log --help'\)$" "$XH" log -i va -x
	refuses 2 "^xdp-hello log: option -c needs a value" "$XH" log -i va -c
	refuses 2 "^xdp-hello log: unknown or incomplete option '--bogus'" "$XH" log -i va --bogus
	refuses 2 "^xdp-hello log: option --timeout needs a value \(see 'xdp-hello log --help'\)$" \
		"$XH" log -i va --timeout
	refuses 2 "^xdp-hello log: option --json takes no value \(see 'xdp-hello log --help'\)$" \
		"$XH" log -i va --json=1
}

@test "errors: an option the command does not take is a usage error, and changes nothing" {
	# each would have attached, detached or changed hello, had it run
	refuses 2 "^xdp-hello load: 'load' does not take -c \(see 'xdp-hello load --help'\)$" \
		"$XH" load -m skb -c 3 va
	in_a "$XH" load -m skb va 2>/dev/null
	refuses 2 "^xdp-hello status: 'status' does not take --json \(see 'xdp-hello status --help'\)$" \
		"$XH" status --json va
	refuses 2 "^xdp-hello unload: 'unload' does not take --backlog \(see 'xdp-hello unload --help'\)$" \
		"$XH" unload --back va
	refuses 2 "^xdp-hello level: 'level' does not take --timeout \(see 'xdp-hello level --help'\)$" \
		"$XH" level -i va debug --timeout 1
	# as written, and even without its value
	refuses 2 "^xdp-hello stats: 'stats' does not take -m \(see 'xdp-hello stats --help'\)$" \
		"$XH" stats -i va -m
	refuses 2 "^xdp-hello stats: 'stats' does not take --mode " "$XH" stats -i va --mode=skb
	run in_a "$XH" status va
	assert_line --index 2 "Level:     info, bpf_printk off"
}

@test "errors: XDP_HELLO_LOG only matters where messages are read; --level wins" {
	run env XDP_HELLO_LOG=loud "$XH" log --help
	assert_success
	in_a "$XH" load -m skb va 2>/dev/null
	run in_a env XDP_HELLO_LOG=loud "$XH" status va
	assert_success
	run in_a env XDP_HELLO_LOG=loud "$XH" log -i va --level info --timeout 0.3
	assert_success
}

@test "errors: hello already attached is refused" {
	# (--force is offered where hello is the only program, not inside a
	# libxdp dispatcher, as on Debian's kernel in the guest)
	in_a "$XH" load -m skb va 2>/dev/null
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'va': an hlog program \(id [0-9]+\) is already attached \(remove it first: 'xdp-hello unload va'(, or use --force)?\)$" \
		"$XH" load va
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'va': an hlog program" "$XH" run -i va
}

@test "errors: native mode where the driver has none (lo)" {
	refuses 1 "^Couldn't attach XDP program 'hello_world' to 'lo': Operation not supported \(the driver has no native XDP: try -m skb\)$" \
		"$XH" run -i lo -m native
	refuses 1 "try -m skb\)$" "$XH" load -m native lo
	# nor does the directory libxdp made in bpffs for the attempt stay
	run in_a sh -c "mount -t bpf bpf /sys/fs/bpf && { '$XH' load -m native lo 2>/dev/null; test -e /sys/fs/bpf/xdp && echo left || echo gone; }"
	assert_output "gone"
}

@test "errors: bad option values are usage errors (exit 2)" {
	refuses 2 "^xdp-hello run: unknown mode 'fast' \(skb, native\) \(see 'xdp-hello run --help'\)$" "$XH" run -i va -m fast
	refuses 2 "^xdp-hello log: count 'x' is not a positive number" "$XH" log -i va -c x
	refuses 2 "^xdp-hello log: count '0' is not a positive number" "$XH" log -i va -c 0
	refuses 2 "^xdp-hello log: timeout '-1' is not a positive number of seconds" "$XH" log -i va --timeout -1
	refuses 2 "^xdp-hello log: unknown level 'loud' \(off, error, warn, info, debug, trace, or 0 to 5\)" "$XH" log -i va --level loud
	refuses 2 "^xdp-hello log: XDP_HELLO_LOG='loud' is not a level" env XDP_HELLO_LOG=loud "$XH" log -i va
	refuses 2 "^xdp-hello log: unknown source 'perf' \(ringbuf, trace_pipe\)" "$XH" log -i va --source perf
	refuses 2 "^xdp-hello run: no interface given \(-i IFNAME\)" "$XH" run
	refuses 2 "^xdp-hello run: only one interface here" "$XH" run -i va -i lo
	refuses 2 "^xdp-hello level: unknown level 'x'" "$XH" level -i va x
	refuses 2 "^xdp-hello level: unknown level ' 3'" "$XH" level -i va " 3"
	refuses 2 "^xdp-hello: unknown command 'bogus' \(see 'xdp-hello --help'\)$" "$XH" bogus
	run --separate-stderr "$XH"
	assert_equal "$status" 2
	assert_equal "$output" ""
	[[ "${stderr_lines[0]}" == "Usage: xdp-hello COMMAND [options]" ]]
}

@test "errors: --help of every command exits 0 and prints usage on stdout" {
	local c
	for c in run log load unload status level; do
		run --separate-stderr "$XH" "$c" --help
		assert_success
		assert_line --index 0 --regexp "^Usage: xdp-hello $c "
		assert_equal "$stderr" ""
	done
	run "$XH" --help
	assert_success
	assert_line --index 0 "Usage: xdp-hello COMMAND [options]"
}

@test "errors: a second reader of the same ring is refused" {
	in_a "$XH" load -m skb va 2>/dev/null
	start_log first -i va
	refuses 1 "^Couldn't read messages of 'hello_world' on 'va': another reader \(pid [0-9]+\) is reading them" \
		"$XH" log -i va --timeout 1
	kill -INT "$(bg_pid first)"
	bg_wait first
	assert_equal "$bg_status" 0
}

@test "errors: unload and load --force of a program held by a running 'xdp-hello run' say why" {
	bg run in_a "$XH" run -i va
	wait_for_text run.err "Waiting for Ctrl-C..."
	refuses 1 "^Couldn't detach XDP program 'hello_world' \(id [0-9]+\) from 'va': .* \(it is held by a BPF link: stop the 'xdp-hello run', or the other program, that attached it\)$" \
		"$XH" unload va
	refuses 1 "^Couldn't replace XDP program 'hello_world' \(id [0-9]+\) on 'va': .* \(it is held by a BPF link: stop the 'xdp-hello run', or the other program, that attached it\)$" \
		"$XH" load --force va
	kill -TERM "$(bg_pid run)"
	bg_wait run
	assert_equal "$bg_status" 0
	assert_equal "$(xdp_state "$NS_A" va)" ""
}

@test "errors: setuid is refused" {
	cp "$XH" "$BATS_TEST_TMPDIR/xh-suid"
	chmod 4755 "$BATS_TEST_TMPDIR/xh-suid"
	chmod 755 "$BATS_TEST_TMPDIR"
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$BATS_TEST_TMPDIR/xh-suid" status va
	assert_failure 1
	assert_output "xdp-hello: refusing to run setuid or setgid (run it as root instead)"
}
