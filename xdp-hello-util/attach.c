// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/file.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <xdp/libxdp.h>

#include <xdp_hello/record.h>
#include "attach.h"
#include "find/discover.h"
#include "base/diag.h"
#include "find.h"
#include "host.h"
#include "xdp_object.h"

/* Neither replace nor detach can touch a program a BPF link holds: only
 * whoever holds the link can let it go. */
#define LINK_HELD " (it is held by a BPF link: stop the 'xdp-hello run', or the " \
	"other program, that attached it)"

int xh_mode_parse(const char *s)
{
	if (!strcasecmp(s, "skb") || !strcasecmp(s, "generic"))
		return XH_MODE_SKB;
	if (!strcasecmp(s, "native") || !strcasecmp(s, "drv"))
		return XH_MODE_NATIVE;
	if (!strcasecmp(s, "auto"))
		return XH_MODE_AUTO;
	return -1;
}

static __u32 mode_flags(enum xh_mode mode)
{
	switch (mode) {
	case XH_MODE_SKB:
		return XDP_FLAGS_SKB_MODE;
	case XH_MODE_NATIVE:
		return XDP_FLAGS_DRV_MODE;
	default:
		return 0;
	}
}

static enum xdp_attach_mode xdp_mode(enum xh_mode mode)
{
	switch (mode) {
	case XH_MODE_SKB:
		return XDP_MODE_SKB;
	case XH_MODE_NATIVE:
		return XDP_MODE_NATIVE;
	default:
		return XDP_MODE_UNSPEC;
	}
}

static const char *libbpf_reason(int err, char *buf, size_t len)
{
	libbpf_strerror(err, buf, len);
	return buf;
}

static const char *attach_hint(int err, enum xh_mode mode)
{
	const char *load = xh_load_hint(err);

	if (mode == XH_MODE_NATIVE && (err == -EOPNOTSUPP || err == -EINVAL))
		return " (the driver has no native XDP: try -m skb)";
	if (err == -EBUSY || err == -EEXIST)
		return " (another XDP program is attached in another mode: see 'xdp-hello status')";
	if ((err == -EPERM || err == -EACCES) && geteuid())
		return " (run as root)";
	if (*load)
		return load;
	if (err == -ERANGE)
		return " (the MTU is too large for native XDP: try -m skb)";
	return "";
}

/* The interface was bare when checked (st) and has a program now: EBUSY
 * or EEXIST came from someone attaching in between, not from a mode. */
static bool raced(int err, const struct xh_iface *iface,
		  const struct xh_xdp_state *st)
{
	struct xh_xdp_state now;

	return (err == -EBUSY || err == -EEXIST) && !st->top_id &&
	       !xh_xdp_state(iface->ifindex, &now) && now.top_id;
}

/* What is there now, and may we go ahead? Fills *replace when forced. */
static int check_iface(const char *prog, const struct xh_iface *iface,
		       bool force, struct xh_xdp_state *st, __u32 *replace)
{
	struct xh_prog hp;
	char name[128] = "";
	int err, i;

	*replace = 0;
	err = xh_xdp_state(iface->ifindex, st);
	if (err) {
		xh_err("Couldn't query XDP programs on '%s': %s", iface->name,
		       strerror(-err));
		return err;
	}
	if (!st->top_id)
		return 0;
	for (i = 0; i < st->nprogs; i++) {
		if (xh_prog_open(st->prog_ids[i], &hp))
			continue;
		xh_prog_close(&hp);
		if (force && !st->dispatcher) {
			*replace = st->top_id;
			return 0;
		}
		xh_err("Couldn't attach XDP program '%s' to '%s': an hlog program "
		       "(id %u) is already attached (remove it first: 'xdp-hello "
		       "unload %s'%s)", prog, iface->name, st->prog_ids[i], iface->name,
		       st->dispatcher ? "" : ", or use --force");
		return -EEXIST;
	}
	if (st->dispatcher)
		return 0;	/* join it */
	xh_prog_name(st->top_id, name, sizeof(name));
	if (force) {
		*replace = st->top_id;
		return 0;
	}
	xh_err("Couldn't attach XDP program '%s' to '%s': XDP program '%s' "
	       "(id %u) is already attached in %s mode (use --force to replace "
	       "it, or load both with xdp-loader)", prog, iface->name, name,
	       st->top_id, st->mode);
	return -EEXIST;
}

/*
 * --force: swap the attached program for ours in one netlink call that
 * names the old one (XDP_FLAGS_REPLACE), so the interface is never
 * without a program and a failure leaves the old one in place.
 */
