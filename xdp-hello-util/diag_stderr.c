// SPDX-License-Identifier: GPL-2.0
/* The utility's diagnostics: the library's messages on stderr, and
 * libbpf's and libxdp's only with -vv. */
#include <stdio.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "base/diag.h"
#include "diag_stderr.h"

static int verbose;

static void to_stderr(enum xh_diag_kind kind, const char *msg)
{
	if (kind == XH_DIAG_DEBUG) {
		if (verbose < 1)
			return;
		fputs("xdp-hello: ", stderr);
	}
	fputs(msg, stderr);
	fputc('\n', stderr);
}

/* libbpf's and libxdp's warnings are noise for a user who gets our
 * one-line error anyway. */
static int lib_print(enum libbpf_print_level level, const char *fmt,
		     va_list args)
{
	(void)level;
	return verbose < 2 ? 0 : vfprintf(stderr, fmt, args);
}

static int xdp_print(enum libxdp_print_level level, const char *fmt,
		     va_list args)
{
	(void)level;
	return verbose < 2 ? 0 : vfprintf(stderr, fmt, args);
}

void diag_stderr_init(int v)
{
	verbose = v;
	xh_diag_set_sink(to_stderr);
	libbpf_set_print(lib_print);
	libxdp_set_print(xdp_print);
}
