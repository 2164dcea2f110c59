/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DEBUG packet summary of hello:
 *   received a packet: len 74 IPv4 10.0.0.1:43210 -> 10.0.0.2:9090 UDP
 * Ethernet, up to two VLAN tags (one extra line each), IPv4/IPv6 with
 * UDP/TCP/ICMP/ICMPv6, ARP; a frame too short for a header is reported as
 * truncated, an impossible header as malformed. Every read is checked
 * against data_end first.
 */
#ifndef XDP_HELLO_PACKET_SUMMARY_H
#define XDP_HELLO_PACKET_SUMMARY_H

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmpv6.h>
#include <bpf/bpf_endian.h>

#include <xdp_hello/log.h>

#define PS_PREFIX "received a packet: len %u "

/* linux/icmp.h pulls in libc headers: the ICMP header's first fields */
struct ps_icmp {
	__u8 type;
	__u8 code;
	__sum16 checksum;
};

struct ps_vlan {
	__be16 tci;
	__be16 proto;
};

/* linux/if_arp.h pulls in libc headers: the few ARP facts needed here */
#define ARPHRD_ETHER 1
#define ARPOP_REQUEST 1
#define ARPOP_REPLY 2
struct arphdr {
	__be16 ar_hrd;
	__be16 ar_pro;
	unsigned char ar_hln;
	unsigned char ar_pln;
	__be16 ar_op;
};

struct ps_arp_ipv4 {
	struct arphdr h;
	unsigned char sha[ETH_ALEN];
	unsigned char sip[4];	/* byte arrays: no padding, no alignment */
	unsigned char tha[ETH_ALEN];
	unsigned char tip[4];
};

/* Layer names for these lines are char arrays, as %s wants. */
#define ps_layer(var, name) char var[8] = name
#define ps_truncated(ctx, len, name)					\
	({								\
		ps_layer(__layer, name);				\
		hlog_debug(ctx, PS_PREFIX "truncated %s header", len, __layer); \
	})

static __always_inline void ps_l4_v4(struct xdp_md *ctx, __u32 len,
				     struct iphdr *ip, void *l4, void *end)
{
	if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *u = l4;

		if ((void *)(u + 1) > end)
			return (void)ps_truncated(ctx, len, "UDP");
		hlog_debug(ctx, PS_PREFIX "IPv4 %pI4:%pN -> %pI4:%pN UDP", len,
			   &ip->saddr, &u->source, &ip->daddr, &u->dest);
	} else if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *t = l4;

		if ((void *)(t + 1) > end)
			return (void)ps_truncated(ctx, len, "TCP");
		hlog_debug(ctx, PS_PREFIX "IPv4 %pI4:%pN -> %pI4:%pN TCP", len,
			   &ip->saddr, &t->source, &ip->daddr, &t->dest);
	} else if (ip->protocol == IPPROTO_ICMP) {
		struct ps_icmp *i = l4;

		if ((void *)(i + 1) > end)
			return (void)ps_truncated(ctx, len, "ICMP");
		hlog_debug(ctx, PS_PREFIX "IPv4 %pI4 -> %pI4 ICMP type %u code %u",
			   len, &ip->saddr, &ip->daddr, i->type, i->code);
	} else {
		hlog_debug(ctx, PS_PREFIX "IPv4 %pI4 -> %pI4 proto %u", len,
			   &ip->saddr, &ip->daddr, ip->protocol);
	}
}

static __always_inline void ps_ipv4(struct xdp_md *ctx, __u32 len, void *p,
				    void *end)
{
	struct iphdr *ip = p;
	__u32 hl;

	if ((void *)(ip + 1) > end)
		return (void)ps_truncated(ctx, len, "IPv4");
	hl = ip->ihl * 4;
	if (ip->version != 4 || hl < sizeof(*ip)) {
		ps_layer(layer, "IPv4");
		hlog_debug(ctx, PS_PREFIX "malformed %s header", len, layer);
		return;
	}
	if (p + hl > end)
		return (void)ps_truncated(ctx, len, "IPv4");
	/* later fragments carry no transport header */
	if (ip->frag_off & bpf_htons(0x1fff)) {
		hlog_debug(ctx, PS_PREFIX "IPv4 %pI4 -> %pI4 proto %u fragment",
			   len, &ip->saddr, &ip->daddr, ip->protocol);
		return;
	}
	ps_l4_v4(ctx, len, ip, p + hl, end);
}

