// SPDX-License-Identifier: GPL-2.0
/*
 * Call sites made as clang makes them (a variable per site in .rodata,
 * named in BTF), and the parser's checks on good and spoilt ones.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "unit.h"

int unit_args(const char *spec, __u8 *types, __u8 *sizes, __u16 *args_len)
{
	static const char kinds[] = " usb";	/* index: enum hlog_arg_type */
	const char *p = spec ? spec : "";
	unsigned long size;
	char *end;
	int n = 0;

	memset(types, 0, HLOG_MAX_ARGS);
	memset(sizes, 0, HLOG_MAX_ARGS);
	*args_len = 0;
	while (*p) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (n == HLOG_MAX_ARGS || !strchr(kinds + 1, *p))
			return -1;
		types[n] = (__u8)(strchr(kinds, *p) - kinds);
		size = strtoul(p + 1, &end, 10);
		if (end == p + 1 || size > 255)
			return -1;
		sizes[n++] = (__u8)size;
		*args_len += (__u16)size;
		p = end;
	}
	return n;
}

void unit_args_of(const struct xh_site *site, char *buf, size_t cap)
{
	size_t len = 0;
	unsigned int k;

	buf[0] = '\0';
	for (k = 0; k < site->nargs && len < cap; k++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%c%u", k ? " " : "",
					" usb?"[site->arg_types[k] < 4 ?
						site->arg_types[k] : 4],
					site->arg_sizes[k]);
}

size_t unit_record(void *buf, const struct xh_site *site, unsigned int id,
		   const void *args, size_t args_len)
{
	struct hlog_record r = {
		.ts_ns = 1, .ifindex = 3, .rxq = 2, .cpu = 1, .site = (__u16)id,
		.level = site->level, .version = HLOG_RECORD_VERSION,
		.args_len = (__u16)args_len,
	};

	memcpy(buf, &r, sizeof(r));
	if (args_len)
		memcpy((char *)buf + sizeof(r), args, args_len);
	return sizeof(r) + args_len;
}

/* The bytes of site variable i: descriptor, "<fmt>\0<file>\0", spoilt as
 * asked. Returns the length, 0 if the spec itself is wrong. */
static size_t site_var(const struct unit_site *v, unsigned int i, __u8 *buf,
		       size_t cap)
{
	struct hlog_site_desc d = {
		.magic = HLOG_SITE_MAGIC, .line = UNIT_LINE(i), .level = v->level,
	};
	size_t flen = strlen(v->fmt) + 1, n = sizeof(d);
	int nargs = unit_args(v->args, d.arg_types, d.arg_sizes, &d.args_len);

	if (nargs < 0 || n + flen + sizeof(UNIT_FILE) > cap)
		return 0;
	d.nargs = (__u8)nargs;
	switch (v->bad) {
	case UNIT_BAD_MAGIC:
		d.magic ^= 1;
		break;
	case UNIT_BAD_NARGS:
		d.nargs = HLOG_MAX_ARGS + 1;
		break;
	case UNIT_BAD_LEVEL:
		d.level = HLOG_LEVEL_COUNT;
		break;
	case UNIT_BAD_TYPE:
		d.arg_types[0] = HLOG_ARG_NONE;
		break;
	case UNIT_BAD_TYPE_HIGH:
		d.arg_types[0] = HLOG_ARG_BYTES + 1;
		break;
	case UNIT_BAD_SIZE_0:	/* args_len still the sum: only the size is wrong */
		d.args_len -= d.arg_sizes[0];
		d.arg_sizes[0] = 0;
		break;
	case UNIT_BAD_SIZE_BIG:
		d.args_len += HLOG_BYTES_MAX + 1 - d.arg_sizes[0];
		d.arg_sizes[0] = HLOG_BYTES_MAX + 1;
		break;
	case UNIT_BAD_SUM:
		d.args_len++;
		break;
	default:
		break;
	}
	memcpy(buf, &d, sizeof(d));
	memcpy(buf + n, v->fmt, flen);
	n += flen;
	memcpy(buf + n, UNIT_FILE, sizeof(UNIT_FILE));
	n += sizeof(UNIT_FILE);
	if (v->bad == UNIT_BAD_FMT_NUL)
		n = sizeof(d) + flen - 1;
	else if (v->bad == UNIT_BAD_FILE_NUL)
		n--;
	else if (v->bad == UNIT_BAD_TINY)
		n = sizeof(d) + 1;
	return n;
}

/*
 * BTF with a .rodata DATASEC of one char-array variable per site, and the
 * .rodata bytes (*data, *size, allocated to the exact size so that ASan
 * sees a read past them). Returns NULL if the specs are wrong.
 */
