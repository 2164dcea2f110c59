/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A BPF ring buffer consumer that publishes its position once per batch.
 * libbpf's consumer (1.1) stores the consumer position after every record,
 * and each store steals the cache line the producer reads on every
 * reserve: at millions of records per second that ping-pong, not the
 * formatting, is what makes the reader fall behind.
 */
#ifndef XH_RING_H
#define XH_RING_H

#include <stddef.h>

struct xh_ring {
	unsigned long *consumer;	/* read-write page */
	unsigned long *producer;	/* read-only: producer page, then data twice */
	unsigned char *data;
	unsigned long mask;
	size_t page;
};

/* Returns 0 to go on, non-zero to stop after this record. */
typedef int (*xh_ring_cb)(void *ctx, const void *data, size_t len);

int xh_ring_open(struct xh_ring *r, int map_fd);
void xh_ring_close(struct xh_ring *r);
/* Consumes what is there now. Returns records seen, or the callback's
 * non-zero value (negated if positive) when it stopped early. */
long xh_ring_consume(struct xh_ring *r, xh_ring_cb cb, void *ctx);

#endif
