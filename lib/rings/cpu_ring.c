// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "rings/cpu_ring.h"

static int map_info(int fd, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len))
		return -errno;
	if (info->type != BPF_MAP_TYPE_ARRAY || !(info->map_flags & BPF_F_MMAPABLE))
		return -EINVAL;
	return 0;
}

int xh_ring_sizes(int rings_fd, int pos_fd, int shared_fd, __u64 *cpu_ring,
		  __u64 *shared)
{
	struct bpf_map_info ri, pi, si = {};
	__u32 len = sizeof(si);

	*cpu_ring = *shared = 0;
	if (bpf_obj_get_info_by_fd(shared_fd, &si, &len))
		return -errno;
	*shared = si.max_entries;
	if (rings_fd < 0 || pos_fd < 0)
		return 0;
	if (map_info(rings_fd, &ri) || map_info(pos_fd, &pi) || !pi.max_entries)
		return -EINVAL;
	*cpu_ring = (__u64)ri.max_entries / pi.max_entries * ri.value_size;
	return 0;
}

static size_t page_up(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (n + page - 1) / page * page;
}

int xh_cpu_rings_open(struct xh_cpu_rings *cr, int rings_fd, int pos_fd)
{
	struct bpf_map_info ri, pi;
	__u64 chunks;
	void *p;
	int err;

	memset(cr, 0, sizeof(*cr));
	err = map_info(rings_fd, &ri);
	if (!err)
		err = map_info(pos_fd, &pi);
	if (err)
		return err;
	if (ri.value_size > HLOG_CHUNK_SIZE || ri.value_size < 64 ||
	    (ri.value_size & (ri.value_size - 1)) ||
	    pi.value_size != sizeof(struct hlog_cpu_pos) || !pi.max_entries ||
	    ri.max_entries % pi.max_entries)
		return -EINVAL;
	chunks = ri.max_entries / pi.max_entries;
	if (chunks & (chunks - 1))	/* a power of two, as log.h demands */
		return -EINVAL;
	cr->ncpus = pi.max_entries;
	cr->chunk = ri.value_size;
	cr->ring_size = chunks * cr->chunk;
	cr->data_len = (size_t)ri.max_entries * cr->chunk;
	cr->pos_len = page_up((size_t)pi.max_entries * sizeof(struct hlog_cpu_pos));
	p = mmap(NULL, cr->data_len, PROT_READ, MAP_SHARED, rings_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	cr->data = p;
	p = mmap(NULL, cr->pos_len, PROT_READ | PROT_WRITE, MAP_SHARED, pos_fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		xh_cpu_rings_close(cr);
		return err;
	}
	cr->pos = p;
	return 0;
}

void xh_cpu_rings_close(struct xh_cpu_rings *cr)
{
	if (cr->data)
		munmap(cr->data, cr->data_len);
	if (cr->pos)
		munmap(cr->pos, cr->pos_len);
	memset(cr, 0, sizeof(*cr));
}

void xh_cpu_rings_source(struct xh_cpu_rings *cr, __u32 cpu, struct xh_src *s)
{
	memset(s, 0, sizeof(*s));
	s->kind = XH_SRC_CPU;
	s->pos = &cr->pos[cpu];
	s->data = cr->data + cpu * cr->ring_size;
	s->mask = cr->ring_size - 1;
	s->chunk = cr->chunk;
	s->cons = __atomic_load_n(&s->pos->cons, __ATOMIC_ACQUIRE);
	s->prod = __atomic_load_n(&s->pos->prod, __ATOMIC_ACQUIRE);
	/* a position left by a reader that did not follow the rules */
	if ((s->cons & 7) || s->cons > s->prod || s->prod - s->cons > cr->ring_size)
		s->cons = s->prod;
	s->published = s->cons;
	s->prod = s->cons;
}

/* busy first: a CPU seen idle has published everything it wrote (log.h,
 * step 5 comes after step 4), so the prod read next covers it. */
void xh_cpu_src_snapshot(struct xh_src *s)
{
	s->busy = __atomic_load_n(&s->pos->busy, __ATOMIC_ACQUIRE) != 0;
	s->prod = __atomic_load_n(&s->pos->prod, __ATOMIC_ACQUIRE);
}

bool xh_cpu_src_head(struct xh_src *s)
{
	const __u64 hdr = sizeof(struct hlog_record);

	while (s->cons < s->prod) {
		const unsigned char *rec = s->data + (s->cons & s->mask);
		__u64 in_chunk = s->chunk - (s->cons & (s->chunk - 1));
		struct hlog_record r;

		memcpy(&r.ts_ns, rec, sizeof(r.ts_ns));
		if (r.ts_ns == HLOG_PAD_MARK) {	/* the rest of the chunk is unused */
			s->cons += in_chunk;
			continue;
		}
		if (in_chunk < hdr || s->prod - s->cons < hdr)
			goto corrupt;
		memcpy(&r, rec, sizeof(r));
		s->step = (__u32)((hdr + r.args_len + 7) & ~7ULL);
		if (s->step > in_chunk || s->step > s->prod - s->cons)
			goto corrupt;
		s->rec = rec;
		s->len = s->step;
		s->ts = r.ts_ns;
		return true;
	}
	return false;
corrupt:
	/* Positions that do not frame records (only a writer that does not
	 * follow log.h makes them): skip to what the producer published. */
	s->bad++;
	s->cons = s->prod;
	return false;
}

void xh_cpu_src_publish(struct xh_src *s)
{
	/* release: our reads of the records are done before the producer
	 * may see their space as free (log.h, step 2) */
	__atomic_store_n(&s->pos->cons, s->cons, __ATOMIC_RELEASE);
}
