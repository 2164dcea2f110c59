// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: a .rodata section -> xh_sites_parse (with the real
 * BTF and .rodata DATASEC of hello.o or proto_count.o) -> every valid call
 * site rendered and formatted.
 *
 * Input: one control byte (bit 0: 0 hello.o, 1 proto_count.o), then the
 * .rodata bytes (any length: variables past its end are skipped). The
 * arguments rendered for each site are the last bytes of the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "common.h"

static struct xh_fuzz_obj objs[XH_FUZZ_NOBJ];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xh_fuzz_objs(objs);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct xh_fuzz_obj *o;
	struct xh_sites s;
	size_t al;

	if (size < 1)
		return 0;
	o = &objs[data[0] & 1];
	data++;
	size--;
	if (xh_sites_parse(&s, data, size, o->btf, o->datasec))
		return 0;
	al = size < 8 * 64 ? size : 8 * 64;
	xh_fuzz_sites_exercise(&s, data + size - al, al);
	xh_sites_free(&s);
	return 0;
}
