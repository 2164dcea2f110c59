/* SPDX-License-Identifier: GPL-2.0 */
/* Ring buffer record -> message, checked against its call site. */
#ifndef XH_DECODE_H
#define XH_DECODE_H

#include <stddef.h>
#include <linux/types.h>

#include "decode/sites.h"

struct xh_msg {
	__u64 ts_ns;		/* CLOCK_BOOTTIME */
	__u8 kind;		/* enum hlog_kind */
	__u32 ifindex;		/* XDP, tc (else 0) */
	__u16 rxq;
	__u32 pid, tid;		/* task (else 0) */
	__u16 cpu;
	__u8 level;
	const struct xh_site *site;
	const void *args;
	__u32 args_len;
};

enum xh_decode_err {
	XH_DEC_OK = 0,
	XH_DEC_SHORT,		/* smaller than a header */
	XH_DEC_VERSION,		/* unknown record version */
	XH_DEC_KIND,		/* unknown kind of program */
	XH_DEC_LENGTH,		/* args_len disagrees with the record size */
	XH_DEC_SITE,		/* no such call site */
	XH_DEC_LEVEL,		/* level disagrees with the call site */
	XH_DEC_ARGS,		/* argument length disagrees with the call site */
};

enum xh_decode_err xh_decode(const struct xh_sites *sites, const void *data,
			     size_t size, struct xh_msg *m);
const char *xh_decode_strerror(enum xh_decode_err e);

#endif
