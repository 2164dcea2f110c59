#!/usr/bin/env bats
# The man page renders cleanly and says what each command's --help says:
# the same usage line, the same description, the same options; and the
# options it describes are the ones the commands take.

load lib/helpers
bats_require_minimum_version 1.5.0

MAN=$XH_ROOT/xdp-hello-util/xdp-hello.8
COMMANDS="run log load unload status level stats"

# The page as plain text, one paragraph per line (no filling, no hyphens).
man_text() {
	groff -man -Tascii -P-cbou -rLL=5000n "$MAN" | sed 's/^ *//' | tr -s ' '
}

# help_options CMD: the options of 'xdp-hello CMD --help', one per line of
# the help (its first form: -i for "-i, --interface"), sorted
help_options() {
	"$XH" "$1" --help | grep -oE '^ +--?[a-zA-Z][a-zA-Z_-]*' | tr -d ' ' | sort
}

# help_all_options CMD: every form, -i and --interface
help_all_options() {
	"$XH" "$1" --help | grep -E '^ +-' | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z_-]*' |
		tr -d ' ,' | sort
}

# man_options CMD: the "Options:" list of CMD's subsection, sorted
man_options() {
	awk -v cmd="$1" '
		/^\.S[SH] / { in_cmd = ($0 ~ "^\\.SS \"xdp-hello " cmd " ") }
		in_cmd && /^Options:/ { on = 1; next }
		in_cmd && on && /^\.BR/ { print; next }
		{ on = 0 }' "$MAN" |
		sed 's/\\-/-/g' | grep -oE '(^|[ "])--?[a-zA-Z][a-zA-Z_-]*' | tr -d ' "' | sort
}

# table_options CMD: every form of each option CMD takes, from the option
# table itself (xdp-hello --list-options), sorted
table_options() {
	"$XH" --list-options | awk -v cmd="$1" '$1 == cmd' |
		grep -oE ' --?[a-zA-Z][a-zA-Z_-]*' | tr -d ' ' | sort
}

# table_first_forms CMD: the same, one form per option (-i for -i, --interface)
table_first_forms() {
	"$XH" --list-options | awk -v cmd="$1" '$1 == cmd { print $2 }' | sort
}

