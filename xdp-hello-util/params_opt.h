/* SPDX-License-Identifier: GPL-2.0 */
/* The option table's own types and parts, shared by params.c (the
 * parser), params_set.c (what each option sets) and params_table.c (the
 * table, --help and --list-options). */
#ifndef XH_PARAMS_OPT_H
#define XH_PARAMS_OPT_H

#include <stdbool.h>
#include <stddef.h>

#include "params.h"

#define CMD(c)		(1u << XH_CMD_##c)
#define CMDS_ALL	(CMD(RUN) | CMD(LOG) | CMD(LOAD) | CMD(UNLOAD) | \
			 CMD(STATUS) | CMD(LEVEL) | CMD(STATS))
#define HELP_COL	26	/* where --help's text starts */
#define OPT_HELPS	5	/* help texts of one option, at most */
#define STOP		(-1)	/* a setter's "done, exit 0" (--help) */

struct opt_help {
	unsigned int cmds;	/* CMD() bits of the commands this text is for */
	const char *text;	/* a '\n' goes on in the help column */
};

struct opt {
	const char *name;	/* --name */
	char letter;		/* -l, or 0 */
	const char *arg;	/* its value as --help names it; NULL: none */
	/* 0, STOP, or the exit code after saying why */
	int (*set)(struct params *p, const char *arg);
	/* The commands that take it, with what their --help says: an option
	 * is taken by exactly the commands named here. */
	struct opt_help help[OPT_HELPS];
};

/* In --help order (params_table.c), at most XH_OPTS_MAX of them. */
#define XH_OPTS_MAX	32
extern const struct opt xh_opts[];
extern const size_t xh_nopts;

/* What command id's --help says of o; NULL if id does not take it. */
const char *opt_help_for(const struct opt *o, enum xh_cmd id);
/* "-m" or "--mode", as the user wrote it. */
const char *opt_form(const struct opt *o, bool is_long, char *buf, size_t len);

/* The setters (params_set.c): 0, STOP, or the exit code after saying why */
int opt_set_iface(struct params *p, const char *arg);
int opt_set_prog_id(struct params *p, const char *arg);
int opt_set_pin(struct params *p, const char *arg);
int opt_set_all(struct params *p, const char *arg);
int opt_set_mode(struct params *p, const char *arg);
int opt_set_object(struct params *p, const char *arg);
int opt_set_prog_name(struct params *p, const char *arg);
int opt_set_force(struct params *p, const char *arg);
int opt_set_count(struct params *p, const char *arg);
int opt_set_timeout(struct params *p, const char *arg);
int opt_set_source(struct params *p, const char *arg);
int opt_set_level(struct params *p, const char *arg);
int opt_set_output(struct params *p, const char *arg);
int opt_set_json(struct params *p, const char *arg);
int opt_set_rate_limit(struct params *p, const char *arg);
int opt_set_metrics(struct params *p, const char *arg);
int opt_set_timestamps(struct params *p, const char *arg);
int opt_set_backlog(struct params *p, const char *arg);
int opt_set_printk(struct params *p, const char *arg);
int opt_set_interval(struct params *p, const char *arg);
int opt_set_verbose(struct params *p, const char *arg);
int opt_set_help(struct params *p, const char *arg);

#endif
