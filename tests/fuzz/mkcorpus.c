// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of the fuzz harnesses from the built objects:
 *   mkcorpus DIR    (DIR/fuzz_decode, DIR/fuzz_sites, DIR/fuzz_btf)
 * fuzz_decode: one record per call site of hello.o and proto_count.o with
 * plausible arguments, plus malformed ones; fuzz_sites: each object's
 * .rodata; fuzz_btf: each object's raw BTF and .rodata.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "common.h"

static const char *const tags[XH_FUZZ_NOBJ] = { "hello", "proto_count" };

static void put(const char *dir, const char *sub, const char *name,
		const void *a, size_t na, const void *b, size_t nb)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	f = fopen(path, "w");
	if (!f || fwrite(a, 1, na, f) != na || (nb && fwrite(b, 1, nb, f) != nb) ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* Integers count up, byte arguments are short NUL-terminated strings
 * (valid for %s, and fine for %pI4 %pM %ph). */
static size_t make_args(const struct xh_site *site, __u8 *p)
{
	size_t off = 0;
	unsigned int k, i;

	for (k = 0; k < site->nargs; k++) {
		for (i = 0; i < site->arg_sizes[k]; i++) {
			if (site->arg_types[k] == HLOG_ARG_BYTES)
				p[off + i] = (__u8)"udp10.0.0.1"[i % 11];
			else
				p[off + i] = i ? 0 : (__u8)(k + 1);
		}
		if (site->arg_types[k] == HLOG_ARG_BYTES && site->arg_sizes[k] > 1)
			p[off + site->arg_sizes[k] - 1] = 0;
		off += site->arg_sizes[k];
	}
	return off;
}

int main(int argc, char **argv)
{
	struct xh_fuzz_obj objs[XH_FUZZ_NOBJ];
	__u8 rec[1 + sizeof(struct hlog_record) + 8 * HLOG_BYTES_MAX + 8];
	struct hlog_record r;
	const void *raw;
	__u8 *buf;
	char name[64];
	unsigned int i, id, nseed = 0;
	size_t n;
	__u32 hdr[2];

	if (argc != 2) {
		fprintf(stderr, "usage: mkcorpus DIR\n");
		return 2;
	}
	xh_fuzz_objs(objs);
	for (i = 0; i < XH_FUZZ_NOBJ; i++) {
		const struct xh_sites *s = &objs[i].sites;

		for (id = 0; id < s->n; id++) {
			const struct xh_site *site = xh_sites_get(s, id);

			if (!site)
				continue;
			memset(&r, 0, sizeof(r));
			r.ts_ns = 1000000000ULL * (id + 1) + 123456789;
			r.ifindex = 2;
			r.cpu = (__u16)(id % 4);
			r.site = (__u16)id;
			r.level = site->level;
			r.version = HLOG_RECORD_VERSION;
			r.args_len = site->args_len;
			/* object, JSON or text, timestamp form, render cap */
			rec[0] = (__u8)(i | (nseed & 1) << 1 | (nseed % 5) << 2 |
					(nseed % 8) << 5);
			memcpy(rec + 1, &r, sizeof(r));
			n = 1 + sizeof(r) + make_args(site, rec + 1 + sizeof(r));
			while ((n - 1) % 8)	/* the ring's padding */
				rec[n++] = 0;
			snprintf(name, sizeof(name), "%s-site%u", tags[i], id);
			put(argv[1], "fuzz_decode", name, rec, n, NULL, 0);
			nseed++;
		}
		rec[0] = (__u8)i;
		snprintf(name, sizeof(name), "%s", tags[i]);
		put(argv[1], "fuzz_sites", name, rec, 1, objs[i].rodata,
		    objs[i].rodata_size);
		raw = btf__raw_data(objs[i].btf, &hdr[0]);
		hdr[1] = 0;
		n = sizeof(hdr) + hdr[0] + objs[i].rodata_size;
		buf = malloc(n);
		if (!buf || !raw)
			return 1;
		memcpy(buf, hdr, sizeof(hdr));
		memcpy(buf + sizeof(hdr), raw, hdr[0]);
		memcpy(buf + sizeof(hdr) + hdr[0], objs[i].rodata,
		       objs[i].rodata_size);
		put(argv[1], "fuzz_btf", name, buf, n, NULL, 0);
		free(buf);
	}
	/* malformed records: short, unknown version, unknown site */
	memset(rec, 0, sizeof(rec));
	put(argv[1], "fuzz_decode", "short", rec, 1 + 10, NULL, 0);
	memcpy(&r, rec + 1, sizeof(r));
	r.version = 9;
	memcpy(rec + 1, &r, sizeof(r));
	put(argv[1], "fuzz_decode", "bad-version", rec, 1 + sizeof(r), NULL, 0);
	r.version = HLOG_RECORD_VERSION;
	r.site = 999;
	memcpy(rec + 1, &r, sizeof(r));
	put(argv[1], "fuzz_decode", "bad-site", rec, 1 + sizeof(r), NULL, 0);
	printf("%u records\n", nseed);
	for (i = 0; i < XH_FUZZ_NOBJ; i++) {
		xh_sites_free(&objs[i].sites);
		bpf_object__close(objs[i].obj);
	}
	return 0;
}
