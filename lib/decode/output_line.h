/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Message -> output line. Text is the aya/env_logger form
 *   [2024-04-28T22:31:04Z INFO  hello_world] received a packet
 * JSON is one object per line. Lines collect in a large buffer that is
 * written once per batch, so the reader makes one write(2) per drain.
 */
#ifndef XH_OUTPUT_LINE_H
#define XH_OUTPUT_LINE_H

#include <stdbool.h>
#include <time.h>

#include <xdp_hello/record.h>
#include "decode/decode.h"

#define XH_OUT_BUF (64 * 1024)

enum xh_ts {
	XH_TS_S,		/* 2024-04-28T22:31:04Z (default, as env_logger) */
	XH_TS_MS,
	XH_TS_US,
	XH_TS_NS,
	XH_TS_OFF,
};

/* Parses s|ms|us|ns|off; -1 if unknown. */
int xh_ts_parse(const char *s);

/* Lines in the buffer whose end is tracked (flushed when full). */
#define XH_OUT_LINES 1024

struct xh_out {
	int fd;
	bool json;
	enum xh_ts ts;
	bool broken;		/* a write failed: stop */
	int err;		/* its -errno */
	unsigned long long written;	/* message lines written whole */
	size_t tail;		/* bytes of a line written before its end */
	unsigned int nends;
	unsigned int ends[XH_OUT_LINES];	/* end of each line in buf,
						 * << 1, | 1 for a message */
	long long clock_offset;	/* realtime - boottime, ns */
	time_t cached_sec;	/* second of cached_date */
	char cached_date[32];	/* "2024-04-28T22:31:04" */
	/* text: "[<date>Z <LEVEL> <target>] " per level, rebuilt when the
	 * second or the target changes, so a line is three memcpy */
	struct {
		time_t sec;
		const char *target;
		size_t len;
		char s[160];
	} prefix[HLOG_LEVEL_COUNT];
	size_t len;
	char buf[XH_OUT_BUF];
};

void xh_out_init(struct xh_out *o, int fd, bool json);
/* Refreshes the boottime -> wall clock offset (once per batch). */
void xh_out_sync_clock(struct xh_out *o);
/* Appends one line; target is the program name. */
void xh_out_msg(struct xh_out *o, const struct xh_msg *m, const char *target);
/* Appends a line from the trace pipe, time given as wall-clock ns. */
void xh_out_line(struct xh_out *o, long long wall_ns, unsigned int level,
		 const char *target, const char *text, size_t text_len,
		 unsigned int ifindex, int cpu);
/* The JSON line of a --rate-limit summary: a warning of target
 * "xdp-hello" with the count and the call site. */
void xh_out_suppressed_json(struct xh_out *o, long long wall_ns,
			    const char *text, unsigned long long n,
			    const char *file, unsigned int line);
/* Writes what is buffered: 0, or the -errno of the failed write (then
 * broken is set, err keeps it, and nothing more is written). Lines count
 * in written only once their newline is out; a line cut by the failure
 * is taken back from a regular file. */
int xh_out_flush(struct xh_out *o);

#endif
