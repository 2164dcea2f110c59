// SPDX-License-Identifier: GPL-2.0
/*
 * Runs an hlog XDP object on given frames with BPF_PROG_TEST_RUN and prints
 * its messages through the same reader as xdp-hello (timestamps off), so
 * tests can feed exact frames: truncated, malformed, VLAN, ARP, IPv6.
 * Also checks that every frame passes (XDP_PASS) unchanged.
 *   hlog-testrun [-j] [-l LEVEL] OBJECT HEXFRAME...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "find/control.h"
#include "find/discover.h"
#include "decode/output_line.h"
#include "base/level.h"
#include "base/diag.h"
#include "poll_loop.h"

static int unhex(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;
	unsigned int b;

	while (*s) {
		if (*s == ' ' || *s == ':') {
			s++;
			continue;
		}
		if (n == cap || sscanf(s, "%2x", &b) != 1 || !s[1])
			return -1;
		out[n++] = (unsigned char)b;
		s += 2;
	}
	return (int)n;
}

static void to_stderr(enum xh_diag_kind kind, const char *msg)
{
	if (kind != XH_DIAG_DEBUG)
		fprintf(stderr, "%s\n", msg);
}

int main(int argc, char **argv)
{
	static volatile sig_atomic_t never;
	struct xh_reader_opts ro = { .max_level = HLOG_TRACE, .timeout = 0.05,
				     .backlog = true, .ts = XH_TS_OFF,
				     .stop = &never };
	unsigned char in[1500], out[1600];
	struct xh_reader_result res;
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct xh_prog p;
	int c, level = HLOG_TRACE, i, n, fd;

	while ((c = getopt(argc, argv, "jl:")) != -1) {
		if (c == 'j')
			ro.json = true;
		else if (c == 'l')
			level = xh_level_parse(optarg);
		else
			return 2;
	}
	if (optind + 1 >= argc || level < 0) {
		fprintf(stderr, "usage: hlog-testrun [-j] [-l LEVEL] OBJECT HEXFRAME...\n");
		return 2;
	}
	xh_diag_set_sink(to_stderr);
	libbpf_set_print(NULL);
	obj = bpf_object__open_file(argv[optind], NULL);
	if (libbpf_get_error(obj) || bpf_object__load(obj)) {
		fprintf(stderr, "Couldn't load '%s'\n", argv[optind]);
		return 1;
	}
	prog = bpf_object__next_program(obj, NULL);
	fd = bpf_program__fd(prog);
	bpf_obj_get_info_by_fd(fd, &info, &len);
	if (xh_prog_open(info.id, &p)) {
		fprintf(stderr, "'%s' is not an hlog program\n", argv[optind]);
		return 1;
	}
	snprintf(p.iface.name, sizeof(p.iface.name), "test");
	xh_config_set(&p, XH_CFG_LEVEL, (__u32)level);
	for (i = optind + 1; i < argc; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = in, .data_out = out,
			    .data_size_out = sizeof(out), .repeat = 1);

		n = unhex(argv[i], in, sizeof(in));
		if (n < 0) {
			fprintf(stderr, "bad hex frame: %s\n", argv[i]);
			return 2;
		}
		t.data_size_in = (__u32)n;
		if (bpf_prog_test_run_opts(fd, &t)) {
			fprintf(stderr, "test run of frame %d failed: %s\n",
				i - optind, strerror(errno));
			return 1;
		}
		if (t.retval != XDP_PASS || t.data_size_out != (__u32)n ||
		    memcmp(in, out, (size_t)n)) {
			fprintf(stderr, "frame %d: returned %u, %s\n", i - optind,
				t.retval, memcmp(in, out, (size_t)n) ? "changed" : "same");
			return 1;
		}
	}
	xh_read_rings(&p, 1, &ro, &res);
	fprintf(stderr, "%llu messages, %llu lost\n",
		(unsigned long long)res.printed, (unsigned long long)res.lost);
	xh_prog_close(&p);
	bpf_object__close(obj);
	return 0;
}
