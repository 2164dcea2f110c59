// SPDX-License-Identifier: GPL-2.0
/*
 * api-dump OBJECT HEXFRAME...: loads OBJECT, reads it through the public
 * <xdp_hello/reader.h> only (by program id and by pin), runs each frame
 * through it (BPF_PROG_TEST_RUN) and prints everything the API says of
 * each message, its arguments, its JSON line and the counters, for
 * tests/api.bats to compare.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp_hello/reader.h>

static const char *const types[] = { "none", "uint", "sint", "bytes" };

static int dump(void *ctx, const struct hlog_message *m)
{
	struct timespec now;
	struct hlog_arg a;
	char json[4096];
	unsigned int i;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &now);
	printf("%s %s|%s|%s:%u|%u args|%s\n", hlog_level_name(m->level), m->target,
	       m->text, strrchr(m->file, '/') ? strrchr(m->file, '/') + 1 : m->file,
	       m->line, m->nargs,
	       now.tv_sec - m->realtime_ns / 1000000000 < 10 ? "now" : "wrong time");
	for (i = 0; !hlog_message_arg(m, i, &a); i++)
		printf("  %u: %s/%u u=%llu s=%lld \"%s\"\n", i, types[a.type], a.size,
		       a.type == HLOG_ARG_UINT ? a.u : 0ULL,
		       a.type == HLOG_ARG_SINT ? a.s : 0LL, a.text);
	if (i != m->nargs)
		printf("  nargs %u but %u arguments\n", m->nargs, i);
	hlog_message_line(m, HLOG_LINE_JSON, json, sizeof(json));
	fputs(json, stdout);
	return 0;
}

/* The message with "(id N)" of our program as "(id ID)", to compare. */
static const char *id_out(char *msg, unsigned int id)
{
	char num[32], *p;

	snprintf(num, sizeof(num), "(id %u)", id);
	p = strstr(msg, num);
	if (p) {
		memmove(p + 7, p + strlen(num), strlen(p + strlen(num)) + 1);
		memcpy(p, "(id ID)", 7);
	}
	return msg;
}

static int unhex(const char *s, unsigned char *out, size_t cap)
{
	unsigned int b;
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (n == cap || sscanf(s, "%2x", &b) != 1 || !s[1])
			return -1;
		out[n++] = (unsigned char)b;
		s++;
	}
	return (int)n;
}

static int run_frames(int fd, char **frames, int n)
{
	unsigned char in[1500], out[1600];
	int i, len;

	for (i = 0; i < n; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = in, .data_out = out,
			    .data_size_out = sizeof(out), .repeat = 1);

		len = unhex(frames[i], in, sizeof(in));
		if (len < 0)
			return -EINVAL;
		t.data_size_in = (__u32)len;
		if (bpf_prog_test_run_opts(fd, &t))
			return -errno;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct hlog_reader_opts ro = { .sz = sizeof(ro), .backlog = true };
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct hlog_counters c;
	struct hlog_reader *r;
	struct hlog_error err;
	struct bpf_object *obj;
	char pin[64];
	int fd, ret;

	if (argc < 3) {
		fprintf(stderr, "usage: api-dump OBJECT HEXFRAME...\n");
		return 2;
	}
	libbpf_set_print(NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (libbpf_get_error(obj) || bpf_object__load(obj))
		return 1;
	fd = bpf_program__fd(bpf_object__next_program(obj, NULL));
	bpf_obj_get_info_by_fd(fd, &info, &len);
	r = hlog_reader_new(&ro, &err);
	if (!r || hlog_reader_add_prog_id(r, info.id, &err) != 0) {
		fprintf(stderr, "add_prog_id: %s\n", err.msg);
		return 1;
	}
	printf("program %s, %s id\n", hlog_reader_program(r, 0)->name,
	       hlog_reader_program(r, 0)->id == info.id ? "same" : "another");
	/* the same program again, by its pin: read once, the same index */
	snprintf(pin, sizeof(pin), "/sys/fs/bpf/xh_api_dump_%d", (int)getpid());
	if (!bpf_obj_pin(fd, pin)) {
		ret = hlog_reader_add_pin(r, pin, &err);
		if (ret >= 0)
			printf("add_pin: index %d\n", ret);
		else
			printf("add_pin: %d: %s\n", ret, id_out(err.msg, info.id));
		unlink(pin);
	}
	ret = hlog_reader_add_prog_id(r, 0, &err);
	printf("add_prog_id 0: %s\n", ret < 0 ? err.msg : "added");
	printf("level %s", hlog_level_name((unsigned int)hlog_reader_level(r, 0)));
	hlog_reader_set_level(r, 0, HLOG_TRACE);
	printf(" -> %s\n", hlog_level_name((unsigned int)hlog_reader_level(r, 0)));
	if (run_frames(fd, argv + 2, argc - 2))
		return 1;
	printf("poll: %d\n", hlog_reader_poll(r, 0, dump, NULL) +
	       hlog_reader_flush(r, dump, NULL));
	hlog_reader_counters(r, 0, &c);
	printf("packets %llu, logged %llu (info %llu), lost %llu, attached %d\n",
	       c.packets, c.logged_total, c.logged[HLOG_INFO], c.lost_total,
	       hlog_reader_attached(r, 0));
	hlog_reader_free(r);
	bpf_object__close(obj);
	return 0;
}
