// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "decode/message_text.h"
#include "decode/sites.h"
#include "find/compiled.h"
#include "base/diag.h"
#include "host.h"
#include "not_hlog.h"
#include "xdp_object.h"

/*
 * One per-CPU ring for each possible CPU instead of the compiled count
 * (log.h: HLOG_MAX_CPUS), as long as they take at most XH_CPU_RINGS_MAX
 * bytes in all: CPUs past that log through the overflow ring.
 */
#define XH_CPU_RINGS_MAX (64ULL << 20)

static void size_cpu_rings(struct bpf_object *obj)
{
	struct bpf_map *rings = bpf_object__find_map_by_name(obj, HLOG_CPU_RINGS_MAP);
	struct bpf_map *pos = bpf_object__find_map_by_name(obj, HLOG_CPU_POS_MAP);
	int ncpu = libbpf_num_possible_cpus();
	__u32 compiled, chunks, want;
	__u64 fit;

	if (!rings || !pos || ncpu <= 0)
		return;
	compiled = bpf_map__max_entries(pos);
	if (!compiled || bpf_map__max_entries(rings) % compiled)
		return;
	chunks = bpf_map__max_entries(rings) / compiled;
	fit = XH_CPU_RINGS_MAX / ((__u64)chunks * bpf_map__value_size(rings));
	want = (__u32)ncpu;
	if (want > compiled && want > fit)
		want = fit > compiled ? (__u32)fit : compiled;
	if (bpf_map__set_max_entries(pos, want) ||
	    bpf_map__set_max_entries(rings, want * chunks)) {
		bpf_map__set_max_entries(pos, compiled);
		bpf_map__set_max_entries(rings, compiled * chunks);
	}
}

static bool is_xdp(const struct bpf_program *prog)
{
	return bpf_program__type(prog) == BPF_PROG_TYPE_XDP;
}

int xh_object_prog_names(struct bpf_object *obj, bool xdp_only, char *buf,
			 size_t len)
{
	struct bpf_program *prog;
	size_t used = 0;
	int n = 0;

	*buf = '\0';
	bpf_object__for_each_program(prog, obj) {
		if (xdp_only && !is_xdp(prog))
			continue;
		if (used < len)
			used += snprintf(buf + used, len - used, "%s'%s'",
					 n ? ", " : "", bpf_program__name(prog));
		n++;
	}
	return n;
}

/* -n NAME: that program, which must be an XDP one. */
static struct bpf_program *pick_named(struct bpf_object *obj,
				      const char *path, const char *want)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, want);
	char names[512];
	int n = xh_object_prog_names(obj, true, names, sizeof(names));

	if (prog && is_xdp(prog))
		return prog;
	if (prog)
		xh_err("Couldn't use BPF object '%s': program '%s' is not an XDP "
		       "program (%s%s)", path, want,
		       n ? "its XDP programs: " : "it has none", names);
	else if (!n)
		xh_err("Couldn't use BPF object '%s': it has no XDP program "
		       "(section 'xdp')", path);
	else
		xh_err("Couldn't use BPF object '%s': it has no program '%s' "
		       "(its XDP programs: %s)", path, want, names);
	return NULL;
}

/* No -n: the one XDP program, never the first of several. */
static struct bpf_program *pick_only(struct bpf_object *obj, const char *path)
{
	struct bpf_program *prog;
	char names[512];
	int n = xh_object_prog_names(obj, true, names, sizeof(names));

	if (!n) {
		xh_err("Couldn't use BPF object '%s': it has no XDP program "
		       "(section 'xdp')", path);
		return NULL;
	}
	if (n > 1) {
		xh_err("Couldn't use BPF object '%s': it has %d XDP programs: %s "
		       "(pick one with -n NAME)", path, n, names);
		return NULL;
	}
	bpf_object__for_each_program(prog, obj)
		if (is_xdp(prog))
			break;
	return prog;
}

/* A call site that would print "<bad ...>" (an address conversion given
 * a pointer of another size: clang cannot see what %pI6 points to) fails
 * the load here, named by file and line; -EINVAL said, or 0. */
static int check_misuse(const char *path, const struct xh_sites *sites)
{
	char why[128];
	unsigned int i;

	for (i = 0; i < sites->n; i++)
		if (sites->v[i].valid &&
		    xh_site_misuse(&sites->v[i], why, sizeof(why))) {
			xh_err("Couldn't use BPF object '%s': %s:%u: %s (its "
			       "messages would show <bad ...> there: fix the call)",
			       path, sites->v[i].file, sites->v[i].line, why);
			return -EINVAL;
		}
	return 0;
}

