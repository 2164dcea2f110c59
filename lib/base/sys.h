/* SPDX-License-Identifier: GPL-2.0 */
/* The machine around the reader: interfaces and tracefs. */
#ifndef XH_SYS_H
#define XH_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <net/if.h>

struct xh_iface {
	char name[IF_NAMESIZE];
	int ifindex;
};

/* Resolves an interface name; prints the error. 0 or -errno. */
int xh_iface_resolve(const char *name, struct xh_iface *out);
bool xh_iface_exists(int ifindex);
bool xh_iface_is_up(int ifindex);

/* Finds the trace_pipe file, mounting tracefs at /sys/kernel/tracing if
 * absent; prints the error. */
int xh_trace_pipe_path(char *buf, size_t len);

#endif
