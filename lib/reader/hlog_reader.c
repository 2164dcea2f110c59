// SPDX-License-Identifier: GPL-2.0
/* The reader: programs, their rings, one time-ordered pass over all. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "find/control.h"
#include "base/diag.h"
#include "reader/reader_core.h"
#include "find/site_owners.h"
#include "reader/ring_lock.h"

long long xh_boottime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int xh_api_error(struct hlog_error *err, int code)
{
	if (err) {
		err->code = code;
		snprintf(err->msg, sizeof(err->msg), "%s", *xh_last_error() ?
			 xh_last_error() : strerror(-code));
	}
	return code;
}

int xh_reader_error(struct hlog_reader *r, struct hlog_error *err, int code)
{
	if (r)
		xh_api_error(&r->last_error, code);
	return xh_api_error(err, code);
}

const struct hlog_error *hlog_reader_last_error(const struct hlog_reader *r)
{
	static const struct hlog_error none = {
		-EINVAL, "no reader (hlog_reader_new() failed: its struct "
		"hlog_error says why)"
	};

	return r ? &r->last_error : &none;
}

/* sz must cover sz itself; past what this library knows, only zeros (a
 * newer header's fields, left unset). */
static int opts_check(const struct hlog_reader_opts *opts)
{
	const unsigned char *tail = (const unsigned char *)opts;
	size_t i;

	if (opts->sz < sizeof(opts->sz)) {
		xh_err("Couldn't create a reader: opts.sz is %zu (declare the "
		       "options with HLOG_READER_OPTS(), which sets it)", opts->sz);
		return -EINVAL;
	}
	/* __reserved, then what a newer header added */
	for (i = offsetof(struct hlog_reader_opts, __reserved); i < opts->sz; i++)
		if (tail[i]) {
			xh_err("Couldn't create a reader: opts.sz is %zu, and "
			       "byte %zu, which this library does not know, is "
			       "set (__reserved, or a newer <xdp_hello/reader.h>?)",
			       opts->sz, i);
			return -EINVAL;
		}
	return 0;
}

struct hlog_reader *hlog_reader_new(const struct hlog_reader_opts *opts,
				    struct hlog_error *err)
{
	struct hlog_reader *r;
	int ret;

	xh_clear_error();
	ret = opts ? opts_check(opts) : 0;
	if (ret) {
		xh_api_error(err, ret);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		xh_api_error(err, -ENOMEM);
		return NULL;
	}
	if (opts)	/* what the caller's version of the struct has */
		memcpy(&r->opts, opts, opts->sz < sizeof(r->opts) ?
		       opts->sz : sizeof(r->opts));
	r->opts.sz = sizeof(r->opts);
	if (!r->opts.max_level || r->opts.max_level > HLOG_TRACE)
		r->opts.max_level = HLOG_TRACE;
	r->merge.hold_ns = XH_MERGE_HOLD_NS;
	xh_out_init(&r->line, -1, false);
	return r;
}

static void prog_free(struct rd_prog *p)
{
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	xh_cpu_rings_close(&p->cpu);
	xh_ring_close(&p->ring);
	xh_sites_free(&p->sites);
	if (p->owned) {
		xh_prog_close(p->prog);
		free(p->prog);
	}
	free(p);
}

void hlog_reader_free(struct hlog_reader *r)
{
	unsigned int i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		prog_free(r->progs[i]);
	free(r->progs);
	free(r->merge.srcs);
	free(r);
}

/* Appends the rings of p to the merge: its CPUs' (if it has them), then
 * the shared one. */
static int rings_open(struct hlog_reader *r, struct rd_prog *p)
{
	struct xh_merge *m = &r->merge;
	__u32 cpu, extra = 1 + (p->prog->cpu_rings_fd >= 0 ? p->prog->ncpu_rings : 0);
	struct xh_src *srcs;
	int err;

	srcs = realloc(m->srcs, (m->n + extra) * sizeof(*srcs));
	if (!srcs)
		return -ENOMEM;
	m->srcs = srcs;
	if (p->prog->cpu_rings_fd >= 0) {
		err = xh_cpu_rings_open(&p->cpu, p->prog->cpu_rings_fd,
					p->prog->cpu_pos_fd);
		if (err)
			return err;
	}
	err = xh_ring_open(&p->ring, p->prog->ring_fd);
	if (err)
		return err;
	for (cpu = 0; cpu < p->cpu.ncpus; cpu++)
		xh_cpu_rings_source(&p->cpu, cpu, &srcs[m->n + cpu]);
	xh_ring_source(&p->ring, &srcs[m->n + p->cpu.ncpus]);
	for (cpu = 0; cpu <= p->cpu.ncpus; cpu++)
		srcs[m->n + cpu].owner = p;
	m->n += (int)(p->cpu.ncpus + 1);
	return 0;
}

/* Sites whose messages cannot show an argument: said once, here, with
 * where they are (clang cannot check what a %p hint points to). */
