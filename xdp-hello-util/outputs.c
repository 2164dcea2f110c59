// SPDX-License-Identifier: GPL-2.0
/* Where messages and counters go: the checks and set-up shared by run,
 * log and stats (--output journal, --rate-limit, --metrics). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "base/diag.h"
#include "outputs.h"

int outputs_check(const struct params *p)
{
	int err;

	if (p->journal && p->trace_pipe)
		return usage_error(p, "--output journal reads the rings, not --source trace_pipe");
	if (p->rate_limit && p->trace_pipe)
		return usage_error(p, "--rate-limit applies to the rings, not --source trace_pipe");
	if (p->journal && !xh_journal_available()) {
		xh_err("Couldn't write messages to the journal: xdp-hello was built "
		       "without libsystemd (apt-get install libsystemd-dev, then "
		       "./configure && make)");
		return 1;
	}
	/* before anything is attached or read: a journal that is not there
	 * fails the command, not its first message */
	err = p->journal ? xh_journal_probe() : 0;
	if (err) {
		xh_err("Couldn't send messages to the journal: %s (is "
		       "systemd-journald running?)", strerror(-err));
		return 1;
	}
	if (p->metrics && !xh_metrics_available()) {
		xh_err("Couldn't serve metrics on '%s': xdp-hello was built without "
		       "libmicrohttpd (apt-get install libmicrohttpd-dev, then "
		       "./configure && make)", p->metrics);
		return 1;
	}
	return 0;
}

int outputs_metrics(const struct params *p, const struct xh_prog *progs,
		    const struct xh_reader_counts *counts, int n,
		    struct xh_metrics **out)
{
	int err;

	*out = NULL;
	if (!p->metrics)
		return 0;
	*out = xh_metrics_start(p->metrics, progs, counts, n, &err);
	if (!*out) {
		xh_err("Couldn't serve metrics on '%s': %s%s", p->metrics,
		       strerror(-err), err == -EADDRINUSE ?
		       " (another program listens there)" : err == -EADDRNOTAVAIL ?
		       " (not an address of this machine: 127.0.0.1:PORT, or :PORT "
		       "for all of them)" : "");
		return 1;
	}
	if (p->metrics[0] == ':')	/* every address: one that answers */
		xh_info("Metrics on http://127.0.0.1:%u/metrics (and every other "
			"address)", xh_metrics_port(*out));
	else
		xh_info("Metrics on http://%.*s:%u/metrics",
			(int)(strrchr(p->metrics, ':') - p->metrics), p->metrics,
			xh_metrics_port(*out));
	return 0;
}
