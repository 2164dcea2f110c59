// SPDX-License-Identifier: GPL-2.0
/*
 * execve: a tracepoint program that logs each execve(2), with the process
 * id and the file it runs. Its records carry the task's pid and tid (hlog
 * fills them for any program that is not XDP or tc). Loaded and read by:
 *   xdp-hello run -o execve.o
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define HLOG_TARGET "execve"
#include <xdp_hello/log.h>

/* The tracepoint's fields (tracefs events/syscalls/sys_enter_execve/format) */
struct sys_enter_execve {
	__u64 common;		/* type, flags, preempt count, pid */
	__s32 syscall_nr;
	__u32 pad;
	const char *filename;
	const char *const *argv;
	const char *const *envp;
};

SEC("tracepoint/syscalls/sys_enter_execve")
int execve(struct sys_enter_execve *ctx)
{
	char file[HLOG_BYTES_MAX] = "";
	__u32 pid = (__u32)(bpf_get_current_pid_tgid() >> 32);

	bpf_probe_read_user_str(file, sizeof(file), ctx->filename);
	hlog_info(ctx, "pid %u runs %s", pid, file);
	return 0;
}

char _license[] SEC("license") = "GPL";
