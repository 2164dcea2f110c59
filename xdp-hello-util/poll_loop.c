// SPDX-License-Identifier: GPL-2.0
/* xdp-hello's poll loop over the rings: the reader core (hlog_reader.c)
 * does the reading; this is what the utility does with each message and
 * when it stops. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "find/control.h"
#include "base/diag.h"
#include "journal.h"
#include "out_wait.h"
#include "poll_loop.h"
#include "rate_limit.h"
#include "reader/reader_core.h"

#define DRAIN_INTERVAL_NS (5 * 1000 * 1000LL)	/* ring drained every 5 ms */
#define CHECK_INTERVAL_NS (250 * 1000 * 1000LL)	/* program still there? */
#define BUSY_BATCH 4096		/* records in one drain that mean "behind" */
#define NS_PER_S 1000000000LL

struct loop;

/* What the loop keeps per program. */
struct loop_prog {
	struct loop *lp;
	struct rd_prog *rp;
	const struct xh_prog *prog;	/* the program asked for */
	bool shared;			/* rp reads its rings (same object) */
	struct xh_reader_counts *counts;	/* for metrics, or NULL */
	struct xh_rate_limit rl;
	__u64 lost_said;		/* lost count last reported */
};

struct loop {
	const struct xh_reader_opts *opts;
	struct xh_reader_result *res;
	struct hlog_reader *r;
	struct loop_prog *lps;
	int n;
	__u64 queued;		/* messages handed to the output */
	__u64 sent;		/* ... that the journal took */
	int journal_err;	/* the journal refused one: stop */
	struct xh_out out;
};

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static void sleep_ns(long long ns)
{
	struct timespec ts = { .tv_sec = ns / NS_PER_S, .tv_nsec = ns % NS_PER_S };

	nanosleep(&ts, NULL);	/* a signal ends it early: fine */
}

/* Between passes: the journal has no reader to lose; stdout may. */
static void wait_pass(struct loop *l)
{
	if (l->opts->journal)
		sleep_ns(DRAIN_INTERVAL_NS);
	else
		xh_out_wait(&l->out, DRAIN_INTERVAL_NS);
}

/* A journal send that failed stops the loop, as a failed write does. */
static int journal_check(struct loop *l, int err)
{
	if (err < 0 && !l->journal_err)
		l->journal_err = err;
	return err;
}

/* "suppressed N messages from FILE:LINE in the last 1 s": apart from the
 * messages on stdout (text), as a JSON line, or a journal warning. */
static void say_suppressed(void *ctx, unsigned int k, __u64 n, __u64 window)
{
	struct loop_prog *lp = ctx;
	struct loop *l = lp->lp;
	const struct xh_site *site = &lp->rp->sites.v[k];
	const char *file = site->file ? site->file : "?";
	char text[256];

	snprintf(text, sizeof(text), "suppressed %llu messages from %s:%u in the "
		 "last 1 s (--rate-limit %lu)", (unsigned long long)n, file,
		 site->line, l->opts->rate_limit);
	if (l->opts->journal)
		journal_check(l, xh_journal_suppressed(text, n, file, site->line));
	else if (l->opts->json)
		xh_out_suppressed_json(&l->out, (long long)((window + 1) * NS_PER_S +
				       (__u64)l->out.clock_offset), text, n,
				       file, site->line);
	else
		xh_err("xdp-hello: %s of '%s' on '%s'", text, lp->rp->pub.name,
		       lp->rp->pub.ifname);
}

static void count(__u64 *c, __u64 *also)
{
	(*c)++;
	if (also)
		__atomic_add_fetch(also, 1, __ATOMIC_RELAXED);
}

static int on_msg(void *ctx, struct rd_prog *p, const struct xh_msg *m)
{
	struct loop *l = ctx;
	struct loop_prog *lp = p->user;

	if (xh_rl_over(&lp->rl, (unsigned int)(m->site - p->sites.v), m->ts_ns)) {
		count(&l->res->suppressed, lp->counts ? &lp->counts->suppressed : NULL);
		return 0;
	}
	count(&l->queued, lp->counts ? &lp->counts->printed : NULL);
	if (l->opts->journal) {
		struct xh_journal_src js = { xh_msg_target(p, m), p->pub.ifname,
					     xh_msg_prog_id(p, m) };

		if (journal_check(l, xh_journal_msg(m, &js, (long long)(m->ts_ns +
				  (__u64)l->out.clock_offset))) < 0)
			return 1;
		l->sent++;
	} else {
		xh_out_msg(&l->out, m, xh_msg_target(p, m));
		if (l->out.broken)
			return 1;
	}
	/* stop: later records stay in the ring */
	return l->queued == l->opts->count;
}

