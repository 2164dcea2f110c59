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

/* A kprobe's context: its record carries the task's pid and tid. */
SEC("kprobe/bpf_ktime_get_boot_ns")
int nest_probe(struct pt_regs *regs)
{
	hlog_info(regs, "nested");
	return 0;
}

char _license[] SEC("license") = "GPL";
