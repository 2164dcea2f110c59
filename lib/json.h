/* SPDX-License-Identifier: GPL-2.0 */
/* JSON string escaping, for the message, the target and string arguments. */
#ifndef XH_JSON_H
#define XH_JSON_H

#include <stddef.h>

/* Worst case of xh_json_str for n input bytes: every byte as \u00XX. */
#define XH_JSON_STR_MAX(n) (6 * (n) + 2)

/*
 * Writes s[0..n) as a quoted JSON string into dst (room for
 * XH_JSON_STR_MAX(n) bytes, no NUL added); returns its length. Bytes
 * outside printable ASCII are escaped: argument bytes come from packets and
 * need not be UTF-8, and the output must stay valid JSON for jq.
 */
size_t xh_json_str(char *dst, const char *s, size_t n);

#endif
