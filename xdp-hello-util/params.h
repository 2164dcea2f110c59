/* SPDX-License-Identifier: GPL-2.0 */
/* The options of the subcommands: one table (params_table.c) drives the parser,
 * each --help and --list-options. */
#ifndef XH_PARAMS_H
#define XH_PARAMS_H

#include <stdbool.h>
#include <stdio.h>

#include "attach.h"
#include "base/sys.h"

#define XH_MAX_IFACES 16

struct params {
	const char *cmd;
	const struct cmd_spec *spec;
	int nifaces;
	const char *ifnames[XH_MAX_IFACES];
	enum xh_mode mode;
	bool force;
	const char *object;		/* -o FILE, else the default */
	bool object_given;		/* -o FILE */
	const char *prog_name;		/* -n NAME, else NULL */
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
	unsigned int prog_ids[XH_MAX_IFACES];	/* --prog-id */
	int nprog_ids;
	const char *pins[XH_MAX_IFACES];	/* --pin */
	int npins;
	bool all;				/* --all */
	const char *positional[4];
	int npositional;
};

/* The subcommands, as bits of the option table's masks (params_table.c). */
enum xh_cmd {
	XH_CMD_RUN,
	XH_CMD_LOG,
	XH_CMD_LOAD,
	XH_CMD_UNLOAD,
	XH_CMD_STATUS,
	XH_CMD_LEVEL,
	XH_CMD_STATS,
};

/* What a subcommand takes besides the options of the table. */
enum {
	P_IFACE = 1 << 0,	/* an interface is required (-i or positional) */
	P_MULTI = 1 << 1,	/* -i more than once */
	P_ARGS = 1 << 2,	/* extra positional arguments */
	P_SELECT = 1 << 3,	/* --prog-id, --pin or --all instead of -i */
};

struct cmd_spec {
	enum xh_cmd id;
	unsigned int flags;	/* P_* */
	const char *usage;	/* "Usage: ..." and what it does; --help adds
				 * the options from the table */
};

/* Returns 0, or -1 with the exit code to use in *exit_code (0 after
 * --help, 2 on misuse). */
int params_parse(struct params *p, int argc, char **argv,
		 const struct cmd_spec *spec, int *exit_code);
/* Lines "NAME -i --interface IFNAME": every option command id takes. */
void params_list_options(FILE *f, const char *name, enum xh_cmd id);
/* True if --prog-id, --pin or --all chose programs. */
bool params_selected(const struct params *p);
/* Resolves the interfaces (errors printed). */
int params_ifaces(const struct params *p, struct xh_iface *out);
int usage_error(const struct params *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
