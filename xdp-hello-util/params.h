/* SPDX-License-Identifier: GPL-2.0 */
/* Options shared by the subcommands, parsed in one place. */
#ifndef XH_PARAMS_H
#define XH_PARAMS_H

#include <stdbool.h>

#include "attach.h"
#include "sys.h"

#define XH_MAX_IFACES 16

struct params {
	const char *cmd;
	int nifaces;
	const char *ifnames[XH_MAX_IFACES];
	enum xh_mode mode;
	bool force;
	const char *object;		/* -o FILE, else the default */
	char object_buf[4096];
	int verbose;
	int level;			/* --level / XDP_HELLO_LOG, -1 unset */
	unsigned long count;
	double timeout;
	bool trace_pipe;		/* --source trace_pipe */
	bool json;			/* --json or --output json */
	bool journal;			/* --output journal */
	unsigned long rate_limit;	/* --rate-limit N: per call site per s */
	const char *metrics;		/* --metrics ADDR:PORT */
	bool backlog;
	int ts;				/* enum xh_ts */
	double interval;		/* stats --interval */
	int printk;			/* --printk: 1 on, 0 off, -1 unset */
	const char *positional[4];
	int npositional;
};

/* Which options a subcommand takes. */
enum {
	P_IFACE = 1 << 0,	/* -i IFNAME (or positional) */
	P_MULTI = 1 << 1,	/* -i more than once */
	P_MODE = 1 << 2,	/* -m, --force, -o */
	P_READ = 1 << 3,	/* --level, --json, --output, --rate-limit,
				 * --backlog, --timestamps */
	P_SOURCE = 1 << 4,	/* --source */
	P_ARGS = 1 << 5,	/* extra positional arguments */
	P_INTERVAL = 1 << 6,	/* --interval */
	P_PRINTK = 1 << 7,	/* --printk on|off */
	P_COUNT = 1 << 8,	/* -c, --timeout */
	P_METRICS = 1 << 9,	/* --metrics ADDR:PORT */
};

/* Returns 0, or the exit code to use (0 after --help, 2 on misuse). */
int params_parse(struct params *p, int argc, char **argv, unsigned int which,
		 const char *usage, int *exit_code);
/* Resolves the interfaces (errors printed). */
int params_ifaces(const struct params *p, struct xh_iface *out);
int usage_error(const struct params *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
