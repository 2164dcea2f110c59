// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "find/tc_find.h"

#ifndef TC_H_CLSACT	/* linux/pkt_sched.h of older kernels */
#define TC_H_CLSACT TC_H_INGRESS
#define TC_H_MIN_INGRESS 0xFFF2U
#define TC_H_MIN_EGRESS 0xFFF3U
#endif
/* enum bpf_attach_type of kernels with tcx (6.6); Debian 12's headers
 * predate it, and an older kernel answers EINVAL */
#define XH_TCX_INGRESS 46
#define XH_TCX_EGRESS 47
#define NL_BUF 16384

/* The program id of a bpf filter message (TCA_OPTIONS / TCA_BPF_ID). */
static __u32 filter_prog_id(struct nlmsghdr *nh)
{
	struct tcmsg *tc = NLMSG_DATA(nh);
	int len = (int)nh->nlmsg_len - NLMSG_LENGTH(sizeof(*tc));
	struct rtattr *a = (struct rtattr *)((char *)tc + NLMSG_ALIGN(sizeof(*tc)));
	struct rtattr *o;
	int olen;
	bool bpf = false;

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == TCA_KIND)
			bpf = !strcmp(RTA_DATA(a), "bpf");
		if (a->rta_type != TCA_OPTIONS || !bpf)
			continue;
		olen = (int)RTA_PAYLOAD(a);
		for (o = RTA_DATA(a); RTA_OK(o, olen); o = RTA_NEXT(o, olen))
			if (o->rta_type == TCA_BPF_ID && RTA_PAYLOAD(o) >= 4)
				return *(__u32 *)RTA_DATA(o);
	}
	return 0;
}

/* Dumps the filters under parent; adds the bpf programs' ids. */
static int dump_filters(int ifindex, __u32 parent, const char *hook,
			struct xh_tc_prog *out, int max, int n)
{
	struct {
		struct nlmsghdr nh;
		struct tcmsg tc;
	} req = {
		.nh = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg)),
			.nlmsg_type = RTM_GETTFILTER,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.tc = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex,
			.tcm_parent = parent },
	};
	char buf[NL_BUF] __attribute__((aligned(4)));
	struct nlmsghdr *nh;
	int fd, len, err = 0;
	bool done = false;
	__u32 id;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (send(fd, &req, req.nh.nlmsg_len, 0) < 0) {
		err = -errno;
		goto out;
	}
	while (!done && (len = (int)recv(fd, buf, sizeof(buf), 0)) > 0) {
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, len);
		     nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				/* no clsact qdisc: no filters there */
				err = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
				done = true;
				break;
			}
			id = filter_prog_id(nh);
			if (id && n < max)
				out[n++] = (struct xh_tc_prog){ id, hook };
		}
	}
	if (len < 0)
		err = -errno;
out:
	close(fd);
	return err == -EINVAL || err == -ENOENT ? n : err ? err : n;
}

/* tcx links of one direction. */
static int query_tcx(int ifindex, int type, const char *hook,
		     struct xh_tc_prog *out, int max, int n)
{
	__u32 ids[64], cnt = 64, i;

	/* target_fd and target_ifindex share the field */
	if (bpf_prog_query(ifindex, (enum bpf_attach_type)type, 0, NULL, ids, &cnt))
		return n;	/* no tcx here (EINVAL) or none attached */
	for (i = 0; i < cnt && n < max; i++)
		out[n++] = (struct xh_tc_prog){ ids[i], hook };
	return n;
}

int xh_tc_progs(int ifindex, struct xh_tc_prog *out, int max)
{
	int n = 0;

	n = dump_filters(ifindex, TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS),
			 "tc ingress", out, max, n);
	if (n < 0)
		return n;
	n = dump_filters(ifindex, TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS),
			 "tc egress", out, max, n);
	if (n < 0)
		return n;
	n = query_tcx(ifindex, XH_TCX_INGRESS, "tcx ingress", out, max, n);
	return query_tcx(ifindex, XH_TCX_EGRESS, "tcx egress", out, max, n);
}
