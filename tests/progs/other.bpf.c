// SPDX-License-Identifier: GPL-2.0
/* A second, unrelated XDP program for the tests: counts and passes (the
 * one that drops is drop.bpf.c). Not an hlog program. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xdp/xdp_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} other_count SEC(".maps");

struct {
	__uint(priority, 60);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(other_prog);

SEC("xdp")
int other_prog(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&other_count, &zero);

	(void)ctx;
	if (n)
		(*n)++;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
