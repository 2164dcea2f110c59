// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <xdp_hello/record.h>
#include "diag.h"
#include "host.h"
#include "sys.h"
#include "trace_attach.h"

static int first_id(struct bpf_program *prog, __u32 *id)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
		return -errno;
	*id = info.id;
	return 0;
}

/* The object must be hlog's and have no XDP or tc program (those attach
 * to an interface: -i). */
static int check_object(const char *path, struct bpf_object *obj)
{
	struct bpf_program *prog;
	enum bpf_prog_type t;

	if (!bpf_object__find_map_by_name(obj, HLOG_RING_MAP)) {
		xh_err("Couldn't use BPF object '%s': it has no %s map (not an "
		       "hlog program: include <xdp_hello/log.h>)", path,
		       HLOG_RING_MAP);
		return -EINVAL;
	}
	bpf_object__for_each_program(prog, obj) {
		t = bpf_program__type(prog);
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

int xh_trace_attach(const char *path, struct xh_traced *t)
{
	struct bpf_program *prog;
	char pipe[256];
	int err;

	memset(t, 0, sizeof(*t));
	err = xh_object_readable(path);
	if (err) {
		xh_err("Couldn't open BPF object '%s': %s", path, strerror(-err));
		return err;
	}
	t->obj = bpf_object__open_file(path, NULL);
	err = libbpf_get_error(t->obj);
	if (err) {
		t->obj = NULL;
		xh_err("Couldn't open BPF object '%s': %s (not a valid BPF ELF "
		       "object)", path, strerror(-err));
		return err;
	}
	err = check_object(path, t->obj);
	/* tracepoints are found through tracefs: mount it if it is not */
	if (!err && xh_trace_pipe_path(pipe, sizeof(pipe)))
		err = -ENOENT;
	if (!err && bpf_object__load(t->obj)) {
		const char *btf;

		err = -errno;
		btf = xh_btf_hint(err);
		xh_err("Couldn't load BPF object '%s': %s%s", path, strerror(-err),
		       *btf ? btf : " (-vv shows the verifier's log)");
	}
	bpf_object__for_each_program(prog, t->obj) {
		if (err || t->nlinks == XH_MAX_TRACE_LINKS)
			break;
		t->links[t->nlinks] = bpf_program__attach(prog);
		err = libbpf_get_error(t->links[t->nlinks]);
		if (err) {
			t->links[t->nlinks] = NULL;
			xh_err("Couldn't attach '%s' (section '%s') of '%s': %s",
			       bpf_program__name(prog),
			       bpf_program__section_name(prog), path, strerror(-err));
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
