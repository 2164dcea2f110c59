/* SPDX-License-Identifier: GPL-2.0 */
/* Diagnostics on stderr: errors, hints and -v/-vv chatter. */
#ifndef XH_LOG_H
#define XH_LOG_H

#include <stdarg.h>

extern int xh_verbose;

void xh_log_init(int verbose);
void xh_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xh_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xh_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
