/* SPDX-License-Identifier: GPL-2.0 */
/* A loaded program's runtime knobs (hlog_config in .data) and counters. */
#ifndef XH_CONTROL_H
#define XH_CONTROL_H

#include <xdp_hello/record.h>
#include "discover.h"

int xh_config_read(const struct xh_prog *p, struct hlog_config *cfg);
int xh_config_write(const struct xh_prog *p, const struct hlog_config *cfg);
/* Sums the per-CPU counters. */
int xh_stats_read(const struct xh_prog *p, struct hlog_stats *sum);
__u64 xh_stats_lost(const struct hlog_stats *s);

#endif
