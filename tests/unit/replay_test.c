// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzz corpus (each file of tests/fuzz/corpus/<harness>, regress-*
 * included) replayed through the libFuzzer harnesses' entry points, built
 * here with $(CC) and renamed (<harness>_init, <harness>_one): no clang or
 * libFuzzer needed. Then deterministic mutations of each input, and
 * random records. Each input runs in a child: a crash fails its check and
 * the others still run; the input is saved for --run to reproduce it.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xdp_hello/record.h>
#include "unit.h"

#define HARNESS(h)							\
	int h##_init(int *argc, char ***argv);				\
	int h##_one(const uint8_t *data, size_t size)
HARNESS(fuzz_decode);
HARNESS(fuzz_sites);
HARNESS(fuzz_btf);
HARNESS(fuzz_escape);

static const struct harness {
	const char *name;
	int (*init)(int *argc, char ***argv);
	int (*one)(const uint8_t *data, size_t size);
} harness_list[] = {
	{ "fuzz_decode", fuzz_decode_init, fuzz_decode_one },
	{ "fuzz_sites", fuzz_sites_init, fuzz_sites_one },
	{ "fuzz_btf", fuzz_btf_init, fuzz_btf_one },
	{ "fuzz_escape", fuzz_escape_init, fuzz_escape_one },
};

#define MUTATIONS 200		/* per corpus input */
#define RANDOM_RECORDS 100000
#define INPUT_MAX (1 << 20)
#define CHILD_SECONDS 60

/* The input a child is running, where the parent finds it after a crash. */
static struct shared {
	size_t len;
	uint8_t data[INPUT_MAX];
} *cur;

static void run_one(const struct harness *h, const uint8_t *data, size_t len)
{
	/* a copy of exactly len bytes, as libFuzzer hands it over */
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy)
		abort();
	memcpy(copy, data, len);
	if (len <= INPUT_MAX) {
		cur->len = len;
		memcpy(cur->data, data, len);
	}
	h->one(copy, len);
	free(copy);
}

static uint64_t rnd_state;

