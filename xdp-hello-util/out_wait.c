// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "out_wait.h"

void xh_out_wait(struct xh_out *o, long long ns)
{
	/* no events asked: poll reports only the error and hangup states,
	 * which a regular file never has, so it waits out the time there */
	struct pollfd pfd = { .fd = o->fd, .events = 0 };
	int ms = (int)((ns + 999999) / 1000000);

	if (poll(&pfd, 1, ms) <= 0 || o->broken)
		return;		/* timed out, or a signal: fine */
	if (pfd.revents & POLLERR)	/* a pipe's: no reader left */
		o->err = -EPIPE;
	else if (pfd.revents & POLLHUP)	/* a socket's peer, or a terminal */
		o->err = isatty(o->fd) ? -EIO : -EPIPE;
	else if (pfd.revents & POLLNVAL)
		o->err = -EBADF;
	else
		return;
	o->broken = true;
}
