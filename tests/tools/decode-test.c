// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of lib/ sites, decode and render, on the call sites of the
 * built objects (read from the ELF files: no kernel needed) and on records
 * made by hand, good and malformed. TAP output; exit 1 on any failure.
 *   decode-test HELLO_O PROTO_COUNT_O
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "decode.h"
#include "render.h"
#include "sites.h"

static int n_test, n_fail;

#define CHECK(cond, ...)						\
	do {								\
		n_test++;						\
		if (!(cond))						\
			n_fail++;					\
		printf("%sok %d - ", (cond) ? "" : "not ", n_test);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	} while (0)

static struct bpf_object *load_sites(const char *path, struct xh_sites *s)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_map *map;
	const void *data = NULL;
	size_t size = 0;
	__s32 sec;

	if (libbpf_get_error(obj))
		return NULL;
	bpf_object__for_each_map(map, obj)
		if (strstr(bpf_map__name(map), ".rodata"))
			data = bpf_map__initial_value(map, &size);
	sec = btf__find_by_name_kind(bpf_object__btf(obj), ".rodata",
				     BTF_KIND_DATASEC);
	if (!data || sec < 0 ||
	    xh_sites_parse(s, data, size, bpf_object__btf(obj), (__u32)sec))
		return NULL;
	return obj;
}

static int find_site(const struct xh_sites *s, const char *fmt)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].valid && !strcmp(s->v[i].fmt, fmt))
			return (int)i;
	return -1;
}

/* A record for site id with args; returns its size. */
static size_t make(__u8 *buf, const struct xh_sites *s, int id,
		   const void *args, size_t args_len)
{
	struct hlog_record r = {
		.ts_ns = 1, .ifindex = 3, .rxq = 0, .cpu = 1, .site = (__u16)id,
		.level = s->v[id].level, .version = HLOG_RECORD_VERSION,
		.args_len = (__u16)args_len,
	};

	memcpy(buf, &r, sizeof(r));
	if (args_len)
		memcpy(buf + sizeof(r), args, args_len);
	return sizeof(r) + args_len;
}

static void expect_render(const struct xh_sites *s, const char *fmt,
			  const void *args, size_t len, const char *want,
			  const char *want_json)
{
	__u8 rec[600];
	char text[512], json[512];
	struct xh_msg m;
	int id = find_site(s, fmt);
	size_t n;

	if (id < 0) {
		CHECK(0, "call site '%s' exists", fmt);
		return;
	}
	n = make(rec, s, id, args, len);
	CHECK(xh_decode(s, rec, n, &m) == XH_DEC_OK, "decode '%s'", fmt);
	xh_render(m.site, m.args, m.args_len, text, sizeof(text), json, sizeof(json));
	CHECK(!strcmp(text, want), "render '%s' -> '%s' (got '%s')", fmt, want, text);
	if (want_json)
		CHECK(!strcmp(json, want_json), "json args %s (got %s)", want_json, json);
}