static struct btf *make_btf(const struct unit_site *v, unsigned int n,
			    __u8 **data, size_t *size, __u32 *sec)
{
	__u32 *off = calloc(n ? n : 1, sizeof(*off));
	__u32 *len = calloc(n ? n : 1, sizeof(*len));
	int *var = calloc(n ? n : 1, sizeof(*var));
	__u8 (*bytes)[1024] = calloc(n ? n : 1, sizeof(*bytes));
	struct btf *btf = btf__new_empty();
	int int_id, char_id, arr, s = -1;
	size_t total = 0;
	unsigned int i;
	char name[96];

	*data = NULL;
	if (!off || !len || !var || !bytes || libbpf_get_error(btf))
		goto out;
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	char_id = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	for (i = 0; i < n; i++) {
		len[i] = (__u32)site_var(&v[i], i, bytes[i], sizeof(bytes[i]));
		if (!len[i])
			goto out;
		if (v[i].bad != UNIT_BAD_PAST_END && v[i].bad != UNIT_BAD_OVER_END) {
			off[i] = (__u32)total;
			total = (total + len[i] + 7) & ~(size_t)7;
		}
		arr = btf__add_array(btf, int_id, char_id, len[i]);
		snprintf(name, sizeof(name), v[i].name ? v[i].name : "hlog_site_%u", i);
		var[i] = btf__add_var(btf, name, BTF_VAR_STATIC, arr);
		if (arr < 0 || var[i] < 0)
			goto out;
	}
	/* the ones placed off the end: known only now */
	for (i = 0; i < n; i++)
		if (v[i].bad == UNIT_BAD_PAST_END)
			off[i] = (__u32)total + 8;
		else if (v[i].bad == UNIT_BAD_OVER_END)
			off[i] = (__u32)total - 4;
	s = btf__add_datasec(btf, ".rodata", (__u32)total);
	for (i = 0; s >= 0 && i < n; i++)
		if (btf__add_datasec_var_info(btf, var[i], off[i], len[i]))
			s = -1;
	*data = calloc(1, total ? total : 1);
	for (i = 0; *data && i < n; i++)
		if (off[i] + len[i] <= total)
			memcpy(*data + off[i], bytes[i], len[i]);
	*size = total;
	*sec = (__u32)s;
out:
	free(off);
	free(len);
	free(var);
	free(bytes);
	if (s < 0 || !*data) {
		btf__free(btf);
		free(*data);
		return NULL;
	}
	return btf;
}

int unit_sites(struct xh_sites *s, const struct unit_site *v, unsigned int n)
{
	struct btf *btf;
	size_t size;
	__u8 *data;
	__u32 sec;
	int err;

	memset(s, 0, sizeof(*s));
	btf = make_btf(v, n, &data, &size, &sec);
	if (!btf)
		return -EINVAL;
	err = xh_sites_parse(s, data, size, btf, sec);
	/* the sites keep nothing of either */
	free(data);
	btf__free(btf);
	return err;
}

#define G(lvl, a, f) { .level = (lvl), .args = (a), .fmt = (f) }
#define BAD(b) { .level = HLOG_INFO, .args = "u4", .fmt = "%u", .bad = (b) }
#define NAMED(n) { .level = HLOG_INFO, .fmt = "x", .name = (n) }

static const struct parse_case {
	const char *what;
	struct unit_site site;
	bool valid;
} parse_cases[] = {
	{ "arguments of each kind", G(HLOG_WARN, "u2 s8 b16", "%u %lld %pI6"), true },
	{ "no arguments, no %: plain", G(HLOG_INFO, NULL, "received a packet"), true },
	{ "no arguments, a %%: rendered", G(HLOG_ERROR, NULL, "100%% sure"), true },
	{ "eight arguments of 64 bytes",
	  G(HLOG_TRACE, "b64 b64 b64 b64 b64 b64 b64 b64", "%s%s%s%s%s%s%s%s"), true },
	{ "a local static (<function>.hlog_site_<id>)",
	  { .level = HLOG_DEBUG, .fmt = "in %s", .args = "b4",
	    .name = "xdp_prog.hlog_site_%u" }, true },
	{ "a bad magic", BAD(UNIT_BAD_MAGIC), false },
	{ "nine arguments", BAD(UNIT_BAD_NARGS), false },
	{ "a level past TRACE", BAD(UNIT_BAD_LEVEL), false },
	{ "an argument of type NONE", BAD(UNIT_BAD_TYPE), false },
	{ "an argument of an unknown type", BAD(UNIT_BAD_TYPE_HIGH), false },
	{ "an argument of 0 bytes", BAD(UNIT_BAD_SIZE_0), false },
	{ "an argument of 65 bytes", BAD(UNIT_BAD_SIZE_BIG), false },
	{ "args_len not the sum of the sizes", BAD(UNIT_BAD_SUM), false },
	{ "no NUL after the format", BAD(UNIT_BAD_FMT_NUL), false },
	{ "no NUL after the file name", BAD(UNIT_BAD_FILE_NUL), false },
	{ "a variable too small for a descriptor", BAD(UNIT_BAD_TINY), false },
	{ "a variable past the end of .rodata", BAD(UNIT_BAD_PAST_END), false },
	{ "a variable running past the end of .rodata", BAD(UNIT_BAD_OVER_END), false },
	{ "a name without an id (hlog_site_)", NAMED("hlog_site_"), false },
	{ "a name with more after the id", NAMED("hlog_site_%ux"), false },
	{ "a signed id", NAMED("hlog_site_-%u"), false },
	{ "another variable", NAMED("other_%u"), false },
	{ "id 65536, past any table", NAMED("hlog_site_65536"), false },
};

