/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Wire format shared by the BPF side (log.h) and userspace (lib/).
 *
 * A record carries no text: only the id of its call site and the facts of
 * the moment. The call site (level, format, file, line) is a read-only
 * variable named HLOG_SITE_PREFIX<id> in the program's .rodata, so a
 * reader resolves it from the loaded program's BTF and .rodata map alone.
 */
#ifndef XDP_HELLO_RECORD_H
#define XDP_HELLO_RECORD_H

#include <linux/types.h>

enum hlog_level {
	HLOG_OFF = 0,
	HLOG_ERROR = 1,
	HLOG_WARN = 2,
	HLOG_INFO = 3,
	HLOG_DEBUG = 4,
	HLOG_TRACE = 5,
};
#define HLOG_LEVEL_COUNT 6

#define HLOG_RECORD_VERSION 1

/* Ring buffer record header; argument bytes (args_len) follow it. */
struct hlog_record {
	__u64 ts_ns;		/* CLOCK_BOOTTIME when the program ran */
	__u32 ifindex;		/* ingress interface */
	__u16 rxq;		/* rx queue index */
	__u16 cpu;		/* CPU the program ran on */
	__u16 site;		/* call-site id */
	__u8 level;		/* enum hlog_level */
	__u8 version;		/* HLOG_RECORD_VERSION */
	__u16 args_len;		/* bytes of arguments after the header */
	__u16 reserved;
};

/*
 * Call-site descriptor, followed in the same variable by its text:
 * "<format>\0<file>\0". The arguments' types and sizes are fixed per call
 * site, so a record carries only their bytes, packed in order.
 */
#define HLOG_SITE_MAGIC 0x474f4c48	/* "HLOG" */
#define HLOG_SITE_PREFIX "hlog_site_"
#define HLOG_MAX_ARGS 8
#define HLOG_BYTES_MAX 64	/* largest array/pointee argument */

enum hlog_arg_type {
	HLOG_ARG_NONE = 0,
	HLOG_ARG_UINT = 1,	/* unsigned integer, 1/2/4/8 bytes, host order */
	HLOG_ARG_SINT = 2,	/* signed integer, 1/2/4/8 bytes, host order */
	HLOG_ARG_BYTES = 3,	/* bytes of an array or of what a pointer points to */
};

struct hlog_site_desc {
	__u32 magic;
	__u32 line;
	__u8 level;
	__u8 nargs;
	__u16 args_len;			/* sum of arg_sizes */
	__u8 arg_types[HLOG_MAX_ARGS];	/* enum hlog_arg_type */
	__u8 arg_sizes[HLOG_MAX_ARGS];
};

/* Writable global (.data) the reader may change on a loaded program. */
#define HLOG_CONFIG_VAR "hlog_config"
struct hlog_config {
	__u32 level;		/* runtime level: sites above it stay silent */
	__u32 printk;		/* non-zero: also bpf_printk each message,
				 * tagged with this value so a reader picks
				 * out its own lines */
};

/* Per-CPU counters (map HLOG_STATS_MAP, one entry). */
#define HLOG_RING_MAP "hlog_ring"
#define HLOG_STATS_MAP "hlog_stats"
struct hlog_stats {
	__u64 packets;		/* packets the program saw */
	__u64 bytes;		/* their length */
	__u64 records;		/* records written */
	__u64 lost[HLOG_LEVEL_COUNT];	/* records not written (ring full) */
};

/* trace_pipe form: "hlog <target> <printk tag> <ifindex> <LEVEL>: <format>"
 * (the format as written: bpf_printk cannot render hlog's arguments) */
#define HLOG_PRINTK_TAG "hlog "

#endif /* XDP_HELLO_RECORD_H */
