// SPDX-License-Identifier: GPL-2.0
/* xdp-hello: load the hello XDP program and print what it logs. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "cmds.h"
#include "params.h"
#include "stdout_check.h"

#ifndef XDP_HELLO_VERSION
#define XDP_HELLO_VERSION "0.0.0"
#endif
#ifndef LIBXDP_BUILD_VERSION
#define LIBXDP_BUILD_VERSION "unknown"
#endif

static const struct {
	const char *name;
	enum xh_cmd id;		/* in the option table */
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "run", XH_CMD_RUN, cmd_run,
	  "load hello on an interface, print its messages, unload on Ctrl-C" },
	{ "log", XH_CMD_LOG, cmd_log,
	  "print the messages of hello already on interfaces" },
	{ "load", XH_CMD_LOAD, cmd_load,
	  "attach hello to an interface and leave it there" },
	{ "unload", XH_CMD_UNLOAD, cmd_unload, "remove hello from an interface" },
	{ "status", XH_CMD_STATUS, cmd_status,
	  "show hello on an interface: mode, level, counters" },
	{ "level", XH_CMD_LEVEL, cmd_level,
	  "show or set the runtime log level of a loaded hello" },
	{ "stats", XH_CMD_STATS, cmd_stats,
	  "packets/s, bytes/s, records/s, lost/s of a loaded hello" },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

/* Every command's stdout is checked once it is done: a --help or a status
 * that could not be written is a failure, not a success. */
static int check_stdout(int code)
{
	return stdout_check() && !code ? 1 : code;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: xdp-hello COMMAND [options]\n\nCommands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "\nRun 'xdp-hello COMMAND --help' for a command's options, "
		   "'xdp-hello --version' for the version; 'man xdp-hello' for "
		   "the rest.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	/* Root tools must not be setuid: refuse rather than trust argv/env. */
	if (getuid() != geteuid() || getgid() != getegid()) {
		fprintf(stderr, "xdp-hello: refusing to run setuid or setgid "
				"(run it as root instead)\n");
		return 1;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return check_stdout(0);
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("xdp-hello %s (libbpf %s, libxdp %s)\n", XDP_HELLO_VERSION,
		       libbpf_version_string(), LIBXDP_BUILD_VERSION);
		return check_stdout(0);
	}
	/* for the tests and completion scripts: what each command takes */
	if (!strcmp(argv[1], "--list-options")) {
		for (i = 0; i < NCMDS; i++)
			params_list_options(stdout, cmds[i].name, cmds[i].id);
		return check_stdout(0);
	}
	for (i = 0; i < NCMDS; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return check_stdout(cmds[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "xdp-hello: unknown command '%s' (see 'xdp-hello --help')\n",
		argv[1]);
	return 2;
}
