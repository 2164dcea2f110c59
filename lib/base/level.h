/* SPDX-License-Identifier: GPL-2.0 */
/* Level names, as in RUST_LOG: error, warn, info, debug, trace, off. */
#ifndef XH_LEVEL_H
#define XH_LEVEL_H

#include <xdp_hello/record.h>

/* "ERROR", "WARN ", "INFO ", ... : padded to 5 for the text format */
const char *xh_level_padded(unsigned int level);
/* "error", "warn", ... */
const char *xh_level_name(unsigned int level);
/* Parses a level name (any case) or number; -1 if unknown. */
int xh_level_parse(const char *s);

#define XH_LEVEL_CHOICES "off, error, warn, info, debug, trace, or 0 to 5"

#endif
