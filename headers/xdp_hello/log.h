/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * hlog: logging from BPF programs (XDP, tc, tracing), read by xdp-hello.
 *
 *   #define HLOG_TARGET "my_prog"	// name in the trace_pipe form (optional)
 *   #include <xdp_hello/log.h>
 *   ...
 *   hlog_info(ctx, "received a packet");
 *   hlog_debug(ctx, "len %u from %pI4:%pN", len, &iph->saddr, &udp->source);
 *
 * Calls: hlog_error, hlog_warn, hlog_info, hlog_debug, hlog_trace, each
 * (ctx, "format", up to 8 arguments). ctx is the program's context, and
 * its type says what the record carries besides the message:
 *   struct xdp_md *     (XDP)  the interface and rx queue of the packet
 *   struct __sk_buff *  (tc)   the skb's interface and queue mapping
 *   anything else       (tracepoints, kprobes, fentry, ...) the process
 *                       and thread id of the task it ran for
 * (a void pointer does not compile: in an XDP function it would say
 * "tracing"; give it the program's own context type).
 * hlog_count_packet(ctx) counts packets and bytes (XDP and tc only).
 *
 * Formats are printf's, checked by clang like printf's: a wrong argument
 * type or count is a compile error, also for an argument that comes out
 * of a system header's macro (bpf_ntohs(x)), where clang alone is quiet.
 * (What an address conversion's pointer points to is not checked here:
 * xdp-hello load and run refuse, and the reader names, file and line, a
 * site whose %pI4 %pI6 %pM %pN get another size.)
 * Conversions:
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
 * must be bounds-checked against data_end first, as the verifier demands;
 * a char or void pointer (one byte) does not compile.
 * A bit-field must be cast ((__u32)ip->ihl); a struct is passed by pointer.
 *
 * Each call writes one record: a 24-byte header (struct hlog_record) and
 * the arguments' bytes. The format is not copied: it lives once, in a
 * read-only call-site variable that the reader resolves from the loaded
 * program's BTF and .rodata.
 *
 * What a call costs. A call site holds only what must be per site: the
 * level check (a load and a compare: a site silenced at run time costs
 * nothing more), its id, its arguments packed into 64-bit words, and one
 * call to the write path, hlog__write_xdp (tc: _tc, others: _task), which
 * reserves room, reads the clock, stores the record and counts it. The
 * write path is a BPF global function: the verifier checks it once,
 * against its prototype, and each call only against that prototype (a
 * static function would be verified again at every call). So a site with
 * two u32 arguments takes about 15 instructions and 80 bytes of machine
 * code (bpf_printk: 6 and 35) and 15 more instructions for the verifier;
 * a program of 1,000 sites loads, and a site in a loop of 1,000 turns
 * verifies. The write path is about 475 instructions, loaded once per
 * program that logs (only the kinds it calls), and takes the verifier
 * about 1,000 steps. At run time a record pays for the call and its
 * return: ~9 ns on the machine of bench/README.md, whose kernel sends
 * every return through a mitigation thunk (SRSO), a fraction of that
 * elsewhere. bench/README.md has the measured figures.
 * What follows from the call:
 *   - the arguments of one call take at most 80 bytes (a compile error
 *     beyond): 16 travel in registers, the rest in a 64-byte block on the
 *     caller's stack (of the 512 bytes a program has);
 *   - XDP and tc sites pass their ctx to the write path, and the verifier
 *     accepts only the program's own context there: a ctx of another
 *     type, or a copy the program changed, fails the load at that site;
 *   - a call is a BPF-to-BPF call: a program that also makes tail calls
 *     needs a JIT that allows both (x86-64 from 5.10); the write path makes
 *     none itself, so the 256-byte limit on the frames below a subprogram
 *     that tail-calls concerns only the program's own functions;
 *   - as a libxdp dispatcher component (freplace) the write path is
 *     verified with the extension, as in a program of its own;
 *   - a site's id is the difference of two addresses (see HLOG__HDR),
 *     which the verifier allows only to a loader with CAP_PERFMON (root
 *     has it; so has xdp-hello's systemd unit).
 *
 * Several source files, several programs. Any number of the files of one
 * object may include this header and log; link them with the BPF linker:
 *   clang ... -c a.bpf.c -o a.o; clang ... -c b.bpf.c -o b.o
 *   bpftool gen object prog.o a.o b.o
 * What the header defines (maps, hlog_config, the write path) is weak, so
 * the object keeps one of each, and every site has an id of its own (its
 * place in .rodata: up to 512 KiB of .rodata). The programs of one object
 * share hlog's maps: loaded together (bpftool prog loadall, libbpf's
 * bpf_object__load), they log into the same rings, and the reader labels
 * each message with the program whose code holds its call site (a site in
 * a function inlined into two programs: the first of them).

 * Where records go: the ring of the CPU the program runs on. Every CPU has
 * its own ring with exactly one writer, so a record is a few plain stores
 * and at most two atomic instructions (none for XDP on x86: see "Memory
 * ordering"), no lock, and CPUs never wait for each other
 * (a shared BPF ring buffer takes a spin lock per record). A record goes to
 * the shared ring buffer "hlog_ring" (the overflow ring) instead when its
 * CPU has no ring (CPU number >= HLOG_MAX_CPUS, or beyond what the loader
 * sized the maps for) or when its CPU's ring is busy: a program that runs
 * nested on the same CPU while another record is half written (an
 * interrupt on top of BPF_PROG_TEST_RUN, a tracing program that fires
 * inside another, a preempting task on PREEMPT_RT). A record that finds no
 * room, in either ring, is counted per CPU and per level in "hlog_stats"
 * (lost[]); records are never overwritten. Records written are counted
 * per level too: in the CPU's hlog_cpu_pos (its own ring) or in
 * hlog_stats (the overflow ring). The reader drains every ring
 * and merges them by timestamp.
 *
 * Layout: map "hlog_cpu_rings" is a BPF_F_MMAPABLE array of 64 KiB chunks
 * (an array element is at most 4 MiB, so a ring is a run of elements:
 * CPU c owns chunks c * N .. c * N + N - 1, N = HLOG_CPU_RING_SIZE / 64 KiB;
 * a ring smaller than 64 KiB is a single chunk);
 * map "hlog_cpu_pos" holds each CPU's positions (struct hlog_cpu_pos). A
 * record never straddles two chunks: where it does not fit, the producer
 * marks the rest of the chunk unused (HLOG_PAD_MARK) and starts the next.
 *
 * Memory ordering, per record, under the kernel memory model (so on arm64
 * and other weakly ordered CPUs too, with instructions Debian's 6.1 BPF
 * JITs have):
 *   1. busy: 0 -> 1 claims the ring; a program that finds 1 (it runs
 *      nested, inside a half-written record) uses the overflow ring. The
 *      claim is a cmpxchg (value-returning BPF atomics are fully ordered),
 *      except in XDP programs on kernels where nothing can stop an XDP
 *      program half-way and then let another writer of the ring run to
 *      completion before it goes on (hlog__plain_claim: not PREEMPT_RT,
 *      6.11 or later): there whatever runs between the load of busy and
 *      the store of 1 (an interrupt, a tracing program inside it) ends
 *      before the store, so a plain load and store are enough.
 *   2. cons is read once, and only when the copy the producer keeps
 *      (cons_seen, never ahead of cons: the room it shows is free) leaves
 *      too little room; the room check is a control dependency of every
 *      store into the freed space, and CPUs do not speculate stores, so no
 *      byte lands there before the reader has released it (the reader
 *      stores cons with release semantics after it is done reading).
 *   3. the record's bytes: plain stores.
 *   4. prod: the new end, stored with release semantics, so the record's
 *      bytes are visible before it; the reader loads prod with acquire
 *      semantics. On x86 (TSO: stores become visible in program order) a
 *      plain store after a compiler barrier is a release; elsewhere an
 *      xchg, fully ordered (6.1 has no BPF store-release instruction).
 *   5. busy = 0 (plain store: after 4, and only this CPU claims the ring).
 * The reader may also look at busy (after a load-acquire of busy and then
 * of prod): 0 means no record is in flight on that CPU, so nothing older
 * than now, less the merge's allowance for clocks (1 ms, far longer than a
 * plain store of busy can wait in a store buffer), can still appear there,
 * which bounds how long the time-ordered merge holds records back.
 * The kernel facts (x86, PREEMPT_RT, 6.11) are read from the kernel's BTF
 * when the program is loaded (CO-RE; every Debian kernel has BTF), so the
 * choice costs nothing per record. Cost: XDP on x86 with 6.11 or later, no
 * atomic at all; elsewhere one or two locked instructions on a cache line
 * the CPU already owns (x86: lock cmpxchg, xchg; arm64 LSE: casal, swpal),
 * about 6 ns each on the machine of bench/README.md.
 * HLOG_ALWAYS_ATOMIC=1 uses cmpxchg and xchg everywhere and needs no
 * kernel BTF (for kernels built without CONFIG_DEBUG_INFO_BTF).
 *
 * Knobs, defined before including this header:
 *   HLOG_MAX_LEVEL      compile-time ceiling: calls above it compile to
 *                       nothing (default HLOG_DEBUG)
 *   HLOG_CPU_RING_SIZE  bytes of each CPU's ring: a power of two, at least
 *                       4096 (default 4 MiB: 174k records of 24 bytes,
 *                       17 ms of a CPU logging 10 M records/s)
 *   HLOG_MAX_CPUS       CPUs with a ring of their own (default 8). Memory:
 *                       HLOG_MAX_CPUS * HLOG_CPU_RING_SIZE, allocated when
 *                       the program is loaded (32 MiB by default).
 *                       `xdp-hello load/run` resizes to the machine's
 *                       possible CPUs (up to 64 MiB in all); ip and
 *                       xdp-loader load the compiled size. A CPU without a
 *                       ring logs through the overflow ring. 0: no per-CPU
 *                       rings, every record through the shared ring buffer
 *                       (less memory; a lock per record).
 *   HLOG_RING_SIZE      overflow ring bytes, a power of two >= 4096
 *                       (default 1 MiB)
 *   HLOG_TARGET         target name in the trace_pipe form (default "xdp")
 *   HLOG_ALWAYS_ATOMIC  1: claim and publish with atomics on every kernel,
 *                       without reading the kernel's BTF (default 0)
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
#include <bpf/bpf_core_read.h>
#include <xdp_hello/record.h>

#ifndef HLOG_MAX_LEVEL
#define HLOG_MAX_LEVEL HLOG_DEBUG
#endif
#ifndef HLOG_CPU_RING_SIZE
#define HLOG_CPU_RING_SIZE (4 << 20)
#endif
#ifndef HLOG_MAX_CPUS
#define HLOG_MAX_CPUS 8
#endif
#ifndef HLOG_RING_SIZE
#define HLOG_RING_SIZE (1 << 20)
#endif
#ifndef HLOG_TARGET
#define HLOG_TARGET "xdp"
#endif
#ifndef HLOG_ALWAYS_ATOMIC
#define HLOG_ALWAYS_ATOMIC 0
#endif
#ifdef __FILE_NAME__
#define HLOG_FILE __FILE_NAME__
#else
#define HLOG_FILE __FILE__
#endif

/*
 * Several source files of one object may each include this header: what
 * it defines (maps, runtime config, the write path) is weak, so the BPF
 * linker (bpftool gen object) keeps one of each.
 */
#define __hlog_weak __attribute__((weak))

/* a ring smaller than a chunk is one chunk */
#define HLOG__CHUNK (HLOG_CPU_RING_SIZE < HLOG_CHUNK_SIZE ? HLOG_CPU_RING_SIZE : HLOG_CHUNK_SIZE)
#define HLOG__CHUNKS (HLOG_CPU_RING_SIZE / HLOG__CHUNK)
_Static_assert(HLOG_CPU_RING_SIZE >= 4096 &&
	       (HLOG_CPU_RING_SIZE & (HLOG_CPU_RING_SIZE - 1)) == 0,
	       "hlog: HLOG_CPU_RING_SIZE must be a power of two >= 4096");
_Static_assert(HLOG_MAX_CPUS >= 0, "hlog: HLOG_MAX_CPUS must be >= 0");

#if HLOG_MAX_CPUS > 0
struct hlog_chunk {
	__u8 bytes[HLOG__CHUNK] __attribute__((aligned(8)));
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, HLOG_MAX_CPUS * HLOG__CHUNKS);
	__type(key, __u32);
	__type(value, struct hlog_chunk);
} hlog_cpu_rings SEC(".maps") __hlog_weak;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, HLOG_MAX_CPUS);
	__type(key, __u32);
	__type(value, struct hlog_cpu_pos);
} hlog_cpu_pos SEC(".maps") __hlog_weak;

