// SPDX-License-Identifier: GPL-2.0
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "common.h"
#include "decode/decode.h"
#include "decode/output_line.h"
#include "decode/message_text.h"

static const char *const obj_names[XH_FUZZ_NOBJ] = { "hello.o", "proto_count.o" };

static int open_obj(const char *path, struct xh_fuzz_obj *o)
{
	struct bpf_map *map;
	__s32 sec;

	memset(o, 0, sizeof(*o));
	o->obj = bpf_object__open_file(path, NULL);
	if (libbpf_get_error(o->obj))
		return -1;
	o->btf = bpf_object__btf(o->obj);
	bpf_object__for_each_map(map, o->obj)
		if (strstr(bpf_map__name(map), ".rodata"))
			o->rodata = bpf_map__initial_value(map, &o->rodata_size);
	sec = o->btf ? btf__find_by_name_kind(o->btf, ".rodata", BTF_KIND_DATASEC) : -1;
	if (!o->rodata || sec < 0)
		return -1;
	o->datasec = (__u32)sec;
	return xh_sites_parse(&o->sites, o->rodata, o->rodata_size, o->btf,
			      o->datasec);
}

void xh_fuzz_objs(struct xh_fuzz_obj objs[XH_FUZZ_NOBJ])
{
	const char *dir = getenv("XH_FUZZ_OBJDIR");
	char path[4096];
	int i;

	libbpf_set_print(NULL);
	if (!dir)
		dir = "xdp-prog";
	for (i = 0; i < XH_FUZZ_NOBJ; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, obj_names[i]);
		if (open_obj(path, &objs[i])) {
			fprintf(stderr, "Couldn't read the call sites of '%s' "
				"(run from the checkout after make, or set XH_FUZZ_OBJDIR)\n",
				path);
			exit(1);
		}
	}
}

/* Heap buffers of exactly cap bytes, so ASan sees any write past them. */
static void render_into(const struct xh_site *site, const uint8_t *args,
			size_t args_len, size_t cap, size_t json_cap)
{
	char *text = malloc(cap ? cap : 1), *json = malloc(json_cap ? json_cap : 1);

	if (text && json) {
		xh_render(site, args, args_len, text, cap, json, json_cap);
		xh_render(site, args, args_len, text, cap, NULL, 0);
	}
	free(text);
	free(json);
}

void xh_fuzz_sites_exercise(const struct xh_sites *s, const uint8_t *args,
			    size_t args_len)
{
	static struct xh_out *out;
	struct hlog_record r = { .version = HLOG_RECORD_VERSION };
	uint8_t rec[sizeof(r) + 8 * HLOG_BYTES_MAX + 8];
	const struct xh_site *site;
	struct xh_msg m;
	unsigned int id;
	size_t n;

	if (!out) {
		out = malloc(sizeof(*out));
		if (!out)
			abort();
		xh_out_init(out, open("/dev/null", O_WRONLY | O_CLOEXEC), false);
	}
	for (id = 0; id < s->n; id++) {
		site = xh_sites_get(s, id);
		if (!site)
			continue;
		/* the site's bytes, or fewer: missing arguments are marked */
		n = args_len < site->args_len ? args_len : site->args_len;
		render_into(site, args, n, 2048, 2048);
		render_into(site, args, n, 1 + id % 17, 1 + id % 23);
		render_into(site, args, n, 0, 0);

		/* a record of this site, through decode and format */
		if (site->args_len > sizeof(rec) - sizeof(r))
			continue;
		r.site = (__u16)id;
		r.level = site->level;
		r.args_len = site->args_len;
		r.ts_ns = (__u64)id * 1000000007ULL;
		r.cpu = (__u16)id;
		memset(rec, 0, sizeof(rec));
		memcpy(rec, &r, sizeof(r));
		memcpy(rec + sizeof(r), args, n);
		if (xh_decode(s, rec, sizeof(r) + site->args_len, &m) != XH_DEC_OK)
			abort();	/* a site's own record must decode */
		out->json = id & 1;
		out->ts = (enum xh_ts)(id % 5);
		xh_out_msg(out, &m, "hello_world");
	}
	xh_out_flush(out);
}