# man_entry OPT: the entry of OPTIONS whose heading names OPT (-i, --interface)
man_entry() {
	sed -n '/^\.SH OPTIONS/,/^\.SH OUTPUT/p' "$MAN" | sed 's/\\-/-/g' |
		awk -v opt="$1" '
			/^\.TP/ { head = 1; on = 0; next }
			head { head = 0; n = split($0, w, /[ ",]+/)
			       for (i = 1; i <= n; i++) if (w[i] == opt) on = 1 }
			on'
}

@test "docs: groff -ww finds nothing to warn about, man -l renders it" {
	run groff -ww -z -man "$MAN"
	assert_success
	assert_output ""
	run --separate-stderr env MANWIDTH=80 man --warnings -l "$MAN"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp '^XDP-HELLO\(8\) +System Administration +XDP-HELLO\(8\)$'
	assert_line "ENVIRONMENT"
	assert_line "EXIT STATUS"
	assert_line "EXAMPLES"
}

@test "docs: each command's usage line and description in --help are in the man page" {
	local text cmd usage desc
	text=$(man_text)
	for cmd in $COMMANDS; do
		# each usage line (the first, and the other forms below it) is
		# a subsection title
		while read -r usage; do
			grep -qxF -- "$usage" <<< "$text" || fail "man page has no '$usage'"
		done < <("$XH" "$cmd" --help | sed -n '1s/^Usage: //p; 2,/^$/s/^       xdp-hello/xdp-hello/p')
		# the lines between the usage lines and the options, as one paragraph
		desc=$("$XH" "$cmd" --help | sed -n '2,/^$/p' | grep -v '^       xdp-hello' |
			tr '\n' ' ' | tr -s ' ' | sed 's/ $//')
		grep -qF -- "$desc" <<< "$text" || fail "man page lacks $cmd's description: '$desc'"
	done
}

@test "docs: each command's options in the man page are those of its --help" {
	local cmd
	for cmd in $COMMANDS; do
		[ -n "$(help_options "$cmd")" ]
		assert_equal "$cmd: $(man_options "$cmd" | tr '\n' ' ')" \
			"$cmd: $(help_options "$cmd" | tr '\n' ' ')"
	done
}

@test "docs: every option, variable and exit code has its entry" {
	local opt all entries
	all=$(for c in $COMMANDS; do help_all_options "$c"; done | sort -u)
	# the options named by the .TP headings of OPTIONS
	entries=$(sed -n '/^\.SH OPTIONS/,/^\.SH OUTPUT/{/^\.TP/{n;p}}' "$MAN" |
		sed 's/\\-/-/g' | grep -oE '(^|[ "])--?[a-zA-Z][a-zA-Z_-]*' | tr -d ' "')
	for opt in $all -V --version; do
		grep -qxF -- "$opt" <<< "$entries" || fail "no entry for $opt in OPTIONS"
	done
	for opt in XDP_HELLO_LOG XDP_HELLO_OBJECT_DIR; do
		sed -n '/^\.SH ENVIRONMENT/,/^\.SH FILES/p' "$MAN" | grep -qx ".B $opt" ||
			fail "no entry for $opt in ENVIRONMENT"
	done
	run sed -n '/^\.SH EXIT STATUS/,/^\.SH EXAMPLES/{/^\.TP/{n;p}}' "$MAN"
	assert_output "$(printf '.B %s\n' 0 1 2)"
}

@test "docs: --version prints what the man page says it prints" {
	run "$XH" --version
	assert_success
	assert_output --regexp '^xdp-hello [0-9]+\.[0-9]+\.[0-9]+ \(libbpf v[0-9.]+, libxdp [0-9.]+\)$'
	# the version is the Makefile's, and the man page's
	local version
	version=$(sed -n 's/^VERSION := //p' "$XH_ROOT/Makefile")
	assert_output --partial "xdp-hello $version ("
	grep -q "^\.TH XDP-HELLO 8 \".*\" \"xdp-hello $version\"" "$MAN"
	run "$XH" -V
	assert_output --regexp "^xdp-hello $version "
}

@test "docs: the man page's examples use only options the commands take" {
	local line cmd opt
	while read -r line; do
		cmd=$(awk '{print $3}' <<< "$line")
		for opt in $(grep -oE ' --?[a-zA-Z][a-zA-Z_-]*' <<< "$line"); do
			help_options "$cmd" | grep -qx -- "$opt" ||
				fail "example '$line': $cmd has no $opt"
		done
	done < <(sed -n '/^\.SH EXAMPLES/,/^\.SH SEE ALSO/p' "$MAN" | sed 's/\\-/-/g' |
		grep -oE '^# (XDP_HELLO_LOG=[a-z]+ )?xdp-hello [a-z]+[^|]*' |
		sed -E 's/^# (XDP_HELLO_LOG=[a-z]+ )?/# /')
}

@test "docs: the man page names every option of the table for each command that takes it" {
	local cmd opt entry
	run "$XH" --list-options
	assert_success
	assert_equal "$(awk '{ print $1 }' <<< "$output" | uniq | tr '\n' ' ')" "$COMMANDS "
	for cmd in $COMMANDS; do
		# the command's "Options:" list, and its --help: the table's options
		assert_equal "$cmd: $(man_options "$cmd" | tr '\n' ' ')" \
			"$cmd: $(table_first_forms "$cmd" | tr '\n' ' ')"
		assert_equal "$cmd: $(help_all_options "$cmd" | tr '\n' ' ')" \
			"$cmd: $(table_options "$cmd" | tr '\n' ' ')"
		# each form has its entry in OPTIONS, which says the command takes it
		for opt in $(table_options "$cmd"); do
			entry=$(man_entry "$opt")
			[ -n "$entry" ] || fail "no entry for $opt in OPTIONS"
			grep -qE "(^|[ (])$cmd([ ,)]|\$)|all commands" <<< "$entry" ||
				fail "the entry of $opt in OPTIONS does not name $cmd"
		done
	done
}

@test "docs: --list-options is for scripts: not in xdp-hello --help" {
	run "$XH" --help
	assert_success
	refute_output --partial "list-options"
	run "$XH" --list-options
	assert_success
	assert_line "level --printk on|off"
	assert_line "run -i --interface IFNAME"
	assert_line "stats --interval SEC"
}