static void sites_misuse(const struct rd_prog *p)
{
	const struct xh_site *s;
	char why[128];
	unsigned int i;

	for (i = 0; i < p->sites.n; i++) {
		s = &p->sites.v[i];
		if (s->valid && xh_site_misuse(s, why, sizeof(why)))
			xh_info("xdp-hello: %s:%u: %s: its messages show <bad ...> "
				"there", s->file, s->line, why);
	}
}

static int prog_setup(struct hlog_reader *r, struct rd_prog *p)
{
	struct xh_prog *x = p->prog;
	char where[XH_WHERE_MAX];
	int err;

	xh_prog_where(x, where, sizeof(where));
	err = xh_ring_lock(x, &p->lock_fd);
	if (err)
		return err;
	err = xh_sites_load(&p->sites, x->rodata_fd, x->rodata_size, x->btf,
			    x->rodata_type);
	if (err == -E2BIG) {
		xh_err("Couldn't read call sites of %s: two sites have one id "
		       "(its .rodata is over 512 KiB: move large constants to a "
		       "map)", where);
		return err;
	}
	if (err) {
		xh_err("Couldn't read call sites of %s: %s (was it built with "
		       "BTF, clang -g?)", where, strerror(-err));
		return err;
	}
	xh_sites_owners(&p->sites, x->rodata_fd, x->id);
	sites_misuse(p);
	err = rings_open(r, p);
	if (err) {
		xh_err("Couldn't open the rings of %s: %s", where, strerror(-err));
		return err;
	}
	xh_stats_read(x, &p->stats0);
	p->start_ns = xh_boottime_ns();
	return 0;
}

/* A program already read: the same one, or one of the same object (its
 * maps are the same: one set of rings, one source) */
static int added(const struct hlog_reader *r, const struct xh_prog *x)
{
	unsigned int i;

	for (i = 0; i < r->n; i++)
		if (r->progs[i]->prog->id == x->id ||
		    (x->ring_id && r->progs[i]->prog->ring_id == x->ring_id))
			return (int)i;
	return -1;
}

static int add(struct hlog_reader *r, struct xh_prog *x, bool owned)
{
	struct rd_prog **progs, *p;
	int err, i;

	i = added(r, x);
	if (i >= 0) {
		xh_debug("reading '%s' (id %u) through the rings of '%s' (id %u): "
			 "one object, one set of maps",
			 x->name, x->id, r->progs[i]->pub.name, r->progs[i]->pub.id);
		if (owned) {
			xh_prog_close(x);
			free(x);
		}
		return i;
	}
	progs = realloc(r->progs, (r->n + 1) * sizeof(*progs));
	p = calloc(1, sizeof(*p));
	if (progs)
		r->progs = progs;
	if (!progs || !p) {
		free(p);
		return -ENOMEM;
	}
	p->prog = x;
	p->lock_fd = -1;
	p->reader = r;
	p->index = r->n;
	p->pub.id = x->id;
	p->pub.name = x->name;
	p->pub.ifname = x->iface.name;
	p->pub.ifindex = x->iface.ifindex;
	err = prog_setup(r, p);
	if (err) {
		prog_free(p);	/* not owned yet: the caller closes x */
		return err;
	}
	p->owned = owned;
	r->progs[r->n] = p;
	xh_debug("reading '%s' (id %u) on '%s'", x->name, x->id, x->iface.name);
	return (int)r->n++;
}

int xh_reader_add_prog(struct hlog_reader *r, struct xh_prog *p)
{
	return add(r, p, false);
}

/* Adds a program opened here: the reader closes it. */
int xh_reader_add_owned(struct hlog_reader *r, struct xh_prog *x)
{
	int ret = add(r, x, true);

	if (ret < 0) {
		xh_prog_close(x);
		free(x);
	}
	return ret;
}

static int on_record(void *ctx, struct xh_src *src)
{
	struct hlog_reader *r = ctx;
	struct rd_prog *p = src->owner;
	enum xh_decode_err e;
	struct xh_msg m;

	e = xh_decode(&p->sites, src->rec, src->len, &m);
	if (e != XH_DEC_OK) {
		r->bad++;
		if (r->bad_fn)
			r->bad_fn(r->ctx, p, e);
		return 0;
	}
	if (!r->opts.backlog && (long long)m.ts_ns < p->start_ns) {
		r->skipped++;
		return 0;
	}
	if (m.level > r->opts.max_level)
		return 0;
	return r->fn(r->ctx, p, &m) ? -ECANCELED : 0;
}

long xh_reader_pass(struct hlog_reader *r, bool flush, xh_rec_fn fn,
		    xh_bad_fn bad_fn, void *ctx)
{
	r->fn = fn;
	r->bad_fn = bad_fn;
	r->ctx = ctx;
	return xh_merge_pass(&r->merge, (__u64)xh_boottime_ns(), flush,
			     on_record, r);
}

unsigned long long xh_reader_late(const struct hlog_reader *r)
{
	return r->merge.late;
}

unsigned long long xh_reader_bad(const struct hlog_reader *r)
{
	unsigned long long bad = r->bad;
	int i;

	for (i = 0; i < r->merge.n; i++)
		bad += r->merge.srcs[i].bad;
	return bad;
}
