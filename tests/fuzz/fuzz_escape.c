// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: any bytes as a %s argument -> xh_escape (the text
 * form) and xh_json_str (JSON), checking what they promise, and aborting
 * where they break it:
 *   text: no control character (C0, DEL, C1), valid UTF-8, within cap,
 *         and the bytes back exactly when unescaped
 *   JSON: valid UTF-8, no raw control character, within XH_JSON_STR_MAX
 * Input: one control byte (bits 0-2: the text buffer size, caps[]), then
 * the string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/escape.h"
#include "decode/json.h"

#define IN_MAX 4096

/* Valid UTF-8 with no control character, C1 included. */
static void check_clean(const unsigned char *s, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i += len) {
		len = 1;
		if (s[i] < 0x20 || s[i] == 0x7f)
			abort();
		if (s[i] >= 0x80) {
			len = xh_utf8_len(s + i, n - i);
			if (!len || (s[i] == 0xc2 && s[i + 1] < 0xa0))
				abort();
		}
	}
}

static int hexval(unsigned char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* The text form read back: the input's bytes, exactly. */
static size_t unescape(const char *s, size_t n, unsigned char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\\') {
			out[o++] = (unsigned char)s[i];
			continue;
		}
		switch (s[++i]) {
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case '\\': out[o++] = '\\'; break;
		case 'x':
			out[o++] = (unsigned char)(hexval((unsigned char)s[i + 1]) << 4 |
						   hexval((unsigned char)s[i + 2]));
			i += 2;
			break;
		default:
			abort();
		}
	}
	return o;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[8] = { 1, 2, 5, 16, 64, 256, 1024, XH_ESCAPE_MAX(IN_MAX) + 1 };
	static char text[XH_ESCAPE_MAX(IN_MAX) + 1], json[XH_JSON_STR_MAX(IN_MAX)];
	static unsigned char back[XH_ESCAPE_MAX(IN_MAX)];
	const char *s = (const char *)data + 1;
	size_t n, cap, len;

	if (size < 1 || size - 1 > IN_MAX)
		return 0;
	n = size - 1;
	cap = caps[data[0] & 7];
	len = xh_escape(text, cap, s, n, false);
	if (len >= cap || text[len] || strlen(text) != len)
		abort();
	check_clean((const unsigned char *)text, len);
	/* all of it fits: it reads back to the input */
	if (cap > XH_ESCAPE_MAX(n) &&
	    (unescape(text, len, back) != n || memcmp(back, s, n)))
		abort();
	len = xh_json_str(json, s, n);
	if (len > XH_JSON_STR_MAX(n) || json[0] != '"' || json[len - 1] != '"')
		abort();
	check_clean((const unsigned char *)json, len);
	return 0;
}
