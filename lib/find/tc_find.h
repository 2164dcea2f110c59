/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tc programs on an interface: clsact filters (ingress and egress, as
 * `tc filter add dev IF ingress bpf da obj X.o` makes them), asked of the
 * kernel over rtnetlink, and tcx links (kernels from 6.6), asked with
 * BPF_PROG_QUERY.
 */
#ifndef XH_TC_FIND_H
#define XH_TC_FIND_H

#include <linux/types.h>

struct xh_tc_prog {
	__u32 id;
	const char *hook;	/* "tc ingress", "tc egress", "tcx ingress", ... */
};

/* Fills up to max programs; returns how many, or -errno. */
int xh_tc_progs(int ifindex, struct xh_tc_prog *out, int max);

#endif
