// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "rings/ring.h"

/* the largest record log.h writes: header and 8 arguments of 64 bytes */
#define RECORD_MAX (sizeof(struct hlog_record) + HLOG_MAX_ARGS * HLOG_BYTES_MAX)

struct stage_ent {
	__u64 ts;
	__u32 len;
	unsigned char data[RECORD_MAX];
};

struct xh_stage {
	struct stage_ent *ents;
	size_t head, n, cap;	/* ents[head..n) waiting, oldest first */
};

static struct stage_ent *stage_insert(struct xh_stage *st, __u64 ts)
{
	struct stage_ent *e;
	size_t i;

	if (st->head == st->n) {
		st->head = st->n = 0;
	} else if (st->n == st->cap && st->head) {
		memmove(st->ents, st->ents + st->head,
			(st->n - st->head) * sizeof(*e));
		st->n -= st->head;
		st->head = 0;
	}
	if (st->n == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 64;

		e = realloc(st->ents, cap * sizeof(*e));
		if (!e)
			return NULL;
		st->ents = e;
		st->cap = cap;
	}
	/* nearly in order already: look for the place from the back */
	for (i = st->n; i > st->head && st->ents[i - 1].ts > ts; i--)
		;
	if (i < st->n)
		memmove(st->ents + i + 1, st->ents + i, (st->n - i) * sizeof(*e));
	st->n++;
	st->ents[i].ts = ts;
	return &st->ents[i];
}

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
	r->stage = calloc(1, sizeof(*r->stage));
	if (!r->stage) {
		xh_ring_close(r);
		return -ENOMEM;
	}
	return 0;
}

void xh_ring_close(struct xh_ring *r)
{
	if (r->consumer)
		munmap(r->consumer, r->page);
	if (r->producer)
		munmap(r->producer, r->page + 2 * r->size);
	if (r->stage)
		free(r->stage->ents);
	free(r->stage);
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
	s->stage = r->stage;
	s->cons = s->published = __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE);
	s->prod = s->cons;
}

/* Copies what is committed into the stage, up to a record in flight. */
void xh_shared_src_snapshot(struct xh_src *s)
{
	struct stage_ent *e;
	__u64 ts;

	s->prod = __atomic_load_n(s->producer, __ATOMIC_ACQUIRE);
	s->busy = false;
	while (s->cons < s->prod) {
		const unsigned char *rec = s->data + (s->cons & s->mask);
		__u32 hdr = __atomic_load_n((const __u32 *)rec, __ATOMIC_ACQUIRE);
		__u32 len = hdr & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);

		if (hdr & BPF_RINGBUF_BUSY_BIT) {
			s->busy = true;	/* reserved, not yet submitted */
			break;
		}
		rec += BPF_RINGBUF_HDR_SZ;
		if (!(hdr & BPF_RINGBUF_DISCARD_BIT)) {
			ts = 0;
			if (len >= sizeof(ts))	/* hlog_record starts with ts_ns */
				memcpy(&ts, rec, sizeof(ts));
			e = stage_insert(s->stage, ts);
			if (!e)
				break;	/* no memory: leave it in the ring */
			/* a longer one is malformed: the decoder says so */
			e->len = len < RECORD_MAX ? len : RECORD_MAX;
			memcpy(e->data, rec, e->len);
		}
		s->cons += (len + BPF_RINGBUF_HDR_SZ + 7) & ~7U;
	}
}

bool xh_shared_src_head(struct xh_src *s)
{
	struct xh_stage *st = s->stage;

	if (st->head == st->n)
		return false;
	s->rec = st->ents[st->head].data;
	s->len = st->ents[st->head].len;
	s->ts = st->ents[st->head].ts;
	return true;
}

void xh_shared_src_pop(struct xh_src *s)
{
	s->stage->head++;
}

void xh_shared_src_publish(struct xh_src *s)
{
	__atomic_store_n(s->consumer, (unsigned long)s->cons, __ATOMIC_RELEASE);
}
