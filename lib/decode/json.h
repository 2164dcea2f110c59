/* SPDX-License-Identifier: GPL-2.0 */
/* JSON string escaping, for the message, the target and string arguments. */
#ifndef XH_JSON_H
#define XH_JSON_H

#include <stddef.h>

/* Worst case of xh_json_str for n input bytes: every byte as \u00XX. */
#define XH_JSON_STR_MAX(n) (6 * (n) + 2)

/*
 * Writes s[0..n) as a quoted JSON string into dst (room for
 * XH_JSON_STR_MAX(n) bytes, no NUL added); returns its length. The output
 * is valid UTF-8 and valid JSON whatever the bytes: a valid UTF-8
 * character stays as it is, control characters (C0, DEL, C1) become
 * \u00XX, and a byte that is not UTF-8 becomes the text \xHH (as
 * escape.h writes it), since a JSON string cannot hold a lone byte.
 */
size_t xh_json_str(char *dst, const char *s, size_t n);

#endif
