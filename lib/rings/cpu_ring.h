/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-CPU rings of an hlog program (maps hlog_cpu_rings and
 * hlog_cpu_pos, see <xdp_hello/log.h>), mapped into the reader: the
 * records read-only, the positions read-write (the reader owns cons).
 */
#ifndef XH_CPU_RING_H
#define XH_CPU_RING_H

#include <stddef.h>
#include <linux/types.h>

#include "rings/source.h"

struct xh_cpu_rings {
	unsigned char *data;		/* every CPU's ring, one after another */
	size_t data_len;
	struct hlog_cpu_pos *pos;
	size_t pos_len;
	__u32 ncpus;			/* CPUs with a ring */
	__u64 ring_size;		/* bytes of each */
	__u32 chunk;			/* bytes of a map element */
};

/* Sizes without mapping anything: per-CPU ring bytes (0 if the program
 * has no per-CPU rings), and the shared ring's bytes. */
int xh_ring_sizes(int rings_fd, int pos_fd, int shared_fd, __u64 *cpu_ring,
		  __u64 *shared);
/* -EINVAL: the maps are not laid out as log.h lays them out. */
int xh_cpu_rings_open(struct xh_cpu_rings *cr, int rings_fd, int pos_fd);
void xh_cpu_rings_close(struct xh_cpu_rings *cr);
/* Sets up s to read CPU cpu's ring (from where the last reader stopped). */
void xh_cpu_rings_source(struct xh_cpu_rings *cr, __u32 cpu, struct xh_src *s);

#endif
