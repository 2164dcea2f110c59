/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make test-unit: lib/'s record decoder, renderer, call-site parser and
 * output lines checked against exact text, as any user, no kernel, plus
 * the fuzz corpus replayed through the harnesses. Output is TAP
 * ("ok N - name"; -v prints the passing checks too), then one summary line.
 */
#ifndef XH_UNIT_H
#define XH_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "decode/sites.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* A byte string literal and its length, NULs included: A("udp\0") */
#define A(s) s, sizeof(s) - 1

#define XH_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Each check prints its result; name is printf-style. Returns ok. */
bool unit_ok(bool ok, const char *name, ...) XH_PRINTF(2, 3);
/* Exact bytes (a string: len -1); on failure both shown, escaped. */
bool unit_mem(const void *want, long want_len, const void *got, long got_len,
	      const char *name, ...) XH_PRINTF(5, 6);
bool unit_str(const char *want, const char *got, const char *name, ...)
	XH_PRINTF(3, 4);
bool unit_int(long long want, long long got, const char *name, ...)
	XH_PRINTF(3, 4);
/* The next check is a known bug of lib/ (TAP TODO): its failure is shown
 * but does not fail the run, and its passing is pointed out. */
void unit_todo(const char *why);
/* A line of diagnostics ("# ..."), shown with the failures. */
void unit_diag(const char *fmt, ...) XH_PRINTF(1, 2);

void unit_init(bool verbose);
/* Prints the plan and the summary; returns the exit code. */
int unit_done(void);

/*
 * Call sites for the tests, made as a compiled program has them (a
 * hlog_site_<id> variable in .rodata, described by BTF built here) and
 * read by xh_sites_parse. Arguments: "u4 s1 b16" (HLOG_ARG_UINT of 4
 * bytes, SINT of 1, BYTES of 16). The spoilt ones are for the parser.
 */
enum unit_bad {
	UNIT_GOOD,
	UNIT_BAD_MAGIC,
	UNIT_BAD_NARGS,		/* 9 arguments */
	UNIT_BAD_LEVEL,		/* past TRACE */
	UNIT_BAD_TYPE,		/* HLOG_ARG_NONE */
	UNIT_BAD_TYPE_HIGH,	/* past HLOG_ARG_BYTES */
	UNIT_BAD_SIZE_0,
	UNIT_BAD_SIZE_BIG,	/* HLOG_BYTES_MAX + 1 */
	UNIT_BAD_SUM,		/* args_len not the sum of the sizes */
	UNIT_BAD_FMT_NUL,	/* the variable ends inside the format */
	UNIT_BAD_FILE_NUL,	/* ... inside the file name */
	UNIT_BAD_TINY,		/* smaller than a descriptor and two NULs */
	UNIT_BAD_PAST_END,	/* starts past the end of .rodata */
	UNIT_BAD_OVER_END,	/* runs past the end of .rodata */
};

struct unit_site {
	__u8 level;
	const char *args;
	const char *fmt;
	const char *name;	/* the variable's, with %u for the index;
				 * default "hlog_site_%u" */
	enum unit_bad bad;
};

#define UNIT_FILE "unit.c"
#define UNIT_LINE(i) (100 + (i))	/* line of site i */

/* Sites v[0..n) as variables 0..n-1; returns xh_sites_parse's result. */
int unit_sites(struct xh_sites *s, const struct unit_site *v, unsigned int n);
/* Parses "u4 s1 b16" into types and sizes; returns nargs, -1 if bad. */
int unit_args(const char *spec, __u8 *types, __u8 *sizes, __u16 *args_len);
/* The same form, of a parsed site: "u4 s1 b16". */
void unit_args_of(const struct xh_site *site, char *buf, size_t cap);
/* A record of the site (header + args) into buf; returns its size. */
size_t unit_record(void *buf, const struct xh_site *site, unsigned int id,
		   const void *args, size_t args_len);

/* Renders site id of s with these argument bytes (a record through
 * xh_decode first if they are the site's size) and checks the text and
 * the JSON arguments; what names the checks. */
void unit_expect_render(const struct xh_sites *s, unsigned int id,
			const void *bytes, size_t len, const char *text,
			const char *json, const char *what);

/* The suites, in the order main runs them. */
void unit_sites_suite(void);
void unit_decode_suite(void);
void unit_render_suite(void);
void unit_format_suite(void);
void unit_objects_suite(void);
void unit_replay_suite(const char *corpus, const char *crash_dir);
/* Runs the files through the harness in this process (for a debugger). */
int unit_replay_run(const char *harness, char **files, int n);

#endif
