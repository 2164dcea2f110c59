// SPDX-License-Identifier: GPL-2.0
/* One table of options: the parser, each command's --help and
 * --list-options are made from it, so they cannot disagree. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "output_line.h"
#include "level.h"
#include "diag.h"
#include "host.h"
#include "diag_stderr.h"
#include "params.h"

#define CMD(c)		(1u << XH_CMD_##c)
#define CMDS_ALL	(CMD(RUN) | CMD(LOG) | CMD(LOAD) | CMD(UNLOAD) | \
			 CMD(STATUS) | CMD(LEVEL) | CMD(STATS))
#define HELP_COL	26	/* where --help's text starts */
#define OPT_HELPS	5	/* help texts of one option, at most */
#define STOP		(-1)	/* a setter's "done, exit 0" (--help) */

struct opt_help {
	unsigned int cmds;	/* CMD() bits of the commands this text is for */
	const char *text;	/* a '\n' goes on in the help column */
};

struct opt {
	const char *name;	/* --name */
	char letter;		/* -l, or 0 */
	const char *arg;	/* its value as --help names it; NULL: none */
	/* 0, STOP, or the exit code after saying why */
	int (*set)(struct params *p, const char *arg);
	/* The commands that take it, with what their --help says: an option
	 * is taken by exactly the commands named here. */
	struct opt_help help[OPT_HELPS];
};

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

/* Digits only: strtoul() and strtod() would take a leading space, a sign
 * (" -5" as 2^64 - 5), hex, an exponent, "inf". */
static bool digits(const char *s, bool point)
{
	size_t n = strspn(s, "0123456789");

	if (point && s[n] == '.')
		n += 1 + strspn(s + n + 1, "0123456789");
	return n && !s[n] && s[0] != '.';
}

/* A positive decimal number that fits, or -1. */
static int parse_positive(const char *s, unsigned long *out)
{
	errno = 0;
	*out = digits(s, false) ? strtoul(s, NULL, 10) : 0;
	return errno || !*out ? -1 : 0;
}

static int set_iface(struct params *p, const char *arg)
{
	if (p->nifaces && !(p->spec->flags & P_MULTI))
		return usage_error(p, "only one interface here");
	if (p->nifaces == XH_MAX_IFACES)
		return usage_error(p, "at most %d interfaces", XH_MAX_IFACES);
	p->ifnames[p->nifaces++] = arg;
	return 0;
}

static int set_prog_id(struct params *p, const char *arg)
{
	unsigned long id;

	errno = 0;
	id = digits(arg, false) ? strtoul(arg, NULL, 10) : 0;
	if (errno || !id || id > 0xffffffffUL)
		return usage_error(p, "program id '%s' is not a number (see "
				   "'bpftool prog show')", arg);
	if (p->nprog_ids == XH_MAX_IFACES)
		return usage_error(p, "at most %d program ids", XH_MAX_IFACES);
	p->prog_ids[p->nprog_ids++] = (unsigned int)id;
	return 0;
}

static int set_pin(struct params *p, const char *arg)
{
	if (p->npins == XH_MAX_IFACES)
		return usage_error(p, "at most %d pins", XH_MAX_IFACES);
	p->pins[p->npins++] = arg;
	return 0;
}

static int set_all(struct params *p, const char *arg)
{
	(void)arg;
	p->all = true;
	return 0;
}

bool params_selected(const struct params *p)
{
	return p->nprog_ids || p->npins || p->all;
}

static int set_mode(struct params *p, const char *arg)
{
	int v = xh_mode_parse(arg);

	if (v < 0)
		return usage_error(p, "unknown mode '%s' (skb, native)", arg);
	p->mode = (enum xh_mode)v;
	return 0;
}

static int set_object(struct params *p, const char *arg)
{
	p->object = arg;
	p->object_given = true;
	return 0;
}

