/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * <xdp_hello/reader.h>: read the messages of hlog programs from C.
 *
 * A BPF program logs with <xdp_hello/log.h>; this is the other end, the
 * library behind `xdp-hello log`, for tools of your own:
 *
 *	struct hlog_error err;
 *	struct hlog_reader *r = hlog_reader_new(NULL, &err);
 *
 *	if (!r || hlog_reader_add_iface(r, "eth0", &err) < 0) {
 *		fprintf(stderr, "%s\n", err.msg);
 *		...
 *	}
 *	while (!stop)
 *		hlog_reader_poll(r, 100, print_one, NULL);
 *	hlog_reader_flush(r, print_one, NULL);
 *	hlog_reader_free(r);
 *
 * where print_one() gets each message decoded (struct hlog_message) and
 * may turn it into the line `xdp-hello log` prints with
 * hlog_message_line(). Messages come in time order across CPUs.
 *
 * Build: pkg-config --cflags --libs xdp-hello (examples/hlog-tail.c is a
 * whole program). The library is static only (libxdphello.a): a program
 * carries the version it was built with, so there is no shared ABI to keep;
 * this header is the API, and changes to it are compatible within a major
 * version of the package (pkg-config --modversion xdp-hello;
 * XDP_HELLO_READER_API below counts revisions). Option structs carry their
 * size (sz) so that fields can be added without breaking callers: declare
 * them with HLOG_READER_OPTS(), which sets it.
 *
 * Conventions: functions that can fail return a negative errno and, when
 * given one, fill a struct hlog_error with a one-line message naming what
 * failed ("Couldn't find an hlog program on 'eth0': ..."); those that take
 * no struct hlog_error (poll, flush, counters, level, ...) keep it in the
 * reader: hlog_reader_last_error(). Nothing is printed. A struct
 * hlog_reader * argument must be one hlog_reader_new() returned (only
 * hlog_reader_free() and hlog_reader_last_error() take NULL). The library
 * installs no signal handler, sets no environment variable and leaves
 * libbpf's and libxdp's print callbacks to the caller (libbpf_set_print(),
 * libxdp_set_print()). A reader is not thread-safe: use it from one
 * thread. Reading needs CAP_BPF and CAP_SYS_ADMIN (root).
 */
#ifndef XDP_HELLO_READER_H
#define XDP_HELLO_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <xdp_hello/record.h>