#define FAR_ID 40	/* the table grows to the largest id */

static void check_parsed(const struct xh_sites *s, unsigned int i)
{
	const struct parse_case *c = &parse_cases[i];
	const struct xh_site *site = xh_sites_get(s, i);
	char args[64];

	if (!unit_ok(!!site == c->valid, "sites: site %u, %s: %s", i, c->what,
		     c->valid ? "read" : "dropped") || !site)
		return;
	unit_args_of(site, args, sizeof(args));
	unit_str(c->site.args ? c->site.args : "", args, "sites: site %u: arguments", i);
	unit_ok(site->level == c->site.level && site->line == UNIT_LINE(i),
		"sites: site %u: level %u, line %u", i, c->site.level, UNIT_LINE(i));
	unit_mem(c->site.fmt, -1, site->fmt, site->fmt_len,
		 "sites: site %u: format (fmt_len, not NUL)", i);
	unit_str(UNIT_FILE, site->file, "sites: site %u: file", i);
	unit_int(!c->site.args && !strchr(c->site.fmt, '%'), site->plain,
		 "sites: site %u: plain", i);
}

void unit_sites_suite(void)
{
	struct unit_site v[FAR_ID + 1] = { 0 };
	struct xh_sites s;
	struct btf *btf;
	unsigned int i;
	size_t size;
	__u8 *data;
	__u32 sec;

	for (i = 0; i < ARRAY_SIZE(parse_cases); i++)
		v[i] = parse_cases[i].site;
	/* the gap up to FAR_ID: other variables */
	for (; i < FAR_ID; i++)
		v[i] = (struct unit_site)NAMED("other_%u");
	v[FAR_ID] = (struct unit_site)G(HLOG_INFO, NULL, "far");

	if (!unit_int(0, unit_sites(&s, v, FAR_ID + 1), "sites: parse a table"))
		return;
	unit_int(FAR_ID + 1, s.n, "sites: the table grows to the largest id");
	for (i = 0; i < ARRAY_SIZE(parse_cases); i++)
		check_parsed(&s, i);
	unit_ok(xh_sites_get(&s, FAR_ID) && xh_sites_get(&s, FAR_ID)->valid,
		"sites: site %u, after a gap", FAR_ID);
	unit_ok(!xh_sites_get(&s, FAR_ID + 1) && !xh_sites_get(&s, 65535) &&
		!xh_sites_get(&s, UINT_MAX), "sites: ids past the table: none");
	xh_sites_free(&s);
	unit_ok(!s.n && !s.v && !xh_sites_get(&s, 0), "sites: freed, empty");
	xh_sites_free(&s);	/* twice: harmless */

	btf = make_btf(v, 2, &data, &size, &sec);
	if (!unit_ok(btf != NULL, "sites: BTF made"))
		return;
	unit_int(-EINVAL, xh_sites_parse(&s, data, size, NULL, sec),
		 "sites: no BTF: -EINVAL");
	unit_int(-EINVAL, xh_sites_parse(&s, data, size, btf, 1),
		 "sites: a type that is not a DATASEC: -EINVAL");
	unit_int(-EINVAL, xh_sites_parse(&s, data, size, btf, sec + 100),
		 "sites: a type id past the BTF: -EINVAL");
	unit_ok(!xh_sites_parse(&s, data, 0, btf, sec) && s.n == 0,
		"sites: an empty .rodata: no sites, no error");
	xh_sites_free(&s);
	/* site 1 is last and longer than 8 bytes: its end is cut off */
	unit_ok(!xh_sites_parse(&s, data, size - 8, btf, sec) && s.n == 1 &&
		xh_sites_get(&s, 0) && !xh_sites_get(&s, 1),
		"sites: .rodata cut short: the sites past its end are left out");
	xh_sites_free(&s);
	unit_int(-ENOENT, xh_sites_load(&s, -1, 64, btf, sec),
		 "sites: load without a map: -ENOENT");
	free(data);
	btf__free(btf);
}
