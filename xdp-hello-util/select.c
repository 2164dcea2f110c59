// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "base/diag.h"
#include "find.h"
#include "host.h"
#include "not_hlog.h"
#include <xdp_hello/record.h>
#include "select.h"

static bool have(const struct xh_prog *progs, int n, __u32 id)
{
	int i;

	for (i = 0; i < n; i++)
		if (progs[i].id == id)
			return true;
	return false;
}

/* Whether program id is loaded (a missing map is not a missing program). */
static bool prog_exists(__u32 id)
{
	int fd = bpf_prog_get_fd_by_id(id);

	if (fd < 0)
		return errno != ENOENT;
	close(fd);
	return true;
}

/* --prog-id ID (and --pin, once resolved): must be an hlog program. */
static int open_id(__u32 id, const char *as, struct xh_prog *out)
{
	int err = xh_prog_open(id, out);
	char why[256];

	if (err == -ENOENT && !prog_exists(id)) {
		xh_err("Couldn't find program %s: no such program (see 'bpftool "
		       "prog show')", as);
	} else if (err == -ENOENT) {
		xh_not_hlog_why(id, why, sizeof(why));
		xh_err("Couldn't read program %s: %s", as, why);
	} else if (err) {
		xh_err("Couldn't open program %s: %s", as, strerror(-err));
	}
	return err;
}

/* A pin may hold a map or a link: bpf_obj_get_info_by_fd would then fill
 * a program's info with a map's id. 0 for a program; -EMEDIUMTYPE, said,
 * for anything else (a link names its program). */
static int pinned_kind(int fd, const char *path)
{
	struct bpf_link_info link = {};
	__u32 len = sizeof(link);
	char proc[64], what[64] = "";
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, what, sizeof(what) - 1);
	if (n < 0 || !strcmp(what, "anon_inode:bpf-prog"))
		return 0;	/* no /proc: the kernel's answer decides */
	if (!strcmp(what, "anon_inode:bpf-link") &&
	    !bpf_obj_get_info_by_fd(fd, &link, &len))
		xh_err("Couldn't read pinned program '%s': it is a BPF link, not a "
		       "program (give its program: --prog-id %u)", path, link.prog_id);
	else
		xh_err("Couldn't read pinned program '%s': it is %s, not a program "
		       "(give a pinned program, or --prog-id ID)", path,
		       !strcmp(what, "anon_inode:bpf-map") ? "a BPF map" : "another kind of object");
	return -EMEDIUMTYPE;
}

static int open_pin(const char *path, struct xh_prog *out)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	char as[4200];
	int fd = bpf_obj_get(path), err = 0;

	if (fd < 0) {
		xh_err("Couldn't open pinned program '%s': %s%s", path, strerror(errno),
		       errno == ENOENT ? " (give the path it was pinned at, as "
		       "'bpftool prog pin' or 'bpftool prog loadall' made it)" : "");
		return -errno;
	}
	err = pinned_kind(fd, path);
	if (!err && bpf_obj_get_info_by_fd(fd, &info, &len))
		err = -errno;
	close(fd);
	if (err == -EMEDIUMTYPE)	/* said */
		return -EINVAL;
	if (err) {
		xh_err("Couldn't read pinned program '%s': %s (is it a program?)",
		       path, strerror(-err));
		return err;
	}
	snprintf(as, sizeof(as), "'%s' (id %u)", path, info.id);
	return open_id(info.id, as, out);
}

/* Every program with hlog's maps, whoever loaded it. */
static int open_all(struct xh_prog *out, int n, int max)
{
	__u32 id = 0;
	int err;

	while (n < max && !bpf_prog_get_next_id(id, &id)) {
		if (have(out, n, id))
			continue;
		err = xh_prog_open(id, &out[n]);
		if (!err)
			n++;
		else if (err != -ENOENT && err != -EPERM)
			return err;
	}
	return n;
}

static int select_ifaces(const struct params *p, struct xh_prog *out, int max)
{
	struct xh_iface iface;
	int i, n = 0, got;

	for (i = 0; i < p->nifaces; i++) {
		if (xh_iface_resolve(p->ifnames[i], &iface))
			return -ENODEV;
		got = find_hlogs_on(&iface, out + n, max - n);
		if (got < 0) {
			xh_progs_close(out, n);
			return got;
		}
		n += got;
	}
	return n;
}

/* What the selection is called in a privileges error: whole, not cut to
 * an interface name's 15 characters. */
static const char *selection_name(const struct params *p, char *buf, size_t len)
{
	if (p->nifaces)
		return p->ifnames[0];
	if (p->npins)
		return p->pins[0];
	if (!p->nprog_ids)
		return "all";
	snprintf(buf, len, "id %u", p->prog_ids[0]);
	return buf;
}

int select_progs(const struct params *p, const char *what,
		 struct xh_prog *out, int max)
{
	char as[32];
	int n, i, err = 0;

	if (xh_need_privileges(what, selection_name(p, as, sizeof(as)), false))
		return -1;
	n = select_ifaces(p, out, max);
	if (n < 0)
		return -1;
	for (i = 0; i < p->nprog_ids && !err && n < max; i++) {
		if (have(out, n, p->prog_ids[i]))
			continue;
		snprintf(as, sizeof(as), "id %u", p->prog_ids[i]);
		err = open_id(p->prog_ids[i], as, &out[n]);
		n += !err;
	}
	for (i = 0; i < p->npins && !err && n < max; i++) {
		err = open_pin(p->pins[i], &out[n]);
		if (!err && have(out, n, out[n].id))
			xh_prog_close(&out[n]);
		else
			n += !err;
	}
	if (!err && p->all) {
		err = open_all(out, n, max);
		n = err < 0 ? n : err;
		err = err < 0 ? err : 0;
		if (!err && !n)
			xh_err("Couldn't find an hlog program: none is loaded");
		err = err ? err : !n ? -ENOENT : 0;
	}
	if (err) {
		xh_progs_close(out, n);
		return -1;
	}
	return n;
}
