#!/usr/bin/env bats
# bash completion: commands, each command's options (the ones its --help
# lists), interface names from /sys/class/net, levels and other values.
# Run in a namespace whose interfaces are known: lo and va.

load lib/helpers

COMPLETION=$XH_ROOT/bash-completion/xdp-hello

setup_file() { xh_setup_pair; }
teardown_file() { xh_teardown; }

# comp_lines WORD...: COMPREPLY, one per line, for the command line WORD...
# with the cursor at the end of the last word ("" for a new word)
comp_lines() {
	in_a bash -c 'source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_xdp_hello; printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$@"
}

# as a space-separated, sorted list
completions() { comp_lines "$@" | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'; }

@test "completion: registered for xdp-hello" {
	run bash -c 'source "$1"; complete -p xdp-hello' _ "$COMPLETION"
	assert_success
	assert_output "complete -F _xdp_hello xdp-hello"
}

@test "completion: commands, then --help and --version" {
	assert_equal "$(completions xdp-hello "")" \
		"--help --version -V -h level load log run stats status unload"
	assert_equal "$(completions xdp-hello l)" "level load log"
	assert_equal "$(completions xdp-hello st)" "stats status"
	assert_equal "$(completions xdp-hello --v)" "--version"
}

@test "completion: interface names from /sys/class/net" {
	assert_equal "$(completions xdp-hello run -i "")" "lo va"
	assert_equal "$(completions xdp-hello log --interface v)" "va"
	assert_equal "$(completions xdp-hello stats -i lo -i "")" "lo va"
	assert_equal "$(completions xdp-hello log --interface = "")" "lo va"
	# IFNAME of load, unload, status: once
	assert_equal "$(completions xdp-hello status "")" "lo va"
	assert_equal "$(completions xdp-hello load -m skb "")" "lo va"
	assert_equal "$(completions xdp-hello unload va "")" ""
	assert_equal "$(completions xdp-hello unload -i va "")" ""
}

@test "completion: levels for --level and for level's LEVEL" {
	local levels="debug error info off trace warn"
	assert_equal "$(completions xdp-hello log -i va --level "")" "$levels"
	assert_equal "$(completions xdp-hello run --level w)" "warn"
	assert_equal "$(completions xdp-hello log --level = d)" "debug"
	assert_equal "$(completions xdp-hello level -i va "")" "$levels"
	assert_equal "$(completions xdp-hello level -i va t)" "trace"
	assert_equal "$(completions xdp-hello level --interface=va "")" "$levels"
	# one LEVEL only
	assert_equal "$(completions xdp-hello level -i va warn "")" ""
}

@test "completion: values of -m, --timestamps, --source, --printk; none for numbers" {
	assert_equal "$(completions xdp-hello run -m "")" "native skb"
	assert_equal "$(completions xdp-hello load --mode n)" "native"
	assert_equal "$(completions xdp-hello log --timestamps "")" "ms ns off s us"
	assert_equal "$(completions xdp-hello log --source "")" "ringbuf trace_pipe"
	assert_equal "$(completions xdp-hello level -i va --printk "")" "off on"
	assert_equal "$(completions xdp-hello log -c "")" ""
	assert_equal "$(completions xdp-hello stats --interval "")" ""
	# -o: files
	assert_equal "$(completions xdp-hello run -o "$XH_ROOT/xdp-prog/hello.")" \
		"$XH_ROOT/xdp-prog/hello.bpf.c $XH_ROOT/xdp-prog/hello.o"
	# -n: the programs of the -o object
	assert_equal "$(completions xdp-hello load -o "$XH_ROOT/tests/progs/pick.o" -n "")" \
		"prog_a prog_b prog_k prog_t"
	assert_equal "$(completions xdp-hello run -i va -o "$XH_ROOT/tests/progs/pick.o" -n prog_)" \
		"prog_a prog_b prog_k prog_t"
	assert_equal "$(completions xdp-hello run -n "")" ""
}

@test "completion: each command offers the options its --help lists" {
	local cmd help
	for cmd in run log load unload status level stats; do
		help=$("$XH" "$cmd" --help | grep -E '^ +-' |
			grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z_-]*' | tr -d ' ,' | LC_ALL=C sort | tr '\n' ' ')
		assert_equal "$cmd: $(completions xdp-hello "$cmd" -)" "$cmd: ${help% }"
	done
	assert_equal "$(completions xdp-hello log --t)" "--timeout --timestamps"
	assert_equal "$(completions xdp-hello bogus -)" ""
}

# table CMD: a line "FORM... [VALUE]" for each option CMD takes, from the
# option table itself (xdp-hello --list-options)
table() { "$XH" --list-options | awk -v cmd="$1" '$1 == cmd { $1 = ""; print substr($0, 2) }'; }

@test "completion: every option of the table, for each command that takes it" {
	local cmd forms
	for cmd in run log load unload status level stats; do
		forms=$(table "$cmd" | grep -oE '(^| )--?[a-zA-Z][a-zA-Z_-]*' | tr -d ' ' |
			LC_ALL=C sort | tr '\n' ' ')
		[ -n "$forms" ] || fail "xdp-hello --list-options has nothing for $cmd"
		assert_equal "$cmd: $(completions xdp-hello "$cmd" -)" "$cmd: ${forms% }"
	done
}

@test "completion: knows which options take a value, and skips it" {
	local cmd line form want
	for cmd in run log load unload status level stats; do
		while read -r line; do
			[[ ${line##* } == -* ]] && continue	# no value
			for form in ${line% *}; do
				# where the value goes, no option is offered
				assert_equal "$cmd $form -: $(completions xdp-hello "$cmd" "$form" -)" \
					"$cmd $form -: "
				# after it, the argument is still to come
				case $cmd in
				level) want="debug error info off trace warn" ;;
				load | unload | status)
					want="lo va"
					[[ $form == -i || $form == --interface ]] && want='' ;;
				*) continue ;;
				esac
				assert_equal "$cmd $form X: $(completions xdp-hello "$cmd" "$form" X "")" \
					"$cmd $form X: $want"
			done
		done < <(table "$cmd")
	done
}
