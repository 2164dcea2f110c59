// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* struct ucred */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "diag.h"
#include "ring_lock.h"

/* Anyone may take an abstract name: only a root holder counts. */
static bool held_by_root(const struct sockaddr_un *sa, socklen_t len, __u32 ring)
{
	struct ucred cred = {};
	socklen_t clen = sizeof(cred);
	bool root = true;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return true;
	if (!connect(fd, (const struct sockaddr *)sa, len) &&
	    !getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) &&
	    cred.uid != 0) {
		xh_debug("ignoring a lock on ring %u held by uid %u", ring, cred.uid);
		root = false;
	}
	close(fd);
	return root;
}

int xh_ring_lock(const struct xh_prog *p, int *lock_fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char where[XH_WHERE_MAX];
	socklen_t len;
	int fd, n;

	*lock_fd = -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;	/* cannot guard: read anyway */
	n = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1,
		     "xdp-hello/ring/%u", p->ring_id);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	if (!bind(fd, (struct sockaddr *)&sa, len) && !listen(fd, 1)) {
		*lock_fd = fd;
		return 0;
	}
	close(fd);
	if (errno != EADDRINUSE || !held_by_root(&sa, len, p->ring_id))
		return 0;
	xh_err("Couldn't read messages of %s: another reader is reading them "
	       "(stop it first: two readers would split the messages)",
	       xh_prog_where(p, where, sizeof(where)));
	return -EBUSY;
}
