// SPDX-License-Identifier: GPL-2.0
/*
 * The call sites clang and log.h really make: those of the built
 * xdp-prog/hello.o and proto_count.o (read from the ELF files, as the fuzz
 * harnesses do), their argument kinds and sizes, and records of them with
 * hand-made arguments through decode and render.
 */
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "common.h"
#include "unit.h"

static const char *const files[XH_FUZZ_NOBJ] = { "hello.bpf.c", "proto_count.bpf.c" };

static const struct object_case {
	unsigned int obj;	/* 0 hello.o, 1 proto_count.o */
	__u8 level;
	const char *fmt, *args;
	const char *bytes;
	size_t len;
	const char *text, *json;
} cases[] = {
	{ 0, HLOG_INFO, "received a packet", "", A(""), "received a packet", "[]" },
	{ 1, HLOG_INFO, "%s packet #%llu: %pI4:%pN -> %pI4:%pN", "b4 u8 b4 b2 b4 b2",
	  A("udp\0" "\7\0\0\0\0\0\0\0" "\x0a\0\0\x01" "\xa8\xca" "\x0a\0\0\x02" "\x23\x82"),
	  "udp packet #7: 10.0.0.1:43210 -> 10.0.0.2:9090",
	  "[\"udp\",7,\"10.0.0.1\",43210,\"10.0.0.2\",9090]" },
	{ 1, HLOG_INFO, "%s packet #%llu: [%pI6]:%pN -> [%pI6]:%pN", "b4 u8 b16 b2 b16 b2",
	  A("tcp\0" "\1\0\0\0\0\0\0\0" "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01" "\0\x50"
	    "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02" "\xc0\0"),
	  "tcp packet #1: [fd00::1]:80 -> [fd00::2]:49152",
	  "[\"tcp\",1,\"fd00::1\",80,\"fd00::2\",49152]" },
	{ 1, HLOG_DEBUG, "eth %pM -> %pM type 0x%04X class %c", "b6 b6 u2 s1",
	  A("\2\0\0\0\0\1" "\xff\xff\xff\xff\xff\xff" "\xdd\x86" "6"),
	  "eth 02:00:00:00:00:01 -> ff:ff:ff:ff:ff:ff type 0x86DD class 6",
	  "[\"02:00:00:00:00:01\",\"ff:ff:ff:ff:ff:ff\",34525,54]" },
	{ 1, HLOG_WARN, "low ttl %hhu from %pI4 (%d from 64)", "u1 b4 s4",
	  A("\3" "\xc0\0\2\7" "\xc3\xff\xff\xff"),
	  "low ttl 3 from 192.0.2.7 (-61 from 64)", "[3,\"192.0.2.7\",-61]" },
	{ 1, HLOG_ERROR, "malformed IPv4 from %pI4: ihl %u", "b4 u4",
	  A("\xc0\0\2\7" "\3\0\0\0"), "malformed IPv4 from 192.0.2.7: ihl 3",
	  "[\"192.0.2.7\",3]" },
	{ 1, HLOG_TRACE, "frame starts %ph", "b16",
	  A("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff"),
	  "frame starts 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff",
	  "[\"00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff\"]" },
};

static int find_site(const struct xh_sites *s, const char *fmt)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].valid && !strcmp(s->v[i].fmt, fmt))
			return (int)i;
	return -1;
}

static void check_case(const struct xh_fuzz_obj *objs, const struct object_case *c)
{
	const struct xh_sites *s = &objs[c->obj].sites;
	int id = find_site(s, c->fmt);
	const struct xh_site *site = id < 0 ? NULL : &s->v[id];
	char args[64], what[128];

	if (!unit_ok(site != NULL, "objects: %s has \"%s\"", files[c->obj], c->fmt))
		return;
	unit_args_of(site, args, sizeof(args));
	unit_str(c->args, args, "objects: \"%s\": arguments", c->fmt);
	unit_ok(site->level == c->level && !strcmp(site->file, files[c->obj]) &&
		site->line > 0, "objects: \"%s\": level %u, in %s", c->fmt, c->level,
		files[c->obj]);
	snprintf(what, sizeof(what), "objects: \"%s\"", c->fmt);
	unit_expect_render(s, (unsigned int)id, c->bytes, c->len, c->text, c->json,
			   what);
}

/* The call-site variables of the DATASEC: what the sites must number. */
static unsigned int site_vars(const struct btf *btf, __u32 datasec)
{
	const struct btf_type *sec = btf__type_by_id(btf, datasec), *var;
	const struct btf_var_secinfo *vs = btf_var_secinfos(sec);
	const char *name;
	unsigned int n = 0;
	int k;

	for (k = 0; k < btf_vlen(sec); k++, vs++) {
		var = btf__type_by_id(btf, vs->type);
		name = var ? btf__name_by_offset(btf, var->name_off) : NULL;
		n += name && strstr(name, HLOG_SITE_PREFIX) != NULL;
	}
	return n;
}

void unit_objects_suite(void)
{
	struct xh_fuzz_obj objs[XH_FUZZ_NOBJ];
	unsigned int i, n;

	xh_fuzz_objs(objs);	/* exits if they are not built */
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check_case(objs, &cases[i]);
	/* every site of both is well formed (hello's DEBUG ones are in
	 * packet_summary.h), and its id is the one its code computes: its
	 * distance from the base in 8-byte steps */
	for (i = 0; i < XH_FUZZ_NOBJ; i++) {
		const struct xh_sites *s = &objs[i].sites;
		unsigned int id, vars, bad = 0;

		vars = site_vars(objs[i].btf, objs[i].datasec);
		for (id = n = 0; id < s->n; id++) {
			const struct xh_site *site = xh_sites_get(s, id);

			n += !!site;
			bad += site && (!site->file[0] || !site->line ||
					site->level < HLOG_ERROR ||
					(long)site->offset - s->base != 8L * id);
		}
		unit_ok(s->base >= 0 && n > 0 && n == vars && !bad,
			"objects: %s: all %u sites valid, each at the id of its offset",
			files[i], n);
		xh_sites_free(&objs[i].sites);
		bpf_object__close(objs[i].obj);
	}
}
