/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * hlog: logging from XDP programs, read by xdp-hello.
 *
 *   #define HLOG_TARGET "my_prog"	// name in the trace_pipe form (optional)
 *   #include <xdp_hello/log.h>
 *   ...
 *   hlog_info(ctx, "received a packet");
 *   hlog_debug(ctx, "len %u from %pI4:%pN", len, &iph->saddr, &udp->source);
 *
 * Calls: hlog_error, hlog_warn, hlog_info, hlog_debug, hlog_trace, each
 * (ctx, "format", up to 8 arguments). ctx is the struct xdp_md pointer.
 *
 * Formats are printf's, checked by clang like printf's: a wrong argument
 * type or count is a compile error. Conversions:
 *   %d %i %u %x %X %o %c with the length modifiers hh h l ll, flags
 *   "-+ #0", width and precision: integers, passed by value
 *   %s    a char array (not a pointer), printed up to its first NUL
 *   %pI4  IPv4 address: pointer to 4 bytes in network order (&iph->saddr)
 *   %pI6  IPv6 address: pointer to 16 bytes (&ip6h->saddr)
 *   %pM   MAC address: 6-byte array or pointer to one (eth->h_source)
 *   %pN   port in network byte order: pointer to 2 bytes (&udp->dest)
 *   %ph   hex dump of an array or of what a pointer points to (at most
 *         HLOG_BYTES_MAX bytes), e.g. (struct udphdr *)udp
 * Pointer arguments are copied with their type's size: a packet pointer
 * must be bounds-checked against data_end first, as the verifier demands.
 * A bit-field must be cast ((__u32)ip->ihl); a struct is passed by pointer.
 *
 * Each call writes one record to the ring buffer map "hlog_ring": a 24-byte
 * header and the arguments' bytes. The format is not copied: it lives once,
 * in a read-only call-site variable that the reader resolves from the
 * loaded program's BTF and .rodata. A record that does not fit in the ring
 * is counted per CPU and per level in "hlog_stats", never silently lost.
 *
 * Knobs, defined before including this header:
 *   HLOG_MAX_LEVEL  compile-time ceiling: calls above it compile to nothing
 *                   (default HLOG_DEBUG)
 *   HLOG_RING_SIZE  ring buffer bytes, a power of two (default 16 MiB: about
 *                   500k records, 100 ms of a flat-out producer)
 *   HLOG_TARGET     target name in the trace_pipe form (default "xdp")
 * At run time, hlog_config.level (default INFO) silences sites above it and
 * hlog_config.printk also sends each message to the kernel trace pipe;
 * `xdp-hello level` and `xdp-hello log --source trace_pipe` change them.
 * hlog_enabled(level) tells whether a level is on, to skip work that only
 * feeds a message.
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
#define HLOG_RING_SIZE (16 << 20)
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

/* True if messages at this level are on, at compile time and at run time. */
#define hlog_enabled(lvl) ((lvl) <= HLOG_MAX_LEVEL && (lvl) <= hlog_config.level)

/*
 * ctx fields must be read at a constant offset from ctx itself: clang
 * likes to share "ctx + 12" between call sites, which the verifier
 * rejects. Hiding ctx behind an empty asm makes every read a fresh one.
 */
static __always_inline __u32 hlog__ctx_u32(struct xdp_md *ctx, int field)
{
	asm volatile("" : "+r"(ctx));
	return field ? ctx->rx_queue_index : ctx->ingress_ifindex;
}

static __always_inline void
hlog__fill(struct xdp_md *ctx, struct hlog_record *r, __u16 id, __u8 level,
	   __u16 args_len)
{
	struct hlog_stats *s = hlog_stats_get();

	r->ts_ns = bpf_ktime_get_boot_ns();
	r->ifindex = hlog__ctx_u32(ctx, 0);
	r->rxq = hlog__ctx_u32(ctx, 1);
	r->cpu = bpf_get_smp_processor_id();
	r->site = id;
	r->level = level;
	r->version = HLOG_RECORD_VERSION;
	r->args_len = args_len;
	r->reserved = 0;
	if (s)
		s->records++;
}

/* ---- arguments: kind, size and bytes of each, from its C type ---------- */

