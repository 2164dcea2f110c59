// SPDX-License-Identifier: GPL-2.0
/*
 * What a BPF program costs to load: loads OBJECT with libbpf (nothing is
 * attached) and prints, for each of its programs (or the one named):
 *   NAME INSNS JITED VERIFIED LOAD_US
 * INSNS are the instructions as the kernel runs them (xlated, 8 bytes
 * each), JITED the bytes of machine code, VERIFIED the instructions the
 * verifier processed, LOAD_US the time of the whole object's load.
 *   prog-size OBJECT [PROG]
 * Exits 1 with libbpf's reason when the object does not load.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* the verifier's log, when a load fails: the reason is in it */
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	long long t0, us;
	int err, shown = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: prog-size OBJECT [PROG]\n");
		return 2;
	}
	libbpf_set_print(quiet);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "prog-size: Couldn't open '%s': %s\n", argv[1], strerror(errno));
		return 1;
	}
	t0 = now_us();
	err = bpf_object__load(obj);
	us = now_us() - t0;
	if (err) {
		fprintf(stderr, "prog-size: Couldn't load '%s': %s\n", argv[1], strerror(-err));
		bpf_object__close(obj);
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		if (argc == 3 && strcmp(bpf_program__name(prog), argv[2]))
			continue;
		if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len)) {
			fprintf(stderr, "prog-size: %s: %s\n", bpf_program__name(prog),
				strerror(errno));
			bpf_object__close(obj);
			return 1;
		}
		printf("%s %u %u %u %lld\n", bpf_program__name(prog),
		       info.xlated_prog_len / 8, info.jited_prog_len,
		       info.verified_insns, us);
		shown++;
	}
	bpf_object__close(obj);
	if (!shown) {
		fprintf(stderr, "prog-size: no program '%s' in '%s'\n", argv[2], argv[1]);
		return 1;
	}
	return 0;
}
