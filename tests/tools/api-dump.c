// SPDX-License-Identifier: GPL-2.0
/*
 * api-dump OBJECT HEXFRAME...: loads OBJECT, reads it through the public
 * <xdp_hello/reader.h> only (by program id and by pin), runs each frame
 * through it (BPF_PROG_TEST_RUN) and prints everything the API says of
 * each message, its arguments, its JSON line and the counters, for
 * tests/api.bats to compare.
 * api-dump -i IFNAME: the programs hlog_reader_add_iface() added, as
 * hlog_reader_added() gives them (tests/multi.bats).
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

/* Options of another size, a reader of nothing, an interface there is
 * none of: what each call says. */
static void misuse(void)
{
	struct {
		struct hlog_reader_opts o;
		long newer;
	} big = { { .sz = sizeof(big) }, 1 };
	struct hlog_reader_opts zero = { .sz = 0 }, old = { .sz = sizeof(size_t) };
	struct hlog_reader *r;
	struct hlog_error err;
	int ret;

	r = hlog_reader_new(&zero, &err);
	printf("opts sz 0: %s %d %s\n", r ? "made" : "NULL", err.code, err.msg);
	r = hlog_reader_new(&big.o, &err);
	printf("opts newer: %s %d %s\n", r ? "made" : "NULL", err.code, err.msg);
	HLOG_READER_OPTS(res, .backlog = true);
	res.__reserved[0] = 1;
	r = hlog_reader_new(&res, &err);
	printf("opts reserved: %s %d %s\n", r ? "made" : "NULL", err.code, err.msg);
	r = hlog_reader_new(&old, &err);
	printf("opts older: %s\n", r ? "made" : "NULL");
	ret = hlog_reader_poll(r, -1, NULL, NULL);
	printf("poll no fn: %d %s\n", ret, hlog_reader_last_error(r)->msg);
	ret = hlog_reader_poll(r, -1, (hlog_message_fn)printf, NULL);
	printf("poll nothing: %d %s\n", ret, hlog_reader_last_error(r)->msg);
	ret = hlog_reader_add_iface(r, "nosuch0", &err);
	printf("add_iface: %d %s, added %u\n", ret, err.msg,
	       hlog_reader_added(r, NULL, 0));
	hlog_reader_free(r);
}

static int dump_iface(const char *ifname)
{
	struct hlog_reader *r = hlog_reader_new(NULL, NULL);
	unsigned int idx[16], n, k;
	struct hlog_error err;
	int ret = r ? hlog_reader_add_iface(r, ifname, &err) : -1;

	if (ret < 0) {
		fprintf(stderr, "add_iface: %s\n", r ? err.msg : "no reader");
		hlog_reader_free(r);
		return 1;
	}
	n = hlog_reader_added(r, idx, 16);
	printf("add_iface: index %d, added %u:", ret, n);
	for (k = 0; k < n && k < 16; k++)
		printf(" %u %s", idx[k], hlog_reader_program(r, idx[k])->name);
	printf("\n");
	hlog_reader_free(r);
	return 0;
}

int main(int argc, char **argv)
{
	HLOG_READER_OPTS(ro, .backlog = true);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct hlog_counters c;
	struct hlog_reader *r;
	struct hlog_error err;
	struct bpf_object *obj;
	char pin[64];
	int fd, ret;

	if (argc == 3 && !strcmp(argv[1], "-i"))
		return dump_iface(argv[2]);
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
	{
		unsigned int idx[4], n = hlog_reader_added(r, idx, 4);

		printf("added: %u (index %u)\n", n, n ? idx[0] : 99);
	}
	ret = hlog_reader_add_prog_id(r, 0, &err);
	printf("add_prog_id 0: %s; last error %d, added %u\n",
	       ret < 0 ? err.msg : "added", hlog_reader_last_error(r)->code,
	       hlog_reader_added(r, NULL, 0));
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
	ret = hlog_reader_counters(r, 7, &c);
	printf("counters 7: %d %s\n", ret, hlog_reader_last_error(r)->msg);
	ret = hlog_reader_set_level(r, 0, 9);
	printf("set_level 9: %d %s\n", ret, hlog_reader_last_error(r)->msg);
	hlog_reader_free(r);
	misuse();
	bpf_object__close(obj);
	return 0;
}
