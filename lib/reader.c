// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* struct ucred */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <bpf/libbpf.h>

#include "control.h"
#include "format.h"
#include "journal.h"
#include "level.h"
#include "log.h"
#include "reader.h"
#include "cpu_ring.h"
#include "merge.h"
#include "ring.h"
#include "sites.h"

#define DRAIN_INTERVAL_NS (5 * 1000 * 1000LL)	/* ring drained every 5 ms */
#define CHECK_INTERVAL_NS (250 * 1000 * 1000LL)	/* program still there? */
#define BUSY_BATCH 4096		/* records in one drain that mean "behind" */

volatile sig_atomic_t xh_stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	xh_stop_requested = 1;
}

void xh_install_signal_handlers(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static long long now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ns(long long ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000LL,
			       .tv_nsec = ns % 1000000000LL };

	nanosleep(&ts, NULL);	/* a signal ends it early: fine */
}

struct reader;

/* --rate-limit: messages of one call site in one second of kernel time */
struct rl_site {
	__u64 window;		/* ts_ns / 1 s */
	__u64 count;
	__u64 suppressed;	/* in this window, not yet said */
};

struct source {
	struct xh_prog *prog;
	struct xh_sites sites;
	struct hlog_stats stats0;
	struct hlog_config cfg0;
	int lock_fd;
	struct xh_ring ring;		/* shared (overflow) ring */
	struct xh_cpu_rings cpu;	/* per-CPU rings, if the program has them */
	__u64 lost_said;		/* lost count last reported */
	struct xh_reader_counts *counts;	/* for metrics, or NULL */
	struct rl_site *rl;		/* --rate-limit state per call site */
	struct reader *rd;
};

struct reader {
	const struct xh_reader_opts *opts;
	struct xh_reader_result *res;
	long long start_ns;	/* CLOCK_BOOTTIME */
	struct xh_out out;
	struct xh_merge merge;	/* every ring of every program */
};

/*
 * One reader per ring: a second would silently take half the records.
 * The lock is an abstract socket name (per network namespace, where the
 * interface and so the reader live): the kernel drops it when the reader
 * exits, however it exits, and no file is left behind.
 */
static int lock_ring(struct source *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len;
	int fd, n;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;	/* cannot guard: read anyway */
	n = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1,
		     "xdp-hello/ring/%u", s->prog->ring_id);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	if (!bind(fd, (struct sockaddr *)&sa, len) && !listen(fd, 1)) {
		s->lock_fd = fd;
		return 0;
	}
	close(fd);
	if (errno != EADDRINUSE)
		return 0;
	/* Anyone may take an abstract name: only a root holder counts. */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && !connect(fd, (struct sockaddr *)&sa, len)) {
		struct ucred cred = {};
		socklen_t clen = sizeof(cred);

		if (!getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) &&
		    cred.uid != 0) {
			close(fd);
			xh_debug("ignoring a lock on ring %u held by uid %u",
				 s->prog->ring_id, cred.uid);
			return 0;
		}
	}
	if (fd >= 0)
		close(fd);
	{
		xh_err("Couldn't read messages of '%s' on '%s': another xdp-hello "
		       "is reading them (stop it first: two readers would split "
		       "the messages)", s->prog->name, s->prog->iface.name);
		return -EBUSY;
	}
}

/* "suppressed N messages from FILE:LINE in the last 1 s": apart from the
 * messages on stdout (text), as a JSON line, or a journal warning. */
static void say_suppressed(struct reader *rd, struct source *s,
			   const struct xh_site *site, struct rl_site *st)
{
	const char *file = site->file ? site->file : "?";
	char text[256];

	snprintf(text, sizeof(text), "suppressed %llu messages from %s:%u in the "
		 "last 1 s (--rate-limit %lu)", (unsigned long long)st->suppressed,
		 file, site->line, rd->opts->rate_limit);
	if (rd->opts->journal)
		xh_journal_suppressed(text, st->suppressed, file, site->line);
	else if (rd->opts->json)
		xh_out_suppressed_json(&rd->out, (long long)((st->window + 1) * 1000000000ULL +
				       (__u64)rd->out.clock_offset), text,
				       st->suppressed, file, site->line);
	else
		xh_err("xdp-hello: %s of '%s' on '%s'", text, s->prog->name,
		       s->prog->iface.name);
	st->suppressed = 0;
}

