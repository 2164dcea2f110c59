// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "find/compiled.h"
#include "find/discover.h"
#include "find/site_owners.h"
#include "decode/sites.h"

/* A corrupt BTF may have names out of its strings: NULL, never equal. */
static bool name_is(const struct btf *btf, __u32 off, const char *name)
{
	const char *s = btf__name_by_offset(btf, off);

	return s && !strcmp(s, name);
}

/* The variable called name in btf, and its place in its DATASEC. */
static const struct btf_var_secinfo *find_var(const struct btf *btf,
					      const char *sec_name,
					      const char *name)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec, *var;
	int id, i;

	id = btf ? btf__find_by_name_kind(btf, sec_name, BTF_KIND_DATASEC) : -1;
	sec = id > 0 ? btf__type_by_id(btf, id) : NULL;
	if (!sec)
		return NULL;
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		var = btf__type_by_id(btf, vs->type);
		if (var && btf_is_var(var) && name_is(btf, var->name_off, name))
			return vs;
	}
	return NULL;
}

int xh_ceiling_parse(const struct btf *btf, const void *data, size_t size)
{
	const struct btf_var_secinfo *vs;
	__u32 level;

	vs = find_var(btf, ".rodata", HLOG_MAX_LEVEL_VAR);
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

bool xh_btf_has_sites(const struct btf *btf)
{
	const struct btf_type *t;
	const char *name;
	__u32 i, n = btf ? btf__type_cnt(btf) : 0;

	for (i = 1; i < n; i++) {
		t = btf__type_by_id(btf, i);
		name = btf_is_var(t) ? btf__name_by_offset(btf, t->name_off) : NULL;
		if (name && strstr(name, HLOG_SITE_PREFIX))
			return true;
	}
	return false;
}

/* libbpf names it "<object>.rodata"; ".rodata.str1.1" is another map */
static bool is_rodata(const char *name)
{
	size_t n = strlen(name), k = strlen(".rodata");

	return n >= k && !strcmp(name + n - k, ".rodata");
}

/* The .rodata map among the program's maps, read: its ceiling. */
static int ceiling_of_maps(const struct btf *btf, const __u32 *ids, __u32 n)
{
	struct bpf_map_info info;
	__u32 len, i;
	void *data;
	int fd, level = -ENOENT;

	for (i = 0; i < n && level == -ENOENT; i++) {
		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    is_rodata(info.name)) {
			data = read_rodata(fd, info.value_size);
			level = xh_ceiling_parse(btf, data, info.value_size);
			free(data);
		}
		close(fd);
	}
	return level;
}

int xh_prog_compiled(__u32 id, struct xh_compiled *c)
{
	__u32 ids[XH_MAX_MAPS], len = sizeof(struct bpf_prog_info), n;
	struct bpf_prog_info info = {};
	struct btf *btf = NULL;
	int fd, err = 0;

	c->has_btf = false;
	c->includes_log_h = false;
	c->ceiling = -ENOENT;
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	info.nr_map_ids = XH_MAX_MAPS;
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto out;
	}
	if (info.btf_id)
		btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf || libbpf_get_error(btf)) {
		btf = NULL;
		goto out;	/* no BTF: nothing says it includes log.h */
	}
	c->has_btf = true;
	c->includes_log_h = find_var(btf, ".maps", HLOG_RING_MAP) ||
			    find_var(btf, ".data", HLOG_CONFIG_VAR);
	n = info.nr_map_ids < XH_MAX_MAPS ? info.nr_map_ids : XH_MAX_MAPS;
	c->ceiling = ceiling_of_maps(btf, ids, n);
out:
	btf__free(btf);
	close(fd);
	return err;
}
