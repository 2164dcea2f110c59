/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One reader per ring: a second would silently take half the records.
 * The lock is an abstract socket name (per network namespace, where the
 * interface and so the reader live): the kernel drops it when the reader
 * exits, however it exits, and no file is left behind.
 */
#ifndef XH_RING_LOCK_H
#define XH_RING_LOCK_H

#include "discover.h"

/* Takes p's lock: 0 with *fd the lock (or -1 where none can be taken, and
 * the ring is read anyway), or -EBUSY if another reader holds it. */
int xh_ring_lock(const struct xh_prog *p, int *fd);

#endif