static int set_prog_name(struct params *p, const char *arg)
{
	if (!*arg)
		return usage_error(p, "empty program name");
	p->prog_name = arg;
	return 0;
}

static int set_force(struct params *p, const char *arg)
{
	(void)arg;
	p->force = true;
	return 0;
}

static int set_count(struct params *p, const char *arg)
{
	if (parse_positive(arg, &p->count))
		return usage_error(p, "count '%s' is not a positive number", arg);
	return 0;
}

static int set_timeout(struct params *p, const char *arg)
{
	p->timeout = digits(arg, true) ? strtod(arg, NULL) : 0;
	if (!(p->timeout > 0) || p->timeout > 1e7)
		return usage_error(p, "timeout '%s' is not a positive number of seconds",
				   arg);
	return 0;
}

static int set_source(struct params *p, const char *arg)
{
	if (!strcmp(arg, "trace_pipe"))
		p->trace_pipe = true;
	else if (strcmp(arg, "ringbuf"))
		return usage_error(p, "unknown source '%s' (ringbuf, trace_pipe)", arg);
	return 0;
}

static int set_level(struct params *p, const char *arg)
{
	p->level = xh_level_parse(arg);
	if (p->level < 0)
		return usage_error(p, "unknown level '%s' (%s)", arg, XH_LEVEL_CHOICES);
	return 0;
}

static int set_output(struct params *p, const char *arg)
{
	p->json = !strcmp(arg, "json");
	p->journal = !strcmp(arg, "journal");
	if (!p->json && !p->journal && strcmp(arg, "text"))
		return usage_error(p, "unknown output '%s' (text, json, journal)", arg);
	return 0;
}

static int set_json(struct params *p, const char *arg)
{
	(void)arg;
	p->json = true;
	return 0;
}

static int set_rate_limit(struct params *p, const char *arg)
{
	if (parse_positive(arg, &p->rate_limit))
		return usage_error(p, "rate limit '%s' is not a positive number of messages per second",
				   arg);
	return 0;
}

static int set_metrics(struct params *p, const char *arg)
{
	struct sockaddr_storage ss;

	if (xh_metrics_addr_parse(arg, &ss))
		return usage_error(p, "metrics address '%s' is not ADDR:PORT "
				   "(127.0.0.1:9101, [::1]:9101, :9101)", arg);
	p->metrics = arg;
	return 0;
}

static int set_timestamps(struct params *p, const char *arg)
{
	p->ts = xh_ts_parse(arg);
	if (p->ts < 0)
		return usage_error(p, "unknown timestamps '%s' (s, ms, us, ns, off)", arg);
	return 0;
}

static int set_backlog(struct params *p, const char *arg)
{
	(void)arg;
	p->backlog = true;
	return 0;
}

static int set_printk(struct params *p, const char *arg)
{
	if (!strcmp(arg, "on"))
		p->printk = 1;
	else if (!strcmp(arg, "off"))
		p->printk = 0;
	else
		return usage_error(p, "--printk takes on or off, not '%s'", arg);
	return 0;
}

static int set_interval(struct params *p, const char *arg)
{
	p->interval = digits(arg, true) ? strtod(arg, NULL) : 0;
	if (!(p->interval >= 0.01) || p->interval > 86400)
		return usage_error(p, "interval '%s' is not a number of seconds (0.01 or more)",
				   arg);
	return 0;
}

static int set_verbose(struct params *p, const char *arg)
{
	(void)arg;
	p->verbose++;
	return 0;
}

static int set_help(struct params *p, const char *arg);

