/* SPDX-License-Identifier: GPL-2.0 */
/* A loaded program's runtime knobs (hlog_config in .data) and counters. */
#ifndef XH_CONTROL_H
#define XH_CONTROL_H

#include <xdp_hello/record.h>
#include "find/discover.h"

#include <stddef.h>

int xh_config_read(const struct xh_prog *p, struct hlog_config *cfg);
/* Sets one field, e.g. offsetof(struct hlog_config, level). */
int xh_config_set(const struct xh_prog *p, size_t field, __u32 value);
#define XH_CFG_LEVEL offsetof(struct hlog_config, level)
#define XH_CFG_PRINTK offsetof(struct hlog_config, printk)
/* Sums the per-CPU counters. */
int xh_stats_read(const struct xh_prog *p, struct hlog_stats *sum);
/* Records written, all levels. */
__u64 xh_stats_logged(const struct hlog_stats *s);
__u64 xh_stats_lost(const struct hlog_stats *s);

#endif
