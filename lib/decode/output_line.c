// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "decode/output_line.h"
#include "decode/json.h"
#include "base/level.h"
#include "decode/message_text.h"

/* Appends a string literal. */
#define PUT_LIT(o, s) put(o, s, sizeof(s) - 1)
/* Copies a string literal to p, returns the end. */
#define put_lit(p, s) ((char *)memcpy(p, s, sizeof(s) - 1) + sizeof(s) - 1)
#define DATE_LEN 19		/* 2024-04-28T22:31:04 */
#define NS_DIGITS 9
#define JSON_HEAD_MAX 64	/* {"ts":"<date>.<ns>Z","level":" */
#define JSON_TAIL_MAX 96	/* ,"cpu":N,"ifindex":N,"rxq":N */

int xh_ts_parse(const char *s)
{
	static const char *const names[] = { "s", "ms", "us", "ns", "off" };
	int i;

	for (i = 0; i < 5; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

void xh_out_init(struct xh_out *o, int fd, bool json)
{
	memset(o, 0, sizeof(*o) - sizeof(o->buf));
	o->fd = fd;
	o->json = json;
	o->cached_sec = (time_t)-1;
	for (int i = 0; i < HLOG_LEVEL_COUNT; i++)
		o->prefix[i].sec = (time_t)-1;
	xh_out_sync_clock(o);
}

#define CLOCK_STEP_NS (1000 * 1000LL)

void xh_out_sync_clock(struct xh_out *o)
{
	struct timespec rt, bt;

	long long off;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	off = (rt.tv_sec - bt.tv_sec) * 1000000000LL + (rt.tv_nsec - bt.tv_nsec);
	/* Two readings differ by the time between them: follow only a real
	 * change of the wall clock, so that time-ordered records keep
	 * non-decreasing wall times from one drain to the next. */
	if (llabs(off - o->clock_offset) > CLOCK_STEP_NS)
		o->clock_offset = off;
}

/* Lines of buf[0..n) written: count the messages, keep what is past the
 * last newline in tail. */
static void count_written(struct xh_out *o, size_t n)
{
	size_t last = 0;
	unsigned int i;

	for (i = 0; i < o->nends && (o->ends[i] >> 1) <= n; i++) {
		o->written += o->ends[i] & 1;
		last = o->ends[i] >> 1;
	}
	o->tail = i ? n - last : o->tail + n;
}

/* The write failed part way through a line: a regular file (a full disk)
 * gets its last whole line back as its end; a pipe cannot. */
static void take_back_tail(struct xh_out *o)
{
	struct stat st;
	off_t end;

	if (!o->tail || fstat(o->fd, &st) || !S_ISREG(st.st_mode))
		return;
	end = lseek(o->fd, 0, SEEK_CUR);
	if (end >= (off_t)o->tail && !ftruncate(o->fd, end - (off_t)o->tail))
		lseek(o->fd, end - (off_t)o->tail, SEEK_SET);
}

int xh_out_flush(struct xh_out *o)
{
	size_t off = 0;
	ssize_t n;

	while (off < o->len && !o->broken) {
		n = write(o->fd, o->buf + off, o->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->broken = true;
			o->err = -errno;
			break;
		}
		off += (size_t)n;
	}
	count_written(o, off);
	if (o->broken && off < o->len)
		take_back_tail(o);
	o->len = 0;
	o->nends = 0;
	return o->broken ? o->err : 0;
}

/* A line ends at len: a message (counted in written once it is out) or
 * not. */
static void line_end(struct xh_out *o, bool msg)
{
	o->ends[o->nends++] = (unsigned int)(o->len << 1) | msg;
	if (o->nends == XH_OUT_LINES)
		xh_out_flush(o);
}

/* Room for one more line of up to need bytes. */
static char *reserve(struct xh_out *o, size_t need)
{
	if (o->len + need > sizeof(o->buf))
		xh_out_flush(o);
	return o->buf + o->len;
}

static void put(struct xh_out *o, const char *s, size_t n)
{
	if (n > sizeof(o->buf) / 2)
		n = sizeof(o->buf) / 2;
	memcpy(reserve(o, n), s, n);
	o->len += n;
}

static const char *date_of(struct xh_out *o, time_t sec)
{
	struct tm tm;

	if (sec != o->cached_sec) {
		gmtime_r(&sec, &tm);
		strftime(o->cached_date, sizeof(o->cached_date),
			 "%Y-%m-%dT%H:%M:%S", &tm);
		o->cached_sec = sec;
	}
	return o->cached_date;
}

static void put_json_str(struct xh_out *o, const char *s, size_t n)
{
	/* at most a quarter of the buffer, escaped */
	if (XH_JSON_STR_MAX(n) > sizeof(o->buf) / 4)
		n = (sizeof(o->buf) / 4 - 2) / 6;
	o->len += xh_json_str(reserve(o, XH_JSON_STR_MAX(n)), s, n);
}

/* Unsigned decimal into p; returns the length. */
static size_t utoa(char *p, unsigned long long v)
{
	char tmp[24];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

static void emit_text(struct xh_out *o, long long wall_ns, unsigned int level,
		      const char *target, const char *text, size_t text_len)
{
	static const int digits[] = { 0, 3, 6, 9 };
	time_t sec = (time_t)(wall_ns / 1000000000LL);
	long long frac = wall_ns % 1000000000LL;
	char tmp[192], *p;
	int n;

	if (o->ts == XH_TS_S && level < HLOG_LEVEL_COUNT) {
		typeof(o->prefix[0]) *c = &o->prefix[level];

		if (c->sec != sec || c->target != target) {
			n = snprintf(c->s, sizeof(c->s), "[%sZ %s %s] ",
				     date_of(o, sec), xh_level_padded(level),
				     target);
			c->len = (size_t)n < sizeof(c->s) ? (size_t)n : sizeof(c->s) - 1;
			c->sec = sec;
			c->target = target;
		}
		if (text_len > sizeof(o->buf) / 2)
			text_len = sizeof(o->buf) / 2;
		p = reserve(o, c->len + text_len + 1);
		memcpy(p, c->s, c->len);
		memcpy(p + c->len, text, text_len);
		p[c->len + text_len] = '\n';
		o->len += c->len + text_len + 1;
		return;
	}
	if (o->ts == XH_TS_OFF)
		n = snprintf(tmp, sizeof(tmp), "[%s %s] ", xh_level_padded(level),
			     target);
	else if (o->ts == XH_TS_S)
		n = snprintf(tmp, sizeof(tmp), "[%sZ %s %s] ", date_of(o, sec),
			     xh_level_padded(level), target);
	else
		n = snprintf(tmp, sizeof(tmp), "[%s.%0*lldZ %s %s] ",
			     date_of(o, sec), digits[o->ts],
			     frac / (o->ts == XH_TS_MS ? 1000000 :
				     o->ts == XH_TS_US ? 1000 : 1),
			     xh_level_padded(level), target);
	put(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
	put(o, text, text_len);
	PUT_LIT(o, "\n");
}

/* Where a line's message came from (JSON's fields after the message). */
struct where {
	int cpu;		/* -1: not known */
	int rxq;		/* -1: not known (a trace pipe line) */
	unsigned int ifindex;
	unsigned int pid, tid;
	unsigned int kind;	/* enum hlog_kind: task lines have pid, tid */
};

/* ,"cpu":N then ,"ifindex":N,"rxq":N or ,"pid":N,"tid":N */
static void put_where(struct xh_out *o, const struct where *w)
{
	char *p = reserve(o, JSON_TAIL_MAX);

	p = put_lit(p, ",\"cpu\":");
	p += utoa(p, (unsigned int)(w->cpu < 0 ? 0 : w->cpu));
	if (w->kind == HLOG_KIND_TASK) {
		p = put_lit(p, ",\"pid\":");
		p += utoa(p, w->pid);
		p = put_lit(p, ",\"tid\":");
		p += utoa(p, w->tid);
	} else {
		p = put_lit(p, ",\"ifindex\":");
		p += utoa(p, w->ifindex);
		if (w->rxq >= 0) {
			p = put_lit(p, ",\"rxq\":");
			p += utoa(p, (unsigned int)w->rxq);
		}
	}
	o->len = (size_t)(p - o->buf);
}

/* One JSON object per line, built by hand: this runs millions of times. */
static void emit_json(struct xh_out *o, long long wall_ns, unsigned int level,
		      const char *target, const char *text, size_t text_len,
		      const char *json_args, const struct where *w)
{
	time_t sec = (time_t)(wall_ns / 1000000000LL);
	long long frac = wall_ns % 1000000000LL;
	const char *lvl = xh_level_name(level);
	char *p;
	int i;

	p = reserve(o, JSON_HEAD_MAX);
	p = put_lit(p, "{\"ts\":\"");
	memcpy(p, date_of(o, sec), DATE_LEN);
	p += DATE_LEN;
	*p++ = '.';
	for (i = NS_DIGITS - 1; i >= 0; i--, frac /= 10)
		p[i] = (char)('0' + frac % 10);
	p += NS_DIGITS;
	p = put_lit(p, "Z\",\"level\":\"");
	o->len = (size_t)(p - o->buf);
	put(o, lvl, strlen(lvl));
	PUT_LIT(o, "\",\"target\":");
	put_json_str(o, target, strlen(target));
	PUT_LIT(o, ",\"message\":");
	put_json_str(o, text, text_len);
	put_where(o, w);
	if (json_args) {
		PUT_LIT(o, ",\"args\":");
		put(o, json_args, strlen(json_args));
	}
	PUT_LIT(o, "}\n");
}

static void emit(struct xh_out *o, long long wall_ns, unsigned int level,
		 const char *target, const char *text, size_t text_len,
		 const char *json_args, const struct where *w)
{
	if (o->json)
		emit_json(o, wall_ns, level, target, text, text_len, json_args, w);
	else
		emit_text(o, wall_ns, level, target, text, text_len);
	line_end(o, true);
}

void xh_out_msg(struct xh_out *o, const struct xh_msg *m, const char *target)
{
	/* ts_ns is the record's: wrap, never overflow, if it is garbage */
	long long wall_ns = (long long)(m->ts_ns + (__u64)o->clock_offset);
	struct where w = { m->cpu, m->rxq, m->ifindex, m->pid, m->tid, m->kind };
	char text[XH_TEXT_MAX], args[XH_ARGS_JSON_MAX];
	size_t n;

	if (m->site->plain) {
		emit(o, wall_ns, m->level, target, m->site->fmt,
		     m->site->fmt_len, o->json ? "[]" : NULL, &w);
		return;
	}
	n = xh_render(m->site, m->args, m->args_len, text, sizeof(text),
		      o->json ? args : NULL, sizeof(args));
	emit(o, wall_ns, m->level, target, text, n, o->json ? args : NULL, &w);
}

void xh_out_line(struct xh_out *o, long long wall_ns, unsigned int level,
		 const char *target, const char *text, size_t text_len,
		 unsigned int ifindex, int cpu)
{
	struct where w = { .cpu = cpu, .rxq = -1, .ifindex = ifindex };

	emit(o, wall_ns, level, target, text, text_len, NULL, &w);
}

void xh_out_suppressed_json(struct xh_out *o, long long wall_ns,
			    const char *text, unsigned long long n,
			    const char *file, unsigned int line)
{
	char num[64];

	struct where w = { .rxq = -1 };

	emit_json(o, wall_ns, HLOG_WARN, "xdp-hello", text, strlen(text), NULL, &w);
	o->len -= 2;	/* reopen the object: "}\n" */
	snprintf(num, sizeof(num), ",\"suppressed\":%llu,\"file\":", n);
	put(o, num, strlen(num));
	put_json_str(o, file, strlen(file));
	snprintf(num, sizeof(num), ",\"line\":%u}\n", line);
	put(o, num, strlen(num));
	line_end(o, false);
}