#endif

/* the overflow ring */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, HLOG_RING_SIZE);
} hlog_ring SEC(".maps") __hlog_weak;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hlog_stats);
} hlog_stats SEC(".maps") __hlog_weak;

/*
 * Not volatile: a global the program never writes is still read from the
 * map at run time, and clang may read it once where several sites follow
 * one another (logging off: one load and one compare per packet, not one
 * per site). A level changed mid-packet takes effect at the next packet.
 */
struct hlog_config hlog_config SEC(".data") __hlog_weak = {
	.level = HLOG_INFO,
	.printk = 0,
};

/*
 * Where the call sites are counted from: a site's id is its distance
 * from here in .rodata, in 8-byte steps, worked out by the program when
 * it runs (the linker and loader place .rodata, not the compiler). So the
 * sites of every source file linked into one object have ids of their own.
 */
const volatile __u64 hlog__site_base SEC(".rodata") __hlog_weak = 0;

/* The ceiling, for readers (HLOG_MAX_LEVEL_VAR): status shows it, level
 * warns of a level above it. Read only by userspace. */
const volatile __u32 hlog_max_level SEC(".rodata")
	__hlog_weak __attribute__((used)) = HLOG_MAX_LEVEL;

static __always_inline struct hlog_stats *hlog_stats_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&hlog_stats, &zero);
}

