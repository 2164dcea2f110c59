// SPDX-License-Identifier: GPL-2.0
/* --source trace_pipe: the programs' bpf_printk lines from the kernel's
 * trace pipe, for comparison with the rings (and for kernels where
 * someone wants the trace pipe anyway). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "find/control.h"
#include "base/diag.h"
#include "decode/output_line.h"
#include "base/level.h"
#include "out_wait.h"
#include "poll_loop.h"
#include "decode/sites.h"

#define DRAIN_INTERVAL_NS (5 * 1000 * 1000LL)
#define CHECK_INTERVAL_NS (250 * 1000 * 1000LL)
#define NS_PER_S 1000000000LL
#define LINE_MAX_BYTES 8192
#define PRINTK_PREFIX ": bpf_trace_printk: " HLOG_PRINTK_TAG

struct tp {
	struct xh_prog *progs;
	struct hlog_config *cfg0;	/* each program's, to restore */
	struct xh_sites *sites;		/* each program's call sites */
	int n;
	__u32 tag;
	const struct xh_reader_opts *opts;
	struct xh_reader_result *res;
	__u64 queued;		/* lines handed to the output (for -c) */
	struct xh_out out;
	char path[256];
	int fd;
};

static long long clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

/* The program a line is from: on its interface, by name where several
 * are (XDP and tc); -1 if none of ours. */
static int prog_of(const struct tp *tp, unsigned int ifindex, const char *target)
{
	int i, first = -1;

	for (i = 0; i < tp->n; i++) {
		if ((int)ifindex != tp->progs[i].iface.ifindex)
			continue;
		if (!strcmp(tp->progs[i].name, target))
			return i;
		if (first < 0)
			first = i;
	}
	return first;
}

/*
 * The text of a line: "@<site id>" names the call site, whose format is
 * then the text (log.h has no format at hand when it prints); programs
 * built before that print their format.
 */
static const char *site_format(const struct xh_sites *sites, const char *text,
			       size_t *len)
{
	const struct xh_site *site;
	char *end;
	unsigned long id;

	*len = strlen(text);
	if (text[0] != '@' || text[1] < '0' || text[1] > '9')
		return text;
	id = strtoul(text + 1, &end, 10);
	site = *end ? NULL : xh_sites_get(sites, (unsigned int)id);
	if (!site)
		return text;
	*len = site->fmt_len;
	return site->fmt;
}

/*
 * "   <idle>-0   [001] ..s2.  1234.567890: bpf_trace_printk: hlog
 *  hello_world 1234 1 INFO: received a packet"
 */
static void tp_line(struct tp *tp, char *line)
{
	char *p = strstr(line, PRINTK_PREFIX), *q;
	char target[64], lvl[8];
	unsigned int tag, ifindex;
	long long secs = 0, usecs = 0, wall;
	int cpu = -1, level, off = 0, i;
	const char *text;
	size_t len;

	if (!p)
		return;
	*p = '\0';
	q = strrchr(line, ' ');
	if (q && sscanf(q + 1, "%lld.%lld", &secs, &usecs) != 2)
		return;
	q = strchr(line, '[');
	if (q)
		cpu = atoi(q + 1);
	p += strlen(PRINTK_PREFIX);
	if (sscanf(p, "%63s %u %u %7[A-Z]: %n", target, &tag, &ifindex, lvl,
		   &off) != 4 || !off || tag != tp->tag)
		return;
	i = prog_of(tp, ifindex, target);
	if (i < 0)
		return;
	level = xh_level_parse(lvl);
	if (level < 0 || (unsigned int)level > tp->opts->max_level)
		return;
	/* trace clock "local" runs with CLOCK_MONOTONIC */
	wall = secs * NS_PER_S + usecs * 1000LL +
	       (clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC));
	text = site_format(&tp->sites[i], p + off, &len);
	xh_out_line(&tp->out, wall, (unsigned int)level, tp->progs[i].name, text,
		    len, ifindex, cpu);
	tp->queued++;
}

static __u64 trace_overruns(const char *pipe_path)
{
	char dir[256], path[300], line[128];
	unsigned long long total = 0, v;
	int cpu;
	FILE *f;

	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(pipe_path, '/') - pipe_path),
		 pipe_path);
	for (cpu = 0; cpu < 4096; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/stats", dir, cpu);
		f = fopen(path, "re");
		if (!f)
			break;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "overrun: %llu", &v) == 1)
				total += v;
		fclose(f);
	}
	return total;
}

/* Tags our lines so other programs' printk lines are left alone: 0 and 1
 * mean off and on (level --printk), anything else is a reader's tag. */
static __u32 new_tag(void)
{
	__u32 t;

	if (getrandom(&t, sizeof(t), GRND_NONBLOCK) != sizeof(t))
		t = (__u32)(clock_ns(CLOCK_MONOTONIC) ^ getpid());
	return (t & 0x7ffffffe) + 2;
}

static int printk_on(struct tp *tp)
{
	int i, err;

	for (i = 0; i < tp->n; i++) {
		err = xh_config_read(&tp->progs[i], &tp->cfg0[i]);
		if (!err)
			err = xh_config_set(&tp->progs[i], XH_CFG_PRINTK, tp->tag);
		if (err) {
			xh_err("Couldn't switch on bpf_printk in '%s' on '%s': %s",
			       tp->progs[i].name, tp->progs[i].iface.name,
			       strerror(-err));
			return err;
		}
		xh_debug("reading '%s' (id %u) on '%s' from %s", tp->progs[i].name,
			 tp->progs[i].id, tp->progs[i].iface.name, tp->path);
	}
	return 0;
}

