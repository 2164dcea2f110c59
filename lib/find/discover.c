// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include <xdp_hello/record.h>
#include "find/discover.h"
#include "base/diag.h"
#include "find/tc_find.h"

#define DISPATCHER_NAME "xdp_dispatcher"

static int prog_info(int fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, len);
	return bpf_obj_get_info_by_fd(fd, info, &len) ? -errno : 0;
}

static int name_from_fd(int fd, char *buf, size_t len)
{
	struct bpf_func_info finfo = {};
	struct bpf_prog_info info;
	const struct btf_type *t;
	struct btf *btf = NULL;
	__u32 ilen = sizeof(info);
	int err;

	err = prog_info(fd, &info);
	if (err)
		return err;
	snprintf(buf, len, "%s", info.name);
	/* The kernel keeps 15 characters; BTF has the whole name. */
	if (!info.btf_id || !info.nr_func_info)
		return 0;
	memset(&info, 0, sizeof(info));
	info.nr_func_info = 1;
	info.func_info_rec_size = sizeof(finfo);
	info.func_info = (__u64)(unsigned long)&finfo;
	if (bpf_obj_get_info_by_fd(fd, &info, &ilen))
		return 0;
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf)
		return 0;
	t = btf__type_by_id(btf, finfo.type_id);
	if (t && btf_is_func(t))
		snprintf(buf, len, "%s", btf__name_by_offset(btf, t->name_off));
	btf__free(btf);
	return 0;
}

int xh_prog_name(__u32 id, char *buf, size_t len)
{
	int fd = bpf_prog_get_fd_by_id(id), err;

	if (fd < 0)
		return -errno;
	err = name_from_fd(fd, buf, len);
	close(fd);
	return err;
}

/* Components of a libxdp dispatcher are freplace programs linked to it. */
static void dispatcher_components(__u32 disp_id, struct xh_xdp_state *st)
{
	struct bpf_link_info info;
	__u32 id = 0, len;
	int fd;

	st->nprogs = 0;
	while (!bpf_link_get_next_id(id, &id)) {
		fd = bpf_link_get_fd_by_id(id);
		if (fd < 0)
			continue;
		len = sizeof(info);
		memset(&info, 0, len);
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    info.type == BPF_LINK_TYPE_TRACING &&
		    info.tracing.target_obj_id == disp_id &&
		    st->nprogs < XH_MAX_PROGS)
			st->prog_ids[st->nprogs++] = info.prog_id;
		close(fd);
	}
}

int xh_xdp_state(int ifindex, struct xh_xdp_state *st)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	char name[128];
	int err;

	memset(st, 0, sizeof(*st));
	err = bpf_xdp_query(ifindex, 0, &q);
	if (err)
		return err;
	if (q.skb_prog_id) {
		st->top_id = q.skb_prog_id;
		st->mode = "skb";
		st->attach_flags = XDP_FLAGS_SKB_MODE;
	} else if (q.drv_prog_id) {
		st->top_id = q.drv_prog_id;
		st->mode = "native";
		st->attach_flags = XDP_FLAGS_DRV_MODE;
	} else if (q.hw_prog_id) {
		st->top_id = q.hw_prog_id;
		st->mode = "hw";
		st->attach_flags = XDP_FLAGS_HW_MODE;
	} else {
		return 0;
	}
	if (!xh_prog_name(st->top_id, name, sizeof(name)) &&
	    !strcmp(name, DISPATCHER_NAME)) {
		st->dispatcher = true;
		dispatcher_components(st->top_id, st);
	} else {
		st->prog_ids[0] = st->top_id;
		st->nprogs = 1;
	}
	return 0;
}

static const char *datasec_name(struct btf *btf, __u32 type_id)
{
	const struct btf_type *t = btf ? btf__type_by_id(btf, type_id) : NULL;

	if (!t || !btf_is_datasec(t))
		return NULL;
	return btf__name_by_offset(btf, t->name_off);
}