static bool rate_limited(struct reader *rd, struct source *s,
			 const struct xh_msg *m)
{
	struct rl_site *st = &s->rl[m->site - s->sites.v];
	__u64 w = m->ts_ns / 1000000000ULL;

	if (w != st->window) {
		if (st->suppressed)
			say_suppressed(rd, s, m->site, st);
		st->window = w;
		st->count = 0;
	}
	if (++st->count <= rd->opts->rate_limit)
		return false;
	st->suppressed++;
	rd->res->suppressed++;
	if (s->counts)
		__atomic_add_fetch(&s->counts->suppressed, 1, __ATOMIC_RELAXED);
	return true;
}

/* Summaries of windows that are over (all of them with all). */
static void rate_flush(struct reader *rd, struct source *srcs, int n, bool all)
{
	__u64 now = (__u64)now_ns(CLOCK_BOOTTIME) / 1000000000ULL;
	unsigned int k;
	int i;

	if (!rd->opts->rate_limit)
		return;
	for (i = 0; i < n; i++)
		for (k = 0; srcs[i].rl && k < srcs[i].sites.n; k++)
			if (srcs[i].rl[k].suppressed &&
			    (all || srcs[i].rl[k].window < now))
				say_suppressed(rd, &srcs[i], &srcs[i].sites.v[k],
					       &srcs[i].rl[k]);
}

static int on_record(void *ctx, struct xh_src *src)
{
	struct source *s = src->owner;
	struct reader *rd = ctx;
	struct xh_msg m;
	enum xh_decode_err e;

	e = xh_decode(&s->sites, src->rec, src->len, &m);
	if (e != XH_DEC_OK) {
		if (++rd->res->bad <= 5)
			xh_err("xdp-hello: skipped a record of '%s' on '%s': %s",
			       s->prog->name, s->prog->iface.name,
			       xh_decode_strerror(e));
		return 0;
	}
	if (!rd->opts->backlog && (long long)m.ts_ns < rd->start_ns) {
		rd->res->skipped++;
		return 0;
	}
	if (m.level > rd->opts->max_level)
		return 0;
	if (rd->opts->rate_limit && rate_limited(rd, s, &m))
		return 0;
	if (s->counts)
		__atomic_add_fetch(&s->counts->printed, 1, __ATOMIC_RELAXED);
	if (rd->opts->journal) {
		struct xh_journal_src js = { s->prog->name, s->prog->iface.name,
					     s->prog->id };

		xh_journal_msg(&m, &js, (long long)(m.ts_ns + (__u64)rd->out.clock_offset));
	} else {
		xh_out_msg(&rd->out, &m, s->prog->name);
	}
	if (++rd->res->printed == rd->opts->count)
		return -ECANCELED;	/* later records stay in the ring */
	return 0;
}

/* The program or the interface went away: say which, once. */
static bool source_gone(struct source *s)
{
	int on = xh_prog_on_iface(s->prog->iface.ifindex, s->prog->id);

	if (on > 0)
		return false;
	/* Not there: was it the interface that went? */
	if (!xh_iface_exists(s->prog->iface.ifindex)) {
		xh_err("xdp-hello: interface '%s' disappeared", s->prog->iface.name);
		return true;
	}
	if (on < 0)	/* no answer from a live interface: look again later */
		return false;
	xh_err("xdp-hello: '%s' (id %u) was detached from '%s'",
	       s->prog->name, s->prog->id, s->prog->iface.name);
	return true;
}

static int sources_open(struct source *srcs, struct xh_prog *progs, int n,
			struct reader *rd, bool want_sites)
{
	int i, err;

