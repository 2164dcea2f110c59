/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XH_CMDS_H
#define XH_CMDS_H

int cmd_run(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_unload(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_level(int argc, char **argv);
int cmd_stats(int argc, char **argv);

#endif
