/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Call sites of a loaded program: level, format, file and line of each
 * hlog_*() call, read from the program's .rodata map and located by the
 * BTF variables named hlog_site_<n>. A record's site id is the variable's
 * distance from hlog__site_base in 8-byte steps (programs built before
 * that variable: the n in the name).
 */
#ifndef XH_SITES_H
#define XH_SITES_H

#include <stddef.h>
#include <linux/types.h>

struct btf;

struct xh_site_owner {
	__u32 id;
	char name[128];
};

struct xh_site {
	int valid;
	__u8 level;
	__u8 nargs;
	__u16 args_len;
	__u8 arg_types[8];
	__u8 arg_sizes[8];
	__u32 line;
	const char *fmt;
	__u32 fmt_len;
	int plain;		/* no arguments, no '%': the format is the text */
	const char *file;
	__u32 offset;		/* of its variable in .rodata */
	/* the program whose code it is in, if known (find/site_owners.h) */
	const struct xh_site_owner *owner;
};

struct xh_sites {
	struct xh_site *v;	/* indexed by site id */
	unsigned int n;
	char *data;		/* our copy of .rodata; fmt/file point into it */
	long base;		/* offset of HLOG_SITE_BASE_VAR, -1: none */
	struct xh_site_owner **owners;
	unsigned int nowners;
};

/* Parses sites from a copy of .rodata (data, size) described by datasec.
 * -E2BIG: two sites have one id (.rodata larger than the ids reach). */
int xh_sites_parse(struct xh_sites *s, const void *data, size_t size,
		   const struct btf *btf, __u32 datasec_type);
/* Reads the .rodata map of a loaded program and parses it. */
int xh_sites_load(struct xh_sites *s, int rodata_fd, __u32 value_size,
		  const struct btf *btf, __u32 datasec_type);
const struct xh_site *xh_sites_get(const struct xh_sites *s, unsigned int id);
/* The site whose variable is at this .rodata offset, or NULL. */
struct xh_site *xh_sites_at(struct xh_sites *s, __u32 offset);
void xh_sites_free(struct xh_sites *s);

#endif
