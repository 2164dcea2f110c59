// SPDX-License-Identifier: GPL-2.0
/*
 * Runs an attached XDP program (by id) on a 64-byte Ethernet/IPv4/UDP frame
 * with BPF_PROG_TEST_RUN in repeat mode, on the CPU it is pinned to.
 *   prog-bench ID ns REPEAT ROUNDS      median ns/packet over ROUNDS runs
 *   prog-bench ID rate RATE SECONDS     offer RATE packets/s (0: flat out)
 *                                       for SECONDS; print packets run
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>

static unsigned char frame[64] = {
	0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,	/* Ethernet */
	0x45, 0, 0, 50, 0, 1, 0, 0, 64, 17, 0, 0,		/* IPv4 */
	10, 0, 0, 1, 10, 0, 0, 2,
	0xa8, 0xca, 0x23, 0x82, 0, 30, 0, 0,			/* UDP */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(int fd, unsigned int repeat, __u32 *duration)
{
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = frame,
		    .data_size_in = sizeof(frame), .repeat = repeat);

	if (bpf_prog_test_run_opts(fd, &t))
		return -errno;
	if (duration)
		*duration = t.duration;
	return t.retval == XDP_PASS ? 0 : -EINVAL;
}

static int cmp(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	unsigned long long done = 0;
	int fd, i, rounds, err;
	__u32 d[64];

	if (argc != 5) {
		fprintf(stderr, "usage: prog-bench ID ns REPEAT ROUNDS | ID rate RATE SECONDS\n");
		return 2;
	}
	fd = bpf_prog_get_fd_by_id((__u32)atoi(argv[1]));
	if (fd < 0) {
		fprintf(stderr, "prog-bench: no program %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (!strcmp(argv[2], "ns")) {
		rounds = atoi(argv[4]);
		if (rounds < 1 || rounds > 64)
			return 2;
		for (i = 0; i < rounds; i++) {
			err = run(fd, (unsigned int)atoi(argv[3]), &d[i]);
			if (err) {
				fprintf(stderr, "prog-bench: test run: %s\n", strerror(-err));
				return 1;
			}
		}
		qsort(d, (size_t)rounds, sizeof(d[0]), cmp);
		printf("%u\n", d[rounds / 2]);
		return 0;
	}
	{
		double rate = atof(argv[3]), secs = atof(argv[4]), t0 = now(), t;
		unsigned int batch = rate > 0 && rate < 100000 ? 100 : 10000;

		for (;;) {
			t = now() - t0;
			if (t >= secs)
				break;
			if (rate > 0 && done > rate * t) {	/* ahead: wait */
				struct timespec ts = { 0, 50000 };

				nanosleep(&ts, NULL);
				continue;
			}
			if (run(fd, batch, NULL))
				return 1;
			done += batch;
		}
		printf("%llu %.3f\n", done, now() - t0);
	}
	return 0;
}