static uint64_t rnd(void)
{
	/* xorshift64: the same inputs on every run */
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Flips, overwrites or cuts a few bytes of data. */
static size_t mutate(uint8_t *buf, const uint8_t *data, size_t len)
{
	unsigned int i, n = 1 + rnd() % 4;

	memcpy(buf, data, len);
	if (!len)
		return 0;
	for (i = 0; i < n; i++) {
		size_t at = rnd() % len;

		switch (rnd() % 4) {
		case 0:
			buf[at] ^= (uint8_t)(1 << rnd() % 8);
			break;
		case 1:
			buf[at] = (uint8_t)rnd();
			break;
		case 2:
			buf[at] = (uint8_t[]){ 0, 0xff, 0x7f, 0x80 }[rnd() % 4];
			break;
		default:
			len = at;	/* cut */
			break;
		}
		if (!len)
			break;
	}
	return len;
}

struct input {
	char name[256];
	uint8_t *data;
	size_t len;
};

/* A record of random bytes, its header often plausible: what
 * tests/tools/decode-test used to do, through the harness now. */
static size_t random_record(uint8_t *buf)
{
	size_t len = 1 + rnd() % 81, k;
	struct hlog_record r;

	for (k = 0; k < len; k++)
		buf[k] = (uint8_t)rnd();
	if (len >= 1 + sizeof(r) && (rnd() & 1)) {
		memcpy(&r, buf + 1, sizeof(r));
		r.version = HLOG_RECORD_VERSION;
		r.site = (__u16)(rnd() % 32);
		r.level = (__u8)(rnd() % HLOG_LEVEL_COUNT);
		/* right, or up to 7 short, or wrapped round */
		r.args_len = (__u16)(len - 1 - sizeof(r) - rnd() % 8);
		memcpy(buf + 1, &r, sizeof(r));
	}
	return len;
}

enum job { REPLAY, MUTATE, RANDOM };

/* Runs the job in a child; true if it exited 0. */
static bool in_child(const struct harness *h, enum job job, const struct input *in,
		     size_t n_in)
{
	static uint8_t buf[INPUT_MAX];
	size_t i, k, len;
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		unit_diag("fork: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		alarm(CHILD_SECONDS);
		if (job == REPLAY) {
			run_one(h, in->data, in->len);
			/* leaks are looked for in the MUTATE child, which
			 * runs this input too: a LeakSanitizer pass per
			 * input would take 0.2 s each */
			_exit(0);
		} else if (job == MUTATE) {
			for (i = 0; i < n_in; i++) {
				run_one(h, in[i].data, in[i].len);
				for (k = 0; k < MUTATIONS; k++) {
					rnd_state = 0x9e3779b97f4a7c15ULL * (i * MUTATIONS + k + 1);
					len = mutate(buf, in[i].data, in[i].len);
					run_one(h, buf, len);
				}
			}
		} else {
			rnd_state = 1;
			for (i = 0; i < RANDOM_RECORDS; i++)
				run_one(h, buf, random_record(buf));
		}
		exit(0);	/* not _exit: LeakSanitizer checks at exit */
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return true;
	if (WIFSIGNALED(status))
		unit_diag("killed by signal %d (%s)", WTERMSIG(status),
			  WTERMSIG(status) == SIGALRM ? "ran too long" :
			  strsignal(WTERMSIG(status)));
	else
		unit_diag("exit status %d", WEXITSTATUS(status));
	return false;
}

/* After a failure: the input, saved for --run. */
static void save_input(const char *dir, const struct harness *h, const char *what)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/crash-%s-%s", dir, h->name, what);
	f = fopen(path, "w");
	if (!f || fwrite(cur->data, 1, cur->len, f) != cur->len || fclose(f)) {
		unit_diag("cannot save the input as %s", path);
		return;
	}
	unit_diag("input saved: %s (reproduce: %s/xh-unit --run %s %s)", path,
		  dir, h->name, path);
}

static size_t read_dir(const char *dir, struct input **out)
{
	struct dirent **names;
	struct input *in;
	char path[4096 + 256];
	uint8_t *p;
	size_t n = 0;
	int i, k;
	FILE *f;

	*out = NULL;
	k = scandir(dir, &names, NULL, alphasort);
	if (k < 0)
		return 0;
	in = calloc((size_t)k, sizeof(*in));
	for (i = 0; i < k; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		f = names[i]->d_name[0] != '.' && in ? fopen(path, "r") : NULL;
		if (f) {
			in[n].data = malloc(INPUT_MAX);
			in[n].len = in[n].data ? fread(in[n].data, 1, INPUT_MAX, f) : 0;
			/* less for LeakSanitizer to scan in every child */
			p = in[n].data ? realloc(in[n].data, in[n].len + 1) : NULL;
			if (p)
				in[n].data = p;
			snprintf(in[n].name, sizeof(in[n].name), "%s", names[i]->d_name);
			fclose(f);
			n++;
		}
		free(names[i]);
	}
	free(names);
	*out = in;
	return n;
}

static void replay(const struct harness *h, const char *corpus, const char *crash_dir)
{
	char dir[4096];
	struct input *in;
	size_t n, i;

	snprintf(dir, sizeof(dir), "%s/%s", corpus, h->name);
	n = read_dir(dir, &in);
	if (!unit_ok(n > 0, "replay: %s: inputs in %s", h->name, dir))
		return;
	for (i = 0; i < n; i++)
		if (!unit_ok(in_child(h, REPLAY, &in[i], 1), "replay: %s/%s", h->name,
			     in[i].name))
			save_input(crash_dir, h, in[i].name);
	if (!unit_ok(in_child(h, MUTATE, in, n),
		     "replay: %s: all inputs in one process (leaks), %d mutations of each",
		     h->name, MUTATIONS))
		save_input(crash_dir, h, "mutation");
	if (!strcmp(h->name, "fuzz_decode") &&
	    !unit_ok(in_child(h, RANDOM, NULL, 0), "replay: %s: %d random records",
		     h->name, RANDOM_RECORDS))
		save_input(crash_dir, h, "random");
	for (i = 0; i < n; i++)
		free(in[i].data);
	free(in);
}

static const struct harness *init_harness(const char *name)
{
	static int argc = 1;
	static char *args[] = { "xh-unit", NULL }, **argv = args;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(harness_list); i++)
		if (!strcmp(name, harness_list[i].name)) {
			/* reads hello.o and proto_count.o; exits if not built */
			harness_list[i].init(&argc, &argv);
			return &harness_list[i];
		}
	return NULL;
}

static bool map_shared(void)
{
	cur = mmap(NULL, sizeof(*cur), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return cur != MAP_FAILED;
}

void unit_replay_suite(const char *corpus, const char *crash_dir)
{
	unsigned int i;

	if (!unit_ok(map_shared(), "replay: shared memory"))
		return;
	for (i = 0; i < ARRAY_SIZE(harness_list); i++)
		replay(init_harness(harness_list[i].name), corpus, crash_dir);
	munmap(cur, sizeof(*cur));
}

int unit_replay_run(const char *name, char **files, int n)
{
	const struct harness *h;
	struct input in;
	FILE *f;
	int i;

	if (!map_shared() || !(h = init_harness(name))) {
		fprintf(stderr, "no harness '%s' (fuzz_decode, fuzz_sites, fuzz_btf)\n", name);
		return 2;
	}
	in.data = malloc(INPUT_MAX);
	for (i = 0; i < n && in.data; i++) {
		f = fopen(files[i], "r");
		if (!f) {
			perror(files[i]);
			return 1;
		}
		in.len = fread(in.data, 1, INPUT_MAX, f);
		fclose(f);
		fprintf(stderr, "%s %s (%zu bytes)\n", name, files[i], in.len);
		run_one(h, in.data, in.len);
	}
	free(in.data);
	return 0;
}
