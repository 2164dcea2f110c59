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
		usage=$("$XH" "$cmd" --help | head -n1 | sed 's/^Usage: //')
		# the subsection title is the usage line
		grep -qxF -- "$usage" <<< "$text" || fail "man page has no '$usage'"
		# the lines between Usage: and the options, as one paragraph
		desc=$("$XH" "$cmd" --help | sed -n '2,/^$/p' | tr '\n' ' ' | tr -s ' ' | sed 's/ $//')
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