/* The call sites in the object's .rodata: how many are valid, or -errno
 * (-ENOENT: it has no .rodata, as when every call is compiled out). */
static int sites_of(const struct btf *btf, const void *data, size_t size,
		    struct xh_sites *sites)
{
	int sec = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -1;
	unsigned int i;
	int n = 0, err;

	memset(sites, 0, sizeof(*sites));
	if (sec <= 0 || !data)
		return -ENOENT;
	err = xh_sites_parse(sites, data, size, btf, (__u32)sec);
	if (err)
		return err;
	for (i = 0; i < sites->n; i++)
		n += sites->v[i].valid;
	return n;
}

int xh_object_check_hlog(struct bpf_object *obj, const char *path)
{
	struct bpf_map *ro = bpf_object__find_map_by_name(obj, ".rodata");
	const struct btf *btf = bpf_object__btf(obj);
	struct xh_sites sites;
	const void *data = NULL;
	size_t size = 0;
	int n, err;

	if (!bpf_object__find_map_by_name(obj, HLOG_RING_MAP)) {
		xh_err("Couldn't use BPF object '%s': it has no %s map (not an "
		       "hlog program: include <xdp_hello/log.h>)", path,
		       HLOG_RING_MAP);
		return -EINVAL;
	}
	if (ro)
		data = bpf_map__initial_value(ro, &size);
	n = sites_of(btf, data, size, &sites);
	err = n > 0 ? check_misuse(path, &sites) : 0;
	xh_sites_free(&sites);
	/* sites it cannot read (not -ENOENT): the reader says so */
	if (n > 0 || (n < 0 && n != -ENOENT))
		return err;
	xh_err("Couldn't use BPF object '%s': none of its hlog calls is "
	       "compiled in (%s)", path,
	       xh_compiled_out_why(xh_ceiling_parse(btf, data, size)));
	return -EINVAL;
}

/* What helps when the object cannot be opened: for the default one, how to
 * get it where xdp-hello looks; for one given with -o, what to give. */
static const char *open_hint(int err, bool given)
{
	if (err == -EACCES)
		return " (run as root, or make it readable)";
	if (!given)
		return " (build it with 'make' and install it with 'make install', "
		       "name its directory in XDP_HELLO_OBJECT_DIR, or give one "
		       "with -o FILE)";
	if (err == -EISDIR || err == -EINVAL)
		return " (give -o a BPF object file)";
	return " (check the path given with -o)";
}

struct bpf_object *xh_object_file(const char *path, bool given)
{
	struct bpf_object *obj;
	char why[128];
	int err;

	err = xh_object_readable(path);
	if (err) {
		xh_err("Couldn't open BPF object '%s': %s%s", path, strerror(-err),
		       open_hint(err, given));
		return NULL;
	}
	obj = bpf_object__open_file(path, NULL);
	err = libbpf_get_error(obj);
	if (err) {
		libbpf_strerror(err, why, sizeof(why));
		xh_err("Couldn't open BPF object '%s': %s (not a valid BPF ELF "
		       "object: %s)", path, why, given ? "build it with clang "
		       "-target bpf -g -O2" : "rebuild and reinstall it with 'make "
		       "install'");
		return NULL;
	}
	return obj;
}

int xh_object_open(const char *path, const char *prog_name, bool given,
		   struct xh_object *o)
{
	struct bpf_program *want;
	int err;

	memset(o, 0, sizeof(*o));
	o->obj = xh_object_file(path, given);
	if (!o->obj)
		return -EINVAL;
	want = prog_name ? pick_named(o->obj, path, prog_name) :
			   pick_only(o->obj, path);
	err = want ? xh_object_check_hlog(o->obj, path) : -EINVAL;
	if (err) {
		xh_object_close(o);
		return err;
	}
	/* every program is loaded, as before: one picked may tail-call the
	 * others through a prog array the object fills; only it is attached */
	snprintf(o->name, sizeof(o->name), "%s", bpf_program__name(want));
	size_cpu_rings(o->obj);
	return 0;
}

void xh_object_close(struct xh_object *o)
{
	bpf_object__close(o->obj);
	o->obj = NULL;
}