/*
 * ctx fields must be read at a constant offset from ctx itself: clang
 * likes to share "ctx + 12" between call sites, which the verifier
 * rejects. Hiding ctx behind an empty asm makes every read a fresh one.
 */
#define hlog__fresh(ctx) ({ __typeof__(ctx) __c = (ctx); asm volatile("" : "+r"(__c)); __c; })

/*
 * The call of a site: to its kind's write path. XDP and tc programs pass
 * their context, which the write path reads the interface and queue from
 * (the verifier checks that it is the program's own context); a tracing
 * program passes nothing: the write path asks for the task's ids.
 */
#define hlog__call(ctx, hdr, a0, a1, more)				\
	_Generic((ctx),							\
		 struct xdp_md *: hlog__write_xdp((struct xdp_md *)(ctx), hdr, a0, a1, more), \
		 struct __sk_buff *: hlog__write_tc((struct __sk_buff *)(ctx), hdr, a0, a1, more), \
		 default: hlog__write_task(hdr, a0, a1, more))

/* Count a packet the program saw (for `xdp-hello status` and `stats`):
 * XDP and tc programs. */
static __always_inline void hlog__count(__u64 len)
{
	struct hlog_stats *s = hlog_stats_get();

	if (s) {
		s->packets++;
		s->bytes += len;
	}
}

static __always_inline void hlog__count_xdp(struct xdp_md *ctx)
{
	hlog__count(hlog__fresh(ctx)->data_end - hlog__fresh(ctx)->data);
}

