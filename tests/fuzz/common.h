/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libFuzzer harnesses and mkcorpus: call sites of the built
 * objects (xdp-prog/hello.o, xdp-prog/proto_count.o) and a driver that
 * renders and formats every valid site of a table. See tests/fuzz/README.
 */
#ifndef XH_FUZZ_COMMON_H
#define XH_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "decode/sites.h"

#define XH_FUZZ_NOBJ 2

struct xh_fuzz_obj {
	struct bpf_object *obj;
	const struct btf *btf;
	__u32 datasec;		/* type id of the .rodata DATASEC */
	const void *rodata;	/* the .rodata map's initial value */
	size_t rodata_size;
	struct xh_sites sites;
};

/* Opens hello.o (0) and proto_count.o (1) from $XH_FUZZ_OBJDIR, default
 * "xdp-prog" (relative to the checkout). Exits on failure. */
void xh_fuzz_objs(struct xh_fuzz_obj objs[XH_FUZZ_NOBJ]);

/* Renders (text and JSON, tight and roomy buffers) and formats (text and
 * JSON lines into /dev/null) every valid site of s, with argument bytes
 * taken from args (fewer than a site needs, too). */
void xh_fuzz_sites_exercise(const struct xh_sites *s, const uint8_t *args,
			    size_t args_len);

#endif
