// SPDX-License-Identifier: GPL-2.0
/*
 * Output lines (format.c): text in each timestamp form, JSON, trace_pipe
 * lines and rate-limit summaries, byte for byte; batching, a closed pipe,
 * the clock offset. The JSON string escaper (json.c) and the level and
 * timestamp names they use.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xdp_hello/record.h>
#include "decode/output_line.h"
#include "decode/json.h"
#include "base/level.h"
#include "unit.h"

/* 2024-04-28T22:31:04.123456789Z: with clock_offset 0, wall = ts_ns */
#define T0 1714343464123456789LL
#define SEC 1000000000LL
#define DATE "2024-04-28T22:31:04"
#define JTS "{\"ts\":\"" DATE ".123456789Z\","

static const struct unit_site sites[] = {
	{ .level = HLOG_INFO, .fmt = "received a packet" },
	{ .level = HLOG_WARN, .args = "b4", .fmt = "from %s" },
	{ .level = HLOG_DEBUG, .args = "b2", .fmt = "port %pN" },
	{ .level = HLOG_TRACE, .args = "b64 b64 b64 b64 b64 b64 b64 b64",
	  .fmt = "%s%s%s%s%s%s%s%s" },
};
#define BIG_SITE 3

enum line_kind { MSG, LINE, SUPPRESSED, TASK };

/* MSG: a message of site (ifindex 3, rxq 2) with these argument bytes;
 * LINE: a trace_pipe line (ifindex 2) of that text; SUPPRESSED: a
 * --rate-limit summary of that text, 41 suppressed, hello.bpf.c:28. */