	for (i = 0; i < n; i++) {
		srcs[i].prog = &progs[i];
		srcs[i].rd = rd;
		srcs[i].lock_fd = -1;
		xh_stats_read(&progs[i], &srcs[i].stats0);
		srcs[i].lost_said = xh_stats_lost(&srcs[i].stats0);
		if (!want_sites)
			continue;
		err = lock_ring(&srcs[i]);
		if (err)
			return err;
		err = xh_sites_load(&srcs[i].sites, progs[i].rodata_fd,
				    progs[i].rodata_size, progs[i].btf,
				    progs[i].rodata_type);
		if (err) {
			xh_err("Couldn't read call sites of '%s' on '%s': %s "
			       "(was it built with BTF, clang -g?)",
			       progs[i].name, progs[i].iface.name,
			       strerror(-err));
			return err;
		}
		if (rd->opts->counts)
			srcs[i].counts = &rd->opts->counts[i];
		if (rd->opts->rate_limit) {
			srcs[i].rl = calloc(srcs[i].sites.n + 1, sizeof(*srcs[i].rl));
			if (!srcs[i].rl)
				return -ENOMEM;
		}
	}
	return 0;
}

static void sources_close(struct source *srcs, int n,
			  struct xh_reader_result *res)
{
	struct hlog_stats now;
	int i;

	res->lost = 0;
	for (i = 0; i < n; i++) {
		if (!srcs[i].prog)
			continue;
		if (!xh_stats_read(srcs[i].prog, &now))
			res->lost += xh_stats_lost(&now) -
				     xh_stats_lost(&srcs[i].stats0);
		xh_sites_free(&srcs[i].sites);
		free(srcs[i].rl);
		srcs[i].rl = NULL;
		if (srcs[i].lock_fd >= 0)
			close(srcs[i].lock_fd);
	}
}

/* Loss as it happens, not only in the final summary: on stderr, and as a
 * warning entry when messages go to the journal. */
static void say_loss(struct reader *rd, struct source *srcs, int n)
{
	struct hlog_stats now;
	char text[256], field[64];
	__u64 lost;
	int i;

	for (i = 0; i < n; i++) {
		if (xh_stats_read(srcs[i].prog, &now))
			continue;
		lost = xh_stats_lost(&now);
		if (lost <= srcs[i].lost_said)
			continue;
		snprintf(text, sizeof(text), "%llu messages of '%s' on '%s' lost: "
			 "its rings were full (the reader fell behind)",
			 (unsigned long long)(lost - srcs[i].lost_said),
			 srcs[i].prog->name, srcs[i].prog->iface.name);
		srcs[i].lost_said = lost;
		xh_err("xdp-hello: %s", text);
		if (rd->opts->journal) {
			snprintf(field, sizeof(field), "HLOG_LOST=%llu",
				 (unsigned long long)lost);
			xh_journal_note(4, text, field);
		}
	}
}

static bool any_gone(struct source *srcs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (source_gone(&srcs[i]))
			return true;
	return false;
}

/* Drains every ring once (flush: without holding anything back for the
 * time order); returns records seen, or -ECANCELED (count). */
static long drain(struct reader *rd, bool flush)
{
	return xh_merge_pass(&rd->merge, (__u64)now_ns(CLOCK_BOOTTIME), flush,
			     on_record, rd);
}

/* The rings of program i: its CPUs' (if it has them), then the shared one. */
static int rings_open(struct source *s, struct xh_merge *m)
{
	struct xh_prog *p = s->prog;
	__u32 cpu;
	int err;

	if (p->cpu_rings_fd >= 0) {
		err = xh_cpu_rings_open(&s->cpu, p->cpu_rings_fd, p->cpu_pos_fd);
		if (err)
			return err;
		for (cpu = 0; cpu < s->cpu.ncpus; cpu++) {
			xh_cpu_rings_source(&s->cpu, cpu, &m->srcs[m->n]);
			m->srcs[m->n++].owner = s;
		}
	}
	err = xh_ring_open(&s->ring, p->ring_fd);
	if (err)
		return err;
	xh_ring_source(&s->ring, &m->srcs[m->n]);
	m->srcs[m->n++].owner = s;
	return 0;
}

