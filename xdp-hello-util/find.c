// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>

#include "base/diag.h"
#include "find.h"
#include "not_hlog.h"

/* The XDP program on iface that includes log.h with every call compiled
 * out, said as such; false if there is none. */
static bool compiled_out_on(const struct xh_iface *iface)
{
	struct xh_xdp_state st;
	char name[XH_NAME_MAX] = "", why[256];
	int i;

	if (xh_xdp_state(iface->ifindex, &st))
		return false;
	for (i = 0; i < st.nprogs; i++) {
		if (!xh_not_hlog_why(st.prog_ids[i], why, sizeof(why)))
			continue;
		xh_prog_name(st.prog_ids[i], name, sizeof(name));
		xh_err("Couldn't find an hlog program on '%s': XDP program '%s' "
		       "(id %u): %s", iface->name, name, st.prog_ids[i], why);
		return true;
	}
	return false;
}

/* No hlog program on iface: what the library found, and what to do. A
 * program of someone else's there would refuse a plain load, and unload
 * leaves it alone. */
static void say_not_found(const struct xh_iface *iface, bool unloading)
{
	struct xh_xdp_state st;

	if (compiled_out_on(iface))
		return;
	if (!xh_xdp_state(iface->ifindex, &st) && st.nprogs > 0)
		xh_err(unloading ? "%s (xdp-hello unloads hlog programs only; "
				   "'ip link set dev %s xdp off' removes any)" :
				   "%s (load hello in its place with 'xdp-hello "
				   "load --force %s', or beside it with xdp-loader)",
		       xh_last_error(), iface->name);
	else
		xh_err("%s (load hello with 'xdp-hello load %s')",
		       xh_last_error(), iface->name);
}

static int find_one(const struct xh_iface *iface, struct xh_prog *out,
		    bool unloading)
{
	/* the library says what is missing; the hint is ours */
	xh_diag_sink sink = xh_diag_set_sink(NULL);
	int err = xh_find_hlog(iface, out);

	xh_diag_set_sink(sink);
	if (err == -ENOENT)
		say_not_found(iface, unloading);
	else if (err)
		xh_err("%s", xh_last_error());
	return err;
}

int find_hlog(const struct xh_iface *iface, struct xh_prog *out)
{
	return find_one(iface, out, false);
}

int find_hlog_to_unload(const struct xh_iface *iface, struct xh_prog *out)
{
	return find_one(iface, out, true);
}

int find_hlogs_on(const struct xh_iface *iface, struct xh_prog *out, int max)
{
	xh_diag_sink sink = xh_diag_set_sink(NULL);
	int n = xh_find_hlogs_on(iface, out, max);

	xh_diag_set_sink(sink);
	if (n == -ENOENT)
		say_not_found(iface, false);
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