static const struct line_case {
	enum line_kind kind;
	bool json;
	enum xh_ts ts;
	long long ts_ns;
	unsigned int site, level;
	const char *bytes;
	size_t len;
	const char *target;
	int cpu;
	const char *want;
} lines[] = {
	{ MSG, false, XH_TS_S, T0, 0, HLOG_INFO, A(""), "hello_world", 1,
	  "[" DATE "Z INFO  hello_world] received a packet\n" },
	{ MSG, false, XH_TS_MS, T0, 0, HLOG_INFO, A(""), "hello_world", 1,
	  "[" DATE ".123Z INFO  hello_world] received a packet\n" },
	{ MSG, false, XH_TS_US, T0, 0, HLOG_INFO, A(""), "hello_world", 1,
	  "[" DATE ".123456Z INFO  hello_world] received a packet\n" },
	{ MSG, false, XH_TS_NS, T0, 0, HLOG_INFO, A(""), "hello_world", 1,
	  "[" DATE ".123456789Z INFO  hello_world] received a packet\n" },
	{ MSG, false, XH_TS_OFF, T0, 0, HLOG_INFO, A(""), "hello_world", 1,
	  "[INFO  hello_world] received a packet\n" },
	/* cut, not rounded up into the next second */
	{ MSG, false, XH_TS_MS, T0 + 876543210, 0, HLOG_INFO, A(""), "hello_world", 1,
	  "[" DATE ".999Z INFO  hello_world] received a packet\n" },
	/* each level; the message's, not the site's */
	{ MSG, false, XH_TS_S, T0, 0, HLOG_ERROR, A(""), "hello_world", 1,
	  "[" DATE "Z ERROR hello_world] received a packet\n" },
	{ MSG, false, XH_TS_S, T0, 1, HLOG_WARN, A("ab\0\0"), "hello_world", 1,
	  "[" DATE "Z WARN  hello_world] from ab\n" },
	{ MSG, false, XH_TS_S, T0, 2, HLOG_DEBUG, A("\x23\x82"), "hello_world", 1,
	  "[" DATE "Z DEBUG hello_world] port 9090\n" },
	{ MSG, false, XH_TS_S, T0, 0, HLOG_TRACE, A(""), "hello_world", 1,
	  "[" DATE "Z TRACE hello_world] received a packet\n" },
	{ MSG, false, XH_TS_S, T0, 0, HLOG_LEVEL_COUNT, A(""), "hello_world", 1,
	  "[" DATE "Z ????? hello_world] received a packet\n" },
	/* the cached prefix follows the target and the second */
	{ MSG, false, XH_TS_S, T0, 0, HLOG_INFO, A(""), "other", 1,
	  "[" DATE "Z INFO  other] received a packet\n" },
	{ MSG, false, XH_TS_S, T0 + SEC, 0, HLOG_INFO, A(""), "other", 1,
	  "[2024-04-28T22:31:05Z INFO  other] received a packet\n" },
	{ MSG, false, XH_TS_S, T0, 0, HLOG_INFO, A(""), "other", 1,
	  "[" DATE "Z INFO  other] received a packet\n" },
	/* JSON: nanoseconds whatever the text form, typed arguments */
	{ MSG, true, XH_TS_S, T0, 0, HLOG_INFO, A(""), "hello_world", 1,
	  JTS "\"level\":\"info\",\"target\":\"hello_world\",\"message\":"
	  "\"received a packet\",\"cpu\":1,\"ifindex\":3,\"rxq\":2,\"args\":[]}\n" },
	{ MSG, true, XH_TS_OFF, T0, 2, HLOG_DEBUG, A("\x23\x82"), "hello_world", 65535,
	  JTS "\"level\":\"debug\",\"target\":\"hello_world\",\"message\":"
	  "\"port 9090\",\"cpu\":65535,\"ifindex\":3,\"rxq\":2,\"args\":[9090]}\n" },
	/* packet bytes and a target that need escaping */
	{ MSG, true, XH_TS_S, T0, 1, HLOG_WARN, A("a\"\x01\xff"), "my\"prog\\", 1,
	  JTS "\"level\":\"warn\",\"target\":\"my\\\"prog\\\\\",\"message\":"
	  "\"from a\\\"\\\\x01\\\\xff\",\"cpu\":1,\"ifindex\":3,\"rxq\":2,"
	  "\"args\":[\"a\\\"\\u0001\\\\xff\"]}\n" },
	{ MSG, true, XH_TS_S, T0, 0, HLOG_LEVEL_COUNT, A(""), "hello_world", 1,
	  JTS "\"level\":\"unknown\",\"target\":\"hello_world\",\"message\":"
	  "\"received a packet\",\"cpu\":1,\"ifindex\":3,\"rxq\":2,\"args\":[]}\n" },
	/* trace_pipe lines: no rxq, no arguments */
	{ LINE, false, XH_TS_S, T0, 0, HLOG_WARN, A("bpf says hi"), "xdp", 5,
	  "[" DATE "Z WARN  xdp] bpf says hi\n" },
	{ LINE, false, XH_TS_MS, T0, 0, HLOG_WARN, A("bpf says hi"), "xdp", 5,
	  "[" DATE ".123Z WARN  xdp] bpf says hi\n" },
	{ LINE, true, XH_TS_S, T0, 0, HLOG_WARN, A("bpf says hi"), "xdp", 5,
	  JTS "\"level\":\"warn\",\"target\":\"xdp\",\"message\":\"bpf says hi\","
	  "\"cpu\":5,\"ifindex\":2}\n" },
	{ LINE, true, XH_TS_S, T0, 0, HLOG_ERROR, A("no cpu\t"), "xdp", -1,
	  JTS "\"level\":\"error\",\"target\":\"xdp\",\"message\":\"no cpu\\u0009\","
	  "\"cpu\":0,\"ifindex\":2}\n" },
	/* a tracing program's message: pid and tid, no interface */
	{ TASK, true, XH_TS_S, T0, 0, HLOG_INFO, A(""), "execve", 1,
	  JTS "\"level\":\"info\",\"target\":\"execve\",\"message\":"
	  "\"received a packet\",\"cpu\":1,\"pid\":4194303,\"tid\":4242,\"args\":[]}\n" },
	{ TASK, false, XH_TS_S, T0, 0, HLOG_INFO, A(""), "execve", 1,
	  "[" DATE "Z INFO  execve] received a packet\n" },
	{ SUPPRESSED, true, XH_TS_S, T0, 0, 0, A("received a packet"), NULL, 0,
	  JTS "\"level\":\"warn\",\"target\":\"xdp-hello\",\"message\":"
	  "\"received a packet\",\"cpu\":0,\"ifindex\":0,\"suppressed\":41,"
	  "\"file\":\"hello.bpf.c\",\"line\":28}\n" },
};

