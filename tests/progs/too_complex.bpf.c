// SPDX-License-Identifier: GPL-2.0
/* The loop of loop.bpf.c, 100,000 turns: past the verifier's million
 * instructions, refused with E2BIG (tests/messages.bats: the hint that
 * names the cause). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HLOG_TARGET "too_complex"
#include <xdp_hello/log.h>

SEC("xdp")
int too_complex(struct xdp_md *ctx)
{
	__u32 i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 100000; i++)
		hlog_info(ctx, "turn %u", i);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
