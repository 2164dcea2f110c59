// SPDX-License-Identifier: GPL-2.0
/* run: the one-command experience of the tutorial. */
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "cmds.h"
#include "find/discover.h"
#include "base/diag.h"
#include "host.h"
#include "outputs.h"
#include "params.h"
#include "reading.h"
#include "trace_attach.h"
#include "xdp_object.h"

static const struct cmd_spec spec = {
	.id = XH_CMD_RUN,
	.flags = 0,	/* -i, or -o with tracing programs: checked here */
	.usage =
"Usage: xdp-hello run -i IFNAME [options]\n"
"       xdp-hello run -o OBJECT [options]\n"
"Load hello (or the XDP program of -o OBJECT: -n NAME picks one of several)\n"
"on IFNAME, print every message it logs, unload it on Ctrl-C.\n"
"Without -i, the tracing programs of OBJECT (or only -n NAME) are attached\n"
"where their section names say (tracepoints, kprobes, fentry: any hlog\n"
"program that is neither XDP nor tc).\n",
};

#define NOT_READ (-2)	/* read_prog failed before reading: no summary */

/* Prints prog's messages until Ctrl-C, a count or a timeout. */
static int read_prog(const struct params *p, struct xh_prog *prog,
		     struct xh_reader_result *res)
{
	struct xh_reader_counts counts = {};
	struct xh_metrics *metrics = NULL;
	struct xh_reader_opts ro;
	int err;

	reading_opts(p, &counts, &ro);
	ro.backlog = true;	/* our own fresh program: all is new */
	memset(res, 0, sizeof(*res));
	if (outputs_metrics(p, prog, &counts, 1, &metrics))
		return NOT_READ;
	fprintf(stderr, "Waiting for Ctrl-C...\n");
	err = xh_read_rings(prog, 1, &ro, res);
	if (!err && res->reason == XH_STOP_SIGNAL)
		fprintf(stderr, "Exiting...\n");
	xh_metrics_stop(metrics);
	if (!err && reading_exit(res, &ro))
		err = -1;
	return err;
}

/* Opens the object and checks what attaching needs; 0 or 1 (said). */
static int prepare(const struct params *p, const struct xh_iface *iface,
		   struct xh_object *o)
{
	char what[128];

	if (xh_object_open(p->object, p->prog_name, p->object_given, o))
		return 1;
	snprintf(what, sizeof(what), "attach XDP program '%s' to", o->name);
	if (xh_need_privileges(what, iface->name, true))
		goto fail;
	/* run exists to watch packets: on a down interface none would come */
	if (!xh_iface_is_up(iface->ifindex)) {
		xh_err("Couldn't attach XDP program '%s' to '%s': the interface "
		       "is down (bring it up: 'ip link set %s up')", o->name,
		       iface->name, iface->name);
		goto fail;
	}
	return 0;
fail:
	xh_object_close(o);
	return 1;
}

/* -i IFNAME: hello (or -o's XDP program) on the interface. */
static int run_on_iface(const struct params *p)
{
	struct xh_reader_result res = {};
	struct xh_attachment a;
	struct xh_object o;
	struct xh_iface iface;
	struct xh_prog prog;
	int err;

	if (params_ifaces(p, &iface) || prepare(p, &iface, &o))
		return 1;
	reading_signals();
	if (xh_attach(&o, &iface, p->mode, p->force, true, &a))
		return 1;
	err = xh_prog_open(a.prog_id, &prog);
	if (err) {
		xh_err("Couldn't open the maps of '%s' (id %u) on '%s': %s", a.name,
		       a.prog_id, iface.name, strerror(-err));
		xh_detach(&a);
		return 1;
	}
	/* an object or program of the user's: say which one runs */
	if (p->object_given || p->prog_name)
		xh_info("Attached XDP program '%s' (id %u) to '%s'", a.name,
			a.prog_id, iface.name);
	prog.iface = iface;
	err = read_prog(p, &prog, &res);
	xh_prog_close(&prog);
	if (xh_detach(&a))
		err = err ? err : -1;
	if (err != NOT_READ)
		reading_summary(&res);
	return err ? 1 : 0;
}

/* -o OBJECT alone: its tracing programs, wherever their sections say. */
static int run_traced(const struct params *p)
{
	struct xh_reader_result res = {};
	struct xh_traced t;
	struct xh_prog prog;
	int err;

	if (xh_need_privileges("load", p->object, false))
		return 1;
	reading_signals();
	if (xh_trace_attach(p->object, p->prog_name, &t))
		return 1;
	err = xh_prog_open(t.prog_id, &prog);
	if (err) {
		xh_err("Couldn't open the maps of '%s' (id %u): %s", t.name,
		       t.prog_id, strerror(-err));
		xh_trace_detach(&t);
		return 1;
	}
	err = read_prog(p, &prog, &res);
	xh_prog_close(&prog);
	xh_trace_detach(&t);
	if (err != NOT_READ)
		reading_summary(&res);
	return err ? 1 : 0;
}

int cmd_run(int argc, char **argv)
{
	struct params p = {};
	int code = 2;

	if (params_parse(&p, argc, argv, &spec, &code))
		return code;
	if ((code = outputs_check(&p)))
		return code;
	if (p.nifaces)
		return run_on_iface(&p);
	if (!p.object_given)
		return usage_error(&p, "no interface given (-i IFNAME)");
	/* without -i, run attaches tracing programs: these mean nothing */
	if (p.mode != XH_MODE_AUTO || p.force)
		return usage_error(&p, "%s needs an interface (-i IFNAME): without "
				   "one, run attaches the tracing programs of '%s'",
				   p.force ? "--force" : "-m", p.object);
	return run_traced(&p);
}
