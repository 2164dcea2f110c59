// SPDX-License-Identifier: GPL-2.0
/* status / level: look at and steer a loaded hello. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "find.h"
#include "find/compiled.h"
#include "find/control.h"
#include "rings/cpu_ring.h"
#include "find/discover.h"
#include "base/level.h"
#include "level_reach.h"
#include "base/diag.h"
#include "select.h"
#include "host.h"
#include "params.h"

static const struct cmd_spec status_spec = {
	.id = XH_CMD_STATUS,
	.flags = P_IFACE | P_SELECT,
	.usage =
"Usage: xdp-hello status [options] IFNAME\n"
"       xdp-hello status --prog-id ID | --pin PATH | --all\n"
"Show the hlog programs on IFNAME (XDP and tc), or those named: program,\n"
"mode, runtime level and counters, one block for each.\n"
"Exits 1 if there is none.\n",
};

static const struct cmd_spec level_spec = {
	.id = XH_CMD_LEVEL,
	.flags = P_IFACE | P_ARGS | P_SELECT,
	.usage =
"Usage: xdp-hello level -i IFNAME [LEVEL] [--printk on|off]\n"
"       xdp-hello level --prog-id ID | --pin PATH | --all [LEVEL]\n"
"Show, or set without reloading, the runtime level of the hlog programs on\n"
"IFNAME (XDP and tc), or of those named: call sites above LEVEL stay silent\n"
"in the kernel.\n"
"LEVEL: off, error, warn, info, debug, trace, or 0 to 5.\n",
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

/* The compile-time ceiling: unknown for programs built before log.h
 * published it. */
static void print_ceiling(const struct xh_prog *prog)
{
	int ceiling = xh_prog_ceiling(prog);

	if (ceiling < 0)
		printf("Ceiling:   unknown (no %s in the program)\n",
		       HLOG_MAX_LEVEL_VAR);
	else
		printf("Ceiling:   %s (HLOG_MAX_LEVEL: calls above it are "
		       "compiled out)\n", xh_level_name((unsigned int)ceiling));
}

static void print_status(const struct xh_prog *prog)
{
	struct hlog_config cfg = {};
	struct hlog_stats st = {};
	bool cfg_ok = !xh_config_read(prog, &cfg);

	xh_stats_read(prog, &st);
	if (prog->iface.ifindex)
		printf("Interface: %s (ifindex %d)\n", prog->iface.name,
		       prog->iface.ifindex);
	else
		printf("Interface: none (not attached to one in this network "
		       "namespace)\n");
	if (!prog->mode)
		printf("Program:   %s (id %u)\n", prog->name, prog->id);
	else if (strncmp(prog->mode, "tc", 2))
		printf("Program:   %s (id %u), %s mode, %s\n", prog->name, prog->id,
		       prog->mode, prog->in_dispatcher ? "in a libxdp dispatcher"
						       : "single program");
	else
		printf("Program:   %s (id %u), %s\n", prog->name, prog->id, prog->mode);
	if (cfg_ok)
		printf("Level:     %s, bpf_printk %s\n", xh_level_name(cfg.level),
		       cfg.printk ? "on" : "off");
	else
		printf("Level:     unknown (no %s in the program)\n", HLOG_CONFIG_VAR);
	print_ceiling(prog);
	printf("Packets:   %" PRIu64 " (%" PRIu64 " bytes)\n",
	       (uint64_t)st.packets, (uint64_t)st.bytes);
	print_rings(prog, &st);
	printf("Lost:      %" PRIu64 "\n", (uint64_t)xh_stats_lost(&st));
}

int cmd_status(int argc, char **argv)
{
	struct xh_prog progs[XH_MAX_SELECTED];
	struct xh_iface iface;
	struct params p = {};
	int code = 2, n, i;

	if (params_parse(&p, argc, argv, &status_spec, &code))
		return code;
	if (params_ifaces(&p, &iface))
		return 1;
	n = select_progs(&p, "read the state of hello on", progs, XH_MAX_SELECTED);
	if (n < 0)
		return 1;
	find_where(progs, n);	/* those named by id, pin or --all */
	for (i = 0; i < n; i++) {
		if (i)
			putchar('\n');
		print_status(&progs[i]);
	}
	xh_progs_close(progs, n);
	return 0;
}

/* Sets and shows the level of one program; prefix: its name, when several. */
static int level_of(const struct xh_prog *prog, int level, int printk,
		    bool prefix)
{
	struct hlog_config cfg;
	char where[XH_WHERE_MAX];
	int err = 0;

	if (level >= 0)
		err = xh_config_set(prog, XH_CFG_LEVEL, (__u32)level);
	if (!err && printk >= 0)
		err = xh_config_set(prog, XH_CFG_PRINTK, (__u32)printk);
	if (!err)
		err = xh_config_read(prog, &cfg);
	if (err) {
		xh_err("Couldn't %s the level of %s: %s (built without "
		       "<xdp_hello/log.h>?)", level >= 0 ? "set" : "read",
		       xh_prog_where(prog, where, sizeof(where)), strerror(-err));
		return err;
	}
	if (level >= 0)
		level_reach_check(prog, level);
	if (prefix)
		printf("%s (id %u): ", prog->name, prog->id);
	if (printk >= 0)
		printf("%s, bpf_printk %s\n", xh_level_name(cfg.level),
		       cfg.printk ? "on" : "off");
	else
		printf("%s\n", xh_level_name(cfg.level));
	return 0;
}

int cmd_level(int argc, char **argv)
{
	struct xh_prog progs[XH_MAX_SELECTED];
	struct xh_iface iface;
	struct params p = {};
	const char *lvl = NULL;
	int code = 2, level = -1, err = 0, n, i;

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
	/* without LEVEL or --printk it only reads: say so if refused */
	n = select_progs(&p, level >= 0 || p.printk >= 0 ?
			 "change the level of hello on" : "read the level of hello on",
			 progs, XH_MAX_SELECTED);
	if (n < 0)
		return 1;
	for (i = 0; i < n && !err; i++)
		err = level_of(&progs[i], level, p.printk, n > 1);
	xh_progs_close(progs, n);
	return err ? 1 : 0;
}
