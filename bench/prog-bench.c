// SPDX-License-Identifier: GPL-2.0
/*
 * Runs attached XDP programs (by id) on a 64-byte Ethernet/IPv4/UDP frame
 * with BPF_PROG_TEST_RUN in repeat mode, from one thread pinned to each CPU
 * of a list, all started together.
 *
 *   prog-bench [-c CPUS] [-d] [-a] [-s PID] IDS ns REPEAT ROUNDS
 *	IDS is one program id or several, comma-separated. Each round runs
 *	REPEAT packets through every program in turn (starting one program
 *	further on each round), on every CPU at once:
 *	interleaving the programs round by round lets the machine's slow
 *	drifts (a VM's neighbours, frequency) hit every program alike.
 *	Prints one line per program: LOST OVERFLOW PKTS/S NS...
 *	  NS      median ns per packet of each CPU's thread (its CPU time:
 *	          time the thread spent preempted is not the program's)
 *	  PKTS/S  median over rounds of the packets run on all CPUs divided
 *	          by the wall time from the first start to the last end
 *	  LOST, OVERFLOW  how far the program's hlog_stats lost[] and
 *	          overflow counters moved during the run ("-": no hlog_stats)
 *	-d  before each run, wait (up to 5 s) until a reader has drained the
 *	    program's rings, so that every run finds room in them
 *	-a  each round also runs the program on each CPU alone, one after
 *	    the other, just before all CPUs together: a line for that comes
 *	    first (NS of each CPU alone; PKTS/S of the first)
 *	-s PID  stop process PID (the reader) during each run and continue
 *	    it between runs (with -d, to drain): the runs then measure the
 *	    producing CPUs alone, not what a reader sharing them costs
 *	-n CALLS  a run is CALLS calls of REPEAT packets (default 1), -g MS
 *	    apart (default 0: back to back); NS is then the CPU time of the
 *	    whole run per packet: the pattern a program logs in (continuous,
 *	    in bursts) changes what a record costs
 *   prog-bench [-c CPUS] ID rate RATE SECONDS
 *	offer RATE packets/s on each CPU (0: flat out) for SECONDS.
 *	Prints one line: PACKETS SECONDS LOST OVERFLOW
 *
 * CPUS is a comma-separated list (default 0).
 */
#define _GNU_SOURCE	/* CPU_SET, pthread_setaffinity_np */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <xdp_hello/record.h>

#define MAX_CPUS 16
#define MAX_PROGS 12
#define MAX_ROUNDS 256
#define DRAIN_TIMEOUT_S 5.0

static unsigned char frame[64] = {
	0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,	/* Ethernet */
	0x45, 0, 0, 50, 0, 1, 0, 0, 64, 17, 0, 0,		/* IPv4 */
	10, 0, 0, 1, 10, 0, 0, 2,
	0xa8, 0xca, 0x23, 0x82, 0, 30, 0, 0,			/* UDP */
};

/* A program and its hlog maps, where it has them (else fds are -1). */
struct prog {
	int fd;
	int stats_fd;
	__u32 stats_size;	/* value size of one CPU's struct hlog_stats */
	int pos_fd;
	__u32 ncpu_rings;
	void *ring_pages;	/* the shared ring's consumer and producer pages */
	unsigned long long lost0, ovf0, lost, ovf;
	bool have_stats;
};

/* What each CPU measured for one program in one phase (alone, together). */
struct sample {
	double ns[MAX_ROUNDS];	/* CPU time per packet */
	double t0[MAX_ROUNDS], t1[MAX_ROUNDS];	/* wall clock of each run */
};

struct worker {
	pthread_t tid;
	int idx, cpu;
	struct sample s[MAX_PROGS][2];
	unsigned long long done;
	int err;
};

static struct {
	bool ns_mode, drain, alone;
	pid_t pause_pid;		/* -s: stopped during each run */
	unsigned int repeat, calls;	/* -n: calls of repeat packets a run */
	double gap_s;			/* -g: between calls */
	int rounds;
	double rate, secs;
	int nw, np;
	struct worker w[MAX_CPUS];
	struct prog p[MAX_PROGS];
	pthread_barrier_t start, end;
} B;

