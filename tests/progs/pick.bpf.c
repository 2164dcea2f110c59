// SPDX-License-Identifier: GPL-2.0
/* Two XDP programs, a tracepoint and a kprobe one in one object, sharing hlog's
 * maps, for load and run -n (tests/pick.bats). prog_a logs at INFO and
 * ERROR only, so that 'level debug' reaches none of its call sites (prog_b
 * has a DEBUG one: the sites of the others do not count). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HLOG_TARGET "pick"
#include <xdp_hello/log.h>

SEC("xdp")
int prog_a(struct xdp_md *ctx)
{
	hlog_count_packet(ctx);
	if (ctx->data_end - ctx->data < 14)
		hlog_error(ctx, "a: runt frame");
	else
		hlog_info(ctx, "a saw a packet");
	return XDP_PASS;
}

SEC("xdp")
int prog_b(struct xdp_md *ctx)
{
	hlog_count_packet(ctx);
	hlog_info(ctx, "b saw a packet");
	hlog_debug(ctx, "b: %u bytes", (__u32)(ctx->data_end - ctx->data));
	return XDP_PASS;
}

/* the tracepoint's first field: what follows is not read */
struct sys_enter {
	__u64 common;
};

SEC("tracepoint/syscalls/sys_enter_execve")
int prog_t(struct sys_enter *ctx)
{
	__u32 pid = (__u32)(bpf_get_current_pid_tgid() >> 32);

	hlog_info(ctx, "t: pid %u execs", pid);
	return 0;
}

/* a kprobe on a function no kernel has: its attach fails */
struct pt_regs;

SEC("kprobe/xdp_hello_no_such_function")
int prog_k(struct pt_regs *regs)
{
	hlog_info(regs, "k: never");
	return 0;
}

char _license[] SEC("license") = "GPL";
