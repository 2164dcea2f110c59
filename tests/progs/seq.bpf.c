// SPDX-License-Identifier: GPL-2.0
/*
 * For the per-CPU ring tests: each run logs "seq N" with N counting the
 * runs on its CPU, so a reader's output shows a missing, doubled or
 * reordered record at once. nest_probe, loaded beside it into the same
 * maps (tests/tools/hlog-cpus -k), fires inside hello's clock read, that
 * is while seq's record is half written: a nested logger on the same CPU.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xdp/xdp_helpers.h>

#define HLOG_TARGET "seq"
#include <xdp_hello/log.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seq_runs SEC(".maps");

SEC("xdp")
int seq(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&seq_runs, &zero);

	hlog_count_packet(ctx);
	if (n) {
		*n += 1;
		hlog_info(ctx, "seq %llu", *n);
	}
	return XDP_PASS;
}

/* Until hlog takes other contexts, a kprobe logs through the XDP path:
 * the interface fields it fills are read from pt_regs, any value will do. */
SEC("kprobe/bpf_ktime_get_boot_ns")
int nest_probe(void *regs)
{
	hlog_info((struct xdp_md *)regs, "nested");
	return 0;
}

char _license[] SEC("license") = "GPL";
