/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text from the kernel (a %s argument, a format) shown so that it cannot
 * start a line or drive a terminal: one message stays one line. Printable
 * ASCII and valid UTF-8 stay as they are; a backslash becomes \\, newline,
 * carriage return and tab \n \r \t, and every other control character (C0,
 * DEL, C1) and every byte that is not UTF-8 \xHH (each of its bytes).
 */
#ifndef XH_ESCAPE_H
#define XH_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* Worst case of xh_escape for n bytes: each one \xHH. */
#define XH_ESCAPE_MAX(n) (4 * (n))

/* Length of the valid UTF-8 character of 2 to 4 bytes at s[0..n), or 0
 * (ASCII, a bad lead or continuation byte, an overlong form, a surrogate,
 * above U+10FFFF, or cut short). */
size_t xh_utf8_len(const unsigned char *s, size_t n);

/* True if s[0..n) would come out of xh_escape unchanged (backslashes
 * aside when keep_backslash). */
bool xh_escape_clean(const char *s, size_t n, bool keep_backslash);

/*
 * Writes s[0..n) escaped into dst, at most cap - 1 bytes and a NUL (an
 * escape that does not fit is left out whole); returns the length.
 * keep_backslash: leave backslashes alone (a program's own format text).
 */
size_t xh_escape(char *dst, size_t cap, const char *s, size_t n,
		 bool keep_backslash);

#endif