/* Back to what the user set: 1 (level --printk on) or off. Any other
 * value was the tag of a reader that is gone, since the trace pipe has one
 * reader at a time. */
static void printk_restore(struct tp *tp)
{
	int i;

	for (i = 0; i < tp->n; i++)
		xh_config_set(&tp->progs[i], XH_CFG_PRINTK,
			      tp->cfg0[i].printk == 1 ? 1 : 0);
}

/* Whole lines of buf[0..*have); keeps a partial one. Non-zero: stop. */
static enum xh_stop take_lines(struct tp *tp, char *buf, size_t *have)
{
	char *start = buf, *nl;
	unsigned long count = tp->opts->count;

	buf[*have] = '\0';
	while ((nl = strchr(start, '\n'))) {
		*nl = '\0';
		tp_line(tp, start);
		start = nl + 1;
		if (count && tp->queued >= count)
			break;
	}
	*have -= (size_t)(start - buf);
	memmove(buf, start, *have);
	if (*have == LINE_MAX_BYTES - 1)
		*have = 0;	/* a line too long: drop it */
	xh_out_flush(&tp->out);
	if (tp->out.broken)
		return XH_STOP_OUTPUT;
	return count && tp->queued >= count ? XH_STOP_COUNT : XH_STOP_SIGNAL;
}

static bool any_gone(struct tp *tp)
{
	int i;

	for (i = 0; i < tp->n; i++)
		if (xh_prog_gone(&tp->progs[i]))
			return true;
	return false;
}

static enum xh_stop run(struct tp *tp)
{
	long long t = clock_ns(CLOCK_MONOTONIC), deadline = 0;
	long long next_check = t + CHECK_INTERVAL_NS;
	char buf[LINE_MAX_BYTES];
	enum xh_stop why;
	size_t have = 0;
	ssize_t got;

	if (tp->opts->timeout > 0)
		deadline = t + (long long)(tp->opts->timeout * 1e9);
	while (!*tp->opts->stop) {
		got = read(tp->fd, buf + have, sizeof(buf) - 1 - have);
		if (got > 0) {
			have += (size_t)got;
			why = take_lines(tp, buf, &have);
			if (why != XH_STOP_SIGNAL)
				return why;
			continue;
		}
		t = clock_ns(CLOCK_MONOTONIC);
		if (deadline && t >= deadline)
			return XH_STOP_TIMEOUT;
		if (t >= next_check) {
			next_check = t + CHECK_INTERVAL_NS;
			if (any_gone(tp))
				return XH_STOP_GONE;
		}
		xh_out_wait(&tp->out, DRAIN_INTERVAL_NS);
		if (tp->out.broken)
			return XH_STOP_OUTPUT;
	}
	return XH_STOP_SIGNAL;
}

/* Each program's call sites, to put the format of "@<id>" lines in. */
static int load_sites(struct tp *tp)
{
	struct xh_prog *p;
	int i, err;

	for (i = 0; i < tp->n; i++) {
		p = &tp->progs[i];
		if (p->rodata_fd < 0)
			continue;
		err = xh_sites_load(&tp->sites[i], p->rodata_fd, p->rodata_size,
				    p->btf, p->rodata_type);
		if (err) {
			xh_err("Couldn't read the call sites of '%s': %s", p->name,
			       strerror(-err));
			return err;
		}
	}
	return 0;
}

static int tp_open(struct tp *tp)
{
	int err = xh_trace_pipe_path(tp->path, sizeof(tp->path));

	if (err)
		return err;
	tp->fd = open(tp->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (tp->fd < 0) {
		err = -errno;
		xh_err("Couldn't open trace pipe '%s': %s%s", tp->path,
		       strerror(errno), errno == EBUSY ?
		       " (another process is reading it)" : " (is tracefs mounted?)");
	}
	return err;
}

int xh_read_trace_pipe(struct xh_prog *progs, int n,
		       const struct xh_reader_opts *opts,
		       struct xh_reader_result *res)
{
	struct tp *tp = calloc(1, sizeof(*tp));	/* out is big */
	__u64 overrun0;
	int err;

	memset(res, 0, sizeof(*res));
	if (!tp)
		return -ENOMEM;
	tp->progs = progs;
	tp->n = n;
	tp->opts = opts;
	tp->res = res;
	tp->fd = -1;
	tp->cfg0 = calloc((size_t)n, sizeof(*tp->cfg0));
	tp->sites = calloc((size_t)n, sizeof(*tp->sites));
	xh_out_init(&tp->out, STDOUT_FILENO, opts->json);
	tp->out.ts = (enum xh_ts)opts->ts;
	err = tp->cfg0 && tp->sites ? load_sites(tp) : -ENOMEM;
	if (!err)
		err = tp_open(tp);
	if (err)
		goto out;
	overrun0 = trace_overruns(tp->path);
	tp->tag = new_tag();
	err = printk_on(tp);
	if (!err) {
		res->reason = run(tp);
		res->printed = tp->out.written;
		res->out_err = tp->out.err;
		res->lost = trace_overruns(tp->path) - overrun0;
		res->lost_known = true;
	}
	printk_restore(tp);
out:
	if (tp->fd >= 0)
		close(tp->fd);
	for (int i = 0; tp->sites && i < n; i++)
		xh_sites_free(&tp->sites[i]);
	free(tp->sites);
	free(tp->cfg0);
	free(tp);
	return err;
}
