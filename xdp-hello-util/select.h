/* SPDX-License-Identifier: GPL-2.0 */
/* The programs log, status and level act on: those on each -i interface
 * (XDP and tc), and those --prog-id, --pin and --all name. */
#ifndef XH_SELECT_H
#define XH_SELECT_H

#include "find/discover.h"
#include "params.h"

#define XH_MAX_SELECTED 64

/* Opens them into out (deduplicated); returns how many, or -1 (said). */
int select_progs(const struct params *p, const char *what,
		 struct xh_prog *out, int max);

#endif
