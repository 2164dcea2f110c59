// SPDX-License-Identifier: GPL-2.0
/* TAP reporting: passing checks only with -v, failures always. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

static bool verbose;
static unsigned int n_check, n_fail, n_todo, n_todo_passed;
static const char *todo;

void unit_init(bool v)
{
	verbose = v;
}

void unit_todo(const char *why)
{
	todo = why;
}

void unit_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Bytes [from, to) of p as a C string literal: the difference may be a
 * NUL or a \xff; "..." where some are left out. */
static void print_escaped(const char *label, const void *p, long n, long from,
			  long to)
{
	const unsigned char *s = p;
	long i;

	if (!s) {
		printf("#   %-9s(null)\n", label);
		return;
	}
	printf("#   %-9s%s\"", label, from > 0 ? "..." : "");
	for (i = from; i < n && i < to; i++) {
		if (s[i] == '"' || s[i] == '\\')
			printf("\\%c", s[i]);
		else if (s[i] == '\n')
			printf("\\n");
		else if (s[i] < 0x20 || s[i] >= 0x7f)
			printf("\\x%02x", s[i]);
		else
			putchar(s[i]);
	}
	printf("\"%s (%ld bytes)\n", to < n ? "..." : "", n);
}

#define CONTEXT 60	/* bytes shown before a difference in long values */

/* Both values; of long ones, around the first difference. */
static void print_diff(const void *want, long wn, const void *got, long gn)
{
	const char *w = want, *g = got;
	long d = 0, from = 0, to = LONG_MAX;

	while (w && g && d < wn && d < gn && w[d] == g[d])
		d++;
	if ((wn > 3 * CONTEXT || gn > 3 * CONTEXT) && w && g) {
		printf("#   first difference at byte %ld\n", d);
		from = d > CONTEXT ? d - CONTEXT : 0;
		to = d + CONTEXT;
	}
	print_escaped("expected", want, wn, from, to);
	print_escaped("actual", got, gn, from, to);
}

/* Prints "ok"/"not ok" and the name, if shown; true if the values
 * should follow. Quiet, only failures and fixed known bugs are shown. */
static bool report(bool ok, const char *name, va_list ap)
{
	const char *t = todo;
	bool show = verbose || (!ok && !t) || (ok && t);

	todo = NULL;
	n_check++;
	if (t) {
		n_todo++;
		n_todo_passed += ok;
	} else if (!ok) {
		n_fail++;
	}
	if (!show)
		return false;
	printf("%sok %u - ", ok ? "" : "not ", n_check);
	vprintf(name, ap);
	if (t)
		printf(" # TODO %s%s", t, ok ? " (passes now: drop the TODO)" : "");
	printf("\n");
	return !ok;
}

bool unit_ok(bool ok, const char *name, ...)
{
	va_list ap;

	va_start(ap, name);
	report(ok, name, ap);
	va_end(ap);
	return ok;
}

bool unit_mem(const void *want, long want_len, const void *got, long got_len,
	      const char *name, ...)
{
	bool ok;
	va_list ap;

	if (want && want_len < 0)
		want_len = (long)strlen(want);
	if (got && got_len < 0)
		got_len = (long)strlen(got);
	ok = want && got && want_len == got_len &&
	     !memcmp(want, got, (size_t)want_len);
	va_start(ap, name);
	if (report(ok, name, ap))
		print_diff(want, want_len, got, got_len);
	va_end(ap);
	return ok;
}

bool unit_str(const char *want, const char *got, const char *name, ...)
{
	bool ok = want && got && !strcmp(want, got);
	va_list ap;

	va_start(ap, name);
	if (report(ok, name, ap))
		print_diff(want, want ? (long)strlen(want) : 0, got,
			   got ? (long)strlen(got) : 0);
	va_end(ap);
	return ok;
}

bool unit_int(long long want, long long got, const char *name, ...)
{
	bool ok = want == got;
	va_list ap;

	va_start(ap, name);
	if (report(ok, name, ap)) {
		printf("#   expected %lld\n", want);
		printf("#   actual   %lld\n", got);
	}
	va_end(ap);
	return ok;
}

int unit_done(void)
{
	unsigned int passed = n_check - n_fail - n_todo;

	if (verbose)
		printf("1..%u\n", n_check);
	printf("%sunit: ", verbose ? "# " : "");
	if (n_fail)
		printf("%u of %u checks failed", n_fail, n_check);
	else
		printf("%u checks passed", passed);
	if (n_todo > n_todo_passed)
		printf(", %u known bug%s (TODO%s)", n_todo - n_todo_passed,
		       n_todo - n_todo_passed == 1 ? "" : "s",
		       verbose ? "" : ": V=1 or -v shows it");
	if (n_todo_passed)
		printf(", %u fixed (drop the TODO)", n_todo_passed);
	printf("\n");
	fflush(stdout);
	return n_fail ? 1 : 0;
}
