// SPDX-License-Identifier: GPL-2.0
/*
 * One object from two source files (tests/multi.bats), both logging:
 * this one has the XDP program, note.bpf.c the function it calls and a tc
 * program. Linked with bpftool gen object, as a user's project would be.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HLOG_TARGET "multi"
#include <xdp_hello/log.h>

/* note.bpf.c */
int multi_note(struct xdp_md *ctx, __u32 len);

SEC("xdp")
int multi_rx(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx);

	hlog_count_packet(ctx);
	hlog_info(ctx, "rx %u", len);
	multi_note(ctx, len);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