/* In --help order. */
static const struct opt opts[] = {
	{ "interface", 'i', "IFNAME", set_iface, {
		{ CMD(RUN), "interface to attach to" },
		{ CMD(LOG), "interface to read (repeat for more)" },
		{ CMD(LOAD) | CMD(UNLOAD) | CMD(STATUS),
		  "the interface, instead of the IFNAME argument" },
		{ CMD(LEVEL), "interface of the program" },
		{ CMD(STATS), "interface (repeat for more)" } } },
	{ "prog-id", 0, "ID", set_prog_id, {
		{ CMD(LOG) | CMD(STATUS) | CMD(LEVEL),
		  "the hlog program with this id, wherever it is\n"
		  "attached (repeat for more)" } } },
	{ "pin", 0, "PATH", set_pin, {
		{ CMD(LOG) | CMD(STATUS) | CMD(LEVEL),
		  "the hlog program pinned at PATH (repeat for more)" } } },
	{ "all", 0, NULL, set_all, {
		{ CMD(LOG) | CMD(STATUS) | CMD(LEVEL),
		  "every hlog program on the system" } } },
	{ "interval", 0, "SEC", set_interval, {
		{ CMD(STATS), "seconds between lines (default 1)" } } },
	{ "mode", 'm', "MODE", set_mode, {
		{ CMD(RUN) | CMD(LOAD), "skb or native (default: native where the driver\n"
					"supports it, else skb)" } } },
	{ "object", 'o', "FILE", set_object, {
		{ CMD(RUN) | CMD(LOAD),
		  "BPF object to load (default: the installed hello.o)" } } },
	{ "prog-name", 'n', "NAME", set_prog_name, {
		{ CMD(RUN) | CMD(LOAD),
		  "the XDP program of the object to attach (needed\n"
		  "when it has several)" } } },
	{ "force", 0, NULL, set_force, {
		{ CMD(RUN) | CMD(LOAD), "replace another XDP program already attached" } } },
	{ "count", 'c', "N", set_count, {
		{ CMD(RUN) | CMD(LOG), "exit after N messages" },
		{ CMD(STATS), "exit after N intervals" } } },
	{ "timeout", 0, "SEC", set_timeout, {
		{ CMD(RUN) | CMD(LOG) | CMD(STATS), "exit after SEC seconds" } } },
	{ "source", 0, "SOURCE", set_source, {
		{ CMD(LOG), "ringbuf (default) or trace_pipe (switches on\n"
			    "bpf_printk in the program while reading)" } } },
	{ "level", 0, "LEVEL", set_level, {
		{ CMD(RUN) | CMD(LOG),
		  "print messages up to LEVEL (off, error, warn, info,\n"
		  "debug, trace; default $XDP_HELLO_LOG, else\n"
		  "all that the program logs: see level)" } } },
	{ "output", 0, "OUTPUT", set_output, {
		{ CMD(RUN) | CMD(LOG),
		  "text (default), json (one JSON object per line)\n"
		  "or journal (one journal entry per message)" } } },
	{ "json", 0, NULL, set_json, {
		{ CMD(RUN) | CMD(LOG), "short for the json output" } } },
	{ "rate-limit", 0, "N", set_rate_limit, {
		{ CMD(RUN) | CMD(LOG),
		  "print at most N messages a second per call site,\n"
		  "count and summarize the rest" } } },
	{ "metrics", 0, "ADDR:PORT", set_metrics, {
		{ CMD(RUN) | CMD(LOG) | CMD(STATS),
		  "serve Prometheus metrics on http://ADDR:PORT/metrics" } } },
	{ "timestamps", 0, "UNIT", set_timestamps, {
		{ CMD(RUN) | CMD(LOG),
		  "text time stamps: s (default), ms, us, ns, off" } } },
	{ "backlog", 0, NULL, set_backlog, {
		{ CMD(LOG), "also print messages queued before this reader started" } } },
	{ "printk", 0, "on|off", set_printk, {
		{ CMD(LEVEL), "also send each message to the kernel trace pipe" } } },
	{ "verbose", 'v', NULL, set_verbose, {
		{ CMDS_ALL, "more diagnostics (-vv: libbpf and libxdp too)" } } },
	{ "help", 'h', NULL, set_help, {
		{ CMDS_ALL, "this help" } } },
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

/* What command id's --help says of o; NULL if id does not take it. */
static const char *help_for(const struct opt *o, enum xh_cmd id)
{
	int i;

	for (i = 0; i < OPT_HELPS && o->help[i].cmds; i++)
		if (o->help[i].cmds & (1u << id))
			return o->help[i].text;
	return NULL;
}

/* "-m" or "--mode", as the user wrote it. */
static const char *opt_form(const struct opt *o, bool is_long, char *buf,
			    size_t len)
{
	if (is_long || !o->letter)
		snprintf(buf, len, "--%s", o->name);
	else
		snprintf(buf, len, "-%c", o->letter);
	return buf;
}

/* "  -i, --interface IFNAME  text", further lines in the help column */
static void print_opt_help(FILE *f, const struct opt *o, const char *text)
{
	char left[64];
	const char *nl;
	int n;

	if (o->letter)
		n = snprintf(left, sizeof(left), "  -%c, --%s", o->letter, o->name);
	else
		n = snprintf(left, sizeof(left), "      --%s", o->name);
	if (o->arg && n >= 0 && (size_t)n < sizeof(left))
		snprintf(left + n, sizeof(left) - n, " %s", o->arg);
	fprintf(f, "%-*s ", HELP_COL - 1, left);
	while ((nl = strchr(text, '\n'))) {
		fprintf(f, "%.*s\n%*s", (int)(nl - text), text, HELP_COL, "");
		text = nl + 1;
	}
	fprintf(f, "%s\n", text);
}

static int set_help(struct params *p, const char *arg)
{
	const char *text;
	size_t i;

	(void)arg;
	fputs(p->spec->usage, stdout);
	putchar('\n');
	for (i = 0; i < NOPTS; i++) {
		text = help_for(&opts[i], p->spec->id);
		if (text)
			print_opt_help(stdout, &opts[i], text);
	}
	return STOP;
}

void params_list_options(FILE *f, const char *name, enum xh_cmd id)
{
	const struct opt *o;

	for (o = opts; o < opts + NOPTS; o++) {
		if (!help_for(o, id))
			continue;
		fprintf(f, "%s", name);
		if (o->letter)
			fprintf(f, " -%c", o->letter);
		fprintf(f, " --%s%s%s\n", o->name, o->arg ? " " : "",
			o->arg ? o->arg : "");
	}
}

/* getopt's value for opts[i]: its letter, or one past the chars. */
static int opt_val(size_t i)
{
	return opts[i].letter ? opts[i].letter : 256 + (int)i;
}

static const struct opt *opt_by_val(int val)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (val && opt_val(i) == val)
			return &opts[i];
	return NULL;
}

/* getopt_long's tables, from opts: every option is known to every
 * command, so that one it does not take is named as such. */
static void getopt_tables(struct option *lo, char *shorts)
{
	size_t i;

	*shorts++ = ':';	/* a missing value: ':', apart from unknown '?' */
	for (i = 0; i < NOPTS; i++) {
		lo[i] = (struct option){ opts[i].name,
					 opts[i].arg ? required_argument : no_argument,
					 NULL, opt_val(i) };
		if (opts[i].letter) {
			*shorts++ = opts[i].letter;
			if (opts[i].arg)
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

	if (o && !help_for(o, p->spec->id))
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
	struct option lo[NOPTS + 1];
	char shorts[2 * NOPTS + 2];
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
		if (!help_for(o, p->spec->id))
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

	for (i = 0; i < NOPTS; i++)
		if (opts[i].set == set)
			return help_for(&opts[i], p->spec->id) != NULL;
	return false;
}

/* XDP_HELLO_LOG matters only where messages are read, and --level wins. */
static int level_from_env(struct params *p)
{
	const char *env = getenv("XDP_HELLO_LOG");

	if (!takes(p, set_level) || p->level >= 0 || !env || !*env)
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