static bool output_failed(const struct loop *l)
{
	return l->out.broken || l->journal_err;
}

static void on_bad(void *ctx, struct rd_prog *p, enum xh_decode_err e)
{
	(void)ctx;
	if (xh_reader_bad(p->reader) <= 5)
		xh_err("xdp-hello: skipped a record of '%s' on '%s': %s",
		       p->pub.name, p->pub.ifname, xh_decode_strerror(e));
}

/* Drains every ring once (flush: without holding anything back for the
 * time order); returns records seen, or -ECANCELED (count). */
static long drain(struct loop *l, bool flush)
{
	long got;

	xh_out_sync_clock(&l->out);
	got = xh_reader_pass(l->r, flush, on_msg, on_bad, l);
	xh_out_flush(&l->out);
	return got;
}

/* Loss as it happens, not only in the final summary: on stderr, and as a
 * warning entry when messages go to the journal. */
static void say_loss(struct loop_prog *lp)
{
	struct hlog_stats now;
	char text[256], field[64];
	__u64 lost;

	if (xh_stats_read(lp->rp->prog, &now))
		return;
	lost = xh_stats_lost(&now);
	if (lost <= lp->lost_said)
		return;
	snprintf(text, sizeof(text), "%llu messages of '%s' on '%s' lost: "
		 "its rings were full (the reader fell behind)",
		 (unsigned long long)(lost - lp->lost_said), lp->rp->pub.name,
		 lp->rp->pub.ifname);
	lp->lost_said = lost;
	xh_err("xdp-hello: %s", text);
	if (lp->lp->opts->journal) {
		snprintf(field, sizeof(field), "HLOG_LOST=%llu",
			 (unsigned long long)lost);
		journal_check(lp->lp, xh_journal_note(4, text, field));
	}
}

/* The program or the interface went away: say which, once. */
bool xh_prog_gone(const struct xh_prog *p)
{
	int on;

	if (!p->iface.ifindex)	/* by id or pin: ours stays loaded */
		return false;
	on = xh_prog_on_iface(p->iface.ifindex, p->id);
	if (on > 0)
		return false;
	/* Not there: was it the interface that went? */
	if (!xh_iface_exists(p->iface.ifindex)) {
		xh_err("xdp-hello: interface '%s' disappeared", p->iface.name);
		return true;
	}
	if (on < 0)	/* no answer from a live interface: look again later */
		return false;
	xh_err("xdp-hello: '%s' (id %u) was detached from '%s'", p->name, p->id,
	       p->iface.name);
	return true;
}

/* Every CHECK_INTERVAL_NS: loss, rate-limit summaries, and true if a
 * program went away. */
static bool check(struct loop *l)
{
	__u64 now_s = (__u64)xh_boottime_ns() / NS_PER_S;
	bool gone = false;
	int i;

	/* sends to a journal that went away fail silently: ask it */
	if (l->opts->journal)
		journal_check(l, xh_journal_probe());
	for (i = 0; i < l->n; i++) {
		if (l->lps[i].shared)
			continue;
		say_loss(&l->lps[i]);
		xh_rl_flush(&l->lps[i].rl, now_s, false);
	}
	xh_out_flush(&l->out);
	for (i = 0; i < l->n && !gone; i++)
		gone = xh_prog_gone(l->lps[i].prog);
	return gone;
}

/* Until a stop: returns why. */
static enum xh_stop run(struct loop *l)
{
	long long t = mono_ns(), deadline = 0, next_check = t + CHECK_INTERVAL_NS;
	long got;

