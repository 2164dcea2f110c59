/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finds hlog programs on an interface, whoever loaded them: asks the
 * kernel what is attached (single program or libxdp dispatcher, whose
 * components are found through their freplace links), then picks the
 * program's maps by name, type and BTF. Needs no pins and no object file.
 */
#ifndef XH_DISCOVER_H
#define XH_DISCOVER_H

#include <stdbool.h>
#include <linux/types.h>

#include "base/sys.h"

#define XH_MAX_PROGS 16	/* components of a dispatcher */
#define XH_MAX_MAPS 64	/* maps of one program looked at */
#define XH_NAME_MAX 128	/* a program's full name */

/* What is attached to an interface. */
struct xh_xdp_state {
	__u32 top_id;		/* attached program (maybe a dispatcher), 0 if none */
	const char *mode;	/* "skb", "native", "hw" */
	__u32 attach_flags;	/* XDP_FLAGS_*_MODE of top_id */
	bool dispatcher;
	int nprogs;		/* top program, or the dispatcher's components */
	__u32 prog_ids[XH_MAX_PROGS];
};

struct xh_prog {
	struct xh_iface iface;
	__u32 id;
	char name[XH_NAME_MAX];	/* full function name, from BTF */
	const char *mode;	/* XDP: "skb", "native"; tc: "tc ingress", ... */
	bool in_dispatcher;
	int prog_fd;
	int ring_fd;		/* shared (overflow) ring */
	int cpu_rings_fd;	/* per-CPU rings: -1 if the program has none */
	int cpu_pos_fd;
	__u32 ncpu_rings;	/* CPUs with a ring of their own */
	int stats_fd;
	__u32 stats_size;	/* value size of hlog_stats */
	int rodata_fd;		/* -1 if absent */
	int data_fd;		/* -1 if absent */
	__u32 ring_id;
	__u32 rodata_size, data_size;
	__u32 rodata_type, data_type;	/* DATASEC type ids in btf */
	struct btf *btf;
};

/* "'hello_world' on 'lo'", or "'hello_world' (id 42)" for a program
 * found by id, for messages. */
#define XH_WHERE_MAX (2 * 128)
const char *xh_prog_where(const struct xh_prog *p, char *buf, size_t len);

int xh_xdp_state(int ifindex, struct xh_xdp_state *st);
/* Program name (full, from BTF when the kernel truncated it). */
int xh_prog_name(__u32 id, char *buf, size_t len);
/* Finds the hlog program on iface; says why not (-ENOENT: there is none). */
int xh_find_hlog(const struct xh_iface *iface, struct xh_prog *out);
/* Fills out for program id (no error printed). -ENOENT if not hlog. */
int xh_prog_open(__u32 id, struct xh_prog *out);
/* The same for any program: whatever it has of hlog's maps (-1 fds for
 * the others), and its BTF (of its global data, else its own). */
int xh_prog_open_any(__u32 id, struct xh_prog *out);
void xh_prog_close(struct xh_prog *p);
void xh_progs_close(struct xh_prog *progs, int n);
/* Every hlog program on iface: its XDP program (or the dispatcher's
 * components) and its tc programs (clsact filters, tcx). Fills up to max;
 * returns how many, or -errno (-ENOENT: none, said why). */
int xh_find_hlogs_on(const struct xh_iface *iface, struct xh_prog *out, int max);
/* 1 if program id is attached to ifindex (alone or in a dispatcher), 0 if
 * not, -errno if the kernel did not say. */
int xh_prog_on_iface(int ifindex, __u32 id);

#endif