#define __HLOG_INTS(x)							\
	_Bool: x, char: x, signed char: x, unsigned char: x, short: x,	\
	unsigned short: x, int: x, unsigned int: x, long: x,		\
	unsigned long: x, long long: x, unsigned long long: x
#define __hlog_is_int(a) _Generic((a), __HLOG_INTS(1), default: 0)
#define __hlog_is_signed(a)						\
	_Generic((a), char: ((char)-1 < 0), signed char: 1, short: 1,	\
		 int: 1, long: 1, long long: 1, default: 0)
/* the argument as a pointer (arrays decay); a struct is a compile error */
#define __hlog_ptr(a) _Generic((a), __HLOG_INTS((const char *)0), default: ((a) + 0))
#define __hlog_is_array(a)						\
	(!__builtin_types_compatible_p(__typeof__(a), __typeof__(__hlog_ptr(a))))
#define __hlog_size(a)							\
	(__hlog_is_int(a) ? sizeof(a) :					\
	 __hlog_is_array(a) ? sizeof(a) : sizeof(*__hlog_ptr(a)))
#define __hlog_type(a)							\
	(__hlog_is_int(a) ? (__hlog_is_signed(a) ? HLOG_ARG_SINT : HLOG_ARG_UINT) \
			  : HLOG_ARG_BYTES)
#define __hlog_intval(a) _Generic((a), __HLOG_INTS((a)), default: 0)

#define __hlog_put(buf, off, a)						\
	do {								\
		_Static_assert(__hlog_size(a) <= HLOG_BYTES_MAX,	\
			       "hlog: argument larger than HLOG_BYTES_MAX"); \
		if (__hlog_is_int(a)) {					\
			__u64 __v = (__u64)__hlog_intval(a);		\
			__builtin_memcpy((buf) + (off), &__v, __hlog_size(a)); \
		} else {						\
			__builtin_memcpy((buf) + (off), __hlog_ptr(a),	\
					 __hlog_size(a));		\
		}							\
		(off) += __hlog_size(a);				\
	} while (0)

/* Apply m to each of up to 8 arguments, joined by sep(). */
#define __HLOG_N(...) __HLOG_N_(_, ##__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define __HLOG_N_(_, a1, a2, a3, a4, a5, a6, a7, a8, n, ...) n
#define __HLOG_CAT(a, b) __HLOG_CAT_(a, b)
#define __HLOG_CAT_(a, b) a##b
#define __HLOG_MAP(m, sep, ...) __HLOG_CAT(__HLOG_MAP_, __HLOG_N(__VA_ARGS__))(m, sep, ##__VA_ARGS__)
#define __HLOG_MAP_0(m, sep)
#define __HLOG_MAP_1(m, sep, a) m(a)
#define __HLOG_MAP_2(m, sep, a, ...) m(a) sep() __HLOG_MAP_1(m, sep, __VA_ARGS__)
#define __HLOG_MAP_3(m, sep, a, ...) m(a) sep() __HLOG_MAP_2(m, sep, __VA_ARGS__)
#define __HLOG_MAP_4(m, sep, a, ...) m(a) sep() __HLOG_MAP_3(m, sep, __VA_ARGS__)
#define __HLOG_MAP_5(m, sep, a, ...) m(a) sep() __HLOG_MAP_4(m, sep, __VA_ARGS__)
#define __HLOG_MAP_6(m, sep, a, ...) m(a) sep() __HLOG_MAP_5(m, sep, __VA_ARGS__)
#define __HLOG_MAP_7(m, sep, a, ...) m(a) sep() __HLOG_MAP_6(m, sep, __VA_ARGS__)
#define __HLOG_MAP_8(m, sep, a, ...) m(a) sep() __HLOG_MAP_7(m, sep, __VA_ARGS__)
/* separators are macro names, expanded only once the list is built */
#define __HLOG_COMMA() ,
#define __HLOG_NONE()
#define __HLOG_SEMI() ;
#define __hlog_plus_size(a) +__hlog_size(a)
#define __hlog_put_one(a) __hlog_put(__r->args, __off, a)

/* Never called: lets clang check the format against the arguments. */
static __always_inline __attribute__((format(printf, 1, 2))) void
__hlog_check_format(const char *fmt, ...)
{
	(void)fmt;
}

#define __hlog_cat(a, b) a##b
#define __hlog_site_var(id) __hlog_cat(hlog_site_, id)