static int merge_init(struct reader *rd, struct source *srcs, int n)
{
	struct xh_merge *m = &rd->merge;
	size_t total = 0;
	int i, err;

	for (i = 0; i < n; i++)
		total += 1 + (srcs[i].prog->cpu_rings_fd >= 0 ?
			      srcs[i].prog->ncpu_rings : 0);
	m->srcs = calloc(total, sizeof(*m->srcs));
	if (!m->srcs)
		return -ENOMEM;
	m->hold_ns = XH_MERGE_HOLD_NS;
	for (i = 0; i < n; i++) {
		err = rings_open(&srcs[i], m);
		if (err) {
			xh_err("Couldn't open the rings of '%s' on '%s': %s",
			       srcs[i].prog->name, srcs[i].prog->iface.name,
			       strerror(-err));
			return err;
		}
	}
	return 0;
}

static void merge_close(struct reader *rd, struct source *srcs, int n)
{
	int i;

	for (i = 0; i < rd->merge.n; i++)
		rd->res->bad += rd->merge.srcs[i].bad;
	rd->res->late = rd->merge.late;
	for (i = 0; i < n; i++) {
		xh_cpu_rings_close(&srcs[i].cpu);
		xh_ring_close(&srcs[i].ring);
	}
	free(rd->merge.srcs);
	rd->merge.srcs = NULL;
	rd->merge.n = 0;
}

int xh_read_rings(struct xh_prog *progs, int n,
		  const struct xh_reader_opts *opts, struct xh_reader_result *res)
{
	struct source *srcs;
	struct reader *rd;
	long long deadline = 0, next_check, t;
	long got;
	int i, err;

	memset(res, 0, sizeof(*res));
	res->lost_known = true;
	srcs = calloc((size_t)n, sizeof(*srcs));
	rd = calloc(1, sizeof(*rd));
	if (!srcs || !rd) {
		err = -ENOMEM;
		goto out;
	}
	rd->opts = opts;
	rd->res = res;
	xh_out_init(&rd->out, STDOUT_FILENO, opts->json);
	rd->out.ts = (enum xh_ts)opts->ts;
	err = sources_open(srcs, progs, n, rd, true);
	if (err)
		goto out;
	err = merge_init(rd, srcs, n);
	if (err)
		goto out;
	rd->start_ns = now_ns(CLOCK_BOOTTIME);
	for (i = 0; i < n; i++)
		xh_debug("reading '%s' (id %u) on '%s'", progs[i].name,
			 progs[i].id, progs[i].iface.name);
	t = now_ns(CLOCK_MONOTONIC);
	if (opts->timeout > 0)
		deadline = t + (long long)(opts->timeout * 1e9);
	next_check = t + CHECK_INTERVAL_NS;
	res->reason = XH_STOP_SIGNAL;
	for (;;) {
		bool last = xh_stop_requested;

		xh_out_sync_clock(&rd->out);
		got = drain(rd, last);
		xh_out_flush(&rd->out);
		if (got == -ECANCELED) {
			res->reason = XH_STOP_COUNT;
			break;
		}
		if (rd->out.broken) {
			res->reason = XH_STOP_OUTPUT;
			break;
		}
		if (last)	/* drained once more after the signal */
			break;
		t = now_ns(CLOCK_MONOTONIC);
		if (deadline && t >= deadline) {
			if (drain(rd, true) == -ECANCELED)
				res->reason = XH_STOP_COUNT;
			else
				res->reason = XH_STOP_TIMEOUT;
			xh_out_flush(&rd->out);
			break;
		}
		if (t >= next_check) {
			next_check = t + CHECK_INTERVAL_NS;
			say_loss(rd, srcs, n);
			rate_flush(rd, srcs, n, false);
			xh_out_flush(&rd->out);
			if (any_gone(srcs, n)) {
				drain(rd, true);
				xh_out_flush(&rd->out);
				res->reason = XH_STOP_GONE;
				break;
			}
		}
		/* Records come without wakeups. A big batch means we are
		 * behind: go on at once; else look again in a few ms, which
		 * keeps a reader of a steady flow mostly asleep. */
		if (got < BUSY_BATCH && !xh_stop_requested)
			sleep_ns(DRAIN_INTERVAL_NS);
	}
	rate_flush(rd, srcs, n, true);
	xh_out_flush(&rd->out);
	err = 0;
out:
	if (srcs) {
		if (rd)
			merge_close(rd, srcs, n);
		sources_close(srcs, n, res);
	}
	free(srcs);
	free(rd);
	return err;
}