static __always_inline void ps_ipv6(struct xdp_md *ctx, __u32 len, void *p,
				    void *end)
{
	struct ipv6hdr *ip6 = p;
	void *l4 = ip6 + 1;

	if (l4 > end)
		return (void)ps_truncated(ctx, len, "IPv6");
	if (ip6->version != 6) {
		ps_layer(layer, "IPv6");
		hlog_debug(ctx, PS_PREFIX "malformed %s header", len, layer);
		return;
	}
	if (ip6->nexthdr == IPPROTO_UDP) {
		struct udphdr *u = l4;

		if ((void *)(u + 1) > end)
			return (void)ps_truncated(ctx, len, "UDP");
		hlog_debug(ctx, PS_PREFIX "IPv6 [%pI6]:%pN -> [%pI6]:%pN UDP", len,
			   &ip6->saddr, &u->source, &ip6->daddr, &u->dest);
	} else if (ip6->nexthdr == IPPROTO_TCP) {
		struct tcphdr *t = l4;

		if ((void *)(t + 1) > end)
			return (void)ps_truncated(ctx, len, "TCP");
		hlog_debug(ctx, PS_PREFIX "IPv6 [%pI6]:%pN -> [%pI6]:%pN TCP", len,
			   &ip6->saddr, &t->source, &ip6->daddr, &t->dest);
	} else if (ip6->nexthdr == IPPROTO_ICMPV6) {
		struct icmp6hdr *i = l4;

		if ((void *)(i + 1) > end)
			return (void)ps_truncated(ctx, len, "ICMPv6");
		hlog_debug(ctx, PS_PREFIX "IPv6 %pI6 -> %pI6 ICMPv6 type %u code %u",
			   len, &ip6->saddr, &ip6->daddr, i->icmp6_type,
			   i->icmp6_code);
	} else {
		hlog_debug(ctx, PS_PREFIX "IPv6 %pI6 -> %pI6 next header %u", len,
			   &ip6->saddr, &ip6->daddr, ip6->nexthdr);
	}
}

static __always_inline void ps_arp(struct xdp_md *ctx, __u32 len, void *p,
				   void *end)
{
	struct ps_arp_ipv4 *a = p;

	if ((void *)(a + 1) > end)
		return (void)ps_truncated(ctx, len, "ARP");
	if (a->h.ar_hrd != bpf_htons(ARPHRD_ETHER) ||
	    a->h.ar_pro != bpf_htons(ETH_P_IP) || a->h.ar_hln != ETH_ALEN ||
	    a->h.ar_pln != 4) {
		hlog_debug(ctx, PS_PREFIX "ARP hardware %u protocol 0x%04x op %u",
			   len, bpf_ntohs(a->h.ar_hrd), bpf_ntohs(a->h.ar_pro),
			   bpf_ntohs(a->h.ar_op));
		return;
	}
	if (a->h.ar_op == bpf_htons(ARPOP_REQUEST))
		hlog_debug(ctx, PS_PREFIX "ARP who-has %pI4 tell %pI4 (%pM)", len,
			   a->tip, a->sip, a->sha);
	else if (a->h.ar_op == bpf_htons(ARPOP_REPLY))
		hlog_debug(ctx, PS_PREFIX "ARP reply %pI4 is-at %pM", len,
			   a->sip, a->sha);
	else
		hlog_debug(ctx, PS_PREFIX "ARP op %u", len, bpf_ntohs(a->h.ar_op));
}

static __always_inline void packet_summary(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 len = (__u32)(end - data);
	void *p = eth + 1;
	__u16 proto;
	int i;

	if (p > end)
		return (void)ps_truncated(ctx, len, "Ethernet");
	proto = bpf_ntohs(eth->h_proto);
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct ps_vlan *v = p;

		if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
			break;
		if ((void *)(v + 1) > end)
			return (void)ps_truncated(ctx, len, "VLAN");
		hlog_debug(ctx, PS_PREFIX "VLAN %u priority %u", len,
			   bpf_ntohs(v->tci) & 0x0fff, bpf_ntohs(v->tci) >> 13);
		proto = bpf_ntohs(v->proto);
		p = v + 1;
	}
	if (proto == ETH_P_IP)
		ps_ipv4(ctx, len, p, end);
	else if (proto == ETH_P_IPV6)
		ps_ipv6(ctx, len, p, end);
	else if (proto == ETH_P_ARP)
		ps_arp(ctx, len, p, end);
	else
		hlog_debug(ctx, PS_PREFIX "%pM -> %pM ethertype 0x%04x", len,
			   &eth->h_source, &eth->h_dest, proto);
}

#endif
