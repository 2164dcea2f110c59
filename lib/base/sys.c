// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/magic.h>

#include "base/diag.h"
#include "base/sys.h"


int xh_iface_resolve(const char *name, struct xh_iface *out)
{
	unsigned int idx;

	if (!name || !*name) {
		xh_err("Couldn't find interface '': empty name (see 'ip link show')");
		return -EINVAL;
	}
	if (strlen(name) >= IF_NAMESIZE) {
		xh_err("Couldn't find interface '%s': name longer than %d characters",
		       name, IF_NAMESIZE - 1);
		return -ENAMETOOLONG;
	}
	idx = if_nametoindex(name);
	if (!idx) {
		xh_err("Couldn't find interface '%s': %s (see 'ip link show')",
		       name, strerror(errno == ENXIO ? ENODEV : errno));
		return -ENODEV;
	}
	snprintf(out->name, sizeof(out->name), "%s", name);
	out->ifindex = (int)idx;
	return 0;
}

bool xh_iface_exists(int ifindex)
{
	char name[IF_NAMESIZE];

	return if_indextoname((unsigned int)ifindex, name) != NULL;
}

bool xh_iface_is_up(int ifindex)
{
	struct ifreq ifr = {};
	bool up = true;
	int fd;

	if (!if_indextoname((unsigned int)ifindex, ifr.ifr_name))
		return false;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return true;
	if (!ioctl(fd, SIOCGIFFLAGS, &ifr))
		up = ifr.ifr_flags & IFF_UP;
	close(fd);
	return up;
}

int xh_trace_pipe_path(char *buf, size_t len)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(buf, len, "%s/trace_pipe", dirs[i]);
		if (!access(buf, R_OK))
			return 0;
	}
	if (!mount("tracefs", dirs[0], "tracefs",
		   MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) {
		snprintf(buf, len, "%s/trace_pipe", dirs[0]);
		xh_debug("mounted tracefs at %s", dirs[0]);
		return 0;
	}
	xh_err("Couldn't open trace pipe '/sys/kernel/tracing/trace_pipe': %s "
	       "(is tracefs mounted? try 'mount -t tracefs nodev /sys/kernel/tracing')",
	       strerror(ENOENT));
	return -ENOENT;
}

