/* SPDX-License-Identifier: GPL-2.0 */
/* The machine around us: interfaces, privileges, bpffs and tracefs. */
#ifndef XH_SYS_H
#define XH_SYS_H

#include <stdbool.h>
#include <net/if.h>

struct xh_iface {
	char name[IF_NAMESIZE];
	int ifindex;
};

/* Resolves an interface name; prints the error. 0 or -errno. */
int xh_iface_resolve(const char *name, struct xh_iface *out);
bool xh_iface_exists(int ifindex);
bool xh_iface_is_up(int ifindex);

/* Checks CAP_SYS_ADMIN (and CAP_NET_ADMIN when attaching); prints
 * "Couldn't <what> '<iface>': Operation not permitted (run as root ...)". */
int xh_need_privileges(const char *what, const struct xh_iface *iface,
		       bool attach);

/* Points libxdp at a lasting bpffs: /sys/fs/bpf, or the system's one seen
 * through /proc/1/root when 'ip netns exec' gave us a fresh /sys, or one
 * mounted at /sys/fs/bpf in the init mount namespace. -ENOENT if none:
 * libxdp then attaches single programs (no dispatcher). */
int xh_ensure_bpffs(void);
/* Finds the trace_pipe file, mounting tracefs at /sys/kernel/tracing if
 * absent; prints the error. */
int xh_trace_pipe_path(char *buf, size_t len);

/* Default path of an installed BPF object (env, build tree, BPF_OBJECT_DIR). */
int xh_object_path(const char *file, char *buf, size_t len);

#endif
