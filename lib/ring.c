// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "ring.h"

int xh_ring_open(struct xh_ring *r, int map_fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	void *p;

	memset(r, 0, sizeof(*r));
	if (bpf_obj_get_info_by_fd(map_fd, &info, &len))
		return -errno;
	if (info.type != BPF_MAP_TYPE_RINGBUF)
		return -EINVAL;
	r->page = (size_t)sysconf(_SC_PAGESIZE);
	r->size = info.max_entries;
	p = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r->consumer = p;
	/* the kernel maps the data area twice in a row: a record that wraps
	 * around the end reads as one piece */
	p = mmap(NULL, r->page + 2 * r->size, PROT_READ, MAP_SHARED, map_fd,
		 (off_t)r->page);
	if (p == MAP_FAILED) {
		munmap(r->consumer, r->page);
		r->consumer = NULL;
		return -errno;
	}
	r->producer = p;
	return 0;
}

void xh_ring_close(struct xh_ring *r)
{
	if (r->consumer)
		munmap(r->consumer, r->page);
	if (r->producer)
		munmap(r->producer, r->page + 2 * r->size);
	memset(r, 0, sizeof(*r));
}

void xh_ring_source(struct xh_ring *r, struct xh_src *s)
{
	memset(s, 0, sizeof(*s));
	s->kind = XH_SRC_SHARED;
	s->consumer = r->consumer;
	s->producer = r->producer;
	s->data = (const unsigned char *)r->producer + r->page;
	s->mask = r->size - 1;
	s->cons = s->published = __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE);
	s->prod = s->cons;
}

void xh_shared_src_snapshot(struct xh_src *s)
{
	s->prod = __atomic_load_n(s->producer, __ATOMIC_ACQUIRE);
	s->busy = false;
}

bool xh_shared_src_head(struct xh_src *s)
{
	while (s->cons < s->prod) {
		const unsigned char *rec = s->data + (s->cons & s->mask);
		__u32 hdr = __atomic_load_n((const __u32 *)rec, __ATOMIC_ACQUIRE);
		__u32 len = hdr & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		__u32 step = (len + BPF_RINGBUF_HDR_SZ + 7) & ~7U;

		if (hdr & BPF_RINGBUF_BUSY_BIT) {
			s->busy = true;	/* reserved, not yet submitted */
			return false;
		}
		if (hdr & BPF_RINGBUF_DISCARD_BIT) {
			s->cons += step;
			continue;
		}
		s->rec = rec + BPF_RINGBUF_HDR_SZ;
		s->len = len;
		s->step = step;
		s->ts = 0;
		if (len >= sizeof(__u64))	/* hlog_record starts with ts_ns */
			memcpy(&s->ts, s->rec, sizeof(s->ts));
		return true;
	}
	return false;
}

void xh_shared_src_publish(struct xh_src *s)
{
	__atomic_store_n(s->consumer, (unsigned long)s->cons, __ATOMIC_RELEASE);
}