static __always_inline void hlog__count_tc(struct __sk_buff *skb)
{
	hlog__count(hlog__fresh(skb)->len);
}

#define hlog_count_packet(ctx)						\
	_Generic((ctx), struct xdp_md *: hlog__count_xdp,		\
		 struct __sk_buff *: hlog__count_tc)(ctx)

/* True if messages at this level are on, at compile time and at run time. */
#define hlog_enabled(lvl) ((lvl) <= HLOG_MAX_LEVEL && (lvl) <= hlog_config.level)

/* ---- the write path: a BPF global function, once per program -----------
 *
 * A call site does not write its record: it checks the level, packs its
 * arguments into 64-bit words and calls hlog__write_xdp (or _tc, _task),
 * whose prototype is what the verifier checks at the call (see "What a
 * call costs" above). The rules of global functions shape the call: every
 * argument is a scalar or a pointer to sized memory (which may be NULL),
 * the result a scalar. The first 16 bytes of arguments travel in
 * registers (a0, a1), the rest in a 64-byte block on the caller's stack
 * (more), so a call's arguments take at most HLOG__ARGS_MAX bytes.
 */
#define HLOG__ARGS_MAX 80
#define HLOG__REC_MAX (sizeof(struct hlog_record) + HLOG__ARGS_MAX)

struct hlog__more {
	__u64 w[(HLOG__ARGS_MAX - 16) / 8];
};

/*
 * hdr, what a call site tells the write path: argument bytes in bits 0-6,
 * level in 8-11, call-site id in 16-31. The id is the site's distance from
 * hlog__site_base in 8-byte steps: the difference of two .rodata addresses
 * (the verifier allows it to programs loaded with CAP_PERFMON, which hlog
 * needs anyway), so a site costs two 64-bit loads, a subtraction, a shift
 * and an or.
 */
#define HLOG__HDR(site, lvl, len)					\
	(((__u64)(unsigned long)(site) -				\
	  (__u64)(unsigned long)&hlog__site_base) << 13 |		\
	 (__u32)(lvl) << 8 | (__u32)(len))
#define HLOG__HDR_LEN(hdr) ((hdr) & 0x7f)
#define HLOG__HDR_LEVEL(hdr) (((hdr) >> 8) & 0xf)
#define HLOG__HDR_SITE(hdr) ((__u16)((hdr) >> 16))

/*
 * What the running kernel guarantees, asked at load time: libbpf turns
 * each bpf_core_*_exists() into a constant from the kernel's BTF and the
 * verifier drops the branch not taken, so the choice costs nothing per
 * record. Only the names matter (libbpf ignores the ___hlog suffix).
 */
struct task_struct___hlog {
	int softirq_disable_cnt;	/* only in PREEMPT_RT kernels */
} __attribute__((preserve_access_index));
struct bpf_net_context___hlog {
	int unused;			/* since 6.11 */
} __attribute__((preserve_access_index));
struct cpuinfo_x86___hlog {
	int unused;			/* only in x86 kernels */
} __attribute__((preserve_access_index));

/*
 * May an XDP program claim its CPU's ring with a plain load and store?
 * Yes where nothing that logs can run on the same CPU between the two and
 * then stop half-way while the program goes on. Outside PREEMPT_RT, XDP
 * runs with bottom halves off, never preemptible (NAPI, generic XDP, tun,
 * cpumap and devmap programs; BPF_PROG_TEST_RUN since 6.3): the kernel's
 * own per-CPU XDP state has long relied on that. So only interrupts, and
 * tracing programs inside them, can come in between, and those finish
 * before the program resumes. Not on PREEMPT_RT, where bottom halves are
 * preemptible threads. The kernel is asked for 6.11 (struct
 * bpf_net_context), the first mark in its BTF after 6.3, whose
 * BPF_PROG_TEST_RUN could be preempted by another: 6.3 to 6.10 keep the
 * cmpxchg, on the safe side. tc and tracing programs always use cmpxchg
 * (programs on an skb also run preemptible: cgroup_skb, socket filters).
 */
static __always_inline int hlog__plain_claim(__u32 kind)
{
#if HLOG_ALWAYS_ATOMIC
	(void)kind;
	return 0;
#else
	return kind == HLOG_KIND_XDP &&
	       !bpf_core_field_exists(((struct task_struct___hlog *)0)->softirq_disable_cnt) &&
	       bpf_core_type_exists(struct bpf_net_context___hlog);
#endif
}

/* Are this CPU's stores seen by others in program order (x86's TSO)? */
static __always_inline int hlog__stores_ordered(void)
{
#if HLOG_ALWAYS_ATOMIC
	return 0;
#else
	return bpf_core_type_exists(struct cpuinfo_x86___hlog);
#endif
}

/* Claim this CPU's ring (step 1); 0: busy (nested). */
static __always_inline int hlog__claim(struct hlog_cpu_pos *p, int plain)
{
	if (plain) {
		if (*(volatile __u64 *)&p->busy)
			return 0;
		*(volatile __u64 *)&p->busy = 1;
		return 1;
	}
	return !__sync_val_compare_and_swap(&p->busy, 0, 1);
}

