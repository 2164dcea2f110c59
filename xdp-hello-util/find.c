// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

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

/* Copies where found[] are attached (iface, mode) into the programs of
 * progs that have no interface yet; returns how many are still without. */
static int take_where(const struct xh_iface *iface, const struct xh_prog *found,
		      int nfound, struct xh_prog *progs, int n)
{
	int i, k, left = 0;

	for (i = 0; i < n; i++) {
		for (k = 0; !progs[i].iface.ifindex && k < nfound; k++) {
			if (found[k].id != progs[i].id)
				continue;
			progs[i].iface = *iface;
			progs[i].mode = found[k].mode;
			progs[i].in_dispatcher = found[k].in_dispatcher;
		}
		left += !progs[i].iface.ifindex;
	}
	return left;
}

void find_where(struct xh_prog *progs, int n)
{
	struct xh_prog found[XH_MAX_PROGS + 8];
	struct if_nameindex *ifs, *it;
	xh_diag_sink sink;
	struct xh_iface iface;
	int got, left = 1;

	ifs = if_nameindex();
	if (!ifs)
		return;
	/* an interface without hlog is not news here */
	sink = xh_diag_set_sink(NULL);
	for (it = ifs; left && it->if_index; it++) {
		iface.ifindex = (int)it->if_index;
		snprintf(iface.name, sizeof(iface.name), "%s", it->if_name);
		got = xh_find_hlogs_on(&iface, found, (int)(sizeof(found) / sizeof(found[0])));
		if (got <= 0)
			continue;
		left = take_where(&iface, found, got, progs, n);
		xh_progs_close(found, got);
	}
	xh_diag_set_sink(sink);
	if_freenameindex(ifs);
}
