// SPDX-License-Identifier: GPL-2.0
#include "decode/escape.h"
#include "decode/json.h"

size_t xh_json_str(char *dst, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	char *p = dst;
	size_t i, len;

	*p++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = u[i];

		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c >= 0x20 && c < 0x7f) {
			*p++ = (char)c;
		} else if (c >= 0x80 && (len = xh_utf8_len(u + i, n - i)) &&
			   !(c == 0xc2 && u[i + 1] < 0xa0)) {
			/* a character: as it is (C1 controls escaped below) */
			while (len--)
				*p++ = s[i++];
			i--;
		} else if (c >= 0x80 && !xh_utf8_len(u + i, n - i)) {
			/* not UTF-8: the byte as text, \xHH, as the text form does */
			*p++ = '\\';
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else {
			unsigned int cp = c;

			if (c == 0xc2)	/* C1 control: U+0080..U+009F */
				cp = u[++i];
			*p++ = '\\';
			*p++ = 'u';
			*p++ = '0';
			*p++ = '0';
			*p++ = hex[cp >> 4];
			*p++ = hex[cp & 15];
		}
	}
	*p++ = '"';
	return (size_t)(p - dst);
}