/*
 * Words 1 and 2 of struct hlog_record, as the stores that write them see
 * them: interface, rx queue and CPU; site, level, version, argument bytes,
 * kind and thread id bits 16-23 (records of tracing programs).
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HLOG__W1(ifindex, rxq, cpu)					\
	((__u64)(ifindex) | (__u64)(rxq) << 32 | (__u64)(cpu) << 48)
#define HLOG__W2(site, lvl, len, kind, tid_hi)				\
	((__u64)(site) | (__u64)(lvl) << 16 |				\
	 (__u64)HLOG_RECORD_VERSION << 24 | (__u64)(len) << 32 |	\
	 (__u64)(kind) << 48 | (__u64)(tid_hi) << 56)
#else
#define HLOG__W1(ifindex, rxq, cpu)					\
	((__u64)(ifindex) << 32 | (__u64)(rxq) << 16 | (__u64)(cpu))
#define HLOG__W2(site, lvl, len, kind, tid_hi)				\
	((__u64)(site) << 48 | (__u64)(lvl) << 40 |			\
	 (__u64)HLOG_RECORD_VERSION << 32 | (__u64)(len) << 16 |	\
	 (__u64)(kind) << 8 | (__u64)(tid_hi))
#endif

/*
 * The record: header words 1 and 2, the argument words that hold its
 * argument bytes (the last one may hold padding), and the time, read last
 * (nothing sees the record before prod moves): only the record's place
 * then has to outlive the clock's call, not the arguments.
 */
static __always_inline void
hlog__put(__u64 *dst, __u64 w1, __u64 w2, __u32 words, __u64 a0, __u64 a1,
	  const struct hlog__more *more)
{
	__u64 *args = dst + 3;

	dst[1] = w1;
	dst[2] = w2;
	if (words > 0)
		args[0] = a0;
	if (words > 1)
		args[1] = a1;
	if (more) {
#pragma unroll
		for (__u32 i = 0; i < sizeof(more->w) / 8; i++)
			if (words > i + 2)
				args[i + 2] = more->w[i];
	}
	dst[0] = bpf_ktime_get_boot_ns();
}

#if HLOG_MAX_CPUS > 0
/* The chunk of this CPU's ring that position pos falls in. */
static __always_inline struct hlog_chunk *hlog__chunk(__u32 cpu, __u64 pos)
{
	__u32 key = cpu * HLOG__CHUNKS + ((pos / HLOG__CHUNK) & (HLOG__CHUNKS - 1));

	return bpf_map_lookup_elem(&hlog_cpu_rings, &key);
}

/*
 * Where the record at *prod goes: in that position's chunk or, with pad
 * bytes left there (they are then marked unused), at the start of the
 * next, *prod moving on to it. NULL: never, but the verifier wants it.
 */
static __always_inline __u64 *hlog__place(__u32 cpu, __u64 *prod, __u64 pad)
{
	struct hlog_chunk *c = hlog__chunk(cpu, *prod);
	__u64 off = *prod & (HLOG__CHUNK - 1);

	if (!c)
		return NULL;
	if (__builtin_expect(pad, 0)) {
		/* off is 8-aligned: the mark fits */
		((__u64 *)c->bytes)[(off & (HLOG__CHUNK - 8)) / 8] = HLOG_PAD_MARK;
		*prod += pad;
		c = hlog__chunk(cpu, *prod);
		if (!c)
			return NULL;
		off = 0;
	}
	if (off > HLOG__CHUNK - HLOG__REC_MAX)	/* never: for the verifier */
		return NULL;
	return (__u64 *)&c->bytes[off];
}

/*
 * The record into this CPU's ring. 1: written; 0: the CPU has no ring or
 * it is busy (the record goes to the overflow ring); -1: no room (lost).
 * A record starts in the current chunk only where the largest one would
 * fit (HLOG__REC_MAX), else the producer marks the rest of the chunk
 * unused and starts the next: what the verifier can check with constants,
 * at the cost of at most 104 bytes per 64 KiB chunk.
 */
