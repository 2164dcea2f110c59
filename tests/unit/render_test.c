// SPDX-License-Identifier: GPL-2.0
/*
 * xh_render: each conversion of log.h, flags and widths, arguments that do
 * not fit their conversion, missing and extra ones, and bytes that are not
 * printable, as text and as JSON arguments. A record of the site's size
 * goes through xh_decode first; fewer bytes are rendered directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xdp_hello/record.h>
#include "decode/decode.h"
#include "decode/message_text.h"
#include "unit.h"

static const struct render_case {
	const char *fmt, *args;
	const char *bytes;
	size_t len;
	const char *text, *json;
} cases[] = {
	/* integers: the record's size and signedness decide, not the modifier */
	{ "%d", "s4", A("\xff\xff\xff\xff"), "-1", "[-1]" },
	{ "%d", "s1", A("\x80"), "-128", "[-128]" },
	{ "%hd", "s2", A("\x00\x80"), "-32768", "[-32768]" },
	{ "%lld", "s8", A("\0\0\0\0\0\0\0\x80"), "-9223372036854775808",
	  "[-9223372036854775808]" },
	{ "%i", "s4", A("\x2a\0\0\0"), "42", "[42]" },
	{ "%d", "u4", A("\xff\xff\xff\xff"), "4294967295", "[4294967295]" },
	{ "%u", "u4", A("\xff\xff\xff\xff"), "4294967295", "[4294967295]" },
	{ "%u", "s4", A("\xff\xff\xff\xff"), "4294967295", "[4294967295]" },
	{ "%llu", "u8", A("\xff\xff\xff\xff\xff\xff\xff\xff"),
	  "18446744073709551615", "[18446744073709551615]" },
	{ "%hhu", "u1", A("\xff"), "255", "[255]" },
	{ "%x", "u4", A("\xef\xbe\xad\xde"), "deadbeef", "[3735928559]" },
	{ "%X", "u4", A("\xef\xbe\xad\xde"), "DEADBEEF", "[3735928559]" },
	{ "%x", "s1", A("\xff"), "ff", "[255]" },
	{ "%#x", "u2", A("\xff\x00"), "0xff", "[255]" },
	{ "%o", "u1", A("\x08"), "10", "[8]" },
	{ "%#o", "u1", A("\x08"), "010", "[8]" },
	{ "%c", "u1", A("A"), "A", "[65]" },
	{ "%lu|%zu|%jd|%td", "u8 u8 s8 s8",
	  A("\1\0\0\0\0\0\0\0" "\2\0\0\0\0\0\0\0" "\xfd\xff\xff\xff\xff\xff\xff\xff"
	    "\4\0\0\0\0\0\0\0"), "1|2|-3|4", "[1,2,-3,4]" },
	/* flags, width, precision */
	{ "[%5d]", "s4", A("\x2a\0\0\0"), "[   42]", "[42]" },
	{ "[%-5d]", "s4", A("\x2a\0\0\0"), "[42   ]", "[42]" },
	{ "[%05d]", "s4", A("\x2a\0\0\0"), "[00042]", "[42]" },
	{ "[%+d]", "s4", A("\x2a\0\0\0"), "[+42]", "[42]" },
	{ "[% d]", "s4", A("\x2a\0\0\0"), "[ 42]", "[42]" },
	{ "[%.3d]", "s4", A("\x2a\0\0\0"), "[042]", "[42]" },
	{ "[%8.3x]", "u4", A("\x2a\0\0\0"), "[     02a]", "[42]" },
	{ "[%-#6x]", "u4", A("\x2a\0\0\0"), "[0x2a  ]", "[42]" },
	{ "0x%04X", "u2", A("\xdd\x86"), "0x86DD", "[34525]" },
	/* a width or precision of 4 digits would take snprintf seconds */
	{ "[%1000d]", "s4", A("\x2a\0\0\0"), "[<bad %d: 4 bytes 2a000000>]",
	  "[\"<bad %d: 4 bytes 2a000000>\"]" },
	{ "[%.1000u]", "u4", A("\x2a\0\0\0"), "[<bad %u: 4 bytes 2a000000>]",
	  "[\"<bad %u: 4 bytes 2a000000>\"]" },
	/* %s: a char array, up to its first NUL */
	{ "%s", "b8", A("udp\0\0\0\0\0"), "udp", "[\"udp\"]" },
	{ "%s", "b4", A("abcd"), "abcd", "[\"abcd\"]" },
	{ "%s|", "b4", A("\0abc"), "|", "[\"\"]" },
	{ "[%6s]", "b4", A("udp\0"), "[   udp]", "[\"udp\"]" },
	{ "[%-6s]", "b4", A("udp\0"), "[udp   ]", "[\"udp\"]" },
	{ "[%.2s]", "b4", A("udp\0"), "[ud]", "[\"udp\"]" },
	{ "[%5.2s]", "b4", A("udp\0"), "[   ud]", "[\"udp\"]" },
	/* packet bytes: escaped in text, so that one message stays one
	 * line (escape.h); in JSON the characters, bytes not UTF-8 as \xHH */
	{ "%s", "b8", A("x\xff\"\\\n\t\x01\x7f"), "x\\xff\"\\\\\\n\\t\\x01\\x7f",
	  "[\"x\\\\xff\\\"\\\\\\u000a\\u0009\\u0001\\u007f\"]" },
	{ "%s", "b2", A("\xc3\xa9"), "\xc3\xa9", "[\"\xc3\xa9\"]" },
	/* a forged line: the newline and the escape sequence stay visible */
	{ "%s", "b32", A("\n[2026-01-01T00:00:00Z ERROR x]\x1b"),
	  "\\n[2026-01-01T00:00:00Z ERROR x]\\x1b",
	  "[\"\\u000a[2026-01-01T00:00:00Z ERROR x]\\u001b\"]" },
	/* a C1 control (U+009B, CSI) and a cut character */
	{ "%s", "b4", A("\xc2\x9b\xe2\x82"), "\\xc2\\x9b\\xe2\\x82",
	  "[\"\\u009b\\\\xe2\\\\x82\"]" },
	/* addresses and ports */
	{ "%pI4", "b4", A("\x0a\0\0\x01"), "10.0.0.1", "[\"10.0.0.1\"]" },
	{ "%pI4", "b4", A("\xff\xff\xff\xff"), "255.255.255.255",
	  "[\"255.255.255.255\"]" },
	{ "%pI6", "b16", A("\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01"), "fd00::1",
	  "[\"fd00::1\"]" },
	{ "%pI6", "b16", A("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"), "::", "[\"::\"]" },
	{ "%pI6", "b16", A("\0\0\0\0\0\0\0\0\0\0\xff\xff\xc0\0\x02\x01"),
	  "::ffff:192.0.2.1", "[\"::ffff:192.0.2.1\"]" },
	{ "%pI6", "b16", A("\x20\x01\x0d\xb8\0\0\0\0\0\x01\0\0\0\0\0\x01"),
	  "2001:db8::1:0:0:1", "[\"2001:db8::1:0:0:1\"]" },
	{ "%pM", "b6", A("\x02\0\0\0\0\x01"), "02:00:00:00:00:01",
	  "[\"02:00:00:00:00:01\"]" },
	{ "%pM", "b6", A("\xaa\xbb\xcc\xdd\xee\xff"), "aa:bb:cc:dd:ee:ff",
	  "[\"aa:bb:cc:dd:ee:ff\"]" },
	{ "%pN", "b2", A("\x23\x82"), "9090", "[9090]" },
	{ "%pN", "b2", A("\xff\xff"), "65535", "[65535]" },
	{ "%pN", "u2", A("\x23\x82"), "9090", "[9090]" },	/* a __be16 by value */
	{ "%ph", "b4", A("\xde\xad\xbe\xef"), "de ad be ef", "[\"de ad be ef\"]" },
	{ "%ph", "b1", A("\0"), "00", "[\"00\"]" },
	{ "%p", "b4", A("\xde\xad\xbe\xef"), "de ad be ef", "[\"de ad be ef\"]" },
	/* an argument that does not fit its conversion: shown as it is */
	{ "%d", "b4", A("\1\2\3\4"), "<bad %d: 4 bytes 01020304>",
	  "[\"<bad %d: 4 bytes 01020304>\"]" },
	{ "%c", "b1", A("A"), "<bad %c: 1 bytes 41>", "[\"<bad %c: 1 bytes 41>\"]" },
	{ "%s", "u4", A("\x2a\0\0\0"), "<bad %s: 4 bytes 2a000000>",
	  "[\"<bad %s: 4 bytes 2a000000>\"]" },
	{ "%pI4", "b6", A("\x0a\0\0\x01\x02\x03"), "<bad %pI4: 6 bytes 0a0000010203>",
	  "[\"<bad %pI4: 6 bytes 0a0000010203>\"]" },
	{ "%pI4", "u4", A("\x0a\0\0\x01"), "<bad %pI4: 4 bytes 0a000001>",
	  "[\"<bad %pI4: 4 bytes 0a000001>\"]" },
	{ "%pI6", "b4", A("\x0a\0\0\x01"), "<bad %pI6: 4 bytes 0a000001>",
	  "[\"<bad %pI6: 4 bytes 0a000001>\"]" },
	{ "%pM", "b4", A("\x0a\0\0\x01"), "<bad %pM: 4 bytes 0a000001>",
	  "[\"<bad %pM: 4 bytes 0a000001>\"]" },
	{ "%pN", "u4", A("\x2a\0\0\0"), "<bad %pN: 4 bytes 2a000000>",
	  "[\"<bad %pN: 4 bytes 2a000000>\"]" },
	{ "%pN", "b4", A("\x2a\0\0\0"), "<bad %pN: 4 bytes 2a000000>",
	  "[\"<bad %pN: 4 bytes 2a000000>\"]" },
	/* more conversions than arguments, and the reverse */
	{ "%d and %d", "s4", A("\1\0\0\0"), "1 and <missing>", "[1]" },
	{ "%d", "s4 s4", A("\1\0\0\0\2\0\0\0"), "1", "[1]" },
	/* fewer bytes than the site's (rendered without a record) */
	{ "%u %u", "u4 u4", A("\1\0\0\0"), "1 <missing>", "[1]" },
	{ "%pI4", "b4", A(""), "<missing>", "[]" },
	{ "low ttl %hhu from %pI4 (%d from 64)", "u1 b4 s4", A("\3\xc0\0"),
	  "low ttl 3 from <missing> (<missing> from 64)", "[3]" },
	/* what is not a conversion is printed as written */
	{ "100%%", NULL, A(""), "100%", "[]" },
	{ "%%d %d", "s4", A("\x2a\0\0\0"), "%d 42", "[42]" },
	{ "%q", NULL, A(""), "%q", "[]" },
	{ "50%", NULL, A(""), "50%", "[]" },
	{ "received a packet", NULL, A(""), "received a packet", "[]" },
	/* all eight, of each kind */
	{ "%d %d %d %d %d %d %d %d", "s1 s1 s1 s1 s1 s1 s1 s1", A("\1\2\3\4\5\6\7\x08"),
	  "1 2 3 4 5 6 7 8", "[1,2,3,4,5,6,7,8]" },
	{ "%s:%pN %pI4 %u", "b4 b2 b4 u2", A("udp\0" "\0\x50" "\x0a\0\0\x01" "\7\0"),
	  "udp:80 10.0.0.1 7", "[\"udp\",80,\"10.0.0.1\",7]" },
};

