// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>

#include "diag.h"
#include "find.h"

int find_hlog(const struct xh_iface *iface, struct xh_prog *out)
{
	/* the library says what is missing; the hint is ours */
	xh_diag_sink sink = xh_diag_set_sink(NULL);
	int err = xh_find_hlog(iface, out);

	xh_diag_set_sink(sink);
	if (err == -ENOENT)
		xh_err("%s (load hello with 'xdp-hello load %s')",
		       xh_last_error(), iface->name);
	else if (err)
		xh_err("%s", xh_last_error());
	return err;
}

int find_hlogs_on(const struct xh_iface *iface, struct xh_prog *out, int max)
{
	xh_diag_sink sink = xh_diag_set_sink(NULL);
	int n = xh_find_hlogs_on(iface, out, max);

	xh_diag_set_sink(sink);
	if (n == -ENOENT)
		xh_err("%s (load hello with 'xdp-hello load %s')",
		       xh_last_error(), iface->name);
	else if (n < 0)
		xh_err("%s", xh_last_error());
	return n;
}

int find_hlogs(const struct xh_iface *ifaces, int n, struct xh_prog *progs)
{
	int i, err;

	for (i = 0; i < n; i++) {
		err = find_hlog(&ifaces[i], &progs[i]);
		if (err) {
			xh_progs_close(progs, i);
			return err;
		}
	}
	return 0;
}
