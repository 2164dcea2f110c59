// SPDX-License-Identifier: GPL-2.0
/* status / level: look at and steer a loaded hello. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "control.h"
#include "cpu_ring.h"
#include "discover.h"
#include "level.h"
#include "diag.h"
#include "find.h"
#include "host.h"
#include "params.h"

static const struct cmd_spec status_spec = {
	.id = XH_CMD_STATUS,
	.flags = P_IFACE,
	.usage =
"Usage: xdp-hello status [options] IFNAME\n"
"Show hello on IFNAME: program, mode, runtime level and counters.\n"
"Exits 1 if IFNAME has no hello program.\n",
};

static const struct cmd_spec level_spec = {
	.id = XH_CMD_LEVEL,
	.flags = P_IFACE | P_ARGS,
	.usage =
"Usage: xdp-hello level -i IFNAME [LEVEL] [--printk on|off]\n"
"Show, or set without reloading, the runtime level of hello on IFNAME:\n"
"call sites above LEVEL stay silent in the kernel.\n"
"LEVEL: off, error, warn, info, debug, trace.\n",
};

/* "4 MiB", "64 KiB", "512 bytes" */
static const char *size_str(__u64 n, char *buf, size_t len)
{
	if (n >= (1 << 20) && !(n % (1 << 20)))
		snprintf(buf, len, "%" PRIu64 " MiB", (uint64_t)(n >> 20));
	else if (n >= 1024 && !(n % 1024))
		snprintf(buf, len, "%" PRIu64 " KiB", (uint64_t)(n >> 10));
	else
		snprintf(buf, len, "%" PRIu64 " bytes", (uint64_t)n);
	return buf;
}

static void print_rings(const struct xh_prog *p, const struct hlog_stats *st)
{
	__u64 cpu_ring, shared;
	char a[32], b[32];

	if (xh_ring_sizes(p->cpu_rings_fd, p->cpu_pos_fd, p->ring_fd, &cpu_ring,
			  &shared))
		return;
	if (cpu_ring)
		printf("Rings:     %u CPUs x %s, overflow ring %s\n", p->ncpu_rings,
		       size_str(cpu_ring, a, sizeof(a)), size_str(shared, b, sizeof(b)));
	else
		printf("Rings:     one shared ring of %s\n", size_str(shared, b, sizeof(b)));
	printf("Records:   %" PRIu64 " (%" PRIu64 " through the overflow ring, "
	       "%" PRIu64 " of them nested)\n", (uint64_t)xh_stats_logged(st),
	       (uint64_t)st->overflow, (uint64_t)st->nested);
}

int cmd_status(int argc, char **argv)
{
	struct hlog_config cfg = {};
	struct hlog_stats st = {};
	struct xh_iface iface;
	struct xh_prog prog;
	struct params p = {};
	int code = 2;

	if (params_parse(&p, argc, argv, &status_spec, &code))
		return code;
	if (params_ifaces(&p, &iface))
		return 1;
	if (xh_need_privileges("read the state of hello on", &iface, false))
		return 1;
	if (find_hlog(&iface, &prog))
		return 1;
	bool cfg_ok = !xh_config_read(&prog, &cfg);

	xh_stats_read(&prog, &st);
	printf("Interface: %s (ifindex %d)\n", iface.name, iface.ifindex);
	printf("Program:   %s (id %u), %s mode, %s\n", prog.name, prog.id,
	       prog.mode, prog.in_dispatcher ? "in a libxdp dispatcher"
					     : "single program");
	if (cfg_ok)
		printf("Level:     %s, bpf_printk %s\n", xh_level_name(cfg.level),
		       cfg.printk ? "on" : "off");
	else
		printf("Level:     unknown (no %s in the program)\n", HLOG_CONFIG_VAR);
	printf("Packets:   %" PRIu64 " (%" PRIu64 " bytes)\n",
	       (uint64_t)st.packets, (uint64_t)st.bytes);
	print_rings(&prog, &st);
	printf("Lost:      %" PRIu64 "\n", (uint64_t)xh_stats_lost(&st));
	xh_prog_close(&prog);
	return 0;
}

int cmd_level(int argc, char **argv)
{
	struct hlog_config cfg;
	struct xh_iface iface;
	struct xh_prog prog;
	struct params p = {};
	const char *lvl = NULL;
	int code = 2, level = -1, err = 0;

	if (params_parse(&p, argc, argv, &level_spec, &code))
		return code;
	if (p.npositional > 1)
		return usage_error(&p, "unexpected argument '%s'", p.positional[1]);
	if (p.npositional)
		lvl = p.positional[0];
	if (lvl) {
		level = xh_level_parse(lvl);
		if (level < 0)
			return usage_error(&p, "unknown level '%s' (%s)", lvl,
					   XH_LEVEL_CHOICES);
	}
	if (params_ifaces(&p, &iface))
		return 1;
	if (xh_need_privileges("change the level of hello on", &iface, false))
		return 1;
	if (find_hlog(&iface, &prog))
		return 1;
	if (level >= 0)
		err = xh_config_set(&prog, XH_CFG_LEVEL, (__u32)level);
	if (!err && p.printk >= 0)
		err = xh_config_set(&prog, XH_CFG_PRINTK, (__u32)p.printk);
	if (!err)
		err = xh_config_read(&prog, &cfg);
	if (err)
		xh_err("Couldn't %s the level of '%s' on '%s': %s (built without "
		       "<xdp_hello/log.h>?)", level >= 0 ? "set" : "read",
		       prog.name, iface.name, strerror(-err));
	else if (p.printk >= 0)
		printf("%s, bpf_printk %s\n", xh_level_name(cfg.level),
		       cfg.printk ? "on" : "off");
	else
		printf("%s\n", xh_level_name(cfg.level));
	xh_prog_close(&prog);
	return err ? 1 : 0;
}
