/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF object that load and run attach: opened, checked to be hlog's,
 * its XDP program picked (-n NAME, else the only one: never the first of
 * several; the others are loaded too, not attached) and the per-CPU rings
 * sized to the machine.
 */
#ifndef XH_XDP_OBJECT_H
#define XH_XDP_OBJECT_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_object;

struct xh_object {
	struct bpf_object *obj;	/* NULL once xh_attach took it */
	char name[64];		/* the XDP program to attach */
};

/* Opens the BPF object file at path, or says why not and returns NULL;
 * given: the user named it (-o), else it is the default one, and the
 * errors say how to build or install it. */
struct bpf_object *xh_object_file(const char *path, bool given);
/* Opens path and picks its XDP program: prog_name if not NULL. Says why
 * not on failure (-EINVAL, -ENOENT, ...); given as for xh_object_file. */
int xh_object_open(const char *path, const char *prog_name, bool given,
		   struct xh_object *o);
void xh_object_close(struct xh_object *o);
/* "'a', 'b'": the names of obj's programs (XDP ones only, or all) in
 * buf; returns how many there are. */
int xh_object_prog_names(struct bpf_object *obj, bool xdp_only, char *buf,
			 size_t len);
/* 0 if obj has hlog's maps, at least one call site compiled in and none
 * whose messages would show "<bad ...>" (an address conversion given a
 * pointer of another size); else says what is wrong, naming file:line. */
int xh_object_check_hlog(struct bpf_object *obj, const char *path);

#endif
