// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "log.h"

int xh_verbose;

/* libbpf and libxdp only speak with -vv: their warnings are noise for a
 * user who gets our one-line error anyway. */
static int lib_print(enum libbpf_print_level level, const char *fmt,
		     va_list args)
{
	(void)level;
	if (xh_verbose < 2)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static int xdp_print(enum libxdp_print_level level, const char *fmt,
		     va_list args)
{
	(void)level;
	if (xh_verbose < 2)
		return 0;
	return vfprintf(stderr, fmt, args);
}

void xh_log_init(int verbose)
{
	xh_verbose = verbose;
	libbpf_set_print(lib_print);
	libxdp_set_print(xdp_print);
}

void xh_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void xh_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void xh_debug(const char *fmt, ...)
{
	va_list ap;

	if (xh_verbose < 1)
		return;
	fputs("xdp-hello: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
