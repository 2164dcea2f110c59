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
	r->mask = info.max_entries - 1;
	p = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r->consumer = p;
	/* the kernel maps the data area twice in a row: a record that wraps
	 * around the end reads as one piece */
	p = mmap(NULL, r->page + 2 * (size_t)info.max_entries, PROT_READ,
		 MAP_SHARED, map_fd, (off_t)r->page);
	if (p == MAP_FAILED) {
		munmap(r->consumer, r->page);
		r->consumer = NULL;
		return -errno;
	}
	r->producer = p;
	r->data = (unsigned char *)p + r->page;
	return 0;
}

void xh_ring_close(struct xh_ring *r)
{
	if (r->consumer)
		munmap(r->consumer, r->page);
	if (r->producer)
		munmap(r->producer, r->page + 2 * (r->mask + 1));
	memset(r, 0, sizeof(*r));
}

long xh_ring_consume(struct xh_ring *r, xh_ring_cb cb, void *ctx)
{
	unsigned long cons = __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE);
	unsigned long prod, start = cons;
	long n = 0;
	__u32 hdr, len;
	int stop = 0;

	prod = __atomic_load_n(r->producer, __ATOMIC_ACQUIRE);
	while (cons < prod && !stop) {
		const unsigned char *rec = r->data + (cons & r->mask);

		hdr = __atomic_load_n((const __u32 *)rec, __ATOMIC_ACQUIRE);
		if (hdr & BPF_RINGBUF_BUSY_BIT)
			break;	/* reserved, not yet submitted: later */
		len = hdr & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		if (!(hdr & BPF_RINGBUF_DISCARD_BIT)) {
			stop = cb(ctx, rec + BPF_RINGBUF_HDR_SZ, len);
			n++;
		}
		cons += (len + BPF_RINGBUF_HDR_SZ + 7) & ~7UL;
		/* give the producer room now and then in a long batch */
		if (cons - start >= 64 * 1024) {
			__atomic_store_n(r->consumer, cons, __ATOMIC_RELEASE);
			start = cons;
		}
	}
	if (cons != start)	/* one store for the whole batch */
		__atomic_store_n(r->consumer, cons, __ATOMIC_RELEASE);
	if (stop)
		return stop > 0 ? -stop : stop;
	return n;
}
