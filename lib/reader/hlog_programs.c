// SPDX-License-Identifier: GPL-2.0
/* <xdp_hello/reader.h>: which programs a reader reads, and their knobs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "find/control.h"
#include "base/diag.h"
#include "reader/reader_core.h"
#include "base/sys.h"

/* The start of an add call: nothing resolved yet, no error. */
static void add_begin(struct hlog_reader *r)
{
	xh_clear_error();
	r->nadded = 0;
}

/* Index i resolved by the add call in progress (once). */
static void add_note(struct hlog_reader *r, int i)
{
	unsigned int k;

	for (k = 0; k < r->nadded; k++)
		if (r->added[k] == (unsigned int)i)
			return;
	if (r->nadded < XH_MAX_PROGS)
		r->added[r->nadded++] = (unsigned int)i;
}

static int add_failed(struct hlog_reader *r, struct hlog_error *err, int code)
{
	r->nadded = 0;
	return xh_reader_error(r, err, code);
}

static int add_opened(struct hlog_reader *r, struct xh_prog *x,
		      struct hlog_error *err)
{
	int ret = xh_reader_add_owned(r, x);

	if (ret < 0)
		return add_failed(r, err, ret);
	add_note(r, ret);
	return ret;
}

unsigned int hlog_reader_added(const struct hlog_reader *r, unsigned int *idx,
			       unsigned int max)
{
	unsigned int k;

	if (!r)
		return 0;
	for (k = 0; idx && k < r->nadded && k < max; k++)
		idx[k] = r->added[k];
	return r->nadded;
}

int hlog_reader_add_iface(struct hlog_reader *r, const char *ifname,
			  struct hlog_error *err)
{
	struct xh_prog found[XH_MAX_PROGS], *x;
	struct xh_iface iface;
	int ret, n, i, first = -1;

	add_begin(r);
	ret = xh_iface_resolve(ifname, &iface);
	n = ret ? ret : xh_find_hlogs_on(&iface, found, XH_MAX_PROGS);
	if (n < 0)
		return add_failed(r, err, n);
	for (i = 0; i < n; i++) {
		x = malloc(sizeof(*x));
		if (x)
			*x = found[i];
		else
			xh_prog_close(&found[i]);
		ret = x ? xh_reader_add_owned(r, x) : -ENOMEM;
		if (ret < 0)
			break;
		add_note(r, ret);
		if (first < 0)
			first = ret;
	}
	for (i++; i < n; i++)	/* not added after a failure */
		xh_prog_close(&found[i]);
	/* those added before it stay, and hlog_reader_added() names them */
	return ret < 0 ? xh_reader_error(r, err, ret) : first;
}

int hlog_reader_add_prog_id(struct hlog_reader *r, unsigned int id,
			    struct hlog_error *err)
{
	struct xh_prog *x;
	int fd, ret;

	add_begin(r);
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0) {
		ret = -errno;
		xh_err("Couldn't open program id %u: %s", id, strerror(errno));
		return add_failed(r, err, ret);
	}
	close(fd);
	x = calloc(1, sizeof(*x));
	if (!x)
		return add_failed(r, err, -ENOMEM);
	ret = xh_prog_open(id, x);
	if (ret) {
		free(x);
		if (ret == -ENOENT)
			xh_err("Couldn't read program id %u: it has no %s map "
			       "(not an hlog program)", id, HLOG_RING_MAP);
		else
			xh_err("Couldn't open program id %u: %s", id,
			       strerror(-ret));
		return add_failed(r, err, ret);
	}
	return add_opened(r, x, err);
}

int hlog_reader_add_pin(struct hlog_reader *r, const char *path,
			struct hlog_error *err)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd, ret;

	add_begin(r);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		ret = -errno;
		xh_err("Couldn't open pinned program '%s': %s", path,
		       strerror(errno));
		return add_failed(r, err, ret);
	}
	ret = bpf_obj_get_info_by_fd(fd, &info, &len) ? -errno : 0;
	close(fd);
	if (ret) {
		xh_err("Couldn't read pinned program '%s': %s (is it a program?)",
		       path, strerror(-ret));
		return add_failed(r, err, ret);
	}
	return hlog_reader_add_prog_id(r, info.id, err);
}

