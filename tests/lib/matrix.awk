# Loader x kernel: what the tests did on each kernel, from their TAP output.
#   awk -v labels='host 6.18|guest 6.1|guest 6.12|guest 6.12-rt' -f matrix.awk HOST.tap GUEST.tap...
# A test counts for the loader its name mentions first, if any; tests
# named "dispatcher: ..." get rows of their own. "-": no test of the row
# ran on that kernel (an empty TAP file is a kernel not tested at all; a
# guest given some files only, as the PREEMPT_RT one, has it elsewhere).

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
	# each column as wide as its label or widest cell
	for (c = 1; c <= ncol; c++)
		w[c] = length(label[c])
	for (i = 1; i <= 2 * m; i++)
		for (c = 1; c <= ncol; c++) {
			v[i, c] = cell(rows[i], c)
			if (length(v[i, c]) > w[c])
				w[c] = length(v[i, c])
		}
	line = sprintf("%-28s", "loader \\ kernel")
	for (c = 1; c <= ncol; c++)
		line = line sprintf("  %-" w[c] "s", label[c])
	sub(/ +$/, "", line)
	print line
	for (i = 1; i <= 2 * m; i++) {
		line = sprintf("%-28s", rows[i])
		any = 0
		for (c = 1; c <= ncol; c++) {
			any = any || v[i, c] != "-"
			line = line sprintf("  %-" w[c] "s", v[i, c])
		}
		sub(/ +$/, "", line)
		if (any)
			print line
	}
}