/* ---- trace pipe source ------------------------------------------------ */

struct tp_state {
	struct source *srcs;
	int n;
	__u32 tag;
	struct reader *rd;
};

/*
 * "   <idle>-0   [001] ..s2.  1234.567890: bpf_trace_printk: hlog
 *  hello_world 1234 1 INFO: received a packet"
 */
static void tp_line(struct tp_state *tp, char *line)
{
	char *p = strstr(line, ": bpf_trace_printk: " HLOG_PRINTK_TAG), *q;
	char target[64], lvl[8];
	unsigned int tag, ifindex;
	long long secs = 0, usecs = 0, wall;
	int cpu = -1, level, off = 0, i;

	if (!p)
		return;
	*p = '\0';
	q = strrchr(line, ' ');
	if (q && sscanf(q + 1, "%lld.%lld", &secs, &usecs) != 2)
		return;
	q = strchr(line, '[');
	if (q)
		cpu = atoi(q + 1);
	p += strlen(": bpf_trace_printk: " HLOG_PRINTK_TAG);
	if (sscanf(p, "%63s %u %u %7[A-Z]: %n", target, &tag, &ifindex, lvl,
		   &off) != 4 || !off || tag != tp->tag)
		return;
	for (i = 0; i < tp->n; i++)
		if ((int)ifindex == tp->srcs[i].prog->iface.ifindex)
			break;
	if (i == tp->n)
		return;
	level = xh_level_parse(lvl);
	if (level < 0 || (unsigned int)level > tp->rd->opts->max_level)
		return;
	/* trace clock "local" runs with CLOCK_MONOTONIC */
	wall = secs * 1000000000LL + usecs * 1000LL +
	       (now_ns(CLOCK_REALTIME) - now_ns(CLOCK_MONOTONIC));
	q = p + off;
	xh_out_line(&tp->rd->out, wall, (unsigned int)level,
		    tp->srcs[i].prog->name, q, strlen(q), ifindex, cpu);
	tp->rd->res->printed++;
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

int xh_read_trace_pipe(struct xh_prog *progs, int n,
		       const struct xh_reader_opts *opts,
		       struct xh_reader_result *res)
{
	char path[256], buf[8192], *nl, *start;
	struct source *srcs;
	struct reader *rd;
	struct tp_state tp = {};
	struct hlog_config cfg;
	long long deadline = 0, next_check, t;
	size_t have = 0;
	__u64 overrun0;
	int fd = -1, i, err;
	ssize_t got;

	memset(res, 0, sizeof(*res));
	srcs = calloc((size_t)n, sizeof(*srcs));
	rd = malloc(sizeof(*rd));
	if (!srcs || !rd) {
		err = -ENOMEM;
		goto out;
	}
	rd->opts = opts;
	rd->res = res;
	xh_out_init(&rd->out, STDOUT_FILENO, opts->json);
	rd->out.ts = (enum xh_ts)opts->ts;
	err = sources_open(srcs, progs, n, rd, false);
	if (err)
		goto out;
	err = xh_trace_pipe_path(path, sizeof(path));
	if (err)
		goto out;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		xh_err("Couldn't open trace pipe '%s': %s%s", path, strerror(errno),
		       errno == EBUSY ? " (another process is reading it)" :
					" (is tracefs mounted?)");
		goto out;
	}
	overrun0 = trace_overruns(path);
	/* Tag our lines so other programs' printk lines are left alone. */
	srand((unsigned int)(now_ns(CLOCK_MONOTONIC) ^ getpid()));
	tp.tag = ((unsigned int)rand() & 0x7ffffffe) + 2;	/* 0 off, 1 on */
	tp.srcs = srcs;
	tp.n = n;
	tp.rd = rd;
	for (i = 0; i < n; i++) {
		err = xh_config_read(&progs[i], &cfg);
		srcs[i].cfg0 = cfg;
		if (!err)
			err = xh_config_set(&progs[i], XH_CFG_PRINTK, tp.tag);
		if (err) {
			xh_err("Couldn't switch on bpf_printk in '%s' on '%s': %s",
			       progs[i].name, progs[i].iface.name, strerror(-err));
			goto restore;
		}
	}
	for (i = 0; i < n; i++)
		xh_debug("reading '%s' (id %u) on '%s' from %s",
			 progs[i].name, progs[i].id, progs[i].iface.name, path);
	t = now_ns(CLOCK_MONOTONIC);
	if (opts->timeout > 0)
		deadline = t + (long long)(opts->timeout * 1e9);
	next_check = t + CHECK_INTERVAL_NS;
	res->reason = XH_STOP_SIGNAL;
	while (!xh_stop_requested) {
		got = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (got > 0) {
			have += (size_t)got;
			buf[have] = '\0';
			start = buf;
			while ((nl = strchr(start, '\n'))) {
				*nl = '\0';
				tp_line(&tp, start);
				start = nl + 1;
				if (opts->count && res->printed >= opts->count)
					break;
			}
			have -= (size_t)(start - buf);
			memmove(buf, start, have);
			if (have == sizeof(buf) - 1)
				have = 0;	/* a line too long: drop it */
			xh_out_flush(&rd->out);
			if (opts->count && res->printed >= opts->count) {
				res->reason = XH_STOP_COUNT;
				break;
			}
			if (rd->out.broken) {
				res->reason = XH_STOP_OUTPUT;
				break;
			}
			continue;
		}
		t = now_ns(CLOCK_MONOTONIC);
		if (deadline && t >= deadline) {
			res->reason = XH_STOP_TIMEOUT;
			break;
		}
		if (t >= next_check) {
			next_check = t + CHECK_INTERVAL_NS;
			if (any_gone(srcs, n)) {
				res->reason = XH_STOP_GONE;
				break;
			}
		}
		sleep_ns(DRAIN_INTERVAL_NS);
	}
	res->lost = trace_overruns(path) - overrun0;
	res->lost_known = true;
	err = 0;
restore:
	/* Back to what the user set: 1 (level --printk on) or off. Any
	 * other value was the tag of a reader that is gone, since the trace
	 * pipe has one reader at a time. */
	for (i = 0; i < n; i++)
		xh_config_set(&progs[i], XH_CFG_PRINTK,
			      srcs[i].cfg0.printk == 1 ? 1 : 0);
out:
	if (fd >= 0)
		close(fd);
	if (srcs)
		sources_close(srcs, n, &(struct xh_reader_result){});
	free(srcs);
	free(rd);
	return err;
}

