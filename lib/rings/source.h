/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A source of records: one CPU's ring (cpu_ring.c) or the shared BPF ring
 * buffer (ring.c). The merge (merge.c) takes a snapshot of each, looks at
 * its oldest record (the head), consumes it, and hands space back to the
 * producer (publish) in batches.
 */
#ifndef XH_SOURCE_H
#define XH_SOURCE_H

#include <stdbool.h>
#include <linux/types.h>
#include <xdp_hello/record.h>

enum xh_src_kind {
	XH_SRC_CPU,		/* one CPU's ring: records in time order */
	XH_SRC_SHARED,		/* BPF ring buffer, many producers */
};

struct xh_stage;		/* ring.c: shared ring records, sorted by time */

struct xh_src {
	enum xh_src_kind kind;
	struct hlog_cpu_pos *pos;	/* CPU: positions (mmapped) */
	unsigned long *consumer;	/* shared: consumer page (mmapped) */
	const unsigned long *producer;	/* shared: producer page */
	const unsigned char *data;	/* the ring's bytes */
	__u64 mask;			/* ring bytes - 1 */
	__u32 chunk;			/* CPU: no record straddles these */
	__u64 cons;			/* local consumer position */
	__u64 prod;			/* producer position at the snapshot */
	__u64 published;		/* consumer position last handed back */
	bool busy;			/* a record was in flight at the snapshot */
	__u64 last_ts;			/* newest timestamp taken from here */
	/* the head, valid after xh_src_head() returned true */
	const unsigned char *rec;
	__u32 len;			/* record bytes (8-aligned for CPU rings) */
	__u32 step;			/* bytes to the next record */
	__u64 ts;
	__u64 bad;			/* CPU: corrupt positions skipped */
	struct xh_stage *stage;		/* shared: records copied out */
	void *owner;			/* the caller's (program, call sites) */
};

/* cpu_ring.c */
void xh_cpu_src_snapshot(struct xh_src *s);
bool xh_cpu_src_head(struct xh_src *s);
void xh_cpu_src_publish(struct xh_src *s);
/* ring.c */
void xh_shared_src_snapshot(struct xh_src *s);
bool xh_shared_src_head(struct xh_src *s);
void xh_shared_src_pop(struct xh_src *s);
void xh_shared_src_publish(struct xh_src *s);

static inline void xh_src_snapshot(struct xh_src *s)
{
	if (s->kind == XH_SRC_CPU)
		xh_cpu_src_snapshot(s);
	else
		xh_shared_src_snapshot(s);
}

/* Loads the oldest record not yet consumed; false if there is none. */
static inline bool xh_src_head(struct xh_src *s)
{
	return s->kind == XH_SRC_CPU ? xh_cpu_src_head(s) : xh_shared_src_head(s);
}

static inline void xh_src_advance(struct xh_src *s)
{
	if (s->kind == XH_SRC_CPU)
		s->cons += s->step;
	else
		xh_shared_src_pop(s);
	if (s->ts > s->last_ts)
		s->last_ts = s->ts;
}

/* Hands the consumed space back to the producer. */
static inline void xh_src_publish(struct xh_src *s)
{
	if (s->cons == s->published)
		return;
	if (s->kind == XH_SRC_CPU)
		xh_cpu_src_publish(s);
	else
		xh_shared_src_publish(s);
	s->published = s->cons;
}

#endif
