// SPDX-License-Identifier: GPL-2.0
/*
 * hlog next to a tail call (tests/sites.bats): tail_entry logs, then
 * tail-calls tail_next (slot 0 of tail_jmp, filled by the test), which
 * logs too. Both call hlog's write path, a BPF subprogram: the kernel's
 * JIT must allow subprograms and tail calls in one program.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HLOG_TARGET "tail"
#include <xdp_hello/log.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tail_jmp SEC(".maps");

SEC("xdp")
int tail_next(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	hlog_info(ctx, "after the tail call: %u bytes", len);
	return XDP_PASS;
}

SEC("xdp")
int tail_entry(struct xdp_md *ctx)
{
	hlog_info(ctx, "before the tail call");
	bpf_tail_call(ctx, &tail_jmp, 0);
	hlog_warn(ctx, "the tail call failed");
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