#define __hlog_at(ctx, lvl, lvlstr, id, fmt, ...)			\
	({								\
		_Pragma("clang diagnostic push")			\
		_Pragma("clang diagnostic error \"-Wformat\"")		\
		_Pragma("clang diagnostic error \"-Wformat-extra-args\"") \
		if (0)							\
			__hlog_check_format(fmt, ##__VA_ARGS__);	\
		_Pragma("clang diagnostic pop")				\
		_Static_assert(__HLOG_N(__VA_ARGS__) <= HLOG_MAX_ARGS,	\
			       "hlog: at most 8 arguments");		\
		static const volatile struct {				\
			struct hlog_site_desc d;			\
			char text[sizeof(fmt "\0" HLOG_FILE)];		\
		} __hlog_site_var(id) = {				\
			.d = {						\
				.magic = HLOG_SITE_MAGIC,		\
				.line = __LINE__,			\
				.level = lvl,				\
				.nargs = __HLOG_N(__VA_ARGS__),		\
				.args_len = 0 __HLOG_MAP(__hlog_plus_size, __HLOG_NONE, ##__VA_ARGS__), \
				.arg_types = { __HLOG_MAP(__hlog_type, __HLOG_COMMA, ##__VA_ARGS__) }, \
				.arg_sizes = { __HLOG_MAP(__hlog_size, __HLOG_COMMA, ##__VA_ARGS__) }, \
			},						\
			.text = fmt "\0" HLOG_FILE,			\
		};							\
		/* off at run time: one load and a compare */		\
		if ((lvl) <= hlog_config.level) {			\
			/* the volatile read keeps the site (and .rodata \
			 * among the program's maps); a call cut by	\
			 * HLOG_MAX_LEVEL leaves no site behind */	\
			__u8 __lvl = __hlog_site_var(id).d.level;	\
			struct {					\
				struct hlog_record h;			\
				__u8 args[0 __HLOG_MAP(__hlog_plus_size, __HLOG_NONE, ##__VA_ARGS__)]; \
			} *__r;						\
			__u32 __off = 0;				\
			if (hlog_config.printk)				\
				bpf_printk(HLOG_PRINTK_TAG HLOG_TARGET	\
					   " %u %u " lvlstr ": %s",	\
					   hlog_config.printk,		\
					   hlog__ctx_u32(ctx, 0),	\
					   (const char *)__hlog_site_var(id).text); \
			__r = bpf_ringbuf_reserve(&hlog_ring, sizeof(*__r), 0); \
			if (__r) {					\
				hlog__fill(ctx, &__r->h, id, __lvl,	\
					   sizeof(__r->args));		\
				__HLOG_MAP(__hlog_put_one, __HLOG_SEMI, ##__VA_ARGS__); \
				(void)__off;				\
				/* no wakeup per record: the reader	\
				 * drains on a short timer, far cheaper	\
				 * than an interrupt per packet */	\
				bpf_ringbuf_submit(__r, BPF_RB_NO_WAKEUP); \
			} else {					\
				hlog__lost(__lvl);			\
			}						\
		}							\
	})

#define __hlog(ctx, lvl, lvlstr, fmt, ...)				\
	do {								\
		if ((lvl) <= HLOG_MAX_LEVEL)				\
			__hlog_at(ctx, lvl, lvlstr, __COUNTER__, fmt, ##__VA_ARGS__); \
	} while (0)

#define hlog_error(ctx, fmt, ...) __hlog(ctx, HLOG_ERROR, "ERROR", fmt, ##__VA_ARGS__)
#define hlog_warn(ctx, fmt, ...) __hlog(ctx, HLOG_WARN, "WARN", fmt, ##__VA_ARGS__)
#define hlog_info(ctx, fmt, ...) __hlog(ctx, HLOG_INFO, "INFO", fmt, ##__VA_ARGS__)
#define hlog_debug(ctx, fmt, ...) __hlog(ctx, HLOG_DEBUG, "DEBUG", fmt, ##__VA_ARGS__)
#define hlog_trace(ctx, fmt, ...) __hlog(ctx, HLOG_TRACE, "TRACE", fmt, ##__VA_ARGS__)

#endif /* XDP_HELLO_LOG_H */
