// SPDX-License-Identifier: GPL-2.0
/* The command line, parsed through the option table (params_table.c). */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/level.h"
#include "base/diag.h"
#include "host.h"
#include "diag_stderr.h"
#include "params_opt.h"

int usage_error(const struct params *p, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xdp-hello %s: ", p->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'xdp-hello %s --help')\n", p->cmd);
	return 2;
}

bool params_selected(const struct params *p)
{
	return p->nprog_ids || p->npins || p->all;
}

/* getopt's value for xh_opts[i]: its letter, or one past the chars. */
static int opt_val(size_t i)
{
	return xh_opts[i].letter ? xh_opts[i].letter : 256 + (int)i;
}

static const struct opt *opt_by_val(int val)
{
	size_t i;

	for (i = 0; i < xh_nopts; i++)
		if (val && opt_val(i) == val)
			return &xh_opts[i];
	return NULL;
}

/* getopt_long's tables, from opts: every option is known to every
 * command, so that one it does not take is named as such. */
static void getopt_tables(struct option *lo, char *shorts)
{
	size_t i;

	*shorts++ = ':';	/* a missing value: ':', apart from unknown '?' */
	for (i = 0; i < xh_nopts; i++) {
		lo[i] = (struct option){ xh_opts[i].name,
					 xh_opts[i].arg ? required_argument : no_argument,
					 NULL, opt_val(i) };
		if (xh_opts[i].letter) {
			*shorts++ = xh_opts[i].letter;
			if (xh_opts[i].arg)
				*shorts++ = ':';
		}
	}
	lo[i] = (struct option){};
	*shorts = '\0';
}

static int not_taken(const struct params *p, const struct opt *o, bool is_long)
{
	char form[32];

	return usage_error(p, "'%s' does not take %s", p->cmd,
			   opt_form(o, is_long, form, sizeof(form)));
}

/* getopt's complaints, as one line of ours; word is the argument that
 * caused it. */
static int bad_option(const struct params *p, int c, const char *word)
{
	const struct opt *o = opt_by_val(optopt);
	bool is_long = !strncmp(word, "--", 2);
	char form[32];

	if (o && !opt_help_for(o, p->spec->id))
		return not_taken(p, o, is_long);
	if (o)
		return usage_error(p, "option %s %s",
				   opt_form(o, is_long, form, sizeof(form)),
				   c == ':' ? "needs a value" : "takes no value");
	if (optopt)
		return usage_error(p, "unknown option -%c", optopt);
	return usage_error(p, "unknown or incomplete option '%s'", word);
}

/* The options, wherever they are (getopt moves the arguments last). */
static int parse_options(struct params *p, int argc, char **argv)
{
	struct option lo[XH_OPTS_MAX + 1];
	char shorts[2 * XH_OPTS_MAX + 2];
	const struct opt *o;
	int c, li = -1, err;

	getopt_tables(lo, shorts);
	optind = 1;
	opterr = 0;	/* one line per error: ours */
	while ((c = getopt_long(argc, argv, shorts, lo, &li)) != -1) {
		if (c == '?' || c == ':')
			return bad_option(p, c, argv[optind - 1]);
		o = opt_by_val(c);
		/* getopt sets li for a long option only */
		if (!opt_help_for(o, p->spec->id))
			return not_taken(p, o, li >= 0);
		err = o->set(p, optarg);
		if (err)
			return err;
		li = -1;
	}
	return 0;
}

/* The arguments after the options, and what they must add up to. */
static int parse_args(struct params *p, int argc, char **argv)
{
	unsigned int flags = p->spec->flags;
	int i, j;

	for (; optind < argc; optind++) {
		/* load/unload/status take IFNAME as xdp-loader does */
		if ((flags & P_IFACE) && !p->nifaces && !(flags & P_ARGS) &&
		    !params_selected(p)) {
			p->ifnames[p->nifaces++] = argv[optind];
			continue;
		}
		if ((flags & P_ARGS) && p->npositional < 4) {
			p->positional[p->npositional++] = argv[optind];
			continue;
		}
		return usage_error(p, "unexpected argument '%s'", argv[optind]);
	}
	if ((flags & P_IFACE) && !p->nifaces && !params_selected(p))
		return usage_error(p, (flags & P_SELECT) ?
				   "no program given (-i IFNAME, --prog-id ID, "
				   "--pin PATH or --all)" :
				   "no interface given (-i IFNAME)");
	for (i = 0; i < p->nifaces; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(p->ifnames[i], p->ifnames[j]))
				return usage_error(p, "interface '%s' given twice",
						   p->ifnames[i]);
	return 0;
}

/* Whether p's command takes the option that set() sets. */
static bool takes(const struct params *p,
		  int (*set)(struct params *p, const char *arg))
{
	size_t i;

	for (i = 0; i < xh_nopts; i++)
		if (xh_opts[i].set == set)
			return opt_help_for(&xh_opts[i], p->spec->id) != NULL;
	return false;
}

/* XDP_HELLO_LOG matters only where messages are read, and --level wins. */
static int level_from_env(struct params *p)
{
	const char *env = getenv("XDP_HELLO_LOG");

	if (!takes(p, opt_set_level) || p->level >= 0 || !env || !*env)
		return 0;
	p->level = xh_level_parse(env);
	if (p->level < 0)
		return usage_error(p, "XDP_HELLO_LOG='%s' is not a level (%s)",
				   env, XH_LEVEL_CHOICES);
	return 0;
}

int params_parse(struct params *p, int argc, char **argv,
		 const struct cmd_spec *spec, int *exit_code)
{
	int err;

	p->cmd = argv[0];
	p->spec = spec;
	p->level = -1;
	p->mode = XH_MODE_AUTO;
	p->interval = 1;
	p->printk = -1;
	err = parse_options(p, argc, argv);
	if (!err)
		err = parse_args(p, argc, argv);
	if (!err)
		err = level_from_env(p);
	if (err) {
		*exit_code = err == STOP ? 0 : err;
		return -1;
	}
	diag_stderr_init(p->verbose);
	if (p->level < 0)
		p->level = HLOG_TRACE;	/* the program's runtime level decides */
	if (!p->object) {
		xh_object_path("hello.o", p->object_buf, sizeof(p->object_buf));
		p->object = p->object_buf;
	}
	return 0;
}

int params_ifaces(const struct params *p, struct xh_iface *out)
{
	int i, err;

	for (i = 0; i < p->nifaces; i++) {
		err = xh_iface_resolve(p->ifnames[i], &out[i]);
		if (err)
			return err;
	}
	return 0;
}
