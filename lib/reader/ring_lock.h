/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One reader per ring: a second would silently take half the records.
 *
 * The lock is a BPF map of its own, a queue named "xhl_<ring map id>",
 * that the reader creates and holds: BPF ids are global (every network,
 * PID and mount namespace sees the same ones), only a process with CAP_BPF
 * can create a queue map (an unprivileged user cannot take the lock), and
 * the kernel frees the map, and with it the lock, when its holder exits,
 * however it exits (SIGKILL too). Two readers that start together both
 * create one; the map with the lower id wins, the other gives up at once.
 * Nothing ever waits for a lock.
 */
#ifndef XH_RING_LOCK_H
#define XH_RING_LOCK_H

#include "find/discover.h"

/* Takes p's lock: 0 with *fd the lock, or -EBUSY if another reader holds
 * it (said through diag.h, naming the holder where that can be said), or
 * another -errno if the lock could not be made. */
int xh_ring_lock(const struct xh_prog *p, int *fd);

#endif
