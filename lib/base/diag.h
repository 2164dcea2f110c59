/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The library's own diagnostics (not the BPF side's <xdp_hello/log.h>):
 * errors, notes and debug chatter go to a sink the program sets (the
 * utility prints them on stderr); with none, nothing is printed. The last
 * error of the calling thread is kept, for the public API to hand back in
 * a struct hlog_error.
 */
#ifndef XH_DIAG_H
#define XH_DIAG_H

#include <stdarg.h>
#include <stddef.h>

enum xh_diag_kind {
	XH_DIAG_ERR,		/* "Couldn't ...": what failed and why */
	XH_DIAG_INFO,		/* what was done ("Unloaded ...") */
	XH_DIAG_DEBUG,		/* -v chatter */
};

typedef void (*xh_diag_sink)(enum xh_diag_kind kind, const char *msg);

/* Where diagnostics go; NULL: nowhere. Returns the previous sink. */
xh_diag_sink xh_diag_set_sink(xh_diag_sink sink);

void xh_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xh_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xh_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The calling thread's last xh_err() message ("" if none). */
const char *xh_last_error(void);
void xh_clear_error(void);

#endif
