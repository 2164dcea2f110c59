// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include <xdp_hello/record.h>
#include "decode/escape.h"
#include "base/btf_var.h"
#include "decode/sites.h"

#define MAX_SITES 65536

/* The number in "hlog_site_<n>", possibly prefixed "<function>." for a
 * local static; -1 if the name is not a call site's. */
static long site_number(const char *name)
{
	const char *p = name ? strstr(name, HLOG_SITE_PREFIX) : NULL;
	char *end;
	long id;

	if (!p)
		return -1;
	p += strlen(HLOG_SITE_PREFIX);
	if (*p < '0' || *p > '9')
		return -1;
	id = strtol(p, &end, 10);
	if (*end || id >= MAX_SITES)
		return -1;
	return id;
}

/* Offset of HLOG_SITE_BASE_VAR in the section, or -1: a program built
 * before it, whose site ids are the numbers in the names. */
static long base_offset(const struct btf *btf, __u32 datasec_type)
{
	const struct btf_var_secinfo *vs;

	vs = xh_btf_var(btf, datasec_type, HLOG_SITE_BASE_VAR);
	return vs ? (long)vs->offset : -1;
}

/* The site id of a variable at offset: its distance from the base in
 * 8-byte steps, modulo 2^16 (log.h's HLOG__HDR) */
static long offset_id(__u32 offset, long base)
{
	return (unsigned long)(((long)offset - base) / 8) & (MAX_SITES - 1);
}

/* The id records of this site carry: offset_id, or the number in the
 * name of a site of a program built before the base. */
static long site_id(const char *name, __u32 offset, long base)
{
	long n = site_number(name);

	if (n < 0 || base < 0)
		return n;
	return offset_id(offset, base);
}

static int grow(struct xh_sites *s, unsigned int n)
{
	struct xh_site *v;

	if (n <= s->n)
		return 0;
	v = realloc(s->v, n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memset(v + s->n, 0, (n - s->n) * sizeof(*v));
	s->v = v;
	s->n = n;
	return 0;
}

static void parse_one(struct xh_site *site, const char *var, __u32 size)
{
	struct hlog_site_desc d;
	const char *text = var + sizeof(d), *end = var + size, *nul;
	unsigned int i, sum = 0;

	if (size < sizeof(d) + 2)
		return;
	memcpy(&d, var, sizeof(d));
	if (d.magic != HLOG_SITE_MAGIC || d.nargs > HLOG_MAX_ARGS ||
	    d.level >= HLOG_LEVEL_COUNT)
		return;
	for (i = 0; i < d.nargs; i++) {
		if (d.arg_types[i] < HLOG_ARG_UINT ||
		    d.arg_types[i] > HLOG_ARG_BYTES ||
		    !d.arg_sizes[i] || d.arg_sizes[i] > HLOG_BYTES_MAX)
			return;
		sum += d.arg_sizes[i];
	}
	if (sum != d.args_len)
		return;
	nul = memchr(text, '\0', end - text);
	if (!nul || nul + 1 >= end || !memchr(nul + 1, '\0', end - nul - 1))
		return;
	site->level = d.level;
	site->nargs = d.nargs;
	site->args_len = d.args_len;
	memcpy(site->arg_types, d.arg_types, sizeof(site->arg_types));
	memcpy(site->arg_sizes, d.arg_sizes, sizeof(site->arg_sizes));
	site->line = d.line;
	site->fmt = text;
	site->fmt_len = (__u32)(nul - text);
	site->plain = !d.nargs && !memchr(text, '%', site->fmt_len) &&
		      xh_escape_clean(text, site->fmt_len, true);
	site->file = nul + 1;
	site->valid = 1;
}

int xh_sites_parse(struct xh_sites *s, const void *data, size_t size,
		   const struct btf *btf, __u32 datasec_type)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec, *var;
	long id, base;
	int i, err;

	memset(s, 0, sizeof(*s));
	sec = btf ? btf__type_by_id(btf, datasec_type) : NULL;
	if (!sec || !btf_is_datasec(sec))
		return -EINVAL;
	s->data = malloc(size ? size : 1);
	if (!s->data)
		return -ENOMEM;
	memcpy(s->data, data, size);
	base = s->base = base_offset(btf, datasec_type);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		var = btf__type_by_id(btf, vs->type);
		if (!var || !btf_is_var(var))
			continue;
		id = site_id(btf__name_by_offset(btf, var->name_off), vs->offset, base);
		if (id < 0 || vs->offset > size || vs->size > size - vs->offset)
			continue;
		err = grow(s, (unsigned int)id + 1);
		if (err)
			goto fail;
		/* two sites, one id: .rodata spans more than the ids do */
		err = -E2BIG;
		if (s->v[id].valid)
			goto fail;
		parse_one(&s->v[id], s->data + vs->offset, vs->size);
		s->v[id].offset = vs->offset;
	}
	return 0;
fail:
	xh_sites_free(s);
	return err;
}

int xh_sites_load(struct xh_sites *s, int rodata_fd, __u32 value_size,
		  const struct btf *btf, __u32 datasec_type)
{
	__u32 zero = 0;
	void *buf;
	int err;

	memset(s, 0, sizeof(*s));
	if (rodata_fd < 0)
		return -ENOENT;
	buf = calloc(1, value_size ? value_size : 1);
	if (!buf)
		return -ENOMEM;
	if (bpf_map_lookup_elem(rodata_fd, &zero, buf))
		err = -errno;
	else
		err = xh_sites_parse(s, buf, value_size, btf, datasec_type);
	free(buf);
	return err;
}

struct xh_site *xh_sites_at(struct xh_sites *s, __u32 offset)
{
	long id;

	if (s->base < 0)
		return NULL;
	id = offset_id(offset, s->base);
	if (id >= s->n || !s->v[id].valid || s->v[id].offset != offset)
		return NULL;
	return &s->v[id];
}

const struct xh_site *xh_sites_get(const struct xh_sites *s, unsigned int id)
{
	if (id >= s->n || !s->v[id].valid)
		return NULL;
	return &s->v[id];
}

void xh_sites_free(struct xh_sites *s)
{
	unsigned int i;

	for (i = 0; i < s->nowners; i++)
		free(s->owners[i]);
	free(s->v);
	free(s->data);
	free(s->owners);
	memset(s, 0, sizeof(*s));
}
