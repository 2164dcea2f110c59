/* SPDX-License-Identifier: GPL-2.0 */
/* Why a program has no hlog maps: it does not use <xdp_hello/log.h>, or
 * it does and every one of its calls was compiled out. */
#ifndef XH_NOT_HLOG_H
#define XH_NOT_HLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* "built with HLOG_MAX_LEVEL off: calls above it compile to nothing",
 * from the ceiling (a level, or -ENOENT if unknown). */
const char *xh_compiled_out_why(int ceiling);
/* What to say of loaded program id, which has no HLOG_RING_MAP map, in
 * buf: "it has no hlog_ring map (not an hlog program: ...)" or "none of
 * its hlog calls is compiled in (...)"; true for the second (it includes
 * log.h, its calls are compiled out). */
bool xh_not_hlog_why(__u32 id, char *buf, size_t len);

#endif
