// SPDX-License-Identifier: GPL-2.0
/* The second source file of tests/progs/multi.o (see rx.bpf.c). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define HLOG_TARGET "multi"
#include <xdp_hello/log.h>

/* called by multi_rx: a global function, so its sites are multi_rx's */
__attribute__((noinline)) int multi_note(struct xdp_md *ctx, __u32 len)
{
	if (!ctx)
		return 0;
	hlog_warn(ctx, "note %u", len + 1);
	return 0;
}

SEC("tc")
int multi_tc(struct __sk_buff *skb)
{
	hlog_info(skb, "tc %u", skb->len);
	return TC_ACT_OK;
}
