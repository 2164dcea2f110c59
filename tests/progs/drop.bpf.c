// SPDX-License-Identifier: GPL-2.0
/* For the dispatcher tests: counts and drops every packet. Priority 70
 * puts it after hello (50) and other (60) in a libxdp dispatcher. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xdp/xdp_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drop_count SEC(".maps");

struct {
	__uint(priority, 70);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(drop_prog);

SEC("xdp")
int drop_prog(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&drop_count, &zero);

	(void)ctx;
	if (n)
		(*n)++;
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
