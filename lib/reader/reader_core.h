/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reader behind <xdp_hello/reader.h> (hlog_reader.c), as the
 * utility's poll loop (xdp-hello-util/poll_loop.c) uses it: programs, each
 * with its call sites, its rings and the lock that keeps a second reader
 * off them; one time-ordered
 * merge of every ring; decoded messages to a callback. The public API adds
 * its struct hlog_message on top.
 */
#ifndef XH_READER_CORE_H
#define XH_READER_CORE_H

#include <stdbool.h>
#include <xdp_hello/reader.h>

#include "rings/cpu_ring.h"
#include "decode/decode.h"
#include "find/discover.h"
#include "decode/output_line.h"
#include "decode/message_text.h"
#include "rings/merge.h"
#include "rings/ring.h"
#include "decode/sites.h"

/* One program being read. */
struct rd_prog {
	struct xh_prog *prog;		/* owned unless added by the caller */
	bool owned;
	unsigned int index;
	struct hlog_program pub;
	struct xh_sites sites;
	struct hlog_stats stats0;	/* counters when it was added */
	long long start_ns;		/* CLOCK_BOOTTIME when it was added */
	int lock_fd;
	struct xh_ring ring;		/* shared (overflow) ring */
	struct xh_cpu_rings cpu;	/* per-CPU rings, if it has them */
	struct hlog_reader *reader;
	void *user;			/* the caller's per-program state */
};

/* A decoded message of program p; non-zero stops the pass. */
typedef int (*xh_rec_fn)(void *ctx, struct rd_prog *p, const struct xh_msg *m);
/* A record that did not decode (counted in bad either way). */
typedef void (*xh_bad_fn)(void *ctx, struct rd_prog *p, enum xh_decode_err e);

struct hlog_reader {
	struct hlog_reader_opts opts;
	struct rd_prog **progs;
	unsigned int n;
	struct xh_merge merge;		/* every ring of every program */
	unsigned long long skipped;	/* queued before their program was added */
	unsigned long long bad;		/* malformed records */
	/* the pass in progress */
	xh_rec_fn fn;
	xh_bad_fn bad_fn;
	void *ctx;
	/* the public API's message */
	struct xh_out line;		/* hlog_message_line()'s formatter */
	unsigned long long seq;		/* messages handed out */
	char text[XH_TEXT_MAX];
	unsigned long long each_seq;	/* message of each[] */
	char each_text[XH_TEXT_MAX];
	char each[HLOG_MAX_ARGS][XH_ARG_TEXT];
	struct hlog_error last_error;	/* hlog_reader_last_error() */
	unsigned int added[XH_MAX_PROGS];	/* what the last add resolved to */
	unsigned int nadded;
};

/* The target a message is labelled with: the program its call site is in
 * (programs of one object share the rings), else the one read. */
static inline const char *xh_msg_target(const struct rd_prog *p,
					const struct xh_msg *m)
{
	return m->site->owner ? m->site->owner->name : p->pub.name;
}

/* ... and that program's id */
static inline __u32 xh_msg_prog_id(const struct rd_prog *p,
				   const struct xh_msg *m)
{
	return m->site->owner ? m->site->owner->id : p->pub.id;
}

/* Adds an xh_prog the caller opened and keeps (it must outlive r); the
 * error is said through diag.h. Returns its index or -errno. */
int xh_reader_add_prog(struct hlog_reader *r, struct xh_prog *p);
/* The same for an xh_prog opened for the reader: it closes and frees it,
 * also on failure. */
int xh_reader_add_owned(struct hlog_reader *r, struct xh_prog *p);
/* One pass over every ring (flush: hold nothing back); returns records
 * handed out, or -ECANCELED when fn stopped it. */
long xh_reader_pass(struct hlog_reader *r, bool flush, xh_rec_fn fn,
		    xh_bad_fn bad_fn, void *ctx);
/* Records handed out after a newer one (the merge's hold-back ran out). */
unsigned long long xh_reader_late(const struct hlog_reader *r);
/* Malformed records so far, bad positions of the rings included. */
unsigned long long xh_reader_bad(const struct hlog_reader *r);
/* Fills err (if any) from the last diagnostic; returns code. */
int xh_api_error(struct hlog_error *err, int code);
/* The same, also kept as r's last error (r may be NULL). */
int xh_reader_error(struct hlog_reader *r, struct hlog_error *err, int code);
/* CLOCK_BOOTTIME now, in ns. */
long long xh_boottime_ns(void);

#endif
