/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run -o OBJECT without an interface: an hlog object of tracing programs
 * (tracepoints, kprobes, fentry, ...), each attached where its section
 * name says (libbpf's auto-attach), all of it gone again when closed.
 */
#ifndef XH_TRACE_ATTACH_H
#define XH_TRACE_ATTACH_H

#include <linux/types.h>

#define XH_MAX_TRACE_LINKS 16

struct bpf_object;
struct bpf_link;

struct xh_traced {
	struct bpf_object *obj;
	struct bpf_link *links[XH_MAX_TRACE_LINKS];
	int nlinks;
	__u32 prog_id;		/* the first program: its maps are all's */
	char name[128];
};

/* Loads and attaches path's programs, or only prog_name if not NULL. */
int xh_trace_attach(const char *path, const char *prog_name,
		    struct xh_traced *t);
void xh_trace_detach(struct xh_traced *t);

#endif
