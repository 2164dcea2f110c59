/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What log.h compiled into a program: its ceiling (HLOG_MAX_LEVEL, the
 * read-only HLOG_MAX_LEVEL_VAR), the levels of its call sites, and, for
 * a program without hlog's maps, whether it includes log.h at all (its
 * BTF still names hlog's maps when every call was compiled out).
 */
#ifndef XH_COMPILED_H
#define XH_COMPILED_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct btf;
struct xh_prog;

/* The ceiling from .rodata's bytes (data, size) described by btf: a
 * level, or -ENOENT (built before log.h published it). */
int xh_ceiling_parse(const struct btf *btf, const void *data, size_t size);
/* ... of an opened program (-ENOENT without a .rodata map). */
int xh_prog_ceiling(const struct xh_prog *p);
/* The highest level of the program's call sites; -ENOENT if it has none. */
int xh_prog_top_site_level(const struct xh_prog *p);

/* A program that is not an hlog program (no hlog maps): */
struct xh_compiled {
	bool has_btf;		/* the kernel gave its BTF: what follows is known */
	bool includes_log_h;	/* its BTF names hlog's maps or config */
	int ceiling;		/* a level, or -ENOENT */
};
int xh_prog_compiled(__u32 id, struct xh_compiled *c);

#endif