#ifdef __cplusplus
extern "C" {
#endif

/* This header's revision: 2 added HLOG_READER_OPTS, hlog_reader_added()
 * and hlog_reader_last_error(). */
#define XDP_HELLO_READER_API 2

struct hlog_error {
	int code;		/* negative errno, as returned */
	char msg[256];		/* one line, no newline */
};

/* Options of a reader; NULL for the defaults. */
struct hlog_reader_opts {
	size_t sz;		/* sizeof(struct hlog_reader_opts) */
	unsigned int max_level;	/* hand out messages up to this level,
				 * HLOG_ERROR..HLOG_TRACE; left 0, all of
				 * them (to silence a program in the kernel,
				 * set its level: hlog_reader_set_level) */
	bool backlog;		/* also messages queued before the reader
				 * opened the program (default: skipped) */
	unsigned char __reserved[3];	/* zero: where later fields go */
};

/*
 * Declares and fills options, as libbpf's LIBBPF_OPTS does:
 *	HLOG_READER_OPTS(opts, .max_level = HLOG_WARN, .backlog = true);
 *	r = hlog_reader_new(&opts, &err);
 * hlog_reader_new() refuses (-EINVAL) an sz of 0 or smaller than the sz
 * field, and any byte set that this library does not know: __reserved,
 * or the fields of a larger struct (a newer header).
 */
#define HLOG_READER_OPTS(NAME, ...)					\
	struct hlog_reader_opts NAME = {				\
		.sz = sizeof(struct hlog_reader_opts), __VA_ARGS__	\
	}

struct hlog_reader;

/* What a reader reads: one loaded hlog program. */
struct hlog_program {
	unsigned int id;	/* BPF program id */
	const char *name;	/* its function name: the messages' target */
	const char *ifname;	/* interface it is attached to ("" if none) */
	int ifindex;
};

/* One decoded message. Pointers stay valid until the callback returns. */
struct hlog_message {
	unsigned long long boottime_ns;	/* the kernel's stamp (CLOCK_BOOTTIME) */
	long long realtime_ns;		/* the same instant, wall clock */
	unsigned int level;		/* enum hlog_level */
	const char *target;		/* name of the program the call site
				 * is in, as in the text line */
	unsigned int program;		/* index for hlog_reader_program() */
	enum hlog_kind kind;		/* what the fields below hold: */
	unsigned int ifindex;		/* XDP, tc: the packet's interface */
	unsigned int rxq;		/* ... and queue */
	unsigned int pid, tid;		/* tracing: process and thread id */
	unsigned int cpu;
	const char *text;		/* the message, rendered, NUL-terminated */
	size_t text_len;
	const char *file;		/* call site in the BPF source */
	unsigned int line;
	unsigned int nargs;		/* typed arguments: hlog_message_arg() */
	const void *priv;		/* the library's */
};

/* A typed argument of a message. */
struct hlog_arg {
	enum hlog_arg_type type;	/* UINT, SINT or BYTES */
	unsigned int size;		/* bytes */
	unsigned long long u;		/* HLOG_ARG_UINT */
	long long s;			/* HLOG_ARG_SINT */
	const unsigned char *bytes;	/* the raw bytes (any type) */
	const char *text;		/* as rendered in the message */
	char conv[8];			/* its conversion: "u", "x", "pI4", ... */
};

/* Returns 0 to go on, non-zero to stop the poll after this message. */
typedef int (*hlog_message_fn)(void *ctx, const struct hlog_message *m);

struct hlog_reader *hlog_reader_new(const struct hlog_reader_opts *opts,
				    struct hlog_error *err);
/* Releases the rings (another reader may take them) and frees r. */
void hlog_reader_free(struct hlog_reader *r);

/*
 * What to read. Each returns the index of the program added (0, 1, ...)
 * or a negative errno: -ENODEV no such interface, -ENOENT no hlog program
 * there (or no such program id or pin, or one without hlog's maps),
 * -EBUSY another reader (xdp-hello log) holds the program's rings, -EPERM
 * no privileges.
 * add_iface: every hlog program on IFNAME: its XDP program (alone or the
 * components of a libxdp dispatcher) and its tc programs (clsact filters,
 * tcx links); it returns the first one's index, hlog_reader_added() gives
 * them all. add_prog_id: program ID, any type, wherever it is attached.
 * add_pin: the program pinned at PATH on bpffs.
 * A program already added, or one loaded from the same object as one
 * added (it shares its maps, so its rings), is read once: the call
 * returns that program's index, and each message's target names the
 * program its call site is in.
 */
int hlog_reader_add_iface(struct hlog_reader *r, const char *ifname,
			  struct hlog_error *err);
int hlog_reader_add_prog_id(struct hlog_reader *r, unsigned int id,
			    struct hlog_error *err);
int hlog_reader_add_pin(struct hlog_reader *r, const char *path,
			struct hlog_error *err);

unsigned int hlog_reader_count(const struct hlog_reader *r);
/* The indexes the last add call resolved to (a program already read
 * counts, once), up to max of them in idx; returns how many there are.
 * After a failed call: those it added before it failed (add_iface stops
 * at the first program it cannot read; the ones before stay in the
 * reader), usually none. */
unsigned int hlog_reader_added(const struct hlog_reader *r, unsigned int *idx,
			       unsigned int max);
/* The error of the last call on r that failed, whichever it was (code 0
 * and "" if none has): what poll, flush, counters, level, set_level and
 * attached returned, with its one-line message. */
const struct hlog_error *hlog_reader_last_error(const struct hlog_reader *r);
/* NULL if i is out of range. */
const struct hlog_program *hlog_reader_program(const struct hlog_reader *r,
					       unsigned int i);

/*
 * Hands every message that is ready to fn, in time order across CPUs and
 * programs, waiting up to timeout_ms (0: not at all, -1: until one comes)
 * when there is none. A message may be held back a few milliseconds while
 * another CPU could still hold an older one. Returns the messages handed
 * out (>= 0), or a negative errno: -EINVAL no fn, -ENOENT no program
 * added (nothing could ever come).
 */
int hlog_reader_poll(struct hlog_reader *r, int timeout_ms, hlog_message_fn fn,
		     void *ctx);
/* Hands out what is held back, without waiting (call it before free). */
int hlog_reader_flush(struct hlog_reader *r, hlog_message_fn fn, void *ctx);

/* 1 while program i is still attached to the interface it was found on, 0
 * once it (or the interface) is gone, a negative errno if the kernel did
 * not say. A program added by id or pin stays loaded while the reader holds
 * it: always 1. */
int hlog_reader_attached(struct hlog_reader *r, unsigned int i);

/* Counters of program i since it was loaded, summed over CPUs. */
struct hlog_counters {
	unsigned long long packets, bytes;	/* hlog_count_packet() */
	unsigned long long logged[HLOG_LEVEL_COUNT];	/* records written */
	unsigned long long lost[HLOG_LEVEL_COUNT];	/* rings full */
	unsigned long long logged_total, lost_total;
	unsigned long long overflow;	/* through the shared ring */
	unsigned long long nested;	/* ... of those, nested on a busy CPU */
};
int hlog_reader_counters(struct hlog_reader *r, unsigned int i,
			 struct hlog_counters *c);
/* Records lost by all programs since the reader added them. */
unsigned long long hlog_reader_lost(struct hlog_reader *r);

/* The runtime level of program i (enum hlog_level), or a negative errno. */
int hlog_reader_level(struct hlog_reader *r, unsigned int i);
int hlog_reader_set_level(struct hlog_reader *r, unsigned int i,
			  unsigned int level);

/* Argument i of a message: 0, or -ERANGE. */
int hlog_message_arg(const struct hlog_message *m, unsigned int i,
		     struct hlog_arg *a);

enum hlog_line_format {
	HLOG_LINE_TEXT,		/* [2024-04-28T22:31:04Z INFO  hello_world] text */
	HLOG_LINE_JSON,		/* one JSON object, as `xdp-hello log --json` */
};
/*
 * The line `xdp-hello log` prints for m, with its newline, NUL-terminated
 * in buf (truncated to len - 1 bytes). Returns the length of the whole
 * line, as snprintf does.
 */
size_t hlog_message_line(const struct hlog_message *m,
			 enum hlog_line_format fmt, char *buf, size_t len);

/* "error", "warn", "info", "debug", "trace", "off"; and back (-1 unknown;
 * also taken: any case, "warning", and the numbers "0" (off) to "5"). */
const char *hlog_level_name(unsigned int level);
int hlog_level_parse(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* XDP_HELLO_READER_H */
