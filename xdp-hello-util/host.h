/* SPDX-License-Identifier: GPL-2.0 */
/* The machine around the utility: privileges, bpffs, object paths. */
#ifndef XH_HOST_H
#define XH_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sys.h"

/* Checks CAP_SYS_ADMIN (and CAP_NET_ADMIN when attaching); prints
 * "Couldn't <what> '<name>': Operation not permitted (run as root ...)",
 * name whole (an interface, "id 42", a pin's path, an object). */
int xh_need_privileges(const char *what, const char *name, bool attach);

/* Points libxdp at a lasting bpffs: /sys/fs/bpf, or the system's one seen
 * through /proc/1/root when 'ip netns exec' gave us a fresh /sys, or one
 * mounted at /sys/fs/bpf in the init mount namespace. -ENOENT if none:
 * libxdp then attaches single programs (no dispatcher). */
int xh_ensure_bpffs(void);
/* A hint for an object that failed to load with err because this kernel
 * has no BTF, which hlog objects read when they are loaded (log.h, CO-RE);
 * "" otherwise. */
const char *xh_btf_hint(int err);
/* The hint for an object the kernel would not load (err): no BTF, too
 * large or complex for the verifier, refused by it; "" otherwise. */
const char *xh_load_hint(int err);
/* Default path of an installed BPF object (env, build tree, BPF_OBJECT_DIR). */
int xh_object_path(const char *file, char *buf, size_t len);
/* 0 if path is a file we can read, else -errno (-EISDIR for a directory,
 * which libbpf would call "something wrong in libelf"). */
int xh_object_readable(const char *path);

#endif
