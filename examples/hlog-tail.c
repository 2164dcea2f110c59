// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * hlog-tail IFNAME: prints the messages of the hlog programs on IFNAME,
 * as `xdp-hello log -i IFNAME` does, until Ctrl-C. It uses only the
 * installed <xdp_hello/reader.h>:
 *
 *	cc hlog-tail.c $(pkg-config --cflags --libs xdp-hello) -o hlog-tail
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <xdp_hello/reader.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int print_one(void *ctx, const struct hlog_message *m)
{
	char line[4096];

	(void)ctx;
	hlog_message_line(m, HLOG_LINE_TEXT, line, sizeof(line));
	fputs(line, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct hlog_reader *r;
	struct hlog_error err;
	int ret = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
		return 2;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	r = hlog_reader_new(NULL, &err);
	if (!r || hlog_reader_add_iface(r, argv[1], &err) < 0) {
		fprintf(stderr, "hlog-tail: %s\n", err.msg);
		goto out;
	}
	fprintf(stderr, "Reading '%s' on %s (Ctrl-C to stop)\n",
		hlog_reader_program(r, 0)->name, argv[1]);
	while (!stop) {
		if (hlog_reader_poll(r, 100, print_one, NULL) < 0) {
			fprintf(stderr, "hlog-tail: %s\n",
				hlog_reader_last_error(r)->msg);
			goto out;
		}
		fflush(stdout);
	}
	hlog_reader_flush(r, print_one, NULL);
	fprintf(stderr, "%llu lost\n", hlog_reader_lost(r));
	ret = 0;
out:
	hlog_reader_free(r);
	return ret;
}
