// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "base/diag.h"

#define DIAG_MAX 512

static xh_diag_sink sink;
static __thread char last_error[DIAG_MAX];

xh_diag_sink xh_diag_set_sink(xh_diag_sink s)
{
	xh_diag_sink old = sink;

	sink = s;
	return old;
}

static void say(enum xh_diag_kind kind, const char *fmt, va_list ap)
{
	char msg[DIAG_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (kind == XH_DIAG_ERR)
		snprintf(last_error, sizeof(last_error), "%s", msg);
	if (sink)
		sink(kind, msg);
}

void xh_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(XH_DIAG_ERR, fmt, ap);
	va_end(ap);
}

void xh_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(XH_DIAG_INFO, fmt, ap);
	va_end(ap);
}

void xh_debug(const char *fmt, ...)
{
	va_list ap;

	if (!sink)	/* nobody listens: skip the formatting */
		return;
	va_start(ap, fmt);
	say(XH_DIAG_DEBUG, fmt, ap);
	va_end(ap);
}

const char *xh_last_error(void)
{
	return last_error;
}

void xh_clear_error(void)
{
	last_error[0] = '\0';
}
