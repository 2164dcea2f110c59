// SPDX-License-Identifier: GPL-2.0
#include "decode/escape.h"

size_t xh_utf8_len(const unsigned char *s, size_t n)
{
	unsigned int cp, min;
	size_t len, i;

	if (s[0] < 0xc2 || s[0] > 0xf4)	/* ASCII, continuation, overlong, > U+10FFFF */
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* The escape of byte c at s (NULL: it stays), in buf. */
static const char *escape_of(const unsigned char *s, size_t n, bool keep_bs,
			     char buf[5], size_t *len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = s[0];

	*len = 1;
	if (c == '\\' && !keep_bs)
		return "\\\\";
	if (c == '\n')
		return "\\n";
	if (c == '\r')
		return "\\r";
	if (c == '\t')
		return "\\t";
	if (c >= 0x20 && c < 0x7f)
		return NULL;
	if (c >= 0x80) {
		*len = xh_utf8_len(s, n);
		/* C1 controls (U+0080..U+009F) act on terminals: escape */
		if (*len && !(c == 0xc2 && s[1] < 0xa0))
			return NULL;
		*len = 1;
	}
	buf[0] = '\\';
	buf[1] = 'x';
	buf[2] = hex[c >> 4];
	buf[3] = hex[c & 15];
	buf[4] = '\0';
	return buf;
}

bool xh_escape_clean(const char *s, size_t n, bool keep_backslash)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len;
	char buf[5];

	for (i = 0; i < n; i += len)
		if (escape_of(u + i, n - i, keep_backslash, buf, &len))
			return false;
	return true;
}

size_t xh_escape(char *dst, size_t cap, const char *s, size_t n,
		 bool keep_backslash)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, o = 0, len, elen;
	const char *e;
	char buf[5];

	if (!cap)
		return 0;
	for (i = 0; i < n; i += len) {
		e = escape_of(u + i, n - i, keep_backslash, buf, &len);
		elen = e ? (e[1] == 'x' ? 4 : 2) : len;
		if (o + elen > cap - 1)
			break;
		for (size_t k = 0; k < elen; k++)
			dst[o++] = e ? e[k] : s[i + k];
	}
	dst[o] = '\0';
	return o;
}
