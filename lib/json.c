// SPDX-License-Identifier: GPL-2.0
#include "json.h"

size_t xh_json_str(char *dst, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *p = dst;
	size_t i;

	*p++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			*p++ = '\\';
			*p++ = 'u';
			*p++ = '0';
			*p++ = '0';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else {
			*p++ = (char)c;
		}
	}
	*p++ = '"';
	return (size_t)(p - dst);
}
