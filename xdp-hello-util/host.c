// SPDX-License-Identifier: GPL-2.0
/* The machine around the utility: privileges, a lasting bpffs for
 * libxdp, and where the installed BPF objects are. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/magic.h>

#include "base/diag.h"
#include "host.h"

#ifndef BPF_OBJECT_DIR
#define BPF_OBJECT_DIR "/usr/local/lib/bpf"
#endif

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1U << (cap % 32));
}

int xh_need_privileges(const char *what, const char *name, bool attach)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (syscall(SYS_capget, &hdr, data))
		return 0;	/* let the kernel decide */
	/* Finding programs and maps by id takes CAP_SYS_ADMIN, not CAP_BPF. */
	if (has_cap(data, CAP_SYS_ADMIN) &&
	    (!attach || has_cap(data, CAP_NET_ADMIN)))
		return 0;
	xh_err("Couldn't %s '%s': Operation not permitted (run as root: needs "
	       "CAP_SYS_ADMIN%s)", what, name,
	       attach ? " and CAP_NET_ADMIN" : "");
	return -EPERM;
}

static bool fs_is(const char *path, long magic)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == magic;
}

/* Same mount namespace as init? false if we cannot tell. */
static bool in_init_mount_ns(void)
{
	char self[64] = "", init[64] = "";

	if (readlink("/proc/self/ns/mnt", self, sizeof(self) - 1) < 0 ||
	    readlink("/proc/1/ns/mnt", init, sizeof(init) - 1) < 0)
		return false;
	return !strcmp(self, init);
}

int xh_ensure_bpffs(void)
{
	const char *dir = "/sys/fs/bpf";
	char path[64];
	int i;

	if (fs_is(dir, BPF_FS_MAGIC))
		return 0;
	/* 'ip netns exec' gave us a fresh /sys, but the system's bpffs, where
	 * libxdp keeps a dispatcher's pins, is still there under the root of
	 * init or of the shell that ran us */
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/proc/%d/root/sys/fs/bpf",
			 i ? (int)getppid() : 1);
		if (fs_is(path, BPF_FS_MAGIC)) {
			setenv("LIBXDP_BPFFS", path, 0);
			xh_debug("using the system's bpffs at %s", path);
			return 0;
		}
	}
	/* A bpffs mounted in a private mount namespace would vanish with it,
	 * and with it the pins that keep a dispatcher's programs attached:
	 * mount only where it lasts; elsewhere libxdp loads single programs. */
	if (in_init_mount_ns() &&
	    !mount("bpf", dir, "bpf", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		   "mode=0700")) {
		xh_debug("mounted bpffs at %s", dir);
		return 0;
	}
	xh_debug("no lasting bpffs: libxdp will attach single programs");
	return -ENOENT;
}

const char *xh_btf_hint(int err)
{
	/* libbpf: -ESRCH when it finds no vmlinux BTF for CO-RE */
	if (err == -ESRCH && access("/sys/kernel/btf/vmlinux", F_OK))
		return " (this kernel has no BTF, /sys/kernel/btf/vmlinux, which the "
		       "object reads when loaded: build it with -DHLOG_ALWAYS_ATOMIC=1)";
	return "";
}

const char *xh_load_hint(int err)
{
	const char *btf = xh_btf_hint(err);

	if (*btf)
		return btf;
	/* the verifier stops at a million instructions processed */
	if (err == -E2BIG)
		return " (too large or too complex for the verifier: a loop that "
		       "logs is verified once per turn, so bound it or move the "
		       "statement out; -vv shows the verifier's log)";
	if (err == -EACCES || err == -EINVAL)
		return " (the kernel's verifier refused it: run with -vv to see why)";
	return "";
}

int xh_object_path(const char *file, char *buf, size_t len)
{
	char exe[PATH_MAX];
	const char *env = getenv("XDP_HELLO_OBJECT_DIR");
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(buf, len, "%s/%s", env, file);
		return 0;
	}
	/* Run from the build tree: use the object built beside us. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/../xdp-prog/%s", exe, file);
			if (strstr(exe, "/xdp-hello-util") && !access(buf, R_OK))
				return 0;
		}
	}
	snprintf(buf, len, "%s/%s", BPF_OBJECT_DIR, file);
	return 0;
}

int xh_object_readable(const char *path)
{
	struct stat st;

	if (access(path, R_OK) || stat(path, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	return S_ISREG(st.st_mode) ? 0 : -EINVAL;
}
