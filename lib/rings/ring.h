/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared BPF ring buffer (hlog_ring: the overflow ring, or the only
 * ring of a program built before the per-CPU rings), read as a source.
 * Our own consumer rather than libbpf's: libbpf (1.1) stores the consumer
 * position after every record, and each store steals the cache line the
 * producer reads on every reserve; we hand space back once per batch.
 *
 * Many CPUs write this ring, each stamping its record after reserving its
 * place, so the ring's order is not quite the time order: each snapshot
 * copies what is committed into a small staging area sorted by time (and
 * frees the ring's space at once); the merge takes records from there.
 */
#ifndef XH_RING_H
#define XH_RING_H

#include <stddef.h>

#include "rings/source.h"

struct xh_ring {
	unsigned long *consumer;	/* read-write page */
	unsigned long *producer;	/* read-only: producer page, then data twice */
	size_t size;			/* data bytes */
	size_t page;
	struct xh_stage *stage;
};

int xh_ring_open(struct xh_ring *r, int map_fd);
void xh_ring_close(struct xh_ring *r);
/* Sets up s to read r (from where the last reader stopped). */
void xh_ring_source(struct xh_ring *r, struct xh_src *s);

#endif
