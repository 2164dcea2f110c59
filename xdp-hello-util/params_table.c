// SPDX-License-Identifier: GPL-2.0
/* One table of options: the parser, each command's --help and
 * --list-options are made from it, so they cannot disagree. */
#include <stdio.h>
#include <string.h>

#include "params_opt.h"

/* In --help order. */
const struct opt xh_opts[] = {
	{ "interface", 'i', "IFNAME", opt_set_iface, {
		{ CMD(RUN), "interface to attach to" },
		{ CMD(LOG), "interface to read (repeat for more)" },
		{ CMD(LOAD) | CMD(UNLOAD) | CMD(STATUS),
		  "the interface, instead of the IFNAME argument" },
		{ CMD(LEVEL), "interface of the program" },
		{ CMD(STATS), "interface (repeat for more)" } } },
	{ "prog-id", 0, "ID", opt_set_prog_id, {
		{ CMD(LOG) | CMD(STATUS) | CMD(LEVEL),
		  "the hlog program with this id, wherever it is\n"
		  "attached (repeat for more)" } } },
	{ "pin", 0, "PATH", opt_set_pin, {
		{ CMD(LOG) | CMD(STATUS) | CMD(LEVEL),
		  "the hlog program pinned at PATH (repeat for more)" } } },
	{ "all", 0, NULL, opt_set_all, {
		{ CMD(LOG) | CMD(STATUS) | CMD(LEVEL),
		  "every hlog program on the system" } } },
	{ "interval", 0, "SEC", opt_set_interval, {
		{ CMD(STATS), "seconds between lines (default 1)" } } },
	{ "mode", 'm', "MODE", opt_set_mode, {
		{ CMD(RUN) | CMD(LOAD), "skb or native (default: native where the driver\n"
					"supports it, else skb)" } } },
	{ "object", 'o', "FILE", opt_set_object, {
		{ CMD(RUN) | CMD(LOAD),
		  "BPF object to load (default: the installed hello.o)" } } },
	{ "prog-name", 'n', "NAME", opt_set_prog_name, {
		{ CMD(RUN),
		  "the program of the object to attach: its XDP one\n"
		  "(needed when it has several), or without -i\n"
		  "its one tracing program to run" },
		{ CMD(LOAD),
		  "the XDP program of the object to attach\n"
		  "(needed when it has several)" } } },
	{ "force", 0, NULL, opt_set_force, {
		{ CMD(RUN) | CMD(LOAD), "replace another XDP program already attached\n"
					"(not one a BPF link holds, as run's)" } } },
	{ "count", 'c', "N", opt_set_count, {
		{ CMD(RUN) | CMD(LOG), "exit after N messages" },
		{ CMD(STATS), "exit after N intervals" } } },
	{ "timeout", 0, "SEC", opt_set_timeout, {
		{ CMD(RUN) | CMD(LOG) | CMD(STATS), "exit after SEC seconds" } } },
	{ "source", 0, "SOURCE", opt_set_source, {
		{ CMD(LOG), "ringbuf (default) or trace_pipe (switches on\n"
			    "bpf_printk in the program while reading)" } } },
	{ "level", 0, "LEVEL", opt_set_level, {
		{ CMD(RUN) | CMD(LOG),
		  "print messages up to LEVEL (off, error, warn, info,\n"
		  "debug, trace, or 0 to 5; default $XDP_HELLO_LOG, else\n"
		  "all that the program logs: see level)" } } },
	{ "output", 0, "OUTPUT", opt_set_output, {
		{ CMD(RUN) | CMD(LOG),
		  "text (default), json (one JSON object per line)\n"
		  "or journal (one journal entry per message)" } } },
	{ "json", 0, NULL, opt_set_json, {
		{ CMD(RUN) | CMD(LOG), "short for the json output" } } },
	{ "rate-limit", 0, "N", opt_set_rate_limit, {
		{ CMD(RUN) | CMD(LOG),
		  "print at most N messages a second per call site,\n"
		  "count and summarize the rest" } } },
	{ "metrics", 0, "ADDR:PORT", opt_set_metrics, {
		{ CMD(RUN) | CMD(LOG) | CMD(STATS),
		  "serve Prometheus metrics on http://ADDR:PORT/metrics" } } },
	{ "timestamps", 0, "UNIT", opt_set_timestamps, {
		{ CMD(RUN) | CMD(LOG),
		  "text time stamps: s (default), ms, us, ns, off" } } },
	{ "backlog", 0, NULL, opt_set_backlog, {
		{ CMD(LOG), "also print messages queued before this reader started" } } },
	{ "printk", 0, "on|off", opt_set_printk, {
		{ CMD(LEVEL), "also send each message to the kernel trace pipe" } } },
	{ "verbose", 'v', NULL, opt_set_verbose, {
		{ CMDS_ALL, "more diagnostics (-vv: libbpf and libxdp too)" } } },
	{ "help", 'h', NULL, opt_set_help, {
		{ CMDS_ALL, "this help" } } },
};

const size_t xh_nopts = sizeof(xh_opts) / sizeof(xh_opts[0]);
_Static_assert(sizeof(xh_opts) / sizeof(xh_opts[0]) <= XH_OPTS_MAX,
	       "params.c's getopt tables hold XH_OPTS_MAX options");

const char *opt_help_for(const struct opt *o, enum xh_cmd id)
{
	int i;

	for (i = 0; i < OPT_HELPS && o->help[i].cmds; i++)
		if (o->help[i].cmds & (1u << id))
			return o->help[i].text;
	return NULL;
}

/* "-m" or "--mode", as the user wrote it. */
const char *opt_form(const struct opt *o, bool is_long, char *buf, size_t len)
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

int opt_set_help(struct params *p, const char *arg)
{
	const char *text;
	size_t i;

	(void)arg;
	fputs(p->spec->usage, stdout);
	putchar('\n');
	for (i = 0; i < xh_nopts; i++) {
		text = opt_help_for(&xh_opts[i], p->spec->id);
		if (text)
			print_opt_help(stdout, &xh_opts[i], text);
	}
	return STOP;
}

void params_list_options(FILE *f, const char *name, enum xh_cmd id)
{
	const struct opt *o;

	for (o = xh_opts; o < xh_opts + xh_nopts; o++) {
		if (!opt_help_for(o, id))
			continue;
		fprintf(f, "%s", name);
		if (o->letter)
			fprintf(f, " -%c", o->letter);
		fprintf(f, " --%s%s%s\n", o->name, o->arg ? " " : "",
			o->arg ? o->arg : "");
	}
}
