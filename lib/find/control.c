// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "base/btf_var.h"
#include "find/control.h"

static int config_offset(const struct xh_prog *p, __u32 *off)
{
	const struct btf_var_secinfo *vs;

	if (p->data_fd < 0)
		return -ENOENT;
	vs = xh_btf_var(p->btf, p->data_type, HLOG_CONFIG_VAR);
	if (!vs)
		return -ENOENT;
	if (vs->size != sizeof(struct hlog_config) ||
	    vs->offset + vs->size > p->data_size)
		return -EINVAL;
	*off = vs->offset;
	return 0;
}

/*
 * The program writes its own globals in .data too: rewriting the whole
 * section through the syscall could undo those writes. Where the map is
 * mmapable (libbpf makes global data so), touch only our bytes.
 */
static int config_access(const struct xh_prog *p, size_t field, __u32 *v,
			 bool write)
{
	struct bpf_map_info info = {};
	__u32 off, zero = 0, len = sizeof(info);
	size_t page = (size_t)sysconf(_SC_PAGESIZE), map_len;
	char *buf, *m;
	int err;

	err = config_offset(p, &off);
	if (err)
		return err;
	off += (__u32)field;
	if (!bpf_obj_get_info_by_fd(p->data_fd, &info, &len) &&
	    (info.map_flags & BPF_F_MMAPABLE)) {
		map_len = (p->data_size + page - 1) / page * page;
		m = mmap(NULL, map_len, PROT_READ | (write ? PROT_WRITE : 0),
			 MAP_SHARED, p->data_fd, 0);
		if (m != MAP_FAILED) {
			if (write)
				__atomic_store_n((__u32 *)(m + off), *v, __ATOMIC_RELAXED);
			else
				*v = __atomic_load_n((__u32 *)(m + off), __ATOMIC_RELAXED);
			munmap(m, map_len);
			return 0;
		}
	}
	buf = calloc(1, p->data_size);
	if (!buf)
		return -ENOMEM;
	if (bpf_map_lookup_elem(p->data_fd, &zero, buf)) {
		err = -errno;
	} else if (!write) {
		memcpy(v, buf + off, sizeof(*v));
	} else {
		memcpy(buf + off, v, sizeof(*v));
		if (bpf_map_update_elem(p->data_fd, &zero, buf, BPF_ANY))
			err = -errno;
	}
	free(buf);
	return err;
}

int xh_config_read(const struct xh_prog *p, struct hlog_config *cfg)
{
	int err = config_access(p, offsetof(struct hlog_config, level),
				&cfg->level, false);

	return err ? err : config_access(p, offsetof(struct hlog_config, printk),
					 &cfg->printk, false);
}

int xh_config_set(const struct xh_prog *p, size_t field, __u32 value)
{
	return config_access(p, field, &value, true);
}

/* One CPU's counters; a program built before the per-CPU rings has no
 * counts by level: its total goes to logged[HLOG_OFF]. */
static void stats_of_cpu(struct hlog_stats *v, const unsigned char *raw,
			 size_t size)
{
	__u64 old[HLOG_STATS_V1_SIZE / 8];

	memset(v, 0, sizeof(*v));
	if (size != HLOG_STATS_V1_SIZE) {
		memcpy(v, raw, size < sizeof(*v) ? size : sizeof(*v));
		return;
	}
	memcpy(old, raw, sizeof(old));
	v->packets = old[0];
	v->bytes = old[1];
	v->logged[HLOG_OFF] = old[2];
	memcpy(v->lost, &old[3], sizeof(v->lost));
}

/* Records of each CPU's own ring are counted on its producer line. */
static int add_cpu_logged(const struct xh_prog *p, struct hlog_stats *sum)
{
	struct hlog_cpu_pos pos;
	__u32 cpu;
	int j;

	for (cpu = 0; p->cpu_pos_fd >= 0 && cpu < p->ncpu_rings; cpu++) {
		if (bpf_map_lookup_elem(p->cpu_pos_fd, &cpu, &pos))
			return -errno;
		for (j = 1; j < HLOG_LEVEL_COUNT; j++)
			sum->logged[j] += pos.logged[j - 1];
	}
	return 0;
}

int xh_stats_read(const struct xh_prog *p, struct hlog_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus(), i, j;
	size_t stride = (p->stats_size + 7) & ~7U;
	struct hlog_stats v;
	unsigned char *all;
	__u32 zero = 0;
	int err = 0;

	memset(sum, 0, sizeof(*sum));
	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	if (!stride || stride > sizeof(v))
		return -EINVAL;
	all = calloc((size_t)ncpu, stride);
	if (!all)
		return -ENOMEM;
	if (bpf_map_lookup_elem(p->stats_fd, &zero, all)) {
		err = -errno;
		goto out;
	}
	for (i = 0; i < ncpu; i++) {
		stats_of_cpu(&v, all + (size_t)i * stride, p->stats_size);
		sum->packets += v.packets;
		sum->bytes += v.bytes;
		for (j = 0; j < HLOG_LEVEL_COUNT; j++) {
			sum->logged[j] += v.logged[j];
			sum->lost[j] += v.lost[j];
		}
		sum->overflow += v.overflow;
		sum->nested += v.nested;
	}
	err = add_cpu_logged(p, sum);
out:
	free(all);
	return err;
}

static __u64 all_levels(const __u64 *by_level)
{
	__u64 n = 0;
	int i;

	for (i = 0; i < HLOG_LEVEL_COUNT; i++)
		n += by_level[i];
	return n;
}

__u64 xh_stats_logged(const struct hlog_stats *s)
{
	return all_levels(s->logged);
}

__u64 xh_stats_lost(const struct hlog_stats *s)
{
	return all_levels(s->lost);
}