static void pick_map(struct xh_prog *p, __u32 map_id)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	const char *sec;
	int fd;

	fd = bpf_map_get_fd_by_id(map_id);
	if (fd < 0)
		return;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		goto skip;
	if (info.type == BPF_MAP_TYPE_RINGBUF &&
	    !strcmp(info.name, HLOG_RING_MAP) && p->ring_fd < 0) {
		p->ring_fd = fd;
		p->ring_id = map_id;
		return;
	}
	if (info.type == BPF_MAP_TYPE_PERCPU_ARRAY &&
	    !strcmp(info.name, HLOG_STATS_MAP) &&
	    (info.value_size == sizeof(struct hlog_stats) ||
	     info.value_size == HLOG_STATS_V1_SIZE) && p->stats_fd < 0) {
		p->stats_fd = fd;
		p->stats_size = info.value_size;
		return;
	}
	if (info.type == BPF_MAP_TYPE_ARRAY &&
	    !strcmp(info.name, HLOG_CPU_RINGS_MAP) && p->cpu_rings_fd < 0) {
		p->cpu_rings_fd = fd;
		return;
	}
	if (info.type == BPF_MAP_TYPE_ARRAY &&
	    !strcmp(info.name, HLOG_CPU_POS_MAP) && p->cpu_pos_fd < 0) {
		p->cpu_pos_fd = fd;
		p->ncpu_rings = info.max_entries;
		return;
	}
	if (info.type != BPF_MAP_TYPE_ARRAY || !info.btf_id ||
	    !info.btf_value_type_id)
		goto skip;
	if (!p->btf)
		p->btf = btf__load_from_kernel_by_id(info.btf_id);
	sec = datasec_name(p->btf, info.btf_value_type_id);
	if (sec && !strcmp(sec, ".rodata") && p->rodata_fd < 0) {
		p->rodata_fd = fd;
		p->rodata_size = info.value_size;
		p->rodata_type = info.btf_value_type_id;
		return;
	}
	if (sec && !strcmp(sec, ".data") && p->data_fd < 0) {
		p->data_fd = fd;
		p->data_size = info.value_size;
		p->data_type = info.btf_value_type_id;
		return;
	}
skip:
	close(fd);
}

int xh_prog_open_any(__u32 id, struct xh_prog *p)
{
	struct bpf_prog_info info;
	__u32 map_ids[XH_MAX_MAPS], len = sizeof(info), i, n;
	int fd, err;

	memset(p, 0, sizeof(*p));
	p->prog_fd = p->ring_fd = p->stats_fd = p->rodata_fd = p->data_fd = -1;
	p->cpu_rings_fd = p->cpu_pos_fd = -1;
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	p->prog_fd = fd;
	p->id = id;
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = XH_MAX_MAPS;
	info.map_ids = (__u64)(unsigned long)map_ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto fail;
	}
	n = info.nr_map_ids < XH_MAX_MAPS ? info.nr_map_ids : XH_MAX_MAPS;
	for (i = 0; i < n; i++)
		pick_map(p, map_ids[i]);
	/* a program without global data: its own BTF, if it has one */
	if (!p->btf && info.btf_id) {
		p->btf = btf__load_from_kernel_by_id(info.btf_id);
		if (libbpf_get_error(p->btf))
			p->btf = NULL;
	}
	name_from_fd(fd, p->name, sizeof(p->name));
	return 0;
fail:
	xh_prog_close(p);
	return err;
}

int xh_prog_open(__u32 id, struct xh_prog *p)
{
	int err = xh_prog_open_any(id, p);

	if (err)
		return err;
	if (p->ring_fd < 0 || p->stats_fd < 0) {
		err = -ENOENT;
		goto fail;
	}
	if ((p->cpu_rings_fd < 0) != (p->cpu_pos_fd < 0)) {
		/* half of the per-CPU rings: not what log.h makes */
		err = -ENOENT;
		goto fail;
	}
	return 0;
fail:
	xh_prog_close(p);
	return err;
}

const char *xh_prog_where(const struct xh_prog *p, char *buf, size_t len)
{
	if (p->iface.name[0])
		snprintf(buf, len, "'%s' on '%s'", p->name, p->iface.name);
	else
		snprintf(buf, len, "'%s' (id %u)", p->name, p->id);
	return buf;
}

void xh_prog_close(struct xh_prog *p)
{
	int *fds[] = { &p->prog_fd, &p->ring_fd, &p->stats_fd, &p->rodata_fd,
		       &p->data_fd, &p->cpu_rings_fd, &p->cpu_pos_fd };
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
	btf__free(p->btf);
	p->btf = NULL;
}

