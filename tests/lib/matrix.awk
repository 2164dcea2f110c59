# Loader x kernel: what the tests did on each kernel, from their TAP output.
#   awk -v labels='host 6.18|guest 6.1' -f matrix.awk HOST.tap GUEST.tap
# A test counts for the loader its name mentions first, if any; tests
# named "dispatcher: ..." get rows of their own. An empty TAP file is a
# kernel that was not tested: "-".

function loader(name,    best, pos, i) {
	best = "no loader named"
	pos = 0
	for (i = 1; i <= nrow; i++)
		if (match(name, pat[i]) && (!pos || RSTART < pos)) {
			pos = RSTART
			best = row[i]
		}
	return name ~ /^dispatcher: / ? "dispatcher: " best : best
}

function cell(r, c,    p, f, s) {
	p = n[r, c, "pass"] + 0
	f = n[r, c, "fail"] + 0
	s = n[r, c, "skip"] + 0
	if (f)
		return "FAIL " f "/" (p + f + s)
	if (p)
		return "pass " p (s ? " (" s " skipped)" : "")
	return s ? "skip " s : "-"
}

BEGIN {
	nrow = split("xdp-loader|ip link|xdp-hello load|xdp-hello run", row, "|")
	pat[1] = "xdp-loader"
	pat[2] = "ip link|by ip "
	pat[3] = "xdp-hello load|(^|[ :])load "
	pat[4] = "xdp-hello run|(^|[ :'])run( |$)|make run"
	ncol = split(labels, label, "|")
	for (i = 1; i < ARGC; i++)
		colof[ARGV[i]] = i
}

/^(not )?ok [0-9]+ / {
	name = $0
	res = /^not ok/ ? "fail" : / # skip/ ? "skip" : "pass"
	sub(/^(not )?ok [0-9]+ /, "", name)
	sub(/ # skip.*/, "", name)
	n[loader(name), colof[FILENAME], res]++
}

END {
	order = "xdp-loader|ip link|xdp-hello load|xdp-hello run|no loader named"
	m = split(order, rows, "|")
	for (i = 1; i <= m; i++)
		rows[m + i] = "dispatcher: " rows[i]
	line = sprintf("%-28s", "loader \\ kernel")
	for (c = 1; c <= ncol; c++)
		line = line sprintf(" %-26s", label[c])
	sub(/ +$/, "", line)
	print line
	for (i = 1; i <= 2 * m; i++) {
		line = sprintf("%-28s", rows[i])
		any = 0
		for (c = 1; c <= ncol; c++) {
			v = cell(rows[i], c)
			any = any || v != "-"
			line = line sprintf(" %-26s", v)
		}
		sub(/ +$/, "", line)
		if (any)
			print line
	}
}
