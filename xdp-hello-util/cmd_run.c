// SPDX-License-Identifier: GPL-2.0
/* run: the one-command experience of the tutorial. */
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "cmds.h"
#include "discover.h"
#include "diag.h"
#include "host.h"
#include "outputs.h"
#include "params.h"
#include "reading.h"

static const struct cmd_spec spec = {
	.id = XH_CMD_RUN,
	.flags = P_IFACE,
	.usage =
"Usage: xdp-hello run -i IFNAME [options]\n"
"Load hello on IFNAME, print every message it logs, unload it on Ctrl-C.\n",
};

int cmd_run(int argc, char **argv)
{
	struct params p = {};
	struct xh_reader_opts ro = {};
	struct xh_reader_result res;
	struct xh_reader_counts counts = {};
	struct xh_metrics *metrics = NULL;
	struct xh_attachment a;
	struct xh_iface iface;
	struct xh_prog prog;
	int code = 2, err;

	if (params_parse(&p, argc, argv, &spec, &code))
		return code;
	if ((code = outputs_check(&p)))
		return code;
	if (params_ifaces(&p, &iface))
		return 1;
	if (xh_need_privileges("attach hello to", &iface, true))
		return 1;
	/* run exists to watch packets: on a down interface none would come */
	if (!xh_iface_is_up(iface.ifindex)) {
		xh_err("Couldn't attach hello to '%s': the interface is down "
		       "(bring it up: 'ip link set %s up')", iface.name, iface.name);
		return 1;
	}
	reading_signals();
	if (xh_attach(p.object, &iface, p.mode, p.force, true, &a))
		return 1;
	err = xh_prog_open(a.prog_id, &prog);
	if (err) {
		xh_err("Couldn't open the maps of '%s' (id %u) on '%s': %s", a.name,
		       a.prog_id, iface.name, strerror(-err));
		xh_detach(&a);
		return 1;
	}
	prog.iface = iface;
	if (outputs_metrics(&p, &prog, &counts, 1, &metrics)) {
		xh_prog_close(&prog);
		xh_detach(&a);
		return 1;
	}
	fprintf(stderr, "Waiting for Ctrl-C...\n");
	ro.stop = &stop_requested;
	ro.max_level = (unsigned int)p.level;
	ro.count = p.count;
	ro.timeout = p.timeout;
	ro.json = p.json;
	ro.journal = p.journal;
	ro.rate_limit = p.rate_limit;
	ro.counts = &counts;
	ro.ts = p.ts;
	ro.backlog = true;	/* our own fresh program: everything is new */
	err = xh_read_rings(&prog, 1, &ro, &res);
	if (!err && res.reason == XH_STOP_SIGNAL)
		fprintf(stderr, "Exiting...\n");
	xh_metrics_stop(metrics);
	xh_prog_close(&prog);
	if (xh_detach(&a))
		err = -1;
	reading_summary(&res);
	if (err || reading_exit(&res, &ro))
		return 1;
	return 0;
}
