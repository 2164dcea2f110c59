// SPDX-License-Identifier: GPL-2.0
/* xh_decode: a good record, and one of each error kind. */
#include <stdlib.h>
#include <string.h>

#include <xdp_hello/record.h>
#include "decode/decode.h"
#include "unit.h"

static const struct unit_site sites[] = {
	{ .level = HLOG_INFO, .args = "u4", .fmt = "port %u" },
	{ .level = HLOG_INFO, .args = "u4", .fmt = "%u", .bad = UNIT_BAD_MAGIC },
	{ .level = HLOG_WARN, .fmt = "no arguments" },
};

#define V HLOG_RECORD_VERSION
#define I HLOG_INFO

/* The record as handed over: size bytes of a header (with these fields)
 * and the 4 bytes of site 0's argument, then zeros. */
static const struct decode_case {
	const char *what;
	size_t size;
	__u8 version, level;
	__u16 site, args_len;
	enum xh_decode_err want;
} cases[] = {
	{ "a good record",			28, V, I, 0, 4, XH_DEC_OK },
	{ "padded to 8 bytes, as the ring does", 32, V, I, 0, 4, XH_DEC_OK },
	{ "7 bytes of padding",			35, V, I, 0, 4, XH_DEC_OK },
	{ "no arguments",			24, V, HLOG_WARN, 2, 0, XH_DEC_OK },
	{ "empty",				0, V, I, 0, 4, XH_DEC_SHORT },
	{ "one byte",				1, V, I, 0, 4, XH_DEC_SHORT },
	{ "a byte short of a header",		23, V, I, 0, 4, XH_DEC_SHORT },
	{ "version 0",				28, 0, I, 0, 4, XH_DEC_VERSION },
	{ "version 1 (XDP programs only)",	28, 1, I, 0, 4, XH_DEC_OK },
	{ "version 3",				28, 3, I, 0, 4, XH_DEC_VERSION },
	{ "version 255",			28, 255, I, 0, 4, XH_DEC_VERSION },
	{ "args_len a byte past the end",	28, V, I, 0, 5, XH_DEC_LENGTH },
	{ "args_len 65535",			28, V, I, 0, 65535, XH_DEC_LENGTH },
	{ "8 bytes after the arguments",	36, V, I, 0, 4, XH_DEC_LENGTH },
	{ "a header and 8 bytes, args_len 0",	32, V, HLOG_WARN, 2, 0, XH_DEC_LENGTH },
	{ "a site past the table",		28, V, I, 3, 4, XH_DEC_SITE },
	{ "site 65535",				28, V, I, 65535, 4, XH_DEC_SITE },
	{ "a site that was dropped",		28, V, I, 1, 4, XH_DEC_SITE },
	{ "a level not the site's",		28, V, HLOG_ERROR, 0, 4, XH_DEC_LEVEL },
	{ "a level past TRACE",			28, V, 200, 0, 4, XH_DEC_LEVEL },
	{ "fewer argument bytes than the site's", 24, V, I, 0, 0, XH_DEC_ARGS },
	{ "more argument bytes than the site's", 32, V, I, 0, 8, XH_DEC_ARGS },
	{ "arguments for a site without",	28, V, HLOG_WARN, 2, 4, XH_DEC_ARGS },
};

static const char *const strerrors[] = {
	[XH_DEC_OK] = "ok",
	[XH_DEC_SHORT] = "record shorter than its header",
	[XH_DEC_VERSION] = "unknown record version",
	[XH_DEC_KIND] = "unknown kind of program",
	[XH_DEC_LENGTH] = "argument length does not match the record size",
	[XH_DEC_SITE] = "unknown call site",
	[XH_DEC_LEVEL] = "level does not match the call site",
	[XH_DEC_ARGS] = "argument bytes do not match the call site",
};

static void check_case(const struct xh_sites *s, const struct decode_case *c)
{
	struct hlog_record r = {
		.ts_ns = 0x1122334455667788ULL, .ifindex = 7, .rxq = 5, .cpu = 3,
		.site = c->site, .level = c->level, .version = c->version,
		.args_len = c->args_len,
	};
	__u8 full[64] = { 0 };
	struct xh_msg m;
	enum xh_decode_err e;
	__u8 *rec;

	memcpy(full, &r, sizeof(r));
	memcpy(full + sizeof(r), "\x2a\x00\x00\x00", 4);
	/* exactly size bytes on the heap: ASan sees any read past them */
	rec = malloc(c->size ? c->size : 1);
	if (!rec)
		abort();
	memcpy(rec, full, c->size);
	e = xh_decode(s, rec, c->size, &m);
	if (unit_int(c->want, e, "decode: %s: %s", c->what, xh_decode_strerror(c->want)) &&
	    e == XH_DEC_OK)
		unit_ok(m.site == xh_sites_get(s, c->site) &&
			m.ts_ns == r.ts_ns && m.ifindex == 7 && m.rxq == 5 &&
			m.cpu == 3 && m.level == c->level &&
			m.args == rec + sizeof(r) && m.args_len == c->args_len,
			"decode: %s: the message's fields", c->what);
	free(rec);
}

/* The kind of program, and what its context fields become. */
static void check_kinds(const struct xh_sites *s)
{
	struct hlog_record r = {
		.ts_ns = 1, .ifindex = 4194303, .rxq = 0x2345, .cpu = 1,
		.site = 2, .level = HLOG_WARN, .version = V,
		.kind = HLOG_KIND_TASK, .tid_hi = 0x3f,
	};
	struct xh_msg m;

	unit_int(XH_DEC_OK, xh_decode(s, &r, sizeof(r), &m), "decode: a task record");
	unit_ok(m.kind == HLOG_KIND_TASK && m.pid == 4194303 && m.tid == 0x3f2345 &&
		m.ifindex == 0 && m.rxq == 0, "decode: a task record: pid and tid");
	r.kind = HLOG_KIND_TC;
	r.tid_hi = 0;
	unit_int(XH_DEC_OK, xh_decode(s, &r, sizeof(r), &m), "decode: a tc record");
	unit_ok(m.kind == HLOG_KIND_TC && m.ifindex == 4194303 && m.rxq == 0x2345 &&
		m.pid == 0 && m.tid == 0, "decode: a tc record: ifindex and queue");
	r.kind = HLOG_KIND_COUNT;
	unit_int(XH_DEC_KIND, xh_decode(s, &r, sizeof(r), &m),
		 "decode: a kind past the known ones");
	/* version 1 had two reserved bytes there: whatever they hold, XDP */
	r.version = 1;
	r.kind = HLOG_KIND_TASK;
	r.tid_hi = 9;
	unit_int(XH_DEC_OK, xh_decode(s, &r, sizeof(r), &m), "decode: a version 1 record");
	unit_ok(m.kind == HLOG_KIND_XDP && m.ifindex == 4194303 && m.rxq == 0x2345,
		"decode: a version 1 record is XDP's");
}

void unit_decode_suite(void)
{
	struct xh_sites s;
	unsigned int i;

	if (!unit_int(0, unit_sites(&s, sites, ARRAY_SIZE(sites)),
		      "decode: sites made"))
		return;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check_case(&s, &cases[i]);
	check_kinds(&s);
	for (i = 0; i < ARRAY_SIZE(strerrors); i++)
		unit_str(strerrors[i], xh_decode_strerror((enum xh_decode_err)i),
			 "decode: strerror(%u)", i);
	unit_str("unknown error", xh_decode_strerror((enum xh_decode_err)99),
		 "decode: strerror of an unknown code");
	xh_sites_free(&s);
}
