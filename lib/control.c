// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "control.h"

static int config_offset(const struct xh_prog *p, __u32 *off)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec, *var;
	int i;

	if (p->data_fd < 0 || !p->btf)
		return -ENOENT;
	sec = btf__type_by_id(p->btf, p->data_type);
	if (!sec || !btf_is_datasec(sec))
		return -ENOENT;
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		var = btf__type_by_id(p->btf, vs->type);
		if (!var || !btf_is_var(var) ||
		    strcmp(btf__name_by_offset(p->btf, var->name_off),
			   HLOG_CONFIG_VAR))
			continue;
		if (vs->size != sizeof(struct hlog_config) ||
		    vs->offset + vs->size > p->data_size)
			return -EINVAL;
		*off = vs->offset;
		return 0;
	}
	return -ENOENT;
}

static int config_rw(const struct xh_prog *p, struct hlog_config *cfg,
		     bool write)
{
	__u32 off, zero = 0;
	char *buf;
	int err;

	err = config_offset(p, &off);
	if (err)
		return err;
	buf = calloc(1, p->data_size);
	if (!buf)
		return -ENOMEM;
	if (bpf_map_lookup_elem(p->data_fd, &zero, buf)) {
		err = -errno;
		goto out;
	}
	if (!write) {
		memcpy(cfg, buf + off, sizeof(*cfg));
		goto out;
	}
	memcpy(buf + off, cfg, sizeof(*cfg));
	if (bpf_map_update_elem(p->data_fd, &zero, buf, BPF_ANY))
		err = -errno;
out:
	free(buf);
	return err;
}

int xh_config_read(const struct xh_prog *p, struct hlog_config *cfg)
{
	return config_rw(p, cfg, false);
}

int xh_config_write(const struct xh_prog *p, const struct hlog_config *cfg)
{
	struct hlog_config c = *cfg;

	return config_rw(p, &c, true);
}

int xh_stats_read(const struct xh_prog *p, struct hlog_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus(), i, j;
	struct hlog_stats *v;
	__u32 zero = 0;
	int err = 0;

	memset(sum, 0, sizeof(*sum));
	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(p->stats_fd, &zero, v)) {
		err = -errno;
		goto out;
	}
	for (i = 0; i < ncpu; i++) {
		sum->packets += v[i].packets;
		sum->bytes += v[i].bytes;
		sum->records += v[i].records;
		for (j = 0; j < HLOG_LEVEL_COUNT; j++)
			sum->lost[j] += v[i].lost[j];
	}
out:
	free(v);
	return err;
}

__u64 xh_stats_lost(const struct hlog_stats *s)
{
	__u64 n = 0;
	int i;

	for (i = 0; i < HLOG_LEVEL_COUNT; i++)
		n += s->lost[i];
	return n;
}
