/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages as journal entries (--output journal), one per message, with
 * the record's facts as fields:
 *   MESSAGE, PRIORITY (ERROR 3, WARN 4, INFO 6, DEBUG and TRACE 7),
 *   SYSLOG_IDENTIFIER (the target), CODE_FILE, CODE_LINE (the call site),
 *   IFNAME, IFINDEX, RXQ (XDP, tc) or HLOG_PID, HLOG_TID (tracing programs),
 *   CPU, HLOG_LEVEL, HLOG_TIMESTAMP_BOOTTIME_NS (the
 *   kernel's stamp), HLOG_TIMESTAMP_REALTIME_USEC, HLOG_PROGRAM_ID,
 *   HLOG_ARG0.. (each argument as in the message), HLOG_ARGS (JSON array).
 * Built only with libsystemd (configure says when it is missing).
 */
#ifndef XH_JOURNAL_H
#define XH_JOURNAL_H

#include <stdbool.h>
#include <linux/types.h>

#include "decode/decode.h"

/* Where a message comes from, beyond the record. */
struct xh_journal_src {
	const char *target;
	const char *ifname;
	__u32 prog_id;
};

/* false when built without libsystemd */
bool xh_journal_available(void);
/* 0 if journald takes entries now, else -errno (-ENOENT: no socket,
 * -ECONNREFUSED: nobody behind it). sd_journal_send() says nothing when
 * the journal is not there: this asks first. */
int xh_journal_probe(void);
/* 0, or -errno from sd_journal_sendv */
int xh_journal_msg(const struct xh_msg *m, const struct xh_journal_src *src,
		   long long wall_ns);
/* A line of the reader's own at a priority, with one "NAME=value" field. */
int xh_journal_note(int priority, const char *text, const char *field);
/* A --rate-limit summary: PRIORITY 4, HLOG_SUPPRESSED, CODE_FILE/LINE. */
int xh_journal_suppressed(const char *text, unsigned long long n,
			  const char *file, unsigned int line);

#endif