unsigned int hlog_reader_count(const struct hlog_reader *r)
{
	return r->n;
}

const struct hlog_program *hlog_reader_program(const struct hlog_reader *r,
					       unsigned int i)
{
	return i < r->n ? &r->progs[i]->pub : NULL;
}

/* Program i, or NULL with r's error set (-ERANGE) for what. */
static struct xh_prog *prog_at(struct hlog_reader *r, unsigned int i,
			       const char *what)
{
	xh_clear_error();
	if (i < r->n)
		return r->progs[i]->prog;
	if (r->n)
		xh_err("Couldn't %s program %u: the reader has %u (0 to %u)",
		       what, i, r->n, r->n - 1);
	else
		xh_err("Couldn't %s program %u: the reader has none", what, i);
	xh_reader_error(r, NULL, -ERANGE);
	return NULL;
}

/* err of what on program x, as r's error; returns err. */
static int prog_failed(struct hlog_reader *r, const struct xh_prog *x,
		       const char *what, int err)
{
	char where[XH_WHERE_MAX];

	xh_err("Couldn't %s %s: %s", what, xh_prog_where(x, where, sizeof(where)),
	       strerror(-err));
	return xh_reader_error(r, NULL, err);
}

int hlog_reader_attached(struct hlog_reader *r, unsigned int i)
{
	struct xh_prog *x = prog_at(r, i, "tell whether it is attached:");
	int ret;

	if (!x)
		return -ERANGE;
	if (!x->iface.ifindex)	/* added by id or pin: ours stays loaded */
		return 1;
	ret = xh_prog_on_iface(x->iface.ifindex, x->id);
	return ret < 0 ? prog_failed(r, x, "tell whether it is attached:", ret) : ret;
}

int hlog_reader_counters(struct hlog_reader *r, unsigned int i,
			 struct hlog_counters *c)
{
	struct xh_prog *x = prog_at(r, i, "read the counters of");
	struct hlog_stats s;
	int err, l;

	if (!x)
		return -ERANGE;
	if (!c) {
		xh_err("Couldn't read the counters: nowhere to put them (c is NULL)");
		return xh_reader_error(r, NULL, -EINVAL);
	}
	err = xh_stats_read(x, &s);
	if (err)
		return prog_failed(r, x, "read the counters of", err);
	memset(c, 0, sizeof(*c));
	c->packets = s.packets;
	c->bytes = s.bytes;
	for (l = 0; l < HLOG_LEVEL_COUNT; l++) {
		c->logged[l] = s.logged[l];
		c->lost[l] = s.lost[l];
	}
	c->logged_total = xh_stats_logged(&s);
	c->lost_total = xh_stats_lost(&s);
	c->overflow = s.overflow;
	c->nested = s.nested;
	return 0;
}

unsigned long long hlog_reader_lost(struct hlog_reader *r)
{
	unsigned long long lost = 0;
	struct hlog_stats now;
	unsigned int i;

	for (i = 0; i < r->n; i++)
		if (!xh_stats_read(r->progs[i]->prog, &now))
			lost += xh_stats_lost(&now) -
				xh_stats_lost(&r->progs[i]->stats0);
	return lost;
}

int hlog_reader_level(struct hlog_reader *r, unsigned int i)
{
	struct xh_prog *x = prog_at(r, i, "read the level of");
	struct hlog_config cfg;
	int err;

	if (!x)
		return -ERANGE;
	err = xh_config_read(x, &cfg);
	return err ? prog_failed(r, x, "read the level of", err) : (int)cfg.level;
}

int hlog_reader_set_level(struct hlog_reader *r, unsigned int i,
			  unsigned int level)
{
	struct xh_prog *x = prog_at(r, i, "set the level of");
	int err;

	if (!x)
		return -ERANGE;
	if (level > HLOG_TRACE) {
		xh_err("Couldn't set the level of program %u: %u is no level "
		       "(HLOG_OFF to HLOG_TRACE)", i, level);
		return xh_reader_error(r, NULL, -EINVAL);
	}
	err = xh_config_set(x, XH_CFG_LEVEL, level);
	return err ? prog_failed(r, x, "set the level of", err) : 0;
}