/* The last case: its arguments one by one (xh_render_each). */
static const char *const each_want[] = { "udp", "80", "10.0.0.1", "7" };

void unit_expect_render(const struct xh_sites *s, unsigned int id,
			const void *bytes, size_t len, const char *text,
			const char *json, const char *what)
{
	const struct xh_site *site = xh_sites_get(s, id);
	char got[512], got_json[512];
	__u8 rec[600] = { 0 };
	const void *args = bytes;
	size_t n, args_len = len;
	struct xh_msg m;

	if (!unit_ok(site != NULL, "%s: site %u", what, id))
		return;
	if (len == site->args_len) {
		/* padded to 8 bytes, as the ring hands it over */
		n = (unit_record(rec, site, id, bytes, len) + 7) & ~(size_t)7;
		if (!unit_int(XH_DEC_OK, xh_decode(s, rec, n, &m),
			      "%s: a record of %zu bytes decodes", what, n))
			return;
		args = m.args;
		args_len = m.args_len;
	}
	memset(got_json, 'J', sizeof(got_json));
	xh_render(site, args, args_len, got, sizeof(got), got_json, sizeof(got_json));
	unit_str(text, got, "%s: text", what);
	unit_str(json, got_json, "%s: JSON", what);
}

/* The largest dump: 64 bytes, 191 characters. */
static void check_hex64(void)
{
	static const struct unit_site v = {
		.level = HLOG_TRACE, .args = "b64", .fmt = "frame starts %ph",
	};
	char want[256], json[256], text[256], *p = want;
	__u8 bytes[64];
	struct xh_sites s;
	unsigned int i;

	for (i = 0; i < 64; i++) {
		bytes[i] = (__u8)(i * 17 + 3);
		p += sprintf(p, "%s%02x", i ? " " : "frame starts ", bytes[i]);
	}
	if (unit_sites(&s, &v, 1))
		return;
	xh_render(xh_sites_get(&s, 0), bytes, 64, text, sizeof(text), json,
		  sizeof(json));
	unit_str(want, text, "render: a dump of 64 bytes");
	xh_sites_free(&s);
}

