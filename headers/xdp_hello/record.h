/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * Wire format shared by the BPF side (log.h) and userspace (lib/).
 *
 * A record carries no text: only the id of its call site and the facts of
 * the moment. The call site (level, format, file, line) is a read-only
 * variable named HLOG_SITE_PREFIX<n> in the program's .rodata, so a
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

/* 2: records say what kind of program wrote them (version 1 records, of
 * XDP programs only, are read as ever). */
#define HLOG_RECORD_VERSION 2

/* What kind of program wrote a record, and so what its context fields hold. */
enum hlog_kind {
	HLOG_KIND_XDP = 0,	/* ifindex, rxq: where the packet came in */
	HLOG_KIND_TC = 1,	/* ifindex, rxq: the skb's interface and queue */
	HLOG_KIND_TASK = 2,	/* any other program (tracing): the task it ran
				 * for, process id in ifindex, thread id in
				 * rxq and tid_hi */
};
#define HLOG_KIND_COUNT 3

/* Ring buffer record header; argument bytes (args_len) follow it. */
struct hlog_record {
	__u64 ts_ns;		/* CLOCK_BOOTTIME when the program ran */
	__u32 ifindex;		/* XDP, tc: interface; task: process id (tgid) */
	__u16 rxq;		/* XDP, tc: rx queue; task: thread id, bits 0-15 */
	__u16 cpu;		/* CPU the program ran on */
	__u16 site;		/* call-site id */
	__u8 level;		/* enum hlog_level */
	__u8 version;		/* HLOG_RECORD_VERSION */
	__u16 args_len;		/* bytes of arguments after the header */
	__u8 kind;		/* enum hlog_kind (version 1: 0, XDP) */
	__u8 tid_hi;		/* task: thread id, bits 16-23 (pid_max is at
				 * most 2^22: 24 bits hold any thread id) */
};
#define HLOG_RECORD_TID(r) ((__u32)(r)->rxq | (__u32)(r)->tid_hi << 16)

/*
 * A call site's id, in its records, is the distance of its variable from
 * HLOG_SITE_BASE_VAR (in the same .rodata) in 8-byte steps, modulo 2^16:
 * unique across the source files linked into one object as long as
 * .rodata is under 512 KiB. (Programs built before that variable: the
 * <id> in the variable's name.)
 */
#define HLOG_SITE_BASE_VAR "hlog__site_base"

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
/* Read-only __u32 (.rodata): the program's HLOG_MAX_LEVEL, its ceiling. */
#define HLOG_MAX_LEVEL_VAR "hlog_max_level"
struct hlog_config {
	__u32 level;		/* runtime level: sites above it stay silent */
	__u32 printk;		/* non-zero: also bpf_printk each message,
				 * tagged with this value so a reader picks
				 * out its own lines */
};

/*
 * Per-CPU rings (log.h explains them): map HLOG_CPU_RINGS_MAP holds every
 * CPU's ring as a run of chunks (CPU c owns elements c * chunks ..
 * (c + 1) * chunks - 1, so its ring is contiguous when mmapped), map
 * HLOG_CPU_POS_MAP one struct hlog_cpu_pos per CPU. Records are 8-byte
 * aligned struct hlog_record + arguments and never straddle a chunk: where
 * the next one does not fit, the producer stores HLOG_PAD_MARK in place of
 * a timestamp and moves on to the next chunk.
 * HLOG_RING_MAP is the shared BPF ring buffer: records of CPUs that have no
 * ring of their own, or whose ring was busy (nesting), go there.
 */
#define HLOG_RING_MAP "hlog_ring"
#define HLOG_CPU_RINGS_MAP "hlog_cpu_rings"
#define HLOG_CPU_POS_MAP "hlog_cpu_pos"
#define HLOG_CHUNK_SIZE (1U << 16)	/* one map element (or the whole
					 * ring if smaller): a power of two */
#define HLOG_PAD_MARK (~0ULL)	/* "rest of this chunk unused" */

/* Positions are byte counts since the program was loaded; they never wrap
 * in practice (2^64 bytes). Producer and reader fields sit on separate
 * cache lines so that neither steals the other's line on every record. */
struct hlog_cpu_pos {
	__u64 prod;		/* producer: end of the last record published */
	__u64 busy;		/* producer: non-zero while a record is written */
	__u64 cons_seen;	/* producer: cons when it last read it (it reads
				 * cons only when that leaves too little room,
				 * not the reader's line on every record) */
	__u64 logged[HLOG_LEVEL_COUNT - 1];	/* producer: records written
				 * to this ring, by level (ERROR .. TRACE),
				 * counted on the line the record's write
				 * touches anyway; hlog_stats.logged[] has
				 * the others (0 here in older programs) */
	__u64 cons;		/* reader: end of the last record consumed */
	__u64 _pad2[7];
};

/* Per-CPU counters (map HLOG_STATS_MAP, one entry). */
#define HLOG_STATS_MAP "hlog_stats"
struct hlog_stats {
	__u64 packets;		/* packets the program saw */
	__u64 bytes;		/* their length */
	__u64 logged[HLOG_LEVEL_COUNT];	/* records written, by level (those
					 * of the CPU's own ring: in its
					 * hlog_cpu_pos, see there) */
	__u64 lost[HLOG_LEVEL_COUNT];	/* records not written (ring full) */
	__u64 overflow;		/* records written to the shared ring */
	__u64 nested;		/* ... of those, because this CPU's ring was busy */
};
/* Programs built before the per-CPU rings count records of all levels in
 * one counter: packets, bytes, records, lost[]. */
#define HLOG_STATS_V1_SIZE 72

/* trace_pipe form: "hlog <target> <printk tag> <ifindex> <LEVEL>: @<site id>"
 * (the write path has no format at hand: the reader puts the site's format
 * in, as written, since bpf_printk cannot render hlog's arguments; programs
 * built before the out-of-line write path print "<format>" there) */
#define HLOG_PRINTK_TAG "hlog "

#endif /* XDP_HELLO_RECORD_H */
