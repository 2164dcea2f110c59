// SPDX-License-Identifier: GPL-2.0
/* log: print the messages of hello programs already loaded, by anyone. */
#include <stdio.h>

#include "cmds.h"
#include "discover.h"
#include "diag.h"
#include "find.h"
#include "host.h"
#include "outputs.h"
#include "params.h"
#include "reading.h"

static const char usage[] =
"Usage: xdp-hello log -i IFNAME [-i IFNAME2 ...] [options]\n"
"Print the messages of the hello program on each interface, whoever loaded\n"
"it (xdp-hello, xdp-loader, ip link, a libxdp dispatcher).\n"
"\n"
"  -i, --interface IFNAME  interface to read (repeat for more)\n"
"  -c, --count N           exit after N messages\n"
"      --timeout SEC       exit after SEC seconds\n"
"      --source SOURCE     ringbuf (default) or trace_pipe (switches on\n"
"                          bpf_printk in the program while reading)\n"
"      --level LEVEL       print messages up to LEVEL (off, error, warn, info,\n"
"                          debug, trace; default $XDP_HELLO_LOG, else\n"
"                          all that the program logs: see level)\n"
"      --output OUTPUT     text (default), json (one JSON object per line)\n"
"                          or journal (one journal entry per message)\n"
"      --json              short for the json output\n"
"      --rate-limit N      print at most N messages a second per call site,\n"
"                          count and summarize the rest\n"
"      --metrics ADDR:PORT serve Prometheus metrics on http://ADDR:PORT/metrics\n"
"      --timestamps UNIT   text time stamps: s (default), ms, us, ns, off\n"
"      --backlog           also print messages queued before this reader started\n"
"  -v, --verbose           more diagnostics (-vv: libbpf and libxdp too)\n"
"  -h, --help              this help\n";

int cmd_log(int argc, char **argv)
{
	struct xh_prog progs[XH_MAX_IFACES];
	struct xh_iface ifaces[XH_MAX_IFACES];
	struct xh_reader_opts ro = {};
	struct xh_reader_result res = {};
	struct xh_reader_counts counts[XH_MAX_IFACES] = {};
	struct xh_metrics *metrics = NULL;
	struct params p = {};
	int code = 2, err = 0, n;

	if (params_parse(&p, argc, argv, P_IFACE | P_MULTI | P_READ | P_COUNT |
			 P_SOURCE | P_METRICS, usage, &code))
		return code;
	if ((code = outputs_check(&p)))
		return code;
	if (params_ifaces(&p, ifaces))
		return 1;
	if (xh_need_privileges("read the messages of hello on", &ifaces[0], false))
		return 1;
	if (find_hlogs(ifaces, p.nifaces, progs))
		return 1;
	n = p.nifaces;
	if (outputs_metrics(&p, progs, counts, n, &metrics)) {
		err = -1;
		goto out;
	}
	reading_signals();
	ro.stop = &stop_requested;
	ro.max_level = (unsigned int)p.level;
	ro.count = p.count;
	ro.timeout = p.timeout;
	ro.json = p.json;
	ro.journal = p.journal;
	ro.rate_limit = p.rate_limit;
	ro.counts = counts;
	ro.ts = p.ts;
	ro.backlog = p.backlog;
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