static struct xh_out out;

/* Appends the case's line to out; returns where it starts. */
static size_t emit(const struct xh_sites *s, const struct line_case *c)
{
	struct xh_msg m = {
		.ts_ns = (__u64)c->ts_ns, .ifindex = 3, .rxq = 2, .cpu = (__u16)c->cpu,
		.level = (__u8)c->level, .site = xh_sites_get(s, c->site),
		.args = c->bytes, .args_len = (__u32)c->len,
	};
	size_t start = out.len;

	out.json = c->json;
	out.ts = c->ts;
	if (c->kind == TASK) {
		m.kind = HLOG_KIND_TASK;
		m.ifindex = m.rxq = 0;
		m.pid = 4194303;
		m.tid = 4242;
	}
	if (c->kind == MSG || c->kind == TASK)
		xh_out_msg(&out, &m, c->target);
	else if (c->kind == LINE)
		xh_out_line(&out, c->ts_ns, c->level, c->target, c->bytes, c->len,
			    2, c->cpu);
	else
		xh_out_suppressed_json(&out, c->ts_ns, c->bytes, 41, "hello.bpf.c", 28);
	return start;
}

static void check_lines(const struct xh_sites *s, int devnull)
{
	static const char *const kinds[] = { "message", "trace_pipe line", "summary",
					     "tracing message" };
	static const char *const ts[] = { "s", "ms", "us", "ns", "off" };
	unsigned int i;
	size_t start;

	xh_out_init(&out, devnull, false);
	out.clock_offset = 0;
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		const struct line_case *c = &lines[i];

		start = emit(s, c);
		unit_mem(c->want, -1, out.buf + start, (long)(out.len - start),
			 "format: %s, %s, --timestamps %s, level %u, target %s",
			 kinds[c->kind], c->json ? "JSON" : "text", ts[c->ts], c->level,
			 c->target ? c->target : "xdp-hello");
	}
	xh_out_flush(&out);
}

/* Eight %s of 64 bytes that all need escaping: 3088 bytes of arguments. */
static void check_big_json(const struct xh_sites *s, int devnull)
{
	static char want[4096];
	__u8 bytes[8 * 64];
	struct xh_msg m = {
		.ts_ns = T0, .level = HLOG_TRACE, .site = xh_sites_get(s, BIG_SITE),
		.args = bytes, .args_len = sizeof(bytes),
	};
	const char *got;
	char *p = want;
	size_t n, k;

	memset(bytes, 0xff, sizeof(bytes));
	p += sprintf(p, ",\"args\":[");
	for (k = 0; k < 8; k++) {
		p += sprintf(p, "%s\"", k ? "," : "");
		for (n = 0; n < 64; n++)
			p += sprintf(p, "\\\\xff");
		*p++ = '"';
	}
	p += sprintf(p, "]}\n");
	xh_out_init(&out, devnull, true);
	xh_out_msg(&out, &m, "hello_world");
	got = memmem(out.buf, out.len, ",\"args\":", 8);
	unit_mem(want, p - want, got, got ? (long)(out.buf + out.len - got) : 0,
		 "format: JSON of eight 64-byte %%s arguments of non-ASCII bytes, whole");
	xh_out_flush(&out);
}

