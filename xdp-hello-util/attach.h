/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Putting hello on an interface and taking it off again.
 *  - persistent loads (xdp-hello load) go through libxdp, like xdp-loader,
 *    so xdp-loader status/unload and a libxdp dispatcher work with them;
 *  - run's load is a BPF link when the interface has no XDP program, so
 *    the kernel removes it even if the process is killed; with a dispatcher
 *    present it joins the dispatcher through libxdp.
 * Nothing is changed when a check fails: an attached program is refused
 * unless forced, and a forced replacement is one atomic netlink swap.
 */
#ifndef XH_ATTACH_H
#define XH_ATTACH_H

#include <stdbool.h>
#include <linux/types.h>

#include "base/sys.h"

enum xh_mode {
	XH_MODE_AUTO,		/* native where the driver has it, else skb */
	XH_MODE_SKB,
	XH_MODE_NATIVE,
};

struct bpf_object;
struct xdp_program;
struct xh_object;

struct xh_attachment {
	struct xh_iface iface;
	__u32 prog_id;
	char name[64];
	int link_fd;			/* BPF link, or -1 */
	int nl_fd;			/* netlink attachment (--force), or -1 */
	int old_fd;			/* run --force: program to put back */
	__u32 nl_flags;
	struct xdp_program *xprog;	/* libxdp attachment, or NULL */
	struct bpf_object *xobj;	/* xprog's object (libxdp leaves it to us) */
	int xmode;			/* enum xdp_attach_mode used */
};

/* Parses skb|generic|native|drv|auto; -1 if unknown. */
int xh_mode_parse(const char *s);

/* Attaches o's program (xdp_object.h) to iface; takes o's object, whatever
 * the outcome. */
int xh_attach(struct xh_object *o, const struct xh_iface *iface,
	      enum xh_mode mode, bool force, bool use_link,
	      struct xh_attachment *a);
/* Undoes xh_attach. */
int xh_detach(struct xh_attachment *a);
/* Lets go of the attachment's handles, leaving the program attached. */
void xh_attachment_release(struct xh_attachment *a);
/* Removes the hello program from iface, whoever loaded it. */
int xh_unload(const struct xh_iface *iface);

#endif
