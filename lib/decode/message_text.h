/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A call site's printf-style format + a record's argument bytes -> the
 * message text, and optionally the arguments as a JSON array. See
 * headers/xdp_hello/log.h for the conversions (%d.. %s %pI4 %pI6 %pM %pN %ph).
 */
#ifndef XH_MESSAGE_TEXT_H
#define XH_MESSAGE_TEXT_H

#include <stddef.h>
#include <linux/types.h>

#include <xdp_hello/record.h>
#include "decode/json.h"
#include "decode/sites.h"

/* Writes the message (no newline) into text, at most cap-1 bytes plus NUL;
 * with json non-NULL also "[arg,...]" there. Returns the text length. */
size_t xh_render(const struct xh_site *site, const __u8 *args, size_t args_len,
		 char *text, size_t cap, char *json, size_t json_cap);

/* One argument's text: up to HLOG_BYTES_MAX bytes as "xx " each, plus room
 * for a width or a "<bad ...>" note. */
#define XH_ARG_TEXT (3 * HLOG_BYTES_MAX + 64)
/* A rendered message (longer ones are cut), and the JSON array of its
 * arguments: never cut, so each is room for every argument escaped. */
#define XH_TEXT_MAX 2048
#define XH_ARGS_JSON_MAX (HLOG_MAX_ARGS * (XH_JSON_STR_MAX(XH_ARG_TEXT) + 1) + 2)

/* Also each argument's text, as in the message, into each[0..nargs). */
size_t xh_render_each(const struct xh_site *site, const __u8 *args,
		      size_t args_len, char *text, size_t cap, char *json,
		      size_t json_cap, char (*each)[XH_ARG_TEXT]);

/* A site whose address conversions (%pI4 %pI6 %pM %pN) get arguments of
 * another size: -EINVAL and why (the message would show "<bad ...>"). */
int xh_site_misuse(const struct xh_site *site, char *why, size_t cap);

#endif