int xh_find_hlog(const struct xh_iface *iface, struct xh_prog *out)
{
	struct xh_xdp_state st;
	char name[128] = "";
	int err, i;

	err = xh_xdp_state(iface->ifindex, &st);
	if (err) {
		xh_err("Couldn't query XDP programs on '%s': %s",
		       iface->name, strerror(-err));
		return err;
	}
	if (!st.top_id) {
		xh_err("Couldn't find an hlog program on '%s': no XDP program "
		       "attached", iface->name);
		return -ENOENT;
	}
	for (i = 0; i < st.nprogs; i++) {
		err = xh_prog_open(st.prog_ids[i], out);
		if (err == -ENOENT)
			continue;	/* not an hlog program */
		if (err) {
			xh_prog_name(st.prog_ids[i], name, sizeof(name));
			xh_err("Couldn't open XDP program '%s' (id %u) on '%s': %s",
			       name, st.prog_ids[i], iface->name, strerror(-err));
			return err;
		}
		out->iface = *iface;
		out->mode = st.mode;
		out->in_dispatcher = st.dispatcher;
		return 0;
	}
	xh_prog_name(st.top_id, name, sizeof(name));
	xh_err("Couldn't find an hlog program on '%s': XDP program '%s' (id %u) "
	       "has no %s map", iface->name, name, st.top_id, HLOG_RING_MAP);
	return -ENOENT;
}

/* Opens id as found on iface at hook; 0, -ENOENT if not hlog, -errno. */
static int open_on(__u32 id, const struct xh_iface *iface, const char *hook,
		   bool in_dispatcher, struct xh_prog *out)
{
	char name[XH_NAME_MAX] = "";
	int err = xh_prog_open(id, out);

	if (err == -ENOENT)
		return err;
	if (err) {
		xh_prog_name(id, name, sizeof(name));
		xh_err("Couldn't open program '%s' (id %u) on '%s': %s", name, id,
		       iface->name, strerror(-err));
		return err;
	}
	out->iface = *iface;
	out->mode = hook;
	out->in_dispatcher = in_dispatcher;
	return 0;
}

int xh_find_hlogs_on(const struct xh_iface *iface, struct xh_prog *out, int max)
{
	struct xh_tc_prog tc[XH_MAX_PROGS];
	struct xh_xdp_state st;
	int n = 0, ntc, i, err;

	err = xh_xdp_state(iface->ifindex, &st);
	if (err) {
		xh_err("Couldn't query XDP programs on '%s': %s", iface->name,
		       strerror(-err));
		return err;
	}
	ntc = xh_tc_progs(iface->ifindex, tc, XH_MAX_PROGS);
	if (ntc < 0) {
		xh_err("Couldn't query tc programs on '%s': %s", iface->name,
		       strerror(-ntc));
		return ntc;
	}
	for (i = 0; i < st.nprogs + ntc && n < max; i++) {
		err = i < st.nprogs ?
			open_on(st.prog_ids[i], iface, st.mode, st.dispatcher, &out[n]) :
			open_on(tc[i - st.nprogs].id, iface, tc[i - st.nprogs].hook,
				false, &out[n]);
		if (!err)
			n++;
		else if (err != -ENOENT)
			goto fail;
	}
	if (n)
		return n;
	if (st.top_id && !ntc) {	/* the usual case, said as for XDP alone */
		err = xh_find_hlog(iface, out);
		return err ? err : 1;	/* found after all: replaced meanwhile */
	}
	xh_err("Couldn't find an hlog program on '%s': %s", iface->name,
	       ntc ? "none of its XDP or tc programs has an " HLOG_RING_MAP
	       " map" : "no XDP or tc program attached");
	return -ENOENT;
fail:
	xh_progs_close(out, n);
	return err;
}

void xh_progs_close(struct xh_prog *progs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		xh_prog_close(&progs[i]);
}

int xh_prog_on_iface(int ifindex, __u32 id)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct xh_tc_prog tc[XH_MAX_PROGS];
	struct xh_xdp_state st;
	int err, i, n;

	/* the common case, a single program: no name and no link walk */
	err = bpf_xdp_query(ifindex, 0, &q);
	if (err)
		return err;
	if (q.skb_prog_id == id || q.drv_prog_id == id || q.hw_prog_id == id)
		return 1;
	err = xh_xdp_state(ifindex, &st);
	if (err)
		return err;
	for (i = 0; i < st.nprogs; i++)
		if (st.prog_ids[i] == id)
			return 1;
	n = xh_tc_progs(ifindex, tc, XH_MAX_PROGS);
	for (i = 0; i < n; i++)
		if (tc[i].id == id)
			return 1;
	return n < 0 ? n : 0;
}
