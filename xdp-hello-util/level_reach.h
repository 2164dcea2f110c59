/* SPDX-License-Identifier: GPL-2.0 */
/* level: a warning when the level asked for reaches no call site of the
 * program (all its sites are below it, or compiled out above its ceiling). */
#ifndef XH_LEVEL_REACH_H
#define XH_LEVEL_REACH_H

struct xh_prog;

/* Says so on stderr, in one line, when level is above every call site of
 * prog; nothing otherwise (nor when its sites cannot be read). */
void level_reach_check(const struct xh_prog *prog, int level);

#endif
