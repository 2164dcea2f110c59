// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include "rate_limit.h"

#define NS_PER_S 1000000000ULL

int xh_rl_init(struct xh_rate_limit *rl, unsigned long per_s,
	       unsigned int nsites, xh_rl_say say, void *ctx)
{
	rl->per_s = per_s;
	rl->n = nsites;
	rl->say = say;
	rl->ctx = ctx;
	rl->v = NULL;
	if (!per_s)
		return 0;
	rl->v = calloc(nsites + 1, sizeof(*rl->v));
	return rl->v ? 0 : -ENOMEM;
}

void xh_rl_free(struct xh_rate_limit *rl)
{
	free(rl->v);
	rl->v = NULL;
}

static void say(struct xh_rate_limit *rl, unsigned int site)
{
	rl->say(rl->ctx, site, rl->v[site].suppressed, rl->v[site].window);
	rl->v[site].suppressed = 0;
}

bool xh_rl_over(struct xh_rate_limit *rl, unsigned int site, __u64 ts_ns)
{
	struct xh_rl_site *st;
	__u64 w = ts_ns / NS_PER_S;

	if (!rl->per_s || site > rl->n)
		return false;
	st = &rl->v[site];
	if (w != st->window) {
		if (st->suppressed)
			say(rl, site);
		st->window = w;
		st->count = 0;
	}
	if (++st->count <= rl->per_s)
		return false;
	st->suppressed++;
	return true;
}

void xh_rl_flush(struct xh_rate_limit *rl, __u64 now_s, bool all)
{
	unsigned int k;

	for (k = 0; rl->v && k <= rl->n; k++)
		if (rl->v[k].suppressed && (all || rl->v[k].window < now_s))
			say(rl, k);
}
