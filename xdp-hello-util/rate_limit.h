/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --rate-limit: at most N messages of one call site in one second of
 * kernel time; the rest are counted, and summed up once their second is
 * over.
 */
#ifndef XH_RATE_LIMIT_H
#define XH_RATE_LIMIT_H

#include <stdbool.h>
#include <linux/types.h>

struct xh_rl_site {
	__u64 window;		/* ts_ns / 1 s */
	__u64 count;
	__u64 suppressed;	/* in this window, not yet said */
};

/* Says that site suppressed n messages in the second window. */
typedef void (*xh_rl_say)(void *ctx, unsigned int site, __u64 n, __u64 window);

struct xh_rate_limit {
	unsigned long per_s;	/* 0: no limit */
	unsigned int n;
	struct xh_rl_site *v;	/* per call site */
	xh_rl_say say;
	void *ctx;
};

int xh_rl_init(struct xh_rate_limit *rl, unsigned long per_s,
	       unsigned int nsites, xh_rl_say say, void *ctx);
void xh_rl_free(struct xh_rate_limit *rl);
/* True if a message of site at ts_ns is over the limit (and counted). */
bool xh_rl_over(struct xh_rate_limit *rl, unsigned int site, __u64 ts_ns);
/* Says the windows that are over by now_s (all of them with all). */
void xh_rl_flush(struct xh_rate_limit *rl, __u64 now_s, bool all);

#endif
