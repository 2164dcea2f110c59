// SPDX-License-Identifier: GPL-2.0
/*
 * Runs an attached XDP program (by id) N times on each of the given CPUs
 * at once, one thread pinned to each, with BPF_PROG_TEST_RUN: records
 * from several CPUs in the same instant, for the per-CPU ring tests.
 * With -k OBJ, OBJ's kprobe programs are loaded into the same maps as the
 * program and attached while it runs (a logger nested inside another).
 *   hlog-cpus [-k OBJ] PROG_ID N CPU...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#define MAX_THREADS 64

static unsigned char frame[64] = {
	0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
	0x45, 0, 0, 50, 0, 1, 0, 0, 64, 17, 0, 0,
	10, 0, 0, 1, 10, 0, 0, 2,
	0xa8, 0xca, 0x23, 0x82, 0, 30, 0, 0,
};

struct worker {
	pthread_t thread;
	int cpu;
	int err;
};

static int prog_fd;
static unsigned int runs;
static pthread_barrier_t start;

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned int left = runs, batch;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	w->err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	pthread_barrier_wait(&start);
	while (!w->err && left) {
		/* batches, so the reader sees both CPUs interleave */
		batch = left < 1000 ? left : 1000;
		LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = frame,
			    .data_size_in = sizeof(frame), .repeat = batch);
		if (bpf_prog_test_run_opts(prog_fd, &t))
			w->err = errno;
		else if (t.retval != XDP_PASS)
			w->err = EINVAL;
		left -= batch;
	}
	return NULL;
}

/* Loads obj's kprobe programs into the maps of the running program. */
static struct bpf_object *load_probes(const char *path, int fd)
{
	__u32 ids[64], len, i;
	struct bpf_prog_info info = {};
	struct bpf_map_info mi;
	struct bpf_program *p;
	struct bpf_object *obj;
	struct bpf_map *m;
	int mfd;

	obj = bpf_object__open_file(path, NULL);
	if (libbpf_get_error(obj))
		return NULL;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, bpf_program__type(p) == BPF_PROG_TYPE_KPROBE);
	len = sizeof(info);
	info.nr_map_ids = 64;
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		goto fail;
	for (i = 0; i < info.nr_map_ids && i < 64; i++) {
		mfd = bpf_map_get_fd_by_id(ids[i]);
		len = sizeof(mi);
		memset(&mi, 0, sizeof(mi));
		if (mfd < 0 || bpf_obj_get_info_by_fd(mfd, &mi, &len))
			goto fail;
		bpf_object__for_each_map(m, obj)
			if (!strcmp(bpf_map__name(m), mi.name))
				bpf_map__reuse_fd(m, mfd);
		close(mfd);
	}
	if (bpf_object__load(obj))
		goto fail;
	bpf_object__for_each_program(p, obj)
		if (bpf_program__autoload(p) &&
		    libbpf_get_error(bpf_program__attach(p)))
			goto fail;
	return obj;
fail:
	bpf_object__close(obj);
	return NULL;
}

int main(int argc, char **argv)
{
	struct worker w[MAX_THREADS];
	struct bpf_object *probes = NULL;
	const char *probe_path = NULL;
	int n = 0, i, c, err = 0;

	while ((c = getopt(argc, argv, "k:")) != -1) {
		if (c != 'k')
			return 2;
		probe_path = optarg;
	}
	if (argc - optind < 3 || argc - optind - 2 > MAX_THREADS) {
		fprintf(stderr, "usage: hlog-cpus [-k OBJ] PROG_ID N CPU...\n");
		return 2;
	}
	prog_fd = bpf_prog_get_fd_by_id((__u32)atoi(argv[optind]));
	if (prog_fd < 0) {
		fprintf(stderr, "hlog-cpus: no program %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	if (probe_path) {
		probes = load_probes(probe_path, prog_fd);
		if (!probes) {
			fprintf(stderr, "hlog-cpus: couldn't load the kprobes of '%s'\n",
				probe_path);
			return 1;
		}
	}
	runs = (unsigned int)atoi(argv[optind + 1]);
	n = argc - optind - 2;
	pthread_barrier_init(&start, NULL, (unsigned int)n);
	for (i = 0; i < n; i++) {
		w[i].cpu = atoi(argv[optind + 2 + i]);
		w[i].err = 0;
		pthread_create(&w[i].thread, NULL, work, &w[i]);
	}
	for (i = 0; i < n; i++) {
		pthread_join(w[i].thread, NULL);
		if (w[i].err) {
			fprintf(stderr, "hlog-cpus: CPU %d: %s\n", w[i].cpu, strerror(w[i].err));
			err = 1;
		}
	}
	bpf_object__close(probes);
	return err;
}