int xh_reader_exit(const struct xh_reader_result *res,
		   const struct xh_reader_opts *opts)
{
	if (res->reason == XH_STOP_TIMEOUT && opts->count &&
	    res->printed < opts->count) {
		xh_err("xdp-hello: timed out after %g s with %llu of %lu messages",
		       opts->timeout, (unsigned long long)res->printed,
		       opts->count);
		return 1;
	}
	return res->reason == XH_STOP_GONE || res->reason == XH_STOP_ERROR;
}

void xh_print_summary(const struct xh_reader_result *res)
{
	fprintf(stderr, "%" PRIu64 " messages, %" PRIu64 " lost\n",
		(uint64_t)res->printed, (uint64_t)res->lost);
	if (res->skipped)
		fprintf(stderr, "(%" PRIu64 " older messages, queued before this "
			"reader started, were skipped: see --backlog)\n",
			(uint64_t)res->skipped);
	if (res->bad)
		fprintf(stderr, "(%" PRIu64 " malformed records skipped)\n",
			(uint64_t)res->bad);
	if (res->suppressed)
		fprintf(stderr, "(%" PRIu64 " messages suppressed by --rate-limit)\n",
			(uint64_t)res->suppressed);
	if (res->late)
		fprintf(stderr, "(%" PRIu64 " messages printed out of time order: "
			"their CPU stalled longer than the merge waits)\n",
			(uint64_t)res->late);
}
