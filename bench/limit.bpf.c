// SPDX-License-Identifier: GPL-2.0
/*
 * The limit: the least a timestamped record can cost. A clock read and a
 * 32-byte store into this CPU's slot of a per-CPU array, nothing else: no
 * ring positions, no atomics, no counters. hello logging on is measured
 * against this, not against the empty program.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct limit_rec {
	__u64 ts;
	__u64 w[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct limit_rec);
} limit_slot SEC(".maps");

SEC("xdp")
int limit(struct xdp_md *ctx)
{
	struct limit_rec *r;
	__u32 zero = 0;

	(void)ctx;
	r = bpf_map_lookup_elem(&limit_slot, &zero);
	if (r) {
		r->ts = bpf_ktime_get_boot_ns();
		r->w[0] = 1;
		r->w[1] = 2;
		r->w[2] = 3;
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
