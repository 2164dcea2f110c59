/* SPDX-License-Identifier: GPL-2.0 */
/* Finding hello (any hlog program) on interfaces, with the utility's hint
 * when there is none. */
#ifndef XH_FIND_H
#define XH_FIND_H

#include "find/discover.h"

int find_hlog(const struct xh_iface *iface, struct xh_prog *out);
/* The same, for unload: where programs of others are there, its hint
 * says what removes them rather than how to load hello. */
int find_hlog_to_unload(const struct xh_iface *iface, struct xh_prog *out);
/* Every hlog program on iface, XDP and tc: how many, or -errno. */
int find_hlogs_on(const struct xh_iface *iface, struct xh_prog *out, int max);
/* Where programs named by id, pin or --all are attached in this network
 * namespace: sets iface and mode of those found on an interface. */
void find_where(struct xh_prog *progs, int n);
/* For n interfaces; on failure nothing stays open. */
int find_hlogs(const struct xh_iface *ifaces, int n, struct xh_prog *progs);

#endif
