// SPDX-License-Identifier: GPL-2.0
/*
 * hello: log "received a packet" for every packet, then let it pass.
 * At runtime level DEBUG (xdp-hello level -i IFNAME debug) it also logs a
 * summary of the packet (packet_summary.h).
 *
 * Loads as a single program (ip link, xdp-loader, xdp-hello) or as one
 * component of a libxdp dispatcher: it chains on XDP_PASS and never
 * changes the packet.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xdp/xdp_helpers.h>

#define HLOG_TARGET "hello_world"
#include <xdp_hello/log.h>
#include "packet_summary.h"

struct {
	__uint(priority, 50);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(hello_world);

SEC("xdp")
int hello_world(struct xdp_md *ctx)
{
	hlog_count_packet(ctx);
	hlog_info(ctx, "received a packet");
	/* parse only when someone asked for DEBUG */
	if (hlog_enabled(HLOG_DEBUG))
		packet_summary(ctx);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
