// SPDX-License-Identifier: GPL-2.0
/*
 * proto_count: the second hlog example. Counts packets per protocol and
 * logs them at every level with every kind of argument:
 *   ERROR  malformed IPv4 headers
 *   WARN   a low TTL (signed arithmetic)
 *   INFO   each UDP/TCP packet with its count, addresses and ports
 *   DEBUG  the Ethernet header (MACs, hex ethertype, a class letter)
 *   TRACE  the first 16 bytes of the frame as hex
 * Always XDP_PASS; a libxdp dispatcher component like hello.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <xdp/xdp_helpers.h>

#define HLOG_TARGET "proto_count"
#define HLOG_MAX_LEVEL HLOG_TRACE
#include <xdp_hello/log.h>

enum proto_class { PC_UDP, PC_TCP, PC_OTHER, PC_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PC_MAX);
	__type(key, __u32);
	__type(value, __u64);
} proto_counts SEC(".maps");

struct {
	__uint(priority, 55);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(proto_count);

struct frame_head {
	__u8 b[16];
};

static __always_inline __u64 count(__u32 class)
{
	__u64 *n = bpf_map_lookup_elem(&proto_counts, &class);

	if (!n)
		return 0;
	return ++*n;
}

static __always_inline void l4(struct xdp_md *ctx, void *l4, void *end,
			       __u8 proto, const void *saddr, const void *daddr,
			       int v6)
{
	struct udphdr *u = l4;	/* ports sit at the same offsets in TCP */
	char name[4] = "udp";
	__u32 class = PC_UDP;

	if (proto == IPPROTO_TCP) {
		__builtin_memcpy(name, "tcp", 4);
		class = PC_TCP;
	} else if (proto != IPPROTO_UDP) {
		count(PC_OTHER);
		return;
	}
	if ((void *)(u + 1) > end)
		return;
	if (v6)
		hlog_info(ctx, "%s packet #%llu: [%pI6]:%pN -> [%pI6]:%pN", name,
			  count(class), (const struct in6_addr *)saddr, &u->source,
			  (const struct in6_addr *)daddr, &u->dest);
	else
		hlog_info(ctx, "%s packet #%llu: %pI4:%pN -> %pI4:%pN", name,
			  count(class), (const __be32 *)saddr, &u->source,
			  (const __be32 *)daddr, &u->dest);
}

SEC("xdp")
int proto_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct frame_head *head = data;
	__u16 type;
	char class;

	hlog_count_packet(ctx);
	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if ((void *)(head + 1) <= end)
		hlog_trace(ctx, "frame starts %ph", head);
	type = bpf_ntohs(eth->h_proto);
	class = type == ETH_P_IP ? '4' : type == ETH_P_IPV6 ? '6' :
		type == ETH_P_ARP ? 'A' : '?';
	hlog_debug(ctx, "eth %pM -> %pM type 0x%04X class %c", eth->h_source,
		   eth->h_dest, type, class);
	if (type == ETH_P_IP) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end)
			return XDP_PASS;
		if (ip->ihl < 5) {
			/* a bit-field has no type of its own: cast it */
			hlog_error(ctx, "malformed IPv4 from %pI4: ihl %u", &ip->saddr,
				   (__u32)ip->ihl);
			return XDP_PASS;
		}
		if (ip->ttl < 16)
			hlog_warn(ctx, "low ttl %hhu from %pI4 (%d from 64)", ip->ttl,
				  &ip->saddr, (int)ip->ttl - 64);
		if ((void *)ip + ip->ihl * 4 > end)
			return XDP_PASS;
		l4(ctx, (void *)ip + ip->ihl * 4, end, ip->protocol, &ip->saddr,
		   &ip->daddr, 0);
	} else if (type == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return XDP_PASS;
		l4(ctx, ip6 + 1, end, ip6->nexthdr, &ip6->saddr, &ip6->daddr, 1);
	} else {
		count(PC_OTHER);
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
