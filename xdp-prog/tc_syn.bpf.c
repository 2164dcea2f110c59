// SPDX-License-Identifier: GPL-2.0
/*
 * tc_syn: a tc classifier that logs the 5-tuple of each TCP SYN (a new
 * connection being asked for) and lets every packet through. Loaded with
 * iproute2's own tc:
 *   tc qdisc add dev eth0 clsact
 *   tc filter add dev eth0 ingress bpf da obj tc_syn.o sec tc
 *   xdp-hello log -i eth0
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define HLOG_TARGET "tc_syn"
#include <xdp_hello/log.h>

static __always_inline int is_syn(const struct tcphdr *tcp)
{
	return tcp->syn && !tcp->ack;
}

SEC("tc")
int tc_syn(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct tcphdr *tcp;

	hlog_count_packet(skb);
	if ((void *)(eth + 1) > end)
		return TC_ACT_OK;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_TCP)
			return TC_ACT_OK;
		tcp = (void *)ip + ip->ihl * 4;
		if ((void *)(tcp + 1) > end || !is_syn(tcp))
			return TC_ACT_OK;
		hlog_info(skb, "SYN tcp %pI4:%pN -> %pI4:%pN", &ip->saddr,
			  &tcp->source, &ip->daddr, &tcp->dest);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		/* extension headers before TCP are not followed */
		if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_TCP)
			return TC_ACT_OK;
		tcp = (void *)(ip6 + 1);
		if ((void *)(tcp + 1) > end || !is_syn(tcp))
			return TC_ACT_OK;
		hlog_info(skb, "SYN tcp [%pI6]:%pN -> [%pI6]:%pN", &ip6->saddr,
			  &tcp->source, &ip6->daddr, &tcp->dest);
	}
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