int main(int argc, char **argv)
{
	struct xh_sites hs, ps, bad;
	struct bpf_object *ho, *po;
	struct hlog_record r;
	__u8 rec[600], args[128];
	struct xh_msg m;
	char text[256];
	int hello, i;
	size_t n;

	if (argc != 3) {
		fprintf(stderr, "usage: decode-test HELLO_O PROTO_COUNT_O\n");
		return 2;
	}
	libbpf_set_print(NULL);
	ho = load_sites(argv[1], &hs);
	po = load_sites(argv[2], &ps);
	if (!ho || !po) {
		fprintf(stderr, "cannot read call sites\n");
		return 1;
	}
	hello = find_site(&hs, "received a packet");
	CHECK(hello >= 0 && hs.v[hello].level == HLOG_INFO &&
	      hs.v[hello].nargs == 0 && !strcmp(hs.v[hello].file, "hello.bpf.c"),
	      "hello's call site: INFO, no arguments, in hello.bpf.c");

	/* good record: 24 bytes, decodes and renders as the text */
	n = make(rec, &hs, hello, NULL, 0);
	CHECK(n == 24, "the hello record is 24 bytes");
	CHECK(xh_decode(&hs, rec, n, &m) == XH_DEC_OK && m.ifindex == 3 && m.cpu == 1,
	      "a good record decodes");
	xh_render(m.site, m.args, m.args_len, text, sizeof(text), NULL, 0);
	CHECK(!strcmp(text, "received a packet"), "and renders as 'received a packet'");

	/* malformed records are reported, never read past their end */
	CHECK(xh_decode(&hs, rec, 10, &m) == XH_DEC_SHORT, "short record");
	CHECK(xh_decode(&hs, rec, 0, &m) == XH_DEC_SHORT, "empty record");
	memcpy(&r, rec, sizeof(r));
	r.version = 9;
	memcpy(rec, &r, sizeof(r));
	CHECK(xh_decode(&hs, rec, n, &m) == XH_DEC_VERSION, "unknown version");
	r.version = HLOG_RECORD_VERSION;
	r.args_len = 40;
	memcpy(rec, &r, sizeof(r));
	CHECK(xh_decode(&hs, rec, n, &m) == XH_DEC_LENGTH, "args_len past the end");
	r.args_len = 8;
	memcpy(rec, &r, sizeof(r));
	memset(rec + 24, 0, 8);
	CHECK(xh_decode(&hs, rec, n + 8, &m) == XH_DEC_ARGS,
	      "args the call site does not have");
	r.args_len = 0;
	r.site = 999;
	memcpy(rec, &r, sizeof(r));
	CHECK(xh_decode(&hs, rec, n, &m) == XH_DEC_SITE, "unknown call site");
	r.site = (__u16)hello;
	r.level = HLOG_ERROR;
	memcpy(rec, &r, sizeof(r));
	CHECK(xh_decode(&hs, rec, n, &m) == XH_DEC_LEVEL, "level not the site's");

	/* random bytes: any verdict, no crash (ASan/UBSan builds check more) */
	srand(1);
	for (i = 0; i < 200000; i++) {
		size_t len = (size_t)(rand() % 80);
		size_t k;

		for (k = 0; k < len; k++)
			rec[k] = (__u8)rand();
		if (len >= sizeof(r) && (i & 1)) {	/* mostly plausible headers */
			rec[19] = HLOG_RECORD_VERSION;
			rec[16] = (__u8)(rand() % 4);
			rec[17] = 0;
		}
		if (xh_decode(&ps, rec, len, &m) == XH_DEC_OK)
			xh_render(m.site, m.args, m.args_len, text, sizeof(text),
				  text, sizeof(text));
	}
	CHECK(1, "200000 random records decoded without a crash");

	/* a corrupted call site is not trusted */
	{
		struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
		struct bpf_map *map;
		size_t size = 0;
		__u8 *copy = NULL;

		bpf_object__for_each_map(map, obj)
			if (strstr(bpf_map__name(map), ".rodata")) {
				const void *d = bpf_map__initial_value(map, &size);

				copy = malloc(size);
				memcpy(copy, d, size);
			}
		/* the magic of hello's site */
		copy[hs.v[hello].fmt - hs.data - sizeof(struct hlog_site_desc)] ^= 0xff;
		xh_sites_parse(&bad, copy, size, bpf_object__btf(obj),
			       (__u32)btf__find_by_name_kind(bpf_object__btf(obj),
							     ".rodata", BTF_KIND_DATASEC));
		CHECK(xh_sites_get(&bad, (unsigned int)hello) == NULL,
		      "a site with a bad magic is dropped");
		xh_sites_free(&bad);
		free(copy);
		bpf_object__close(obj);
	}

	/* every hint of proto_count, from hand-made argument bytes */
	{
		__u8 ip4a[4] = { 10, 0, 0, 1 }, ip4b[4] = { 10, 0, 0, 2 };
		__u8 sport[2] = { 0xa8, 0xca }, dport[2] = { 0x23, 0x82 };
		__u64 cnt = 7;
		__u8 *p = args;

		memcpy(p, "udp", 4); p += 4;
		memcpy(p, &cnt, 8); p += 8;
		memcpy(p, ip4a, 4); p += 4;
		memcpy(p, sport, 2); p += 2;
		memcpy(p, ip4b, 4); p += 4;
		memcpy(p, dport, 2); p += 2;
		expect_render(&ps, "%s packet #%llu: %pI4:%pN -> %pI4:%pN", args,
			      (size_t)(p - args),
			      "udp packet #7: 10.0.0.1:43210 -> 10.0.0.2:9090",
			      "[\"udp\",7,\"10.0.0.1\",43210,\"10.0.0.2\",9090]");
	}
	{
		__u8 a6[16] = { 0xfd, 0, [15] = 1 }, b6[16] = { 0xfd, 0, [15] = 2 };
		__u8 *p = args;
		__u64 cnt = 1;

		memcpy(p, "tcp", 4); p += 4;
		memcpy(p, &cnt, 8); p += 8;
		memcpy(p, a6, 16); p += 16;
		*p++ = 0x00; *p++ = 0x50;
		memcpy(p, b6, 16); p += 16;
		*p++ = 0xc0; *p++ = 0x00;
		expect_render(&ps, "%s packet #%llu: [%pI6]:%pN -> [%pI6]:%pN", args,
			      (size_t)(p - args),
			      "tcp packet #1: [fd00::1]:80 -> [fd00::2]:49152", NULL);
	}
	{
		__u8 a[] = { 2, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			     0xdd, 0x86, '6' };

		expect_render(&ps, "eth %pM -> %pM type 0x%04X class %c", a, sizeof(a),
			      "eth 02:00:00:00:00:01 -> ff:ff:ff:ff:ff:ff type 0x86DD class 6",
			      "[\"02:00:00:00:00:01\",\"ff:ff:ff:ff:ff:ff\",34525,54]");
	}
	{
		__u8 a[] = { 3, 192, 0, 2, 7, 0xc3, 0xff, 0xff, 0xff };

		expect_render(&ps, "low ttl %hhu from %pI4 (%d from 64)", a, sizeof(a),
			      "low ttl 3 from 192.0.2.7 (-61 from 64)", "[3,\"192.0.2.7\",-61]");
	}
	{
		__u8 a[16];

		for (i = 0; i < 16; i++)
			a[i] = (__u8)(i * 17);
		expect_render(&ps, "frame starts %ph", a, sizeof(a),
			      "frame starts 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff",
			      NULL);
	}
	/* bytes from a packet need not be UTF-8: JSON escapes them */
	{
		__u8 a[] = { 'x', 0xff, '"', 0, 7, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2,
			     7, 0, 1, 192, 0, 2, 8, 0, 2 };

		expect_render(&ps, "%s packet #%llu: %pI4:%pN -> %pI4:%pN", a, sizeof(a),
			      "x\xff\" packet #7: 192.0.2.7:1 -> 192.0.2.8:2",
			      "[\"x\\u00ff\\\"\",7,\"192.0.2.7\",1,\"192.0.2.8\",2]");
	}
	/* rendering a site with fewer bytes than it needs: marked, not read */
	{
		int id = find_site(&ps, "low ttl %hhu from %pI4 (%d from 64)");
		__u8 a[3] = { 3, 192, 0 };

		xh_render(&ps.v[id], a, sizeof(a), text, sizeof(text), NULL, 0);
		CHECK(!strcmp(text, "low ttl 3 from <missing> (<missing> from 64)"),
		      "short arguments render as <missing> (got '%s')", text);
	}
	printf("1..%d\n", n_test);
	xh_sites_free(&hs);
	xh_sites_free(&ps);
	bpf_object__close(ho);
	bpf_object__close(po);
	return n_fail ? 1 : 0;
}
