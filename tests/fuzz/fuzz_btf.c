// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: raw BTF (btf__new) and .rodata bytes ->
 * xh_sites_parse -> every valid call site rendered and formatted. This is
 * what xdp-hello does with the BTF and .rodata map of a loaded program.
 *
 * Input: __u32 BTF length, __u32 DATASEC type id (0: the one named
 * ".rodata"), both little endian, the BTF bytes, then the .rodata bytes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	__u32 btf_len, sec;
	struct xh_sites s;
	struct btf *btf;
	__s32 found;
	size_t al;

	if (size < 8)
		return 0;
	memcpy(&btf_len, data, 4);
	memcpy(&sec, data + 4, 4);
	data += 8;
	size -= 8;
	if (btf_len > size)
		return 0;
	btf = btf__new(data, btf_len);
	if (libbpf_get_error(btf))
		return 0;
	if (!sec) {
		found = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
		sec = found < 0 ? 0 : (__u32)found;
	}
	data += btf_len;
	size -= btf_len;
	if (!xh_sites_parse(&s, data, size, btf, sec)) {
		al = size < 8 * 64 ? size : 8 * 64;
		xh_fuzz_sites_exercise(&s, data + size - al, al);
		xh_sites_free(&s);
	}
	btf__free(btf);
	return 0;
}
