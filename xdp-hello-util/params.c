// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output_line.h"
#include "level.h"
#include "diag.h"
#include "host.h"
#include "diag_stderr.h"
#include "params.h"

enum { OPT_TIMEOUT = 256, OPT_SOURCE, OPT_LEVEL, OPT_JSON, OPT_BACKLOG,
       OPT_FORCE, OPT_TIMESTAMPS, OPT_INTERVAL, OPT_PRINTK, OPT_OUTPUT,
       OPT_RATE_LIMIT, OPT_METRICS };

static const struct option long_opts[] = {
	{ "interface", required_argument, NULL, 'i' },
	{ "mode", required_argument, NULL, 'm' },
	{ "object", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "count", required_argument, NULL, 'c' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "rate-limit", required_argument, NULL, OPT_RATE_LIMIT },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "backlog", no_argument, NULL, OPT_BACKLOG },
	{ "timestamps", required_argument, NULL, OPT_TIMESTAMPS },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "printk", required_argument, NULL, OPT_PRINTK },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{}
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

static int want(const struct params *p, unsigned int which, unsigned int bit,
		const char *opt)
{
	if (which & bit)
		return 0;
	return usage_error(p, "option %s does not apply here", opt);
}

int params_parse(struct params *p, int argc, char **argv, unsigned int which,
		 const char *usage, int *exit_code)
{
	const char *env = getenv("XDP_HELLO_LOG");
	char *end;
	int c, v, i, j;

	p->cmd = argv[0];
	p->level = -1;
	p->mode = XH_MODE_AUTO;
	p->interval = 1;
	p->printk = -1;
	optind = 1;
	opterr = 0;	/* one line per error: ours */
	while ((c = getopt_long(argc, argv, "i:m:o:c:vh", long_opts, NULL)) != -1) {
		*exit_code = 0;
		switch (c) {
		case 'i':
			if ((*exit_code = want(p, which, P_IFACE, "-i")))
				return -1;
			if (p->nifaces && !(which & P_MULTI)) {
				*exit_code = usage_error(p, "only one interface here");
				return -1;
			}
			if (p->nifaces == XH_MAX_IFACES) {
				*exit_code = usage_error(p, "at most %d interfaces",
							 XH_MAX_IFACES);
				return -1;
			}
			p->ifnames[p->nifaces++] = optarg;
			break;
		case 'm':
			if ((*exit_code = want(p, which, P_MODE, "-m")))
				return -1;
			v = xh_mode_parse(optarg);
			if (v < 0) {
				*exit_code = usage_error(p, "unknown mode '%s' (skb, native)",
							 optarg);
				return -1;
			}
			p->mode = (enum xh_mode)v;
			break;
		case 'o':
			if ((*exit_code = want(p, which, P_MODE, "-o")))
				return -1;
			p->object = optarg;
			break;
		case OPT_FORCE:
			if ((*exit_code = want(p, which, P_MODE, "--force")))
				return -1;
			p->force = true;
			break;
		case 'c':
			if ((*exit_code = want(p, which, P_COUNT, "-c")))
				return -1;
			errno = 0;
			p->count = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-' ||
			    !p->count) {
				*exit_code = usage_error(p, "count '%s' is not a positive number",
							 optarg);
				return -1;
			}
			break;
		case OPT_TIMEOUT:
			if ((*exit_code = want(p, which, P_COUNT, "--timeout")))
				return -1;
			p->timeout = strtod(optarg, &end);
			if (*end || !*optarg || !(p->timeout > 0) ||
			    p->timeout > 1e7) {
				*exit_code = usage_error(p, "timeout '%s' is not a positive number of seconds",
							 optarg);
				return -1;
			}
			break;
		case OPT_SOURCE:
			if ((*exit_code = want(p, which, P_SOURCE, "--source")))
				return -1;
			if (!strcmp(optarg, "trace_pipe")) {
				p->trace_pipe = true;
			} else if (strcmp(optarg, "ringbuf")) {
				*exit_code = usage_error(p, "unknown source '%s' (ringbuf, trace_pipe)",
							 optarg);
				return -1;
			}
			break;
		case OPT_LEVEL:
			if ((*exit_code = want(p, which, P_READ, "--level")))
				return -1;
			p->level = xh_level_parse(optarg);
			if (p->level < 0) {
				*exit_code = usage_error(p, "unknown level '%s' (%s)",
							 optarg, XH_LEVEL_CHOICES);
				return -1;
			}
			break;
		case OPT_JSON:
			if ((*exit_code = want(p, which, P_READ, "--json")))
				return -1;
			p->json = true;
			break;
		case OPT_OUTPUT:
			if ((*exit_code = want(p, which, P_READ, "--output")))
				return -1;
			p->json = !strcmp(optarg, "json");
			p->journal = !strcmp(optarg, "journal");
			if (!p->json && !p->journal && strcmp(optarg, "text")) {
				*exit_code = usage_error(p, "unknown output '%s' (text, json, journal)",
							 optarg);
				return -1;
			}
			break;
		case OPT_RATE_LIMIT:
			if ((*exit_code = want(p, which, P_READ, "--rate-limit")))
				return -1;
			errno = 0;
			p->rate_limit = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-' ||
			    !p->rate_limit) {
				*exit_code = usage_error(p, "rate limit '%s' is not a positive number of messages per second",
							 optarg);
				return -1;
			}
			break;
		case OPT_METRICS:
			if ((*exit_code = want(p, which, P_METRICS, "--metrics")))
				return -1;
			p->metrics = optarg;
			break;
		case OPT_TIMESTAMPS:
			if ((*exit_code = want(p, which, P_READ, "--timestamps")))
				return -1;
			p->ts = xh_ts_parse(optarg);
			if (p->ts < 0) {
				*exit_code = usage_error(p, "unknown timestamps '%s' (s, ms, us, ns, off)",
							 optarg);
				return -1;
			}
			break;
		case OPT_INTERVAL:
			if ((*exit_code = want(p, which, P_INTERVAL, "--interval")))
				return -1;
			p->interval = strtod(optarg, &end);
			if (*end || !*optarg || !(p->interval >= 0.01) ||
			    p->interval > 86400) {
				*exit_code = usage_error(p, "interval '%s' is not a number of seconds (0.01 or more)",
							 optarg);
				return -1;
			}
			break;
		case OPT_BACKLOG:
			if ((*exit_code = want(p, which, P_READ, "--backlog")))
				return -1;
			p->backlog = true;
			break;
		case OPT_PRINTK:
			if ((*exit_code = want(p, which, P_PRINTK, "--printk")))
				return -1;
			if (!strcmp(optarg, "on")) {
				p->printk = 1;
			} else if (!strcmp(optarg, "off")) {
				p->printk = 0;
			} else {
				*exit_code = usage_error(p, "--printk takes on or off, not '%s'",
							 optarg);
				return -1;
			}
			break;
		case 'v':
			p->verbose++;
			break;
		case 'h':
			fputs(usage, stdout);
			*exit_code = 0;
			return -1;
		default:
			if (optopt && optopt < 256 && strchr("imoc", optopt))
				*exit_code = usage_error(p, "option -%c needs a value", optopt);
			else if (optopt)
				*exit_code = usage_error(p, "unknown option -%c", optopt);
			else
				*exit_code = usage_error(p, "unknown or incomplete option '%s'",
							 argv[optind - 1]);
			return -1;
		}
	}
	for (; optind < argc; optind++) {
		/* load/unload/status take IFNAME as xdp-loader does */
		if ((which & P_IFACE) && !p->nifaces && !(which & P_ARGS)) {
			p->ifnames[p->nifaces++] = argv[optind];
			continue;
		}
		if ((which & P_ARGS) && p->npositional < 4) {
			p->positional[p->npositional++] = argv[optind];
			continue;
		}
		*exit_code = usage_error(p, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if ((which & P_IFACE) && !p->nifaces) {
		*exit_code = usage_error(p, "no interface given (-i IFNAME)");
		return -1;
	}
	for (i = 0; i < p->nifaces; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(p->ifnames[i], p->ifnames[j])) {
				*exit_code = usage_error(p, "interface '%s' given twice",
							 p->ifnames[i]);
				return -1;
			}
	/* XDP_HELLO_LOG matters only where messages are read, and --level wins */
	if ((which & P_READ) && p->level < 0 && env && *env) {
		p->level = xh_level_parse(env);
		if (p->level < 0) {
			*exit_code = usage_error(p, "XDP_HELLO_LOG='%s' is not a level (%s)",
						 env, XH_LEVEL_CHOICES);
			return -1;
		}
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
