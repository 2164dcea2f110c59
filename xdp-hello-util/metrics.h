/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prometheus text exposition on http://ADDR:PORT/metrics (--metrics), from
 * a thread of libmicrohttpd's. The counters come from the kernel's per-CPU
 * counters at each scrape, so they survive a reader restart; what only the
 * reader knows (messages it printed or suppressed) comes from it.
 * Built only with libmicrohttpd (configure says when it is missing).
 */
#ifndef XH_METRICS_H
#define XH_METRICS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/types.h>

#include "find/discover.h"

/* What the reader counts, per program, for the metrics. */
struct xh_reader_counts {
	__u64 printed;
	__u64 suppressed;	/* by --rate-limit */
};

struct xh_metrics;

bool xh_metrics_available(void);
/* "A.B.C.D:PORT", "[V6]:PORT" or ":PORT" (every address) into ss: 0 or
 * -EINVAL. The port is digits only, up to 65535 (0: any free one). */
int xh_metrics_addr_parse(const char *s, struct sockaddr_storage *ss);
/*
 * Serves the metrics of progs[0..n) (and counts[i], may be NULL) on addr
 * ("127.0.0.1:9101", "[::1]:9101", ":9101" for every address; port 0: any
 * free one). The arrays must outlive it. NULL with *err set on failure.
 */
struct xh_metrics *xh_metrics_start(const char *addr, const struct xh_prog *progs,
				    const struct xh_reader_counts *counts, int n,
				    int *err);
/* The port it listens on. */
unsigned int xh_metrics_port(const struct xh_metrics *m);
void xh_metrics_stop(struct xh_metrics *m);
/* The exposition text of progs, as served (for tests and textfiles). */
void xh_metrics_write(FILE *f, const struct xh_prog *progs,
		      const struct xh_reader_counts *counts, int n);

#endif
