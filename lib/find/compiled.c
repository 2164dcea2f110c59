// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "base/btf_var.h"
#include "find/compiled.h"
#include "find/discover.h"
#include "find/site_owners.h"
#include "decode/sites.h"

int xh_ceiling_parse(const struct btf *btf, const void *data, size_t size)
{
	const struct btf_var_secinfo *vs;
	__u32 level;

	vs = xh_btf_var_in(btf, ".rodata", HLOG_MAX_LEVEL_VAR);
	if (!vs || !data || vs->size != sizeof(level) ||
	    vs->offset > size || size - vs->offset < sizeof(level))
		return -ENOENT;
	memcpy(&level, (const char *)data + vs->offset, sizeof(level));
	return level < HLOG_LEVEL_COUNT ? (int)level : -ENOENT;
}

/* The .rodata map's bytes (malloc'ed), or NULL. */
static void *read_rodata(int fd, __u32 size)
{
	__u32 zero = 0;
	void *buf;

	if (fd < 0 || !size)
		return NULL;
	buf = calloc(1, size);
	if (buf && bpf_map_lookup_elem(fd, &zero, buf)) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

int xh_prog_ceiling(const struct xh_prog *p)
{
	void *data = read_rodata(p->rodata_fd, p->rodata_size);
	int level = xh_ceiling_parse(p->btf, data, p->rodata_size);

	free(data);
	return level;
}

/* The highest level of the sites of program id (of them all if none is
 * known to be its own), -ENOENT if there is none. */
static int top_level(const struct xh_sites *sites, __u32 id, bool any)
{
	const struct xh_site *site;
	int top = -ENOENT;
	unsigned int i;

	for (i = 0; i < sites->n; i++) {
		site = xh_sites_get(sites, i);
		if (site && (any || (site->owner && site->owner->id == id)) &&
		    site->level > top)
			top = site->level;
	}
	return top;
}

int xh_prog_top_site_level(const struct xh_prog *p)
{
	struct xh_sites sites;
	int top;

	if (xh_sites_load(&sites, p->rodata_fd, p->rodata_size, p->btf,
			  p->rodata_type))
		return -ENOENT;
	/* programs of one object share .rodata: only this one's sites */
	xh_sites_owners(&sites, p->rodata_fd, p->id);
	top = top_level(&sites, p->id, false);
	if (top == -ENOENT)
		top = top_level(&sites, p->id, true);
	xh_sites_free(&sites);
	return top;
}

int xh_prog_compiled(__u32 id, struct xh_compiled *c)
{
	struct xh_prog p;
	int err = xh_prog_open_any(id, &p);

	c->has_btf = c->includes_log_h = false;
	c->ceiling = -ENOENT;
	if (err)
		return err;
	c->has_btf = p.btf != NULL;
	c->includes_log_h = xh_btf_var_in(p.btf, ".maps", HLOG_RING_MAP) ||
			    xh_btf_var_in(p.btf, ".data", HLOG_CONFIG_VAR);
	c->ceiling = xh_prog_ceiling(&p);
	xh_prog_close(&p);
	return 0;
}
