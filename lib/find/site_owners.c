// SPDX-License-Identifier: GPL-2.0
/*
 * Which program each call site belongs to. Programs of one object share
 * hlog's maps and .rodata, and a record does not say which program wrote
 * it; the call site does: its code loads the site's address, which the
 * kernel shows in the program's instructions as (.rodata map id, offset).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "find/discover.h"
#include "find/site_owners.h"

#define MAX_MAP_IDS 64

static bool uses_map(int fd, __u32 map_id)
{
	__u32 ids[MAX_MAP_IDS], len, i;
	struct bpf_prog_info info;

	len = sizeof(info);
	memset(&info, 0, len);
	info.nr_map_ids = MAX_MAP_IDS;
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return false;
	for (i = 0; i < info.nr_map_ids && i < MAX_MAP_IDS; i++)
		if (ids[i] == map_id)
			return true;
	return false;
}

/* The program's instructions as the kernel shows them; NULL if it won't. */
static struct bpf_insn *xlated(int fd, __u32 *n)
{
	struct bpf_prog_info info;
	struct bpf_insn *insns;
	__u32 len = sizeof(info), size;

	memset(&info, 0, len);
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.xlated_prog_len)
		return NULL;
	size = info.xlated_prog_len;
	insns = malloc(size);
	if (!insns)
		return NULL;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = size;
	info.xlated_prog_insns = (__u64)(unsigned long)insns;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.xlated_prog_len > size) {
		free(insns);
		return NULL;
	}
	*n = info.xlated_prog_len / sizeof(*insns);
	return insns;
}

/* A new owner (its address stays put: sites point to it) */
static struct xh_site_owner *owner_new(struct xh_sites *s, __u32 prog_id)
{
	struct xh_site_owner **v, *o = calloc(1, sizeof(*o));

	v = o ? realloc(s->owners, (s->nowners + 1) * sizeof(*v)) : NULL;
	if (!v) {
		free(o);
		return NULL;
	}
	s->owners = v;
	v[s->nowners++] = o;
	o->id = prog_id;
	if (xh_prog_name(prog_id, o->name, sizeof(o->name)))
		snprintf(o->name, sizeof(o->name), "id %u", prog_id);
	return o;
}

/* Marks the sites program fd loads the address of as its own (the first
 * program found keeps a site that several use). */
static void claim_sites(struct xh_sites *s, int fd, __u32 prog_id, __u32 map_id)
{
	struct xh_site_owner *owner = NULL;
	struct xh_site *site;
	struct bpf_insn *in;
	__u32 n = 0, i;

	in = xlated(fd, &n);
	for (i = 0; in && i + 1 < n; i++) {
		if (in[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (in[i].src_reg == BPF_PSEUDO_MAP_VALUE && (__u32)in[i].imm == map_id) {
			site = xh_sites_at(s, (__u32)in[i + 1].imm);
			if (site && !site->owner) {
				if (!owner)
					owner = owner_new(s, prog_id);
				site->owner = owner;
			}
		}
		i++;	/* the second half of the load */
	}
	free(in);
}

void xh_sites_owners(struct xh_sites *s, int rodata_fd, __u32 first_id)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info), id = 0;
	int fd;

	memset(&info, 0, len);
	if (!s->n || bpf_obj_get_info_by_fd(rodata_fd, &info, &len))
		return;
	fd = bpf_prog_get_fd_by_id(first_id);
	if (fd >= 0) {
		claim_sites(s, fd, first_id, info.id);
		close(fd);
	}
	while (!bpf_prog_get_next_id(id, &id)) {
		if (id == first_id)
			continue;
		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0)
			continue;
		if (uses_map(fd, info.id))
			claim_sites(s, fd, id, info.id);
		close(fd);
	}
}
