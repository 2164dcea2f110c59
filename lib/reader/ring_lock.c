// SPDX-License-Identifier: GPL-2.0
/* The reader lock: see ring_lock.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>

#include "base/diag.h"
#include "reader/ring_lock.h"

#define LOCK_PREFIX "xhl_"

/* What the lock says about its holder, for the refusal of the next one. */
struct holder {
	__u32 pid;		/* in the holder's PID namespace */
	__u32 pad;
	__u64 pidns;		/* inode of that namespace, 0 if unknown */
};

static __u64 pidns_ino(void)
{
	struct stat st;

	return stat("/proc/self/ns/pid", &st) ? 0 : (__u64)st.st_ino;
}

/* The lock map of fd if it is one for name: a queue of struct holder
 * (queues need CAP_BPF, so an unprivileged user cannot make one). */
static bool is_lock(int fd, const char *name, __u32 *id)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return false;
	*id = info.id;
	return info.type == BPF_MAP_TYPE_QUEUE &&
	       info.value_size == sizeof(struct holder) &&
	       !strncmp(info.name, name, sizeof(info.name));
}

/* "(pid 123)", "(this process)", or "(in another PID namespace)". */
static void describe(int fd, char *buf, size_t len)
{
	struct holder h = {};

	if (bpf_map_lookup_elem(fd, NULL, &h) || !h.pid) {
		buf[0] = '\0';
		return;
	}
	if (h.pidns != pidns_ino() || !h.pidns)
		snprintf(buf, len, " (in another PID namespace)");
	else if (h.pid == (__u32)getpid())
		snprintf(buf, len, " (this process)");
	else
		snprintf(buf, len, " (pid %u)", h.pid);
}

/* Looks for a lock on the same ring older than ours (lower id): fills who
 * and returns true if there is one. */
static bool older_lock(const char *name, __u32 mine, char *who, size_t len)
{
	__u32 id = 0, lid;
	bool found = false;
	int fd;

	while (!found && !bpf_map_get_next_id(id, &id)) {
		if (id == mine)
			continue;
		fd = bpf_map_get_fd_by_id(id);
		if (fd < 0)	/* gone meanwhile */
			continue;
		if (is_lock(fd, name, &lid) && lid < mine) {
			describe(fd, who, len);
			found = true;
		}
		close(fd);
	}
	return found;
}

int xh_ring_lock(const struct xh_prog *p, int *lock_fd)
{
	struct holder me = { .pid = (__u32)getpid(), .pidns = pidns_ino() };
	char name[BPF_OBJ_NAME_LEN], where[XH_WHERE_MAX], who[64];
	__u32 mine;
	int fd, err;

	*lock_fd = -1;
	snprintf(name, sizeof(name), LOCK_PREFIX "%u", p->ring_id);
	fd = bpf_map_create(BPF_MAP_TYPE_QUEUE, name, 0, sizeof(me), 1, NULL);
	if (fd < 0) {
		err = -errno;
		xh_err("Couldn't lock the rings of %s: %s (reading needs CAP_BPF)",
		       xh_prog_where(p, where, sizeof(where)), strerror(-err));
		return err;
	}
	if (bpf_map_update_elem(fd, NULL, &me, BPF_ANY) || !is_lock(fd, name, &mine)) {
		err = -errno;
		close(fd);
		xh_err("Couldn't lock the rings of %s: %s",
		       xh_prog_where(p, where, sizeof(where)), strerror(-err));
		return err;
	}
	if (older_lock(name, mine, who, sizeof(who))) {
		close(fd);
		xh_err("Couldn't read messages of %s: another reader%s is reading "
		       "them (stop it first: two readers would split the messages)",
		       xh_prog_where(p, where, sizeof(where)), who);
		return -EBUSY;
	}
	*lock_fd = fd;
	return 0;
}