static double clock_s(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(const struct prog *p, unsigned int repeat)
{
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = frame,
		    .data_size_in = sizeof(frame), .repeat = repeat);

	if (bpf_prog_test_run_opts(p->fd, &t))
		return -errno;
	return t.retval == XDP_PASS ? 0 : -EINVAL;
}

static int map_by_name(int prog_fd, const char *name, __u32 type,
		       struct bpf_map_info *out)
{
	struct bpf_prog_info pi = {};
	__u32 len = sizeof(pi), ids[64], i;
	int fd;

	pi.nr_map_ids = 64;
	pi.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &pi, &len))
		return -1;
	for (i = 0; i < pi.nr_map_ids && i < 64; i++) {
		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0)
			continue;
		len = sizeof(*out);
		memset(out, 0, sizeof(*out));
		if (!bpf_obj_get_info_by_fd(fd, out, &len) &&
		    out->type == type && !strcmp(out->name, name))
			return fd;
		close(fd);
	}
	return -1;
}

static void maps_find(struct prog *p)
{
	struct bpf_map_info mi = {};
	long page = sysconf(_SC_PAGESIZE);
	int fd;

	p->stats_fd = map_by_name(p->fd, HLOG_STATS_MAP, BPF_MAP_TYPE_PERCPU_ARRAY, &mi);
	p->stats_size = mi.value_size;
	p->pos_fd = map_by_name(p->fd, HLOG_CPU_POS_MAP, BPF_MAP_TYPE_ARRAY, &mi);
	p->ncpu_rings = p->pos_fd >= 0 ? mi.max_entries : 0;
	fd = map_by_name(p->fd, HLOG_RING_MAP, BPF_MAP_TYPE_RINGBUF, &mi);
	p->ring_pages = NULL;
	if (fd >= 0) {
		/* read-only: positions only, the reader owns the consumer */
		void *m = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);

		if (m != MAP_FAILED)
			p->ring_pages = m;
		close(fd);
	}
}

/* Sum of lost[] and overflow over every CPU; -1 without hlog_stats. */
static int stats_read(const struct prog *p, unsigned long long *lost,
		      unsigned long long *overflow)
{
	int ncpu = libbpf_num_possible_cpus(), c, l;
	size_t step = (p->stats_size + 7) & ~7U;
	unsigned char *buf;

	*lost = *overflow = 0;
	if (p->stats_fd < 0 || ncpu <= 0 ||
	    p->stats_size < offsetof(struct hlog_stats, overflow))
		return -1;
	buf = calloc((size_t)ncpu, step);
	if (!buf)
		return -1;
	if (bpf_map_lookup_elem(p->stats_fd, &(__u32){ 0 }, buf)) {
		free(buf);
		return -1;
	}
	for (c = 0; c < ncpu; c++) {
		struct hlog_stats st = {};

		memcpy(&st, buf + (size_t)c * step,
		       p->stats_size < sizeof(st) ? p->stats_size : sizeof(st));
		for (l = 0; l < HLOG_LEVEL_COUNT; l++)
			*lost += st.lost[l];
		*overflow += st.overflow;
	}
	free(buf);
	return 0;
}

static bool drained(const struct prog *p)
{
	struct hlog_cpu_pos pos;
	__u32 cpu;

	for (cpu = 0; cpu < p->ncpu_rings; cpu++)
		if (!bpf_map_lookup_elem(p->pos_fd, &cpu, &pos) && pos.cons != pos.prod)
			return false;
	if (p->ring_pages) {
		long page = sysconf(_SC_PAGESIZE);
		const volatile __u64 *cons = p->ring_pages;
		const volatile __u64 *prod = (void *)((char *)p->ring_pages + page);

		if (*cons != *prod)
			return false;
	}
	return true;
}

/* Room for the next run: wait for the reader rather than fill the ring,
 * which would measure the cheaper ring-full path. */
static void wait_drained(const struct prog *p)
{
	double t0 = clock_s(CLOCK_MONOTONIC);
	struct timespec ts = { 0, 200000 };

	while (!drained(p)) {
		if (clock_s(CLOCK_MONOTONIC) - t0 > DRAIN_TIMEOUT_S) {
			fprintf(stderr, "prog-bench: rings not drained after %.0f s (no reader?)\n",
				DRAIN_TIMEOUT_S);
			return;
		}
		nanosleep(&ts, NULL);
	}
}

