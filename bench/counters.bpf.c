// SPDX-License-Identifier: GPL-2.0
/*
 * The baseline of logging off: an empty program with hello's per-CPU
 * packet and byte counters (what status and stats need), nothing else.
 * hello with logging off at run time adds only its level checks to this.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* never logs: no per-CPU rings and the smallest ring, to load fast */
#define HLOG_MAX_CPUS 0
#define HLOG_RING_SIZE 4096
#include <xdp_hello/log.h>

SEC("xdp")
int counters(struct xdp_md *ctx)
{
	hlog_count_packet(ctx);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
