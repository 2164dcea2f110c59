// SPDX-License-Identifier: GPL-2.0
/* An XDP program that includes <xdp_hello/log.h> but whose calls are all
 * above its HLOG_MAX_LEVEL: compiled out, it uses none of hlog's maps
 * (tests/pick.bats: what load, log and status say of it). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HLOG_MAX_LEVEL HLOG_WARN
#include <xdp_hello/log.h>

SEC("xdp")
int quiet(struct xdp_md *ctx)
{
	hlog_info(ctx, "compiled out");
	hlog_debug(ctx, "this too: %u bytes", (__u32)(ctx->data_end - ctx->data));
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
