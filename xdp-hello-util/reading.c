// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <stdio.h>

#include "params.h"
#include "reading.h"

volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void reading_opts(const struct params *p, struct xh_reader_counts *counts,
		  struct xh_reader_opts *ro)
{
	*ro = (struct xh_reader_opts){
		.stop = &stop_requested,
		.max_level = (unsigned int)p->level,
		.count = p->count,
		.timeout = p->timeout,
		.json = p->json,
		.journal = p->journal,
		.rate_limit = p->rate_limit,
		.counts = counts,
		.ts = p->ts,
		.backlog = p->backlog,
	};
}

void reading_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int reading_exit(const struct xh_reader_result *res,
		 const struct xh_reader_opts *opts)
{
	if (res->reason == XH_STOP_TIMEOUT && opts->count &&
	    res->printed < opts->count) {
		fprintf(stderr, "xdp-hello: timed out after %g s with %llu of %lu "
			"messages\n", opts->timeout,
			(unsigned long long)res->printed, opts->count);
		return 1;
	}
	return res->reason == XH_STOP_GONE || res->reason == XH_STOP_ERROR ||
	       res->reason == XH_STOP_OUTPUT;
}

/* Why the output stopped taking messages, with what helps. */
static void output_failed(const struct xh_reader_result *res)
{
	int err = -res->out_err;

	if (res->journal)
		fprintf(stderr, "Couldn't send messages to the journal: %s "
			"(is systemd-journald running?)\n", strerror(err));
	else
		fprintf(stderr, "Couldn't write messages to standard output: %s%s\n",
			strerror(err), err == EPIPE ? " (the command reading them "
			"exited)" : err == ENOSPC || err == EDQUOT ? " (free some space "
			"where it goes)" : "");
}

static void also(uint64_t n, const char *what)
{
	if (n)
		fprintf(stderr, "(%" PRIu64 " %s)\n", n, what);
}

void reading_summary(const struct xh_reader_result *res)
{
	if (res->reason == XH_STOP_OUTPUT)
		output_failed(res);
	fprintf(stderr, "%" PRIu64 " messages, %" PRIu64 " lost\n",
		(uint64_t)res->printed, (uint64_t)res->lost);
	also(res->skipped, "older messages, queued before this reader started, "
	     "were skipped: see --backlog");
	also(res->bad, "malformed records skipped");
	also(res->suppressed, "messages suppressed by --rate-limit");
	also(res->late, "messages printed out of time order: their CPU "
	     "stalled longer than the merge waits");
}
