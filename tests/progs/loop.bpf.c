// SPDX-License-Identifier: GPL-2.0
/* A log statement in a loop of 1,000 turns, not unrolled (tests/sites.bats):
 * the verifier walks the loop, so what it checks per turn is the site's
 * few instructions, not the write path. Built as loop-100k.o with
 * LOOP_TURNS 100000: past what the verifier takes (tests/messages.bats). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef LOOP_TURNS
#define LOOP_TURNS 1000
#endif
#define HLOG_TARGET "loop"
#include <xdp_hello/log.h>

SEC("xdp")
int loop(struct xdp_md *ctx)
{
	__u32 i;

#pragma clang loop unroll(disable)
	for (i = 0; i < LOOP_TURNS; i++)
		hlog_info(ctx, "turn %u", i);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