static int replace_old(struct bpf_object *obj, const struct xh_iface *iface,
		       enum xh_mode mode, const struct xh_xdp_state *st,
		       __u32 old_id, bool keep_old, struct xh_attachment *a)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	char old[128] = "", why[128];
	int err, fd;

	xh_prog_name(old_id, old, sizeof(old));
	if (mode != XH_MODE_AUTO && mode_flags(mode) != st->attach_flags) {
		xh_err("Couldn't replace XDP program '%s' (id %u) on '%s': it is "
		       "attached in %s mode (use -m %s, or unload it first)", old,
		       old_id, iface->name, st->mode, st->mode);
		return -EINVAL;
	}
	opts.old_prog_fd = bpf_prog_get_fd_by_id(old_id);
	if (opts.old_prog_fd < 0) {
		err = -errno;
		xh_err("Couldn't replace XDP program '%s' (id %u) on '%s': %s",
		       old, old_id, iface->name, strerror(-err));
		return err;
	}
	err = bpf_object__load(obj);
	if (err) {
		xh_err("Couldn't load BPF program '%s': %s%s", a->name,
		       libbpf_reason(err, why, sizeof(why)), attach_hint(err, mode));
		goto out;
	}
	fd = bpf_program__fd(bpf_object__find_program_by_name(obj, a->name));
	err = bpf_xdp_attach(iface->ifindex, fd,
			     st->attach_flags | XDP_FLAGS_REPLACE, &opts);
	if (err) {
		xh_err("Couldn't replace XDP program '%s' (id %u) on '%s': %s%s",
		       old, old_id, iface->name,
		       libbpf_reason(err, why, sizeof(why)),
		       err == -EBUSY ? LINK_HELD : "");
		goto out;
	}
	a->nl_fd = dup(fd);
	a->nl_flags = st->attach_flags;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		a->prog_id = info.id;
	xh_info("Replaced XDP program '%s' (id %u) on '%s'%s", old, old_id,
		iface->name, keep_old ? " until exit" : "");
	if (keep_old) {	/* run: put it back when done */
		a->old_fd = opts.old_prog_fd;
		return 0;
	}
out:
	close(opts.old_prog_fd);
	return err;
}

static int attach_link(struct bpf_object *obj, const struct xh_iface *iface,
		       enum xh_mode mode, struct xh_attachment *a)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo, .flags = mode_flags(mode));
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, a->name);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd;

	fd = bpf_link_create(bpf_program__fd(prog), iface->ifindex, BPF_XDP, &lo);
	if (fd < 0)
		return -errno;
	a->link_fd = fd;
	if (!bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
		a->prog_id = info.id;
	return 0;
}

/* libxdp's directory in bpffs, which it makes for a dispatcher's pins */
static void libxdp_dir(char *buf, size_t len)
{
	const char *bpffs = getenv("LIBXDP_BPFFS");

	snprintf(buf, len, "%s/xdp", bpffs && *bpffs ? bpffs : "/sys/fs/bpf");
}

/* Removes dir if it is empty, under libxdp's own lock on it, so that
 * another libxdp user that has just made it keeps it for its pins. */
static void libxdp_dir_drop(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (!flock(fd, LOCK_EX))
		rmdir(dir);	/* only if empty */
	close(fd);
}

/* libxdp loads obj (sized by xh_object_open) and may take it into a
 * dispatcher; on success the attachment owns obj. */
static int attach_libxdp(struct bpf_object *obj, const struct xh_iface *iface,
			 enum xh_mode mode, struct xh_attachment *a)
{
	DECLARE_LIBXDP_OPTS(xdp_program_opts, opts, .obj = obj,
			    .prog_name = a->name);
	struct xdp_program *xp;
	char dir[PATH_MAX];
	bool had_dir;
	int err;

	xh_ensure_bpffs();
	libxdp_dir(dir, sizeof(dir));
	had_dir = !access(dir, F_OK);
	xp = xdp_program__create(&opts);
	err = libxdp_get_error(xp);
	if (err)
		return err;
	err = xdp_program__attach(xp, iface->ifindex, xdp_mode(mode), 0);
	if (err) {
		xdp_program__close(xp);
		/* a failed attach leaves libxdp's new directory behind, empty:
		 * a refused command changes nothing (rmdir takes only an
		 * empty one) */
		if (!had_dir)
			libxdp_dir_drop(dir);
		return err;
	}
	a->xprog = xp;
	a->xobj = obj;
	a->xmode = xdp_mode(mode);
	a->prog_id = xdp_program__id(xp);
	return 0;
}

int xh_attach(struct xh_object *o, const struct xh_iface *iface,
	      enum xh_mode mode, bool force, bool use_link,
	      struct xh_attachment *a)
{
	struct bpf_object *obj = o->obj;
	struct xh_xdp_state st;
	__u32 replace;
	char why[128];
	int err;