/* Any buffer size: a NUL-terminated prefix, the length returned. */
static void check_caps(const struct xh_sites *s)
{
	static const size_t caps[] = { 1, 2, 5, 8, 17, 18 };
	unsigned int id = ARRAY_SIZE(cases) - 1, i;
	const struct render_case *c = &cases[id];
	const struct xh_site *site = xh_sites_get(s, id);
	size_t full = strlen(c->text), json_full = strlen(c->json), cap, n;
	char text[32], json[32];

	if (!site)
		return;
	for (i = 0; i < ARRAY_SIZE(caps); i++) {
		cap = caps[i];
		memset(text, 'T', sizeof(text));
		memset(json, 'J', sizeof(json));
		n = xh_render(site, (const __u8 *)c->bytes, c->len, text, cap, json, cap);
		unit_ok(n == (full < cap ? full : cap - 1) && text[n] == '\0' &&
			!strncmp(text, c->text, n) && text[cap] == 'T',
			"render: into %zu bytes: \"%.*s\", returns %zu", cap,
			(int)n, text, n);
		n = strnlen(json, cap);
		unit_ok(n == (json_full < cap ? json_full : cap - 1) &&
			!strncmp(json, c->json, n) && json[cap] == 'J',
			"render: JSON into %zu bytes: '%.*s'", cap, (int)n, json);
	}
	text[0] = 'T';
	unit_ok(xh_render(site, (const __u8 *)c->bytes, c->len, text, 0, NULL, 0) == 0 &&
		text[0] == 'T', "render: into 0 bytes: nothing written");
}