static __always_inline int
hlog__cpu_write(__u32 cpu, __u32 level, __u32 kind, __u64 w1,
		__u64 w2, __u32 words, __u64 a0, __u64 a1,
		const struct hlog__more *more)
{
	__u64 prod, cons, off, pad = 0, size = sizeof(struct hlog_record) + 8 * words;
	struct hlog_cpu_pos *p;
	__u64 idx;
	__u64 *r;

	p = bpf_map_lookup_elem(&hlog_cpu_pos, &cpu);
	if (!p)
		return 0;
	if (__builtin_expect(!hlog__claim(p, hlog__plain_claim(kind)), 0)) {
		struct hlog_stats *stats = hlog_stats_get();

		if (stats)
			stats->nested++;
		return 0;
	}
	prod = *(volatile __u64 *)&p->prod;
	off = prod & (HLOG__CHUNK - 1);
	if (__builtin_expect(off > HLOG__CHUNK - HLOG__REC_MAX, 0))
		pad = HLOG__CHUNK - off;
	/* step 2: the reader's position as last seen is never ahead of the
	 * real one, so room it leaves is there; only when it leaves too
	 * little is the reader's line read (once) */
	cons = p->cons_seen;
	if (__builtin_expect(prod + pad + size - cons > HLOG_CPU_RING_SIZE, 0)) {
		cons = *(volatile __u64 *)&p->cons;
		p->cons_seen = cons;
		if (prod + pad + size - cons > HLOG_CPU_RING_SIZE)
			goto full;
	}
	r = hlog__place(cpu, &prod, pad);
	if (!r)
		goto release;
	hlog__put(r, w1, w2, words, a0, a1, more);	/* step 3 */
	/* step 4: the record is visible before prod */
	if (hlog__stores_ordered()) {
		asm volatile("" ::: "memory");
		*(volatile __u64 *)&p->prod = prod + size;
	} else {
		__sync_lock_test_and_set(&p->prod, prod + size);
	}
	*(volatile __u64 *)&p->busy = 0;	/* step 5 */
	/* counted on this line, which the record's write owns already;
	 * level is 1 .. HLOG_LEVEL_COUNT - 1 (checked by the caller, and
	 * again here for a verifier that lost the bound across a spill) */
	idx = (__u64)level - 1;
	asm volatile("" : "+r"(idx));
	if (idx < HLOG_LEVEL_COUNT - 1)
		p->logged[idx]++;
	return 1;
full:
	*(volatile __u64 *)&p->busy = 0;
	return -1;
release:
	*(volatile __u64 *)&p->busy = 0;
	return 0;
}
#else
static __always_inline int
hlog__cpu_write(__u32 cpu, __u32 level, __u32 kind, __u64 w1,
		__u64 w2, __u32 words, __u64 a0, __u64 a1,
		const struct hlog__more *more)
{
	(void)cpu, (void)level, (void)kind, (void)w1, (void)w2, (void)words;
	(void)a0, (void)a1, (void)more;
	return 0;
}
#endif

/*
 * The record into the overflow ring. A BPF ring buffer record's size is a
 * constant of the reserve call, so there is one call per size, and the
 * stores that follow compare with fit, a constant on each path as far as
 * the verifier knows (clang must not see that it equals words, or it
 * compares words, or len, in its place: the asm hides it). No wakeup per
 * record: the reader drains on a short timer, far cheaper than an
 * interrupt per packet.
 */
#define HLOG__RESERVE_CASE(n)						\
	case n:								\
		r = bpf_ringbuf_reserve(&hlog_ring,			\
					sizeof(struct hlog_record) + 8 * n, 0); \
		fit = n;						\
		asm volatile("" : "+r"(fit));				\
		break
static __always_inline int
hlog__ring_write(__u64 w1, __u64 w2, __u32 words, __u64 a0, __u64 a1,
		 const struct hlog__more *more)
{
	__u32 fit;
	__u64 *r;

	switch (words) {
	HLOG__RESERVE_CASE(0); HLOG__RESERVE_CASE(1); HLOG__RESERVE_CASE(2);
	HLOG__RESERVE_CASE(3); HLOG__RESERVE_CASE(4); HLOG__RESERVE_CASE(5);
	HLOG__RESERVE_CASE(6); HLOG__RESERVE_CASE(7); HLOG__RESERVE_CASE(8);
	HLOG__RESERVE_CASE(9); HLOG__RESERVE_CASE(10);
	default:
		return 0;
	}
	if (!r)
		return 0;
	hlog__put(r, w1, w2, fit, a0, a1, more);
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 1;
}
_Static_assert(HLOG__ARGS_MAX / 8 == 10, "hlog: one reserve case per record size");

/*
 * The trace_pipe form (xdp-hello log --source trace_pipe): the format is
 * not at hand here, so the line names the call site ("@<id>") and the
 * reader puts its format in. A function of its own, called only when the
 * trace pipe is on: its five calls would otherwise cost the write path
 * registers on every record.
 */
#define HLOG__PRINTK_CASE(lvl, name)					\
	case lvl:							\
		bpf_printk(HLOG_PRINTK_TAG HLOG_TARGET " %u %u " name ": @%u", \
			   tag, ifindex, site);				\
		break
__attribute__((noinline)) __hlog_weak int
hlog__printk(__u32 tag, __u32 ifindex, __u32 level, __u32 site)
{
	switch (level) {
	HLOG__PRINTK_CASE(HLOG_ERROR, "ERROR");
	HLOG__PRINTK_CASE(HLOG_WARN, "WARN");
	HLOG__PRINTK_CASE(HLOG_INFO, "INFO");
	HLOG__PRINTK_CASE(HLOG_DEBUG, "DEBUG");
	HLOG__PRINTK_CASE(HLOG_TRACE, "TRACE");
	}
	return 0;
}

/*
 * Writes one record of a program of this kind (a constant: each kind has
 * its own function below). Returns 1 if the record was written, 0 if it
 * was lost (and counted).
 */
