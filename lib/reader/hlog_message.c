// SPDX-License-Identifier: GPL-2.0
/* <xdp_hello/reader.h>: messages handed out, their arguments and lines. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/level.h"
#include "reader/reader_core.h"
#include "decode/message_text.h"

#define POLL_STEP_MS 5	/* records come without wakeups: look this often */

/* What a public message points back to. */
struct msg_priv {
	struct hlog_reader *r;
	struct rd_prog *p;
	const struct xh_msg *m;
	unsigned long long seq;
};

struct api_pass {
	hlog_message_fn fn;
	void *ctx;
	int n;		/* messages handed out */
};

static int on_msg(void *ctx, struct rd_prog *p, const struct xh_msg *m)
{
	struct hlog_reader *r = p->reader;
	struct api_pass *ap = ctx;
	struct msg_priv priv = { r, p, m, ++r->seq };
	struct hlog_message hm = {
		.boottime_ns = m->ts_ns,
		.realtime_ns = (long long)(m->ts_ns + (__u64)r->line.clock_offset),
		.level = m->level,
		.target = xh_msg_target(p, m),
		.program = p->index,
		.kind = (enum hlog_kind)m->kind,
		.ifindex = m->ifindex,
		.rxq = m->rxq,
		.pid = m->pid,
		.tid = m->tid,
		.cpu = m->cpu,
		.file = m->site->file ? m->site->file : "",
		.line = m->site->line,
		.nargs = m->site->nargs,
		.priv = &priv,
	};

	if (m->site->plain) {
		hm.text = m->site->fmt;
		hm.text_len = m->site->fmt_len;
	} else {
		hm.text_len = xh_render(m->site, m->args, m->args_len, r->text,
					sizeof(r->text), NULL, 0);
		hm.text = r->text;
	}
	ap->n++;
	return ap->fn(ap->ctx, &hm);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);	/* a signal ends it early: fine */
}

static int pass(struct hlog_reader *r, bool flush, hlog_message_fn fn, void *ctx)
{
	struct api_pass ap = { fn, ctx, 0 };
	long n;

	xh_clear_error();
	if (!fn) {
		xh_err("Couldn't read messages: no callback to hand them to");
		return xh_reader_error(r, NULL, -EINVAL);
	}
	/* a poll of a reader of nothing would wait for ever */
	if (!r->n && !flush) {
		xh_err("Couldn't read messages: the reader has no program (add "
		       "one: hlog_reader_add_iface, _prog_id or _pin)");
		return xh_reader_error(r, NULL, -ENOENT);
	}
	xh_out_sync_clock(&r->line);
	n = xh_reader_pass(r, flush, on_msg, NULL, &ap);
	if (n < 0 && n != -ECANCELED) {
		xh_err("Couldn't read messages: %s", strerror((int)-n));
		return xh_reader_error(r, NULL, (int)n);
	}
	return ap.n;
}

int hlog_reader_poll(struct hlog_reader *r, int timeout_ms, hlog_message_fn fn,
		     void *ctx)
{
	int n, waited = 0, step;

	for (;;) {
		n = pass(r, false, fn, ctx);
		if (n || (timeout_ms >= 0 && waited >= timeout_ms))
			return n;
		step = POLL_STEP_MS;
		if (timeout_ms >= 0 && timeout_ms - waited < step)
			step = timeout_ms - waited;
		sleep_ms(step);
		waited += step;
	}
}

int hlog_reader_flush(struct hlog_reader *r, hlog_message_fn fn, void *ctx)
{
	return pass(r, true, fn, ctx);
}

int hlog_message_arg(const struct hlog_message *hm, unsigned int i,
		     struct hlog_arg *a)
{
	const struct msg_priv *pv = hm->priv;
	const struct xh_site *site = pv->m->site;
	struct hlog_reader *r = pv->r;
	unsigned int k, off = 0;

	if (i >= site->nargs)
		return -ERANGE;
	/* each argument's text, once per message */
	if (r->each_seq != pv->seq) {
		xh_render_each(site, pv->m->args, pv->m->args_len, r->each_text,
			       sizeof(r->each_text), NULL, 0, r->each);
		r->each_seq = pv->seq;
	}
	for (k = 0; k < i; k++)
		off += site->arg_sizes[k];
	memset(a, 0, sizeof(*a));
	a->type = (enum hlog_arg_type)site->arg_types[i];
	a->size = site->arg_sizes[i];
	a->bytes = (const unsigned char *)pv->m->args + off;
	a->text = r->each[i];
	if (a->type != HLOG_ARG_BYTES && a->size <= 8) {
		unsigned int shift = 64 - 8 * a->size;

		memcpy(&a->u, a->bytes, a->size);	/* little endian host */
		a->s = a->size < 8 ? (long long)(a->u << shift) >> shift :
				     (long long)a->u;
	}
	return 0;
}

size_t hlog_message_line(const struct hlog_message *hm,
			 enum hlog_line_format fmt, char *buf, size_t len)
{
	const struct msg_priv *pv = hm->priv;
	struct xh_out *o = &pv->r->line;
	size_t n;

	o->json = fmt == HLOG_LINE_JSON;
	o->len = 0;
	xh_out_msg(o, pv->m, hm->target);
	n = o->len;
	if (len) {
		memcpy(buf, o->buf, n < len ? n : len - 1);
		buf[n < len ? n : len - 1] = '\0';
	}
	o->len = 0;
	return n;
}

const char *hlog_level_name(unsigned int level)
{
	return xh_level_name(level);
}

int hlog_level_parse(const char *name)
{
	return xh_level_parse(name);
}