	memset(a, 0, sizeof(*a));
	a->link_fd = a->nl_fd = a->old_fd = -1;
	a->iface = *iface;
	snprintf(a->name, sizeof(a->name), "%s", o->name);
	o->obj = NULL;		/* ours now */
	err = check_iface(a->name, iface, force, &st, &replace);
	if (err)
		goto out;
	if (replace) {
		err = replace_old(obj, iface, mode, &st, replace, use_link, a);
		goto out;
	}
	if (use_link && !st.dispatcher) {
		err = bpf_object__load(obj);
		if (!err)
			err = attach_link(obj, iface, mode, a);
	} else {
		err = attach_libxdp(obj, iface, mode, a);
	}
	if (err) {
		xh_err("Couldn't attach XDP program '%s' to '%s': %s%s", a->name,
		       iface->name, libbpf_reason(err, why, sizeof(why)),
		       raced(err, iface, &st) ? " (another XDP program was attached "
		       "meanwhile, as by a second 'xdp-hello run': see 'xdp-hello "
		       "status')" : attach_hint(err, mode));
		goto out;
	}
	xh_debug("attached '%s' (id %u) to '%s' %s", a->name, a->prog_id,
		 iface->name, a->link_fd >= 0 ? "with a BPF link" : "with libxdp");
out:
	if (obj != a->xobj)
		bpf_object__close(obj);	/* the attachment keeps the program */
	return err;
}

void xh_attachment_release(struct xh_attachment *a)
{
	xdp_program__close(a->xprog);
	bpf_object__close(a->xobj);
	a->xprog = NULL;
	a->xobj = NULL;
}

int xh_detach(struct xh_attachment *a)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = a->nl_fd);
	int err = 0;

	if (a->nl_fd >= 0) {
		/* only if it is still ours; the program we replaced goes back */
		if (a->old_fd >= 0)
			err = bpf_xdp_attach(a->iface.ifindex, a->old_fd,
					     a->nl_flags | XDP_FLAGS_REPLACE, &opts);
		else
			err = bpf_xdp_detach(a->iface.ifindex,
					     a->nl_flags | XDP_FLAGS_REPLACE, &opts);
		if (!err && a->old_fd >= 0)
			xh_info("Put back the XDP program replaced on '%s'",
				a->iface.name);
		close(a->nl_fd);
		a->nl_fd = -1;
	}
	if (a->old_fd >= 0) {
		close(a->old_fd);
		a->old_fd = -1;
	}
	if (a->link_fd >= 0) {
		err = bpf_link_detach(a->link_fd) ? -errno : 0;
		close(a->link_fd);
		a->link_fd = -1;
	}
	if (a->xprog) {
		xh_ensure_bpffs();
		err = xdp_program__detach(a->xprog, a->iface.ifindex,
					  (enum xdp_attach_mode)a->xmode, 0);
		xh_attachment_release(a);
	}
	if (err && err != -ENOENT)
		xh_err("Couldn't detach XDP program '%s' from '%s': %s", a->name,
		       a->iface.name, strerror(-err));
	return err == -ENOENT ? 0 : err;
}

static int unload_from_dispatcher(const struct xh_iface *iface, __u32 id)
{
	struct xdp_multiprog *mp;
	struct xdp_program *p = NULL;
	int err = -ENOENT;

	xh_ensure_bpffs();
	mp = xdp_multiprog__get_from_ifindex(iface->ifindex);
	if (libxdp_get_error(mp))
		return libxdp_get_error(mp);
	while ((p = xdp_multiprog__next_prog(p, mp)))
		if (xdp_program__id(p) == id)
			break;
	if (p)
		err = xdp_program__detach(p, iface->ifindex,
					  xdp_multiprog__attach_mode(mp), 0);
	xdp_multiprog__close(mp);
	return err;
}

int xh_unload(const struct xh_iface *iface)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts);
	struct xh_prog hp;
	struct xh_xdp_state st;
	char why[128];
	int err;

	err = find_hlog_to_unload(iface, &hp);
	if (err)
		return err;
	err = xh_xdp_state(iface->ifindex, &st);
	if (!err && st.dispatcher) {
		err = unload_from_dispatcher(iface, hp.id);
	} else if (!err) {
		/* Only if it is still the program we found. */
		opts.old_prog_fd = hp.prog_fd;
		err = bpf_xdp_detach(iface->ifindex,
				     st.attach_flags | XDP_FLAGS_REPLACE, &opts);
	}
	if (err)
		xh_err("Couldn't detach XDP program '%s' (id %u) from '%s': %s%s",
		       hp.name, hp.id, iface->name,
		       libbpf_reason(err, why, sizeof(why)),
		       err == -EBUSY ? LINK_HELD : "");
	else
		xh_info("Unloaded '%s' (id %u) from '%s'", hp.name, hp.id,
			iface->name);
	xh_prog_close(&hp);
	return err;
}