static void check_each(const struct xh_sites *s)
{
	unsigned int id = ARRAY_SIZE(cases) - 1, k;
	const struct render_case *c = &cases[id];
	char each[HLOG_MAX_ARGS][XH_ARG_TEXT], text[64];

	memset(each, 'E', sizeof(each));
	xh_render_each(xh_sites_get(s, id), (const __u8 *)c->bytes, c->len, text,
		       sizeof(text), NULL, 0, each);
	unit_str(c->text, text, "render_each: text, without JSON");
	for (k = 0; k < HLOG_MAX_ARGS; k++)
		unit_str(k < ARRAY_SIZE(each_want) ? each_want[k] : "", each[k],
			 "render_each: argument %u", k);
	/* a missing one stays empty */
	xh_render_each(xh_sites_get(s, id), (const __u8 *)c->bytes, 6, text,
		       sizeof(text), NULL, 0, each);
	unit_ok(!strcmp(each[1], "80") && !each[2][0] && !each[3][0],
		"render_each: missing arguments are empty");
}

void unit_render_suite(void)
{
	struct unit_site v[ARRAY_SIZE(cases)];
	struct xh_sites s;
	char what[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		v[i] = (struct unit_site){
			.level = HLOG_INFO, .args = cases[i].args, .fmt = cases[i].fmt,
		};
	if (!unit_int(0, unit_sites(&s, v, ARRAY_SIZE(v)), "render: sites made"))
		return;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(what, sizeof(what), "render: \"%s\" (%s)", cases[i].fmt,
			 cases[i].args ? cases[i].args : "");
		unit_expect_render(&s, i, cases[i].bytes, cases[i].len,
				   cases[i].text, cases[i].json, what);
	}
	check_hex64();
	check_caps(&s);
	check_each(&s);
	xh_sites_free(&s);
}
