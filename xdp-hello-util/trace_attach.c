// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "base/diag.h"
#include "host.h"
#include "base/sys.h"
#include "trace_attach.h"
#include "xdp_object.h"

/* the kernel's ENOTSUPP, which libc has no name for */
#define ENOTSUP_KERN 524

static int first_id(struct bpf_program *prog, __u32 *id)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
		return -errno;
	*id = info.id;
	return 0;
}

/* The program the kernel refused: libbpf loads them in order and stops
 * at the first it cannot load, which has no fd. */
static const struct bpf_program *refused(struct bpf_object *obj)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj)
		if (bpf_program__autoload(prog) && bpf_program__fd(prog) < 0)
			return prog;
	return NULL;
}

/* fentry, fexit and the like go through BPF trampolines, which a kernel
 * may refuse even to root (lockdown, no trampoline for the function), at
 * load or at attach; "" for anything else. */
static const char *trampoline_hint(const struct bpf_program *prog, int err)
{
	if ((err == -EPERM || err == -EOPNOTSUPP || err == -ENOTSUP_KERN) &&
	    !geteuid() && prog && bpf_program__type(prog) == BPF_PROG_TYPE_TRACING)
		return " (this kernel refuses fentry/fexit programs here: use a "
		       "kprobe or tracepoint section instead)";
	return "";
}

static const char *load_hint(struct bpf_object *obj, int err)
{
	const char *hint = xh_load_hint(err);

	if (!*hint)
		hint = trampoline_hint(refused(obj), err);
	return *hint ? hint : " (-vv shows libbpf's and the verifier's messages)";
}

static bool have_kprobes(void)
{
	return !access("/sys/bus/event_source/devices/kprobe/type", F_OK) ||
	       !access("/sys/kernel/tracing/kprobe_events", W_OK) ||
	       !access("/sys/kernel/debug/tracing/kprobe_events", W_OK);
}

/* ENOENT says nothing of what was missing: the section does. */
static const char *attach_hint(const struct bpf_program *prog, int err)
{
	enum bpf_prog_type t = bpf_program__type(prog);

	if (err == -ENOENT && t == BPF_PROG_TYPE_KPROBE && !have_kprobes())
		return " (this kernel offers no kprobes: neither a kprobe PMU nor "
		       "kprobe_events in tracefs)";
	if (err == -ENOENT && t == BPF_PROG_TYPE_KPROBE)
		return " (no kernel function of that name can be probed: see "
		       "available_filter_functions in tracefs)";
	if (err == -ENOENT && t == BPF_PROG_TYPE_TRACEPOINT)
		return " (this kernel has no such tracepoint: see events/ in tracefs)";
	return trampoline_hint(prog, err);
}

/* -n NAME: only that program is loaded; 0, or -EINVAL said. */
static int pick(const char *path, struct bpf_object *obj, const char *want)
{
	struct bpf_program *prog;
	char names[512];

	if (!want)
		return 0;
	if (!bpf_object__find_program_by_name(obj, want)) {
		xh_object_prog_names(obj, false, names, sizeof(names));
		xh_err("Couldn't use BPF object '%s': it has no program '%s' "
		       "(its programs: %s)", path, want, names);
		return -EINVAL;
	}
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), want));
	return 0;
}

/* The object must be hlog's and have no XDP or tc program to load (those
 * attach to an interface: -i). */
static int check_object(const char *path, struct bpf_object *obj)
{
	struct bpf_program *prog;
	enum bpf_prog_type t;

	if (xh_object_check_hlog(obj, path))
		return -EINVAL;
	bpf_object__for_each_program(prog, obj) {
		t = bpf_program__type(prog);
		if (!bpf_program__autoload(prog))
			continue;
		/* run -i attaches XDP only: a tc program goes through tc */
		if (t == BPF_PROG_TYPE_XDP)
			xh_err("Couldn't run BPF object '%s' on its own: '%s' is an "
			       "XDP program (give the interface: -i IFNAME)", path,
			       bpf_program__name(prog));
		else if (t == BPF_PROG_TYPE_SCHED_CLS)
			xh_err("Couldn't run BPF object '%s': '%s' is a tc program, "
			       "which run does not attach (load it with 'tc filter "
			       "add dev IFNAME ingress bpf da obj %s sec %s', then "
			       "'xdp-hello log -i IFNAME')", path,
			       bpf_program__name(prog), path,
			       bpf_program__section_name(prog));
		if (t == BPF_PROG_TYPE_XDP || t == BPF_PROG_TYPE_SCHED_CLS)
			return -EINVAL;
	}
	return 0;
}

int xh_trace_attach(const char *path, const char *prog_name,
		    struct xh_traced *t)
{
	struct bpf_program *prog;
	char pipe[256];
	int err;

	memset(t, 0, sizeof(*t));
	t->obj = xh_object_file(path, true);
	if (!t->obj)
		return -EINVAL;
	err = pick(path, t->obj, prog_name);
	if (!err)
		err = check_object(path, t->obj);
	/* tracepoints are found through tracefs: mount it if it is not */
	if (!err && xh_trace_pipe_path(pipe, sizeof(pipe)))
		err = -ENOENT;
	if (!err && bpf_object__load(t->obj)) {
		err = -errno;
		xh_err("Couldn't load BPF object '%s': %s%s", path, strerror(-err),
		       load_hint(t->obj, err));
	}
	bpf_object__for_each_program(prog, t->obj) {
		if (err || t->nlinks == XH_MAX_TRACE_LINKS)
			break;
		if (!bpf_program__autoload(prog))
			continue;
		t->links[t->nlinks] = bpf_program__attach(prog);
		err = libbpf_get_error(t->links[t->nlinks]);
		if (err) {
			t->links[t->nlinks] = NULL;
			xh_err("Couldn't attach '%s' (section '%s') of '%s': %s%s",
			       bpf_program__name(prog),
			       bpf_program__section_name(prog), path, strerror(-err),
			       attach_hint(prog, err));
			break;
		}
		if (!t->nlinks++) {
			snprintf(t->name, sizeof(t->name), "%s", bpf_program__name(prog));
			err = first_id(prog, &t->prog_id);
		}
	}
	if (err)
		xh_trace_detach(t);
	return err;
}

void xh_trace_detach(struct xh_traced *t)
{
	int i;

	for (i = 0; i < t->nlinks; i++)
		bpf_link__destroy(t->links[i]);
	t->nlinks = 0;
	bpf_object__close(t->obj);
	t->obj = NULL;
}
