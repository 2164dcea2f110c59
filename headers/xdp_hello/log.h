/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * hlog: logging from XDP programs, read by xdp-hello.
 *
 *   #define HLOG_TARGET "my_prog"	// name shown in the output (optional)
 *   #include <xdp_hello/log.h>
 *   ...
 *   hlog_info(ctx, "received a packet");
 *
 * Each call writes one small record (struct hlog_record) to the ring
 * buffer map "hlog_ring". The message text is not copied: it lives once,
 * in a read-only call-site variable, and the reader resolves it from the
 * loaded program. Records that do not fit in the ring are counted per CPU
 * and per level in "hlog_stats", never silently dropped.
 *
 * Knobs, defined before including this header:
 *   HLOG_MAX_LEVEL  compile-time ceiling: calls above it compile to nothing
 *                   (default HLOG_DEBUG)
 *   HLOG_RING_SIZE  ring buffer bytes, a power of two (default 4 MiB)
 *   HLOG_TARGET     target name used in the trace_pipe form (default "xdp")
 * At run time, hlog_config.level (default INFO) silences sites above it and
 * hlog_config.printk also sends each message to the kernel trace pipe;
 * `xdp-hello level` and `xdp-hello log --source trace_pipe` change them.
 */
#ifndef XDP_HELLO_LOG_H
#define XDP_HELLO_LOG_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xdp_hello/record.h>

#ifndef HLOG_MAX_LEVEL
#define HLOG_MAX_LEVEL HLOG_DEBUG
#endif
#ifndef HLOG_RING_SIZE
#define HLOG_RING_SIZE (4 << 20)
#endif
#ifndef HLOG_TARGET
#define HLOG_TARGET "xdp"
#endif
#ifdef __FILE_NAME__
#define HLOG_FILE __FILE_NAME__
#else
#define HLOG_FILE __FILE__
#endif

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, HLOG_RING_SIZE);
} hlog_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hlog_stats);
} hlog_stats SEC(".maps");

volatile struct hlog_config hlog_config SEC(".data") = {
	.level = HLOG_INFO,
	.printk = 0,
};

static __always_inline struct hlog_stats *hlog_stats_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&hlog_stats, &zero);
}

/* Count a packet the program saw (for `xdp-hello status` and `stats`). */
static __always_inline void hlog_count_packet(struct xdp_md *ctx)
{
	struct hlog_stats *s = hlog_stats_get();

	if (s) {
		s->packets++;
		s->bytes += ctx->data_end - ctx->data;
	}
}

static __always_inline void hlog__lost(__u8 level)
{
	struct hlog_stats *s = hlog_stats_get();

	if (s && level < HLOG_LEVEL_COUNT)
		s->lost[level]++;
}

static __always_inline void
hlog__emit(struct xdp_md *ctx, const volatile struct hlog_site_desc *site,
	   __u16 id)
{
	/* A volatile read keeps .rodata referenced by the program, so the
	 * reader finds the call sites among the program's maps. */
	__u8 level = site->level;
	struct hlog_record *r;

	if (level > hlog_config.level)
		return;
	r = bpf_ringbuf_reserve(&hlog_ring, sizeof(*r), 0);
	if (!r) {
		hlog__lost(level);
		return;
	}
	r->ts_ns = bpf_ktime_get_boot_ns();
	r->ifindex = ctx->ingress_ifindex;
	r->rxq = ctx->rx_queue_index;
	r->cpu = bpf_get_smp_processor_id();
	r->site = id;
	r->level = level;
	r->version = HLOG_RECORD_VERSION;
	r->args_len = 0;
	r->reserved = 0;
	/* No wakeup per record: the reader drains on a short timer, which
	 * costs the producer far less than an interrupt per packet. */
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
}

#define __hlog_cat(a, b) a##b
#define __hlog_site_var(id) __hlog_cat(hlog_site_, id)

#define __hlog_at(ctx, lvl, lvlstr, id, fmt)				\
	({								\
		static const volatile struct {				\
			struct hlog_site_desc d;			\
			char text[sizeof(fmt "\0" HLOG_FILE)];		\
		} __hlog_site_var(id) __attribute__((used)) = {		\
			.d = {						\
				.magic = HLOG_SITE_MAGIC,		\
				.line = __LINE__,			\
				.level = lvl,				\
			},						\
			.text = fmt "\0" HLOG_FILE,			\
		};							\
		if (hlog_config.printk && lvl <= hlog_config.level)	\
			bpf_printk(HLOG_PRINTK_TAG HLOG_TARGET " %u %u "	\
				   lvlstr ": " fmt, hlog_config.printk,	\
				   (ctx)->ingress_ifindex);		\
		hlog__emit(ctx, &__hlog_site_var(id).d, id);		\
	})

#define __hlog(ctx, lvl, lvlstr, fmt)					\
	do {								\
		if ((lvl) <= HLOG_MAX_LEVEL)				\
			__hlog_at(ctx, lvl, lvlstr, __COUNTER__, fmt);	\
	} while (0)

#define hlog_error(ctx, fmt) __hlog(ctx, HLOG_ERROR, "ERROR", fmt)
#define hlog_warn(ctx, fmt) __hlog(ctx, HLOG_WARN, "WARN", fmt)
#define hlog_info(ctx, fmt) __hlog(ctx, HLOG_INFO, "INFO", fmt)
#define hlog_debug(ctx, fmt) __hlog(ctx, HLOG_DEBUG, "DEBUG", fmt)
#define hlog_trace(ctx, fmt) __hlog(ctx, HLOG_TRACE, "TRACE", fmt)

#endif /* XDP_HELLO_LOG_H */