static __always_inline int
hlog__write(__u32 kind, __u64 hdr, __u64 where, __u64 a0, __u64 a1,
	    const struct hlog__more *more)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u32 level = HLOG__HDR_LEVEL(hdr), len = HLOG__HDR_LEN(hdr);
	__u32 words = (len + 7) / 8, tid_hi = 0;
	struct hlog_stats *stats;
	__u64 w1, w2, idx;
	int ret;

	if (level - 1 >= HLOG_LEVEL_COUNT - 1 || words > HLOG__ARGS_MAX / 8)
		return 0;
	if (kind == HLOG_KIND_TASK) {
		__u64 id = bpf_get_current_pid_tgid();

		/* process id as ifindex, thread id as rxq and tid_hi */
		where = id >> 32 | id << 32;
		tid_hi = (id >> 16) & 0xff;
	}
	if (__builtin_expect(hlog_config.printk, 0))
		hlog__printk(hlog_config.printk, (__u32)where, level, HLOG__HDR_SITE(hdr));
	w1 = HLOG__W1((__u32)where, (__u16)(where >> 32), (__u16)cpu);
	w2 = HLOG__W2(HLOG__HDR_SITE(hdr), level, len, kind, tid_hi);
	/* the common case: the CPU's own ring, which counts it too */
	ret = hlog__cpu_write(cpu, level, kind, w1, w2, words, a0, a1, more);
	if (__builtin_expect(ret > 0, 1))
		return 1;
	if (!ret)
		ret = hlog__ring_write(w1, w2, words, a0, a1, more);
	stats = hlog_stats_get();
	/* level is below HLOG_LEVEL_COUNT (checked above), but a verifier
	 * that lost the bound across a spill (6.1 does) needs it again here,
	 * where it indexes: the asm keeps clang from dropping the check, and
	 * a 64-bit index keeps the check and the index in one register (a
	 * 32-bit one is zero-extended apart for each without -mcpu=v3, and
	 * 6.1 does not carry the bound from one copy to the other) */
	idx = level;
	asm volatile("" : "+r"(idx));
	if (stats && idx < HLOG_LEVEL_COUNT) {
		if (ret > 0) {
			stats->overflow++;
			stats->logged[idx]++;
		} else {
			stats->lost[idx]++;
		}
	}
	return ret > 0;
}

/*
 * The write path, one global function per kind of program, called by
 * every call site of that kind (see above). Not static: that is what makes
 * each verified once. libbpf loads with a program only the functions it
 * calls, so an XDP program carries only hlog__write_xdp.
 */
__attribute__((noinline)) __hlog_weak int
hlog__write_xdp(struct xdp_md *ctx, __u64 hdr, __u64 a0, __u64 a1,
		const struct hlog__more *more)
{
	__u64 where = ctx->ingress_ifindex | (__u64)ctx->rx_queue_index << 32;

	return hlog__write(HLOG_KIND_XDP, hdr, where, a0, a1, more);
}

__attribute__((noinline)) __hlog_weak int
hlog__write_tc(struct __sk_buff *skb, __u64 hdr, __u64 a0, __u64 a1,
	       const struct hlog__more *more)
{
	__u64 where = skb->ifindex | (__u64)skb->queue_mapping << 32;

	return hlog__write(HLOG_KIND_TC, hdr, where, a0, a1, more);
}

/* (no where: the task's ids are read here; an argument the function did
 * not read could be left unset by clang at the call, which the verifier
 * refuses) */