/* One run of program i, phase ph (1: every CPU; 0: worker "alone" only). */
static void step(struct worker *w, int i, int ph, int r, int alone)
{
	struct sample *s = &w->s[i][ph];
	double c0;

	if (w->idx == 0 && B.drain)
		wait_drained(&B.p[i]);
	if (w->idx == 0 && B.pause_pid)
		kill(B.pause_pid, SIGSTOP);
	pthread_barrier_wait(&B.start);
	if (ph || w->idx == alone) {
		s->t0[r] = clock_s(CLOCK_MONOTONIC);
		c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
		for (unsigned int k = 0; k < B.calls && !w->err; k++) {
			if (k && B.gap_s > 0)
				nanosleep(&(struct timespec){ 0, (long)(B.gap_s * 1e9) }, NULL);
			w->err = run(&B.p[i], B.repeat);
		}
		s->ns[r] = (clock_s(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e9 / B.repeat / B.calls;
		s->t1[r] = clock_s(CLOCK_MONOTONIC);
	}
	pthread_barrier_wait(&B.end);
	if (w->idx == 0 && B.pause_pid)
		kill(B.pause_pid, SIGCONT);
}

static void *worker_ns(struct worker *w)
{
	int r, i, j, k;

	/* each round starts one program further on: every program runs in
	 * every place of a round as often as the others (what ran just
	 * before it changes its cost by a fraction of a ns) */
	for (r = 0; r < B.rounds; r++) {
		for (j = 0; j < B.np; j++) {
			i = (j + r) % B.np;
			for (k = 0; B.alone && k < B.nw; k++)
				step(w, i, 0, r, k);
			step(w, i, 1, r, 0);
		}
	}
	return NULL;
}

static void *worker_rate(struct worker *w)
{
	/* small batches at low rates keep the offered rate smooth */
	unsigned int batch = B.rate > 0 && B.rate < 100000 ? 100 : 10000;
	struct timespec ts = { 0, 50000 };
	double t0, t;

	pthread_barrier_wait(&B.start);
	t0 = clock_s(CLOCK_MONOTONIC);
	while (!w->err) {
		t = clock_s(CLOCK_MONOTONIC) - t0;
		if (t >= B.secs)
			break;
		if (B.rate > 0 && w->done > B.rate * t) {	/* ahead: wait */
			nanosleep(&ts, NULL);
			continue;
		}
		w->err = run(&B.p[0], batch);
		if (!w->err)
			w->done += batch;
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	w->err = -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	return B.ns_mode ? worker_ns(w) : worker_rate(w);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* comma-separated numbers into v[]; returns how many, -1 if malformed */
static int parse_list(const char *s, long *v, int max)
{
	char *end;
	int n;

	for (n = 0; *s; s = end + (*end == ',')) {
		v[n] = strtol(s, &end, 10);
		if (end == s || v[n] < 0 || n == max || (*end && *end != ','))
			return -1;
		n++;
	}
	return n;
}

static void usage(void)
{
	fprintf(stderr, "usage: prog-bench [-c CPUS] [-d] [-a] [-s PID] [-n CALLS [-g MS]] IDS ns REPEAT ROUNDS\n"
			"       prog-bench [-c CPUS] ID rate RATE SECONDS\n");
	exit(2);
}

static void print_line(const struct prog *p, int i, int ph)
{
	double tput[MAX_ROUNDS];
	int r, k, nw = ph ? B.nw : 1;

	for (r = 0; r < B.rounds; r++) {
		double first = B.w[0].s[i][ph].t0[r], last = B.w[0].s[i][ph].t1[r];

		for (k = 1; k < nw; k++) {
			if (B.w[k].s[i][ph].t0[r] < first)
				first = B.w[k].s[i][ph].t0[r];
			if (B.w[k].s[i][ph].t1[r] > last)
				last = B.w[k].s[i][ph].t1[r];
		}
		tput[r] = (double)B.repeat * B.calls * nw / (last - first);
	}
	if (p->have_stats)
		printf("%llu %llu", p->lost, p->ovf);
	else
		printf("- -");
	printf(" %.0f", median(tput, B.rounds));
	/* alone: every CPU was measured too, each on its own */
	for (k = 0; k < B.nw; k++)
		printf(" %.2f", median(B.w[k].s[i][ph].ns, B.rounds));
	printf("\n");
}

int main(int argc, char **argv)
{
	long v[MAX_CPUS > MAX_PROGS ? MAX_CPUS : MAX_PROGS];
	unsigned long long done = 0, lost, ovf;
	double t0 = 0;
	int opt, i, n;

	B.nw = 1;
	B.calls = 1;
	while ((opt = getopt(argc, argv, "c:das:n:g:")) != -1) {
		if (opt == 'c') {
			n = parse_list(optarg, v, MAX_CPUS);
			if (n < 1)
				usage();
			for (B.nw = 0; B.nw < n; B.nw++)
				B.w[B.nw].cpu = (int)v[B.nw];
		} else if (opt == 'd') {
			B.drain = true;
		} else if (opt == 'a') {
			B.alone = true;
		} else if (opt == 'n') {
			B.calls = (unsigned int)strtoul(optarg, NULL, 10);
			if (!B.calls)
				usage();
		} else if (opt == 'g') {
			B.gap_s = atof(optarg) / 1e3;
			if (B.gap_s < 0 || B.gap_s >= 1)
				usage();
		} else if (opt == 's') {
			B.pause_pid = (pid_t)atoi(optarg);
			if (B.pause_pid <= 0)
				usage();
		} else {
			usage();
		}
	}
	if (argc - optind != 4)
		usage();
	argv += optind;
	B.ns_mode = !strcmp(argv[1], "ns");
	if (B.ns_mode) {
		B.repeat = (unsigned int)strtoul(argv[2], NULL, 10);
		B.rounds = atoi(argv[3]);
		if (!B.repeat || B.rounds < 1 || B.rounds > MAX_ROUNDS)
			usage();
	} else if (!strcmp(argv[1], "rate")) {
		B.rate = atof(argv[2]);
		B.secs = atof(argv[3]);
	} else {
		usage();
	}
	B.np = parse_list(argv[0], v, MAX_PROGS);
	if (B.np < 1 || (!B.ns_mode && B.np != 1))
		usage();
	for (i = 0; i < B.np; i++) {
		B.p[i].fd = bpf_prog_get_fd_by_id((__u32)v[i]);
		if (B.p[i].fd < 0) {
			fprintf(stderr, "prog-bench: no program %ld: %s\n", v[i],
				strerror(errno));
			return 1;
		}
		maps_find(&B.p[i]);
		B.p[i].have_stats = !stats_read(&B.p[i], &B.p[i].lost0, &B.p[i].ovf0);
	}
	pthread_barrier_init(&B.start, NULL, (unsigned int)B.nw);
	pthread_barrier_init(&B.end, NULL, (unsigned int)B.nw);
	t0 = clock_s(CLOCK_MONOTONIC);
	for (i = 0; i < B.nw; i++) {
		B.w[i].idx = i;
		if (pthread_create(&B.w[i].tid, NULL, worker_main, &B.w[i])) {
			fprintf(stderr, "prog-bench: cannot start a thread\n");
			return 1;
		}
	}
	for (i = 0; i < B.nw; i++)
		pthread_join(B.w[i].tid, NULL);
	if (B.pause_pid)	/* never leave the reader stopped */
		kill(B.pause_pid, SIGCONT);
	t0 = clock_s(CLOCK_MONOTONIC) - t0;
	for (i = 0; i < B.np; i++) {
		struct prog *p = &B.p[i];

		if (p->have_stats && !stats_read(p, &lost, &ovf)) {
			p->lost = lost - p->lost0;
			p->ovf = ovf - p->ovf0;
		} else {
			p->have_stats = false;
		}
	}
	for (i = 0; i < B.nw; i++) {
		if (B.w[i].err) {
			fprintf(stderr, "prog-bench: CPU %d: %s\n", B.w[i].cpu,
				strerror(-B.w[i].err));
			return 1;
		}
		done += B.w[i].done;
	}
	if (!B.ns_mode) {
		if (B.p[0].have_stats)
			printf("%llu %.3f %llu %llu\n", done, t0, B.p[0].lost, B.p[0].ovf);
		else
			printf("%llu %.3f - -\n", done, t0);
		return 0;
	}
	for (i = 0; i < B.np; i++) {
		if (B.alone)
			print_line(&B.p[i], i, 0);
		print_line(&B.p[i], i, 1);
	}
	return 0;
}