/* More than a buffer of lines: flushed in order, nothing lost. */
static void check_batches(const struct xh_sites *s)
{
	static const char line[] = "[INFO  hello_world] received a packet\n";
	const size_t n = 3000, len = sizeof(line) - 1;
	struct xh_msg m = { .level = HLOG_INFO, .site = xh_sites_get(s, 0) };
	FILE *f = tmpfile();
	char *got = malloc(n * len + 1);
	size_t i, r = 0;
	bool same = true;

	if (!unit_ok(f && got, "format: a temporary file"))
		goto out;
	xh_out_init(&out, fileno(f), false);
	out.ts = XH_TS_OFF;
	for (i = 0; i < n; i++)
		xh_out_msg(&out, &m, "hello_world");
	unit_int(0, xh_out_flush(&out), "format: flush");
	rewind(f);
	r = fread(got, 1, n * len + 1, f);
	for (i = 0; i < n && same; i++)
		same = !memcmp(got + i * len, line, len);
	unit_ok(r == n * len && same, "format: %zu lines of %zu bytes read back (%zu bytes)",
		n, len, r);
out:
	if (f)
		fclose(f);
	free(got);
}

/* A reader gone (EPIPE): flush says so, and stays broken without writing. */
static void check_broken_pipe(const struct xh_sites *s)
{
	struct xh_msg m = { .level = HLOG_INFO, .site = xh_sites_get(s, 0) };
	int fd[2];

	if (!unit_ok(!pipe(fd), "format: a pipe"))
		return;
	close(fd[0]);
	xh_out_init(&out, fd[1], false);
	xh_out_msg(&out, &m, "hello_world");
	unit_int(-EPIPE, xh_out_flush(&out), "format: flush to a closed pipe: -EPIPE");
	xh_out_msg(&out, &m, "hello_world");
	unit_ok(xh_out_flush(&out) == -EPIPE && out.broken && out.len == 0,
		"format: then broken, the buffer emptied");
	close(fd[1]);
}

static long long offset_now(void)
{
	struct timespec rt, bt;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	return (rt.tv_sec - bt.tv_sec) * SEC + (rt.tv_nsec - bt.tv_nsec);
}

static void check_clock(int devnull)
{
	long long keep;

	xh_out_init(&out, devnull, false);
	unit_ok(llabs(out.clock_offset - offset_now()) < 1000000,
		"format: init takes the wall clock's offset from boot time");
	keep = out.clock_offset = offset_now() + 100000;
	xh_out_sync_clock(&out);
	unit_int(keep, out.clock_offset,
		 "format: sync ignores 0.1 ms (times stay in order across drains)");
	out.clock_offset = offset_now() + 5 * SEC;
	xh_out_sync_clock(&out);
	unit_ok(llabs(out.clock_offset - offset_now()) < 1000000,
		"format: sync follows the wall clock set 5 s back");
}

