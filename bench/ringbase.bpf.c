// SPDX-License-Identifier: GPL-2.0
/*
 * The ring's own limit: what any logger into a per-CPU ring must do and
 * nothing more. A clock read and one 24-byte record stored at this CPU's
 * producer position, which advances through an area the size of hlog's
 * ring (hlog's maps and record format, so that 'xdp-hello log' reads it
 * behind the producer exactly as it reads hlog), after a check for room
 * against the reader's position (its copy of it, as hlog keeps one). No claim, no counters, no levels, no
 * overflow ring, no call: hello is measured against this (bench/run,
 * section 6), and what it costs beyond it is hlog's.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HLOG_TARGET "ringbase"
#include <xdp_hello/log.h>

/* the one call site the records name (id 0), for the reader */
static const volatile struct {
	struct hlog_site_desc d;
	char text[sizeof("base\0ringbase.bpf.c")];
} hlog_site_0 __attribute__((used)) = {
	.d = { .magic = HLOG_SITE_MAGIC, .line = 1, .level = HLOG_INFO },
	.text = "base\0ringbase.bpf.c",
};

/*
 * RINGBASE_CALL: the same record written by a BPF global function, as
 * hlog's is: what the call alone costs (bench/ringbase-call.o).
 */
#ifdef RINGBASE_CALL
#define RINGBASE_WRITE __attribute__((noinline)) int ringbase_write(__u64 unused)
#else
#define RINGBASE_WRITE static __always_inline int ringbase_write(__u64 unused)
#endif

RINGBASE_WRITE
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct hlog_cpu_pos *p = bpf_map_lookup_elem(&hlog_cpu_pos, &cpu);
	__u64 prod, off, pad = 0, *r;

	if (!p || unused == 1)
		return XDP_PASS;
	prod = p->prod;
	off = prod & (HLOG__CHUNK - 1);
	if (off > HLOG__CHUNK - HLOG__REC_MAX)	/* as log.h pads */
		pad = HLOG__CHUNK - off;
	/* the reader's position as last seen, read again only when it
	 * leaves too little room (as log.h does) */
	if (prod + pad + sizeof(struct hlog_record) - p->cons_seen > HLOG_CPU_RING_SIZE) {
		p->cons_seen = *(volatile __u64 *)&p->cons;
		if (prod + pad + sizeof(struct hlog_record) - p->cons_seen > HLOG_CPU_RING_SIZE)
			return XDP_PASS;	/* full */
	}
	r = hlog__place(cpu, &prod, pad);
	if (!r)
		return XDP_PASS;
	r[0] = bpf_ktime_get_boot_ns();
	r[1] = HLOG__W1(1, 0, cpu);
	r[2] = HLOG__W2(0, HLOG_INFO, 0, HLOG_KIND_XDP, 0);
	asm volatile("" ::: "memory");	/* x86: the record before prod */
	*(volatile __u64 *)&p->prod = prod + sizeof(struct hlog_record);
	/* never taken: puts the maps the reader looks for (the overflow ring,
	 * the counters, the call site in .rodata, the level in .data) among
	 * the program's */
	if (prod == ~0ULL)
		return bpf_ringbuf_query(&hlog_ring, 0) + hlog_site_0.d.level +
		       (hlog_stats_get() != 0) + hlog_config.level;
	return XDP_PASS;
}

SEC("xdp")
int ringbase(struct xdp_md *ctx)
{
	/* an argument the function reads, or clang may leave it unset */
	return ringbase_write(ctx->rx_queue_index);
}

char _license[] SEC("license") = "GPL";
