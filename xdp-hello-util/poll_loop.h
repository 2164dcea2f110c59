/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xdp-hello's poll loop: drains the rings of one or more hlog programs
 * (poll_loop.c) or the trace pipe (trace_pipe.c) and writes their
 * messages (text, JSON or the journal) until the caller's stop flag, a
 * count, a timeout, or the program or interface going away.
 */
#ifndef XH_POLL_LOOP_H
#define XH_POLL_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <linux/types.h>

#include "find/discover.h"
#include "metrics.h"

struct xh_reader_opts {
	unsigned int max_level;	/* print messages at or below this level */
	unsigned long count;	/* stop after this many; 0: no limit */
	double timeout;		/* seconds; 0: none */
	bool json;
	bool journal;		/* one journal entry per message instead */
	unsigned long rate_limit;	/* messages per second per call site; 0: none */
	struct xh_reader_counts *counts;	/* per program, for metrics; or NULL */
	int ts;			/* enum xh_ts, for text */
	bool backlog;		/* also print records queued before start */
	volatile sig_atomic_t *stop;	/* set by the caller's signal handler */
};

enum xh_stop {
	XH_STOP_SIGNAL,
	XH_STOP_COUNT,
	XH_STOP_TIMEOUT,
	XH_STOP_GONE,		/* interface or program went away */
	XH_STOP_OUTPUT,		/* a write failed: out_err says why */
	XH_STOP_ERROR,
};

struct xh_reader_result {
	__u64 printed;		/* messages written whole (or sent) */
	__u64 lost;
	__u64 skipped;		/* queued before start, not printed */
	__u64 bad;		/* malformed records */
	__u64 late;		/* printed after a newer message (merge) */
	__u64 suppressed;	/* held back by rate_limit */
	bool lost_known;
	enum xh_stop reason;
	int out_err;		/* XH_STOP_OUTPUT: the write's -errno */
	bool journal;		/* ... of a journal send */
};

/* True, said once on stderr, if p or its interface went away. */
bool xh_prog_gone(const struct xh_prog *p);

int xh_read_rings(struct xh_prog *progs, int n,
		  const struct xh_reader_opts *opts, struct xh_reader_result *res);
int xh_read_trace_pipe(struct xh_prog *progs, int n,
		       const struct xh_reader_opts *opts,
		       struct xh_reader_result *res);

#endif