	if (l->opts->timeout > 0)
		deadline = t + (long long)(l->opts->timeout * 1e9);
	for (;;) {
		bool last = *l->opts->stop;

		got = drain(l, last);
		if (output_failed(l))
			return XH_STOP_OUTPUT;
		if (got == -ECANCELED)
			return XH_STOP_COUNT;
		if (last)	/* drained once more after the signal */
			return XH_STOP_SIGNAL;
		t = mono_ns();
		if (deadline && t >= deadline) {
			got = drain(l, true);
			return output_failed(l) ? XH_STOP_OUTPUT :
			       got == -ECANCELED ? XH_STOP_COUNT : XH_STOP_TIMEOUT;
		}
		if (t >= next_check) {
			next_check = t + CHECK_INTERVAL_NS;
			if (check(l)) {
				drain(l, true);
				return output_failed(l) ? XH_STOP_OUTPUT : XH_STOP_GONE;
			}
			if (output_failed(l))
				return XH_STOP_OUTPUT;
		}
		/* Records come without wakeups. A big batch means we are
		 * behind: go on at once; else look again in a few ms, which
		 * keeps a reader of a steady flow mostly asleep. */
		if (got < BUSY_BATCH && !*l->opts->stop) {
			wait_pass(l);
			if (output_failed(l))
				return XH_STOP_OUTPUT;
		}
	}
}

static int setup(struct loop *l, struct xh_prog *progs)
{
	struct hlog_reader_opts ro = { .sz = sizeof(ro),
				       .max_level = l->opts->max_level,
				       .backlog = l->opts->backlog };
	struct loop_prog *lp;
	int i, err;

	l->r = hlog_reader_new(&ro, NULL);
	l->lps = calloc((size_t)l->n, sizeof(*l->lps));
	if (!l->r || !l->lps)
		return -ENOMEM;
	for (i = 0; i < l->n; i++) {
		unsigned int before = l->r->n;

		err = xh_reader_add_prog(l->r, &progs[i]);
		if (err < 0)
			return err;
		lp = &l->lps[i];
		lp->lp = l;
		lp->prog = &progs[i];
		lp->rp = l->r->progs[err];
		/* a program of an object already read: its messages come
		 * through the first one's rings */
		lp->shared = l->r->n == before;
		if (lp->shared)
			continue;
		lp->rp->user = lp;
		lp->lost_said = xh_stats_lost(&lp->rp->stats0);
		if (l->opts->counts)
			lp->counts = &l->opts->counts[i];
		err = xh_rl_init(&lp->rl, l->opts->rate_limit, lp->rp->sites.n,
				 say_suppressed, lp);
		if (err)
			return err;
	}
	return 0;
}

int xh_read_rings(struct xh_prog *progs, int n,
		  const struct xh_reader_opts *opts, struct xh_reader_result *res)
{
	struct loop *lp = calloc(1, sizeof(*lp));	/* out is big */
	int i, err;

	memset(res, 0, sizeof(*res));
	res->lost_known = true;
	if (!lp)
		return -ENOMEM;
	lp->opts = opts;
	lp->res = res;
	lp->n = n;
	if (opts->journal)
		journal_check(lp, xh_journal_probe());
	xh_out_init(&lp->out, STDOUT_FILENO, opts->json);
	lp->out.ts = (enum xh_ts)opts->ts;
	err = setup(lp, progs);
	if (!err) {
		res->reason = run(lp);
		for (i = 0; i < n; i++)
			xh_rl_flush(&lp->lps[i].rl, 0, true);
		xh_out_flush(&lp->out);
		if (output_failed(lp) && res->reason != XH_STOP_OUTPUT)
			res->reason = XH_STOP_OUTPUT;	/* the last words failed */
		res->out_err = lp->journal_err ? lp->journal_err : lp->out.err;
		res->journal = lp->journal_err != 0;
		res->printed = opts->journal ? lp->sent : lp->out.written;
	}
	if (lp->r) {
		res->lost = hlog_reader_lost(lp->r);
		res->skipped = lp->r->skipped;
		res->bad = xh_reader_bad(lp->r);
		res->late = xh_reader_late(lp->r);
	}
	for (i = 0; lp->lps && i < n; i++)
		xh_rl_free(&lp->lps[i].rl);
	free(lp->lps);
	hlog_reader_free(lp->r);
	free(lp);
	return err;
}
