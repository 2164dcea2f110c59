// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "level.h"
#include "render.h"

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
	xh_out_sync_clock(o);
}

void xh_out_sync_clock(struct xh_out *o)
{
	struct timespec rt, bt;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	o->clock_offset = (rt.tv_sec - bt.tv_sec) * 1000000000LL +
			  (rt.tv_nsec - bt.tv_nsec);
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
			break;
		}
		off += (size_t)n;
	}
	o->len = 0;
	return o->broken ? -EPIPE : 0;
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
	static const char hex[] = "0123456789abcdef";
	char esc[6] = { '\\', 'u', '0', '0' };
	size_t i;

	put(o, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			put(o, esc, 2);
			esc[1] = 'u';
		} else if (c < 0x20) {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(o, esc, 6);
		} else {
			put(o, (const char *)&s[i], 1);
		}
	}
	put(o, "\"", 1);
}

static void emit(struct xh_out *o, long long wall_ns, unsigned int level,
		 const char *target, const char *text, size_t text_len,
		 const char *json_args, unsigned int ifindex, int cpu, int rxq)
{
	static const int digits[] = { 0, 3, 6, 9 };
	time_t sec = (time_t)(wall_ns / 1000000000LL);
	long long frac = wall_ns % 1000000000LL;
	char tmp[192];
	int n = 0;

	if (!o->json) {
		if (o->ts == XH_TS_OFF)
			n = snprintf(tmp, sizeof(tmp), "[%s %s] ",
				     xh_level_padded(level), target);
		else if (o->ts == XH_TS_S)
			n = snprintf(tmp, sizeof(tmp), "[%sZ %s %s] ",
				     date_of(o, sec), xh_level_padded(level),
				     target);
		else
			n = snprintf(tmp, sizeof(tmp), "[%s.%0*lldZ %s %s] ",
				     date_of(o, sec), digits[o->ts],
				     frac / (o->ts == XH_TS_MS ? 1000000 :
					     o->ts == XH_TS_US ? 1000 : 1),
				     xh_level_padded(level), target);
		put(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
		put(o, text, text_len);
		put(o, "\n", 1);
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "{\"ts\":\"%s.%09lldZ\",\"level\":\"%s\",\"target\":",
		     date_of(o, sec), frac, xh_level_name(level));
	put(o, tmp, (size_t)n);
	put_json_str(o, target, strlen(target));
	put(o, ",\"message\":", 11);
	put_json_str(o, text, text_len);
	if (rxq >= 0)
		n = snprintf(tmp, sizeof(tmp), ",\"cpu\":%d,\"ifindex\":%u,\"rxq\":%d",
			     cpu, ifindex, rxq);
	else
		n = snprintf(tmp, sizeof(tmp), ",\"cpu\":%d,\"ifindex\":%u",
			     cpu, ifindex);
	put(o, tmp, (size_t)n);
	if (json_args) {
		put(o, ",\"args\":", 8);
		put(o, json_args, strlen(json_args));
	}
	put(o, "}\n", 2);
}

void xh_out_msg(struct xh_out *o, const struct xh_msg *m, const char *target)
{
	char text[2048], args[2048];
	size_t n;

	if (m->site->plain) {
		emit(o, (long long)m->ts_ns + o->clock_offset, m->level, target,
		     m->site->fmt, m->site->fmt_len, o->json ? "[]" : NULL,
		     m->ifindex, m->cpu, m->rxq);
		return;
	}
	n = xh_render(m->site, m->args, m->args_len, text, sizeof(text),
		      o->json ? args : NULL, sizeof(args));
	emit(o, (long long)m->ts_ns + o->clock_offset, m->level, target, text,
	     n, o->json ? args : NULL, m->ifindex, m->cpu, m->rxq);
}

void xh_out_line(struct xh_out *o, long long wall_ns, unsigned int level,
		 const char *target, const char *text, size_t text_len,
		 unsigned int ifindex, int cpu)
{
	emit(o, wall_ns, level, target, text, text_len, NULL, ifindex, cpu, -1);
}