static const struct {
	const char *s;
	size_t n;
	const char *want;
} json_cases[] = {
	{ A(""), "\"\"" },
	{ A("received a packet"), "\"received a packet\"" },
	{ A("\"\\/"), "\"\\\"\\\\/\"" },
	{ A("\n\t\r\b\f"), "\"\\u000a\\u0009\\u000d\\u0008\\u000c\"" },
	{ A("a\0b"), "\"a\\u0000b\"" },
	{ A("\x1f \x7e\x7f\x80\xff"), "\"\\u001f ~\\u007f\\\\x80\\\\xff\"" },
	/* UTF-8 as it is; a C1 control escaped; bytes not UTF-8 as \xHH */
	{ A("\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
	{ A("\xc2\x85\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80"),
	  "\"\\u0085\\\\xc0\\\\xaf\\\\xed\\\\xa0\\\\x80\\\\xf4\\\\x90\\\\x80\\\\x80\"" },
};

/* The byte a JSON string of one character stands for, -1 if not that. */
static int json_unescape1(const char *j, size_t n)
{
	unsigned int c;

	if (n == 3 && j[1] != '\\')
		return (unsigned char)j[1];
	if (n == 4 && j[1] == '\\' && strchr("\"\\", j[2]))
		return (unsigned char)j[2];
	if (n == 8 && sscanf(j, "\"\\u%4x\"", &c) == 1)
		return (int)c;
	if (n == 7 && sscanf(j, "\"\\\\x%2x\"", &c) == 1)	/* not UTF-8 */
		return (int)c;
	return -1;
}

static void check_json_str(void)
{
	char all[256], *big = malloc(XH_JSON_STR_MAX(256));
	char j[XH_JSON_STR_MAX(1) + 1];
	unsigned int i, bad = 0;
	size_t n, k;

	for (i = 0; i < ARRAY_SIZE(json_cases); i++) {
		char *dst = malloc(XH_JSON_STR_MAX(json_cases[i].n));

		n = xh_json_str(dst, json_cases[i].s, json_cases[i].n);
		unit_mem(json_cases[i].want, -1, dst, (long)n, "json: string %u", i);
		free(dst);
	}
	/* every byte: printable ASCII out, the same byte back */
	for (i = 0; i < 256; i++) {
		all[i] = (char)i;
		n = xh_json_str(j, &all[i], 1);
		j[n] = '\0';
		for (k = 0; k < n; k++)
			bad += j[k] < 0x20 || j[k] > 0x7e;
		bad += json_unescape1(j, n) != (int)i;
	}
	unit_int(0, bad, "json: each of the 256 bytes: printable ASCII, read back the same");
	/* exactly the worst case's room, on the heap */
	n = big ? xh_json_str(big, all, sizeof(all)) : 0;
	unit_ok(n > 2 && n <= XH_JSON_STR_MAX(256),
		"json: all 256 bytes in XH_JSON_STR_MAX(256): %zu bytes", n);
	free(big);
}

static void check_names(void)
{
	static const struct {
		const char *s;
		int level, ts;
	} names[] = {
		{ "off", HLOG_OFF, XH_TS_OFF }, { "error", HLOG_ERROR, -1 },
		{ "ERROR", HLOG_ERROR, -1 }, { "Warn", HLOG_WARN, -1 },
		{ "warning", HLOG_WARN, -1 }, { "info", HLOG_INFO, -1 },
		{ "debug", HLOG_DEBUG, -1 }, { "trace", HLOG_TRACE, -1 },
		{ "0", HLOG_OFF, -1 }, { "5", HLOG_TRACE, -1 }, { "6", -1, -1 },
		{ "-1", -1, -1 }, { "3x", -1, -1 }, { "", -1, -1 },
		{ " 3", -1, -1 }, { "+3", -1, -1 }, { "03", -1, -1 },
		{ "verbose", -1, -1 }, { "s", -1, XH_TS_S }, { "ms", -1, XH_TS_MS },
		{ "us", -1, XH_TS_US }, { "ns", -1, XH_TS_NS }, { "S", -1, -1 },
		{ "sec", -1, -1 },
	};
	static const char *const padded[] = {
		"OFF  ", "ERROR", "WARN ", "INFO ", "DEBUG", "TRACE", "?????",
	};
	static const char *const lower[] = {
		"off", "error", "warn", "info", "debug", "trace", "unknown",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		unit_int(names[i].level, xh_level_parse(names[i].s),
			 "level: parse \"%s\"", names[i].s);
		unit_int(names[i].ts, xh_ts_parse(names[i].s),
			 "timestamps: parse \"%s\"", names[i].s);
	}
	unit_int(-1, xh_level_parse(NULL), "level: parse NULL");
	for (i = 0; i < ARRAY_SIZE(padded); i++) {
		unit_str(padded[i], xh_level_padded(i), "level: %u padded", i);
		unit_str(lower[i], xh_level_name(i), "level: %u named", i);
	}
}

void unit_format_suite(void)
{
	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	struct xh_sites s;

	if (!unit_int(0, unit_sites(&s, sites, ARRAY_SIZE(sites)),
		      "format: sites made") || !unit_ok(devnull >= 0, "format: /dev/null"))
		return;
	check_lines(&s, devnull);
	check_big_json(&s, devnull);
	check_batches(&s);
	check_broken_pipe(&s);
	check_clock(devnull);
	check_json_str();
	check_names();
	xh_sites_free(&s);
	close(devnull);
}
