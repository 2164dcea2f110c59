// SPDX-License-Identifier: GPL-2.0
/* log: print the messages of hello programs already loaded, by anyone. */
#include <stdio.h>

#include "cmds.h"
#include "find/discover.h"
#include "base/diag.h"
#include "select.h"
#include "host.h"
#include "outputs.h"
#include "params.h"
#include "reading.h"

static const struct cmd_spec spec = {
	.id = XH_CMD_LOG,
	.flags = P_IFACE | P_MULTI | P_SELECT,
	.usage =
"Usage: xdp-hello log -i IFNAME [-i IFNAME2 ...] [options]\n"
"       xdp-hello log --prog-id ID | --pin PATH | --all [options]\n"
"Print the messages of the hlog programs on each interface, whoever loaded\n"
"them: its XDP program (or the programs of a libxdp dispatcher) and its tc\n"
"programs; or of the programs named by id or pin, or of every hlog program.\n",
};

int cmd_log(int argc, char **argv)
{
	struct xh_prog progs[XH_MAX_SELECTED];
	struct xh_iface ifaces[XH_MAX_IFACES];
	struct xh_reader_opts ro;
	struct xh_reader_result res = {};
	struct xh_reader_counts counts[XH_MAX_SELECTED] = {};
	struct xh_metrics *metrics = NULL;
	struct params p = {};
	int code = 2, err = 0, n;

	if (params_parse(&p, argc, argv, &spec, &code))
		return code;
	if ((code = outputs_check(&p)))
		return code;
	if (params_ifaces(&p, ifaces))
		return 1;
	n = select_progs(&p, "read the messages of hello on", progs, XH_MAX_SELECTED);
	if (n < 0)
		return 1;
	if (outputs_metrics(&p, progs, counts, n, &metrics)) {
		err = -1;
		goto out;
	}
	reading_signals();
	reading_opts(&p, counts, &ro);
	if (p.trace_pipe)
		err = xh_read_trace_pipe(progs, n, &ro, &res);
	else
		err = xh_read_rings(progs, n, &ro, &res);
	if (err)
		goto out;
	reading_summary(&res);
	if (reading_exit(&res, &ro))
		err = -1;
out:
	xh_metrics_stop(metrics);
	xh_progs_close(progs, n);
	return err ? 1 : 0;
}
