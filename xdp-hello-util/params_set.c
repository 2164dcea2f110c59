// SPDX-License-Identifier: GPL-2.0
/* What each option sets, its value checked. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "decode/output_line.h"
#include "base/level.h"
#include "host.h"
#include "params_opt.h"

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

int opt_set_iface(struct params *p, const char *arg)
{
	if (p->nifaces && !(p->spec->flags & P_MULTI))
		return usage_error(p, "only one interface here");
	if (p->nifaces == XH_MAX_IFACES)
		return usage_error(p, "at most %d interfaces", XH_MAX_IFACES);
	p->ifnames[p->nifaces++] = arg;
	return 0;
}

int opt_set_prog_id(struct params *p, const char *arg)
{
	unsigned long id;

	errno = 0;
	id = digits(arg, false) ? strtoul(arg, NULL, 10) : 0;
	if (errno || !id || id > 0xffffffffUL)
		return usage_error(p, "program id '%s' is not a program's id, a "
				   "number from 1 to 4294967295, as 'bpftool prog show' "
				   "lists them", arg);
	if (p->nprog_ids == XH_MAX_IFACES)
		return usage_error(p, "at most %d program ids", XH_MAX_IFACES);
	p->prog_ids[p->nprog_ids++] = (unsigned int)id;
	return 0;
}

int opt_set_pin(struct params *p, const char *arg)
{
	if (p->npins == XH_MAX_IFACES)
		return usage_error(p, "at most %d pins", XH_MAX_IFACES);
	p->pins[p->npins++] = arg;
	return 0;
}

int opt_set_all(struct params *p, const char *arg)
{
	(void)arg;
	p->all = true;
	return 0;
}

int opt_set_mode(struct params *p, const char *arg)
{
	int v = xh_mode_parse(arg);

	if (v < 0)
		return usage_error(p, "unknown mode '%s' (skb, native)", arg);
	p->mode = (enum xh_mode)v;
	return 0;
}

int opt_set_object(struct params *p, const char *arg)
{
	p->object = arg;
	p->object_given = true;
	return 0;
}

int opt_set_prog_name(struct params *p, const char *arg)
{
	if (!*arg)
		return usage_error(p, "empty program name");
	p->prog_name = arg;
	return 0;
}

int opt_set_force(struct params *p, const char *arg)
{
	(void)arg;
	p->force = true;
	return 0;
}

int opt_set_count(struct params *p, const char *arg)
{
	if (parse_positive(arg, &p->count))
		return usage_error(p, digits(arg, false) && arg[strspn(arg, "0")] ?
				   "count '%s' is too large" :
				   "count '%s' is not a positive number", arg);
	return 0;
}

int opt_set_timeout(struct params *p, const char *arg)
{
	p->timeout = digits(arg, true) ? strtod(arg, NULL) : 0;
	if (!(p->timeout > 0) || p->timeout > 1e7)
		return usage_error(p, "timeout '%s' is not a positive number of seconds",
				   arg);
	return 0;
}

int opt_set_source(struct params *p, const char *arg)
{
	if (!strcmp(arg, "trace_pipe"))
		p->trace_pipe = true;
	else if (strcmp(arg, "ringbuf"))
		return usage_error(p, "unknown source '%s' (ringbuf, trace_pipe)", arg);
	return 0;
}

int opt_set_level(struct params *p, const char *arg)
{
	p->level = xh_level_parse(arg);
	if (p->level < 0)
		return usage_error(p, "unknown level '%s' (%s)", arg, XH_LEVEL_CHOICES);
	return 0;
}

int opt_set_output(struct params *p, const char *arg)
{
	p->json = !strcmp(arg, "json");
	p->journal = !strcmp(arg, "journal");
	if (!p->json && !p->journal && strcmp(arg, "text"))
		return usage_error(p, "unknown output '%s' (text, json, journal)", arg);
	return 0;
}

int opt_set_json(struct params *p, const char *arg)
{
	(void)arg;
	p->json = true;
	return 0;
}

int opt_set_rate_limit(struct params *p, const char *arg)
{
	if (parse_positive(arg, &p->rate_limit))
		return usage_error(p, "rate limit '%s' is not a positive number of messages per second",
				   arg);
	return 0;
}

int opt_set_metrics(struct params *p, const char *arg)
{
	struct sockaddr_storage ss;

	if (xh_metrics_addr_parse(arg, &ss))
		return usage_error(p, "metrics address '%s' is not ADDR:PORT "
				   "(127.0.0.1:9101, [::1]:9101, :9101)", arg);
	p->metrics = arg;
	return 0;
}

int opt_set_timestamps(struct params *p, const char *arg)
{
	p->ts = xh_ts_parse(arg);
	if (p->ts < 0)
		return usage_error(p, "unknown timestamps '%s' (s, ms, us, ns, off)", arg);
	return 0;
}

int opt_set_backlog(struct params *p, const char *arg)
{
	(void)arg;
	p->backlog = true;
	return 0;
}

int opt_set_printk(struct params *p, const char *arg)
{
	if (!strcmp(arg, "on"))
		p->printk = 1;
	else if (!strcmp(arg, "off"))
		p->printk = 0;
	else
		return usage_error(p, "--printk takes on or off, not '%s'", arg);
	return 0;
}

int opt_set_interval(struct params *p, const char *arg)
{
	p->interval = digits(arg, true) ? strtod(arg, NULL) : 0;
	if (!(p->interval >= 0.01) || p->interval > 86400)
		return usage_error(p, "interval '%s' is not a number of seconds (0.01 or more)",
				   arg);
	return 0;
}

int opt_set_verbose(struct params *p, const char *arg)
{
	(void)arg;
	p->verbose++;
	return 0;
}