__attribute__((noinline)) __hlog_weak int
hlog__write_task(__u64 hdr, __u64 a0, __u64 a1, const struct hlog__more *more)
{
	return hlog__write(HLOG_KIND_TASK, hdr, 0, a0, a1, more);
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

/* a pointer to char or void: its pointee is one byte, never what was meant
 * (%s wants a char array, %ph and the addresses a typed pointer) */
#define __hlog_is_bare_ptr(a)						\
	(__builtin_types_compatible_p(__typeof__(a), char *) ||	\
	 __builtin_types_compatible_p(__typeof__(a), const char *) ||	\
	 __builtin_types_compatible_p(__typeof__(a), void *) ||	\
	 __builtin_types_compatible_p(__typeof__(a), const void *))

/* ctx as void *: an XDP or tc program's would be taken for a tracing one's,
 * its records carrying a process id in place of interface and queue */
#define __hlog_is_void_ptr(x)						\
	(__builtin_types_compatible_p(__typeof__(x), void *) ||		\
	 __builtin_types_compatible_p(__typeof__(x), const void *))

#define __hlog_put(buf, off, a)						\
	do {								\
		_Static_assert(__hlog_size(a) <= HLOG_BYTES_MAX,	\
			       "hlog: argument larger than HLOG_BYTES_MAX"); \
		_Static_assert(!__hlog_is_bare_ptr(a),			\
			       "hlog: a char or void pointer argument would carry one byte: " \
			       "pass a char array for %s, a typed pointer for %ph, %pI4, %pM..."); \
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
/* The same with one more macro argument f, passed to every m(f, a). */
#define __HLOG_MAPF(m, f, ...) __HLOG_CAT(__HLOG_MAPF_, __HLOG_N(__VA_ARGS__))(m, f, ##__VA_ARGS__)
#define __HLOG_MAPF_0(m, f)
#define __HLOG_MAPF_1(m, f, a) , m(f, a)
#define __HLOG_MAPF_2(m, f, a, ...) , m(f, a) __HLOG_MAPF_1(m, f, __VA_ARGS__)
#define __HLOG_MAPF_3(m, f, a, ...) , m(f, a) __HLOG_MAPF_2(m, f, __VA_ARGS__)
#define __HLOG_MAPF_4(m, f, a, ...) , m(f, a) __HLOG_MAPF_3(m, f, __VA_ARGS__)
#define __HLOG_MAPF_5(m, f, a, ...) , m(f, a) __HLOG_MAPF_4(m, f, __VA_ARGS__)
#define __HLOG_MAPF_6(m, f, a, ...) , m(f, a) __HLOG_MAPF_5(m, f, __VA_ARGS__)
#define __HLOG_MAPF_7(m, f, a, ...) , m(f, a) __HLOG_MAPF_6(m, f, __VA_ARGS__)
#define __HLOG_MAPF_8(m, f, a, ...) , m(f, a) __HLOG_MAPF_7(m, f, __VA_ARGS__)
/*
 * An argument as the count check sees it: an expression that starts with
 * the caller's own format token. clang does not report an extra argument
 * whose first token comes from a system header's macro (bpf_ntohs(b),
 * say), nor one from this header when it is installed as a system
 * header; an argument that starts with the caller's format is the
 * caller's. (No parentheses around it: they would be this header's.) The
 * ?: promotes small integers, so only the count is checked this way.
 */
#define __hlog_counted(f, a) f ? (a) : (a)
#define __hlog_plus_size(a) +__hlog_size(a)
#define __hlog_put_one(a) __hlog_put((char *)&__w, __off, a)

/* Never called: lets clang check the format against the arguments. */
static __always_inline __attribute__((format(printf, 1, 2))) void
__hlog_check_format(const char *fmt, ...)
{
	(void)fmt;
}

#define __hlog_cat(a, b) a##b
#define __hlog_site_var(id) __hlog_cat(hlog_site_, id)

/*
 * A call site: its descriptor in .rodata (kept by "used": nothing reads
 * it at run time; a call cut by HLOG_MAX_LEVEL is never compiled, so it
 * leaves no site behind), the runtime level check, the arguments packed
 * into words (in registers when they take 16 bytes or less), one call.
 */
#define __hlog_at(ctx, lvl, id, fmt, ...)				\
	({								\
		_Pragma("clang diagnostic push")			\
		_Pragma("clang diagnostic error \"-Wformat\"")		\
		_Pragma("clang diagnostic ignored \"-Wformat-extra-args\"") \
		if (0)							\
			__hlog_check_format(fmt, ##__VA_ARGS__);	\
		_Pragma("clang diagnostic ignored \"-Wformat\"")	\
		_Pragma("clang diagnostic error \"-Wformat-extra-args\"") \
		if (0)							\
			__hlog_check_format(fmt __HLOG_MAPF(__hlog_counted, fmt, ##__VA_ARGS__)); \
		_Pragma("clang diagnostic pop")				\
		_Static_assert(__HLOG_N(__VA_ARGS__) <= HLOG_MAX_ARGS,	\
			       "hlog: at most 8 arguments");		\
		_Static_assert(!__hlog_is_void_ptr(ctx),		\
			       "hlog: ctx is a void pointer: pass the program's context with its " \
			       "type (struct xdp_md *, struct __sk_buff *, a tracing program's own)"); \
		_Static_assert(0 __HLOG_MAP(__hlog_plus_size, __HLOG_NONE, ##__VA_ARGS__) \
			       <= HLOG__ARGS_MAX,			\
			       "hlog: the arguments of one call take at most 80 bytes"); \
		static const volatile struct {				\
			struct hlog_site_desc d;			\
			char text[sizeof(fmt "\0" HLOG_FILE)];		\
		} __hlog_site_var(id) __attribute__((used, aligned(8))) = { \
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
		__u32 __lv = (lvl);					\
		asm("" : "+r"(__lv));					\
		if (__lv <= hlog_config.level) {			\
			enum { __len = 0 __HLOG_MAP(__hlog_plus_size, __HLOG_NONE, ##__VA_ARGS__) }; \
			struct {					\
				__u64 a0, a1;				\
				struct hlog__more more;			\
			} __w = {};					\
			__u32 __off = 0;				\
			__HLOG_MAP(__hlog_put_one, __HLOG_SEMI, ##__VA_ARGS__); \
			(void)__off;					\
			hlog__call(ctx, HLOG__HDR(&__hlog_site_var(id), lvl, __len), \
				   __w.a0, __w.a1,				\
				   __len > 16 ? &__w.more : (void *)0); \
		}							\
	})

#define __hlog(ctx, lvl, fmt, ...)					\
	do {								\
		if ((lvl) <= HLOG_MAX_LEVEL)				\
			__hlog_at(ctx, lvl, __COUNTER__, fmt, ##__VA_ARGS__); \
	} while (0)

#define hlog_error(ctx, fmt, ...) __hlog(ctx, HLOG_ERROR, fmt, ##__VA_ARGS__)
#define hlog_warn(ctx, fmt, ...) __hlog(ctx, HLOG_WARN, fmt, ##__VA_ARGS__)
#define hlog_info(ctx, fmt, ...) __hlog(ctx, HLOG_INFO, fmt, ##__VA_ARGS__)
#define hlog_debug(ctx, fmt, ...) __hlog(ctx, HLOG_DEBUG, fmt, ##__VA_ARGS__)
#define hlog_trace(ctx, fmt, ...) __hlog(ctx, HLOG_TRACE, fmt, ##__VA_ARGS__)

#endif /* XDP_HELLO_LOG_H */
