// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>

#include "rings/merge.h"

#define PUBLISH_BYTES (256 * 1024)	/* hand space back within a long pass */

/* The oldest timestamp a source without a head may still produce. */
static __u64 empty_bound(const struct xh_merge *m, const struct xh_src *s,
			 __u64 now)
{
	__u64 floor = now > m->hold_ns ? now - m->hold_ns : 0;

	if (!s->busy)
		return now > XH_MERGE_SKEW_NS ? now - XH_MERGE_SKEW_NS : 0;
	/* a record in flight: a CPU ring's is no older than its last one;
	 * a shared ring's could be anything */
	if (s->kind == XH_SRC_CPU && s->last_ts > floor)
		return s->last_ts;
	return floor;
}

/* Index of the source with the oldest head, and the next oldest head. */
static int oldest(const struct xh_merge *m, const bool *has, __u64 *second)
{
	__u64 best_ts = UINT64_MAX;
	int best = -1, i;

	*second = UINT64_MAX;
	for (i = 0; i < m->n; i++) {
		if (!has[i])
			continue;
		if (m->srcs[i].ts < best_ts) {
			*second = best_ts;
			best_ts = m->srcs[i].ts;
			best = i;
		} else if (m->srcs[i].ts < *second) {
			*second = m->srcs[i].ts;
		}
	}
	return best;
}

static void publish_all(struct xh_merge *m)
{
	int i;

	for (i = 0; i < m->n; i++)
		xh_src_publish(&m->srcs[i]);
}

long xh_merge_pass(struct xh_merge *m, __u64 now, bool flush, xh_merge_cb cb,
		   void *ctx)
{
	bool has[m->n > 0 ? m->n : 1];
	__u64 limit = UINT64_MAX, second;
	long n = 0;
	int i, stop = 0;

	/* the clock was read before any source is looked at */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < m->n; i++) {
		xh_src_snapshot(&m->srcs[i]);
		has[i] = xh_src_head(&m->srcs[i]);
		/* a shared ring's next record may be older than its head */
		if ((!has[i] || m->srcs[i].kind == XH_SRC_SHARED) && !flush &&
		    empty_bound(m, &m->srcs[i], now) < limit)
			limit = empty_bound(m, &m->srcs[i], now);
	}
	while (!stop && (i = oldest(m, has, &second)) >= 0) {
		struct xh_src *s = &m->srcs[i];

		/* the same source again while it stays the oldest */
		while (s->ts <= limit) {
			if (s->ts < m->last_ts)
				m->late++;
			else
				m->last_ts = s->ts;
			stop = cb(ctx, s);
			xh_src_advance(s);
			n++;
			if (s->cons - s->published >= PUBLISH_BYTES)
				xh_src_publish(s);
			has[i] = xh_src_head(s);
			if (!has[i] && !flush && empty_bound(m, s, now) < limit)
				limit = empty_bound(m, s, now);
			if (stop || !has[i] || s->ts > second)
				break;
		}
		if (has[i] && s->ts > limit)
			break;	/* the oldest must wait: so must the rest */
	}
	publish_all(m);
	if (stop)
		return stop > 0 ? -stop : stop;
	return n;
}
