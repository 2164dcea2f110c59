// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <stdio.h>

#include "base/diag.h"
#include "find/tc_find.h"
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

/* What to do about the programs of others on an interface: a single one
 * refuses a plain load, a libxdp dispatcher takes hello beside its own;
 * unload leaves both alone. */
static void others_hint(char *buf, size_t len, const struct xh_xdp_state *st,
			const char *ifname, bool unloading)
{
	if (st->dispatcher && unloading)
		snprintf(buf, len, "xdp-hello unloads hlog programs only; "
			 "'xdp-loader unload %s --all' removes the others", ifname);
	else if (st->dispatcher)
		snprintf(buf, len, "load hello beside them with 'xdp-hello load "
			 "%s'", ifname);
	else if (unloading)
		snprintf(buf, len, "xdp-hello unloads hlog programs only; 'ip link "
			 "set dev %s xdp off' removes any", ifname);
	else
		snprintf(buf, len, "load hello in its place with 'xdp-hello load "
			 "--force %s', or beside it with xdp-loader", ifname);
}

/* No hlog program on iface: what the library found, and what to do. */
static void say_not_found(const struct xh_iface *iface, bool unloading)
{
	struct xh_xdp_state st;
	char hint[256];

	if (compiled_out_on(iface))
		return;
	if (!xh_xdp_state(iface->ifindex, &st) && st.nprogs > 0)
		others_hint(hint, sizeof(hint), &st, iface->name, unloading);
	else
		snprintf(hint, sizeof(hint), "load hello with 'xdp-hello load %s'",
			 iface->name);
	xh_err("%s (%s)", xh_last_error(), hint);
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

/* How many of progs have no interface yet. */
static int without_iface(const struct xh_prog *progs, int n)
{
	int i, left = 0;

	for (i = 0; i < n; i++)
		left += !progs[i].iface.ifindex;
	return left;
}

/* Gives the programs of progs that have no interface yet and are
 * attached to iface (XDP, alone or in a dispatcher, or tc) that interface
 * and their mode, from what the kernel says is attached: no program is
 * opened for it. */
static void take_where(const struct xh_iface *iface, struct xh_prog *progs,
		       int n)
{
	struct xh_tc_prog tc[XH_MAX_PROGS];
	struct xh_xdp_state st;
	int i, k, nxdp, ntc;

	nxdp = xh_xdp_state(iface->ifindex, &st) ? 0 : st.nprogs;
	ntc = xh_tc_progs(iface->ifindex, tc, XH_MAX_PROGS);
	for (i = 0; i < n; i++) {
		struct xh_prog *p = &progs[i];

		for (k = 0; !p->iface.ifindex && k < nxdp; k++) {
			if (st.prog_ids[k] != p->id)
				continue;
			p->iface = *iface;
			p->mode = st.mode;
			p->in_dispatcher = st.dispatcher;
		}
		for (k = 0; !p->iface.ifindex && k < ntc; k++) {
			if (tc[k].id != p->id)
				continue;
			p->iface = *iface;
			p->mode = tc[k].hook;
		}
	}
}

void find_where(struct xh_prog *progs, int n)
{
	struct if_nameindex *ifs, *it;
	struct xh_iface iface;

	if (!without_iface(progs, n))
		return;
	ifs = if_nameindex();
	if (!ifs)
		return;
	for (it = ifs; it->if_index && without_iface(progs, n); it++) {
		iface.ifindex = (int)it->if_index;
		snprintf(iface.name, sizeof(iface.name), "%s", it->if_name);
		take_where(&iface, progs, n);
	}
	if_freenameindex(ifs);
}
