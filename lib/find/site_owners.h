/* SPDX-License-Identifier: GPL-2.0 */
/* Which loaded program each call site's code is in (programs of one
 * object share their sites and rings). */
#ifndef XH_SITE_OWNERS_H
#define XH_SITE_OWNERS_H

#include <linux/types.h>
#include "decode/sites.h"

/* Names the program of each site of s: the loaded programs that use the
 * .rodata map rodata_fd, program first_id first. */
void xh_sites_owners(struct xh_sites *s, int rodata_fd, __u32 first_id);

#endif
