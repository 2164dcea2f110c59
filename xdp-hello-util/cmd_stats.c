// SPDX-License-Identifier: GPL-2.0
/* stats: rates from the programs' per-CPU counters, without reading rings. */
#include <stdio.h>
#include <time.h>

#include "cmds.h"
#include "find/control.h"
#include "find/discover.h"
#include "base/diag.h"
#include "find.h"
#include "host.h"
#include "outputs.h"
#include "params.h"
#include "reading.h"
#include "stdout_check.h"

static const struct cmd_spec spec = {
	.id = XH_CMD_STATS,
	.flags = P_IFACE | P_MULTI,
	.usage =
"Usage: xdp-hello stats -i IFNAME [-i IFNAME2 ...] [options]\n"
"Print packets/s, bytes/s, records/s and lost/s of the hlog program on each\n"
"interface, from its counters (it does not read the messages: a 'log' can\n"
"run too).\n",
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s,
			       .tv_nsec = (long)((s - (double)(time_t)s) * 1e9) };

	nanosleep(&ts, NULL);
}

/* One line per interface since the last (t0 to t); -1 (said) once a
 * program is gone. */
static int print_rates(const struct xh_iface *ifaces, struct xh_prog *progs,
		       struct hlog_stats *prev, int n, double dt)
{
	struct hlog_stats cur;
	int i;

	for (i = 0; i < n; i++) {
		/* unloaded, replaced or its interface deleted: as log */
		if (xh_prog_gone(&progs[i]))
			return -1;
		if (xh_stats_read(&progs[i], &cur)) {
			xh_err("xdp-hello: '%s' (id %u) on '%s' is gone",
			       progs[i].name, progs[i].id, ifaces[i].name);
			return -1;
		}
		printf("%-15s %12.1f %14.1f %12.1f %10.1f\n", ifaces[i].name,
		       (double)(cur.packets - prev[i].packets) / dt,
		       (double)(cur.bytes - prev[i].bytes) / dt,
		       (double)(xh_stats_logged(&cur) - xh_stats_logged(&prev[i])) / dt,
		       (double)(xh_stats_lost(&cur) - xh_stats_lost(&prev[i])) / dt);
		prev[i] = cur;
	}
	return 0;
}

/* The header, then a line per interface every interval until a signal,
 * -c or --timeout; -1 on a failure (said). */
static int stats_loop(const struct params *p, const struct xh_iface *ifaces,
		      struct xh_prog *progs, int n)
{
	struct hlog_stats prev[XH_MAX_IFACES];
	unsigned long lines = 0;
	double t0, t, start;
	int i;

	for (i = 0; i < n; i++)
		xh_stats_read(&progs[i], &prev[i]);
	printf("%-15s %12s %14s %12s %10s\n", "interface", "packets/s",
	       "bytes/s", "records/s", "lost/s");
	if (stdout_check())
		return -1;
	start = t0 = now_s();
	while (!stop_requested) {
		sleep_s(p->interval);
		if (stop_requested)
			break;
		t = now_s();
		if (print_rates(ifaces, progs, prev, n, t - t0))
			return -1;
		if (stdout_check())	/* a closed pipe, a full disk */
			return -1;
		t0 = t;
		if (p->count && ++lines >= p->count)
			break;
		if (p->timeout > 0 && t - start >= p->timeout)
			break;
	}
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	struct xh_prog progs[XH_MAX_IFACES];
	struct xh_iface ifaces[XH_MAX_IFACES];
	struct xh_metrics *metrics = NULL;
	struct params p = {};
	int code = 2, err = 0, n;

	if (params_parse(&p, argc, argv, &spec, &code))
		return code;
	if ((code = outputs_check(&p)))
		return code;
	if (params_ifaces(&p, ifaces))
		return 1;
	if (xh_need_privileges("read the counters of hello on", ifaces[0].name, false))
		return 1;
	if (find_hlogs(ifaces, p.nifaces, progs))
		return 1;
	n = p.nifaces;
	if (outputs_metrics(&p, progs, NULL, n, &metrics)) {
		err = -1;
		goto out;
	}
	reading_signals();
	err = stats_loop(&p, ifaces, progs, n);
out:
	xh_metrics_stop(metrics);
	xh_progs_close(progs, n);
	return err ? 1 : 0;
}
