/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time-ordered merge of record sources: each CPU's ring is in time order
 * on its own; the merge interleaves them by timestamp. A record is handed
 * out once no source can still produce an older one: a CPU that was idle
 * at the snapshot cannot (its next record is stamped after it claims its
 * ring), one that was busy can, for up to hold_ns, after which the others
 * go on without it. A record published later than that is still handed
 * out, out of order, and counted in late.
 */
#ifndef XH_MERGE_H
#define XH_MERGE_H

#include <stdbool.h>
#include <linux/types.h>

#include "rings/source.h"

#define XH_MERGE_HOLD_NS (10 * 1000 * 1000ULL)	/* a busy CPU holds others back */
#define XH_MERGE_SKEW_NS (1000 * 1000ULL)	/* clock reads across CPUs */

struct xh_merge {
	struct xh_src *srcs;
	int n;
	__u64 hold_ns;
	__u64 last_ts;		/* newest timestamp handed out */
	__u64 late;		/* records handed out after a newer one */
};

/* Returns 0 to go on, non-zero to stop after this record. */
typedef int (*xh_merge_cb)(void *ctx, struct xh_src *s);

/*
 * One pass at time now (CLOCK_BOOTTIME, read before the call): hands out
 * in time order every record that can no longer be preceded; with flush,
 * every record there is. Returns the records handed out, or the callback's
 * non-zero value (negated if positive) when it stopped early.
 */
long xh_merge_pass(struct xh_merge *m, __u64 now, bool flush, xh_merge_cb cb,
		   void *ctx);

#endif
